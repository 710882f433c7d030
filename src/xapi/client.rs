//! A blocking client for an LRS's statements resource (xAPI 1.0.3, HTTP basic auth).
//!
//! Credentials live only in the `Authorization` header value, which `Debug` redacts and no
//! error message contains; an endpoint with `user:password@` in it is refused. An LRS (or a
//! proxy in front of it) may echo the request, headers included, in its error answer: every
//! text from the LRS and every transport error is redacted of the password and the header's
//! Base64 forms before it is kept ([`SendError`] never holds them, so neither does a message or
//! an outbox `rejected/*.reason.txt`). Plain `http://` is refused unless the host is this
//! computer (loopback) or the caller allows it (`--allow-http`).

use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// Why a batch was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// No answer (refused connection, DNS, timeout): try again later.
    #[error("the LRS cannot be reached: {0}")]
    Unreachable(String),
    /// 401/403: the LRS does not accept these credentials.
    #[error("the LRS refused the credentials (HTTP {0}): check --user and the password variable")]
    Unauthorized(u16),
    /// 400/409/413…: the LRS read the statements and refused them, with its reason.
    #[error("the LRS rejected the statements (HTTP {0}): {1}")]
    Rejected(u16, String),
    /// 5xx or another unexpected answer: try again later.
    #[error("the LRS answered HTTP {0}: {1}")]
    Server(u16, String),
}

/// An LRS endpoint with its credentials.
pub struct Lrs {
    endpoint: String,
    authorization: String,
    /// The texts that must never leave this struct: the header value, its Base64 part, the
    /// password and their escaped and re-encoded forms, longest first.
    secrets: Vec<String>,
    agent: ureq::Agent,
}

impl fmt::Debug for Lrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lrs")
            .field("endpoint", &self.endpoint)
            .field("authorization", &"<redacted>")
            .finish()
    }
}

/// Standard base64 (RFC 4648, padded) for the basic-auth header.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// What an echoed secret is replaced with.
pub const REDACTED: &str = "<redacted>";

/// The forms in which the credentials can come back in an LRS's answer: as sent (the header
/// value and its Base64), the password itself, its own Base64, each with and without padding, in
/// URL-safe Base64, and as a JSON string escapes them (`\/` for `/`, as PHP writes it).
fn secret_forms(user: &str, password: &str) -> Vec<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let pair = format!("{user}:{password}");
    let mut base = vec![password.to_string()];
    for bytes in [pair.as_bytes(), password.as_bytes()] {
        for e in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
            base.push(e.encode(bytes));
        }
    }
    let mut out = Vec::new();
    for b in base {
        if b.is_empty() {
            continue;
        }
        let json = serde_json::to_string(&b).unwrap_or_default();
        out.push(json.trim_matches('"').to_string());
        out.push(b.replace('/', "\\/"));
        out.push(b);
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Whether `host` (as in a URL: a name, an IPv4 address or a bracketed IPv6 one) is this computer.
fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    let h = h.trim_start_matches('[').trim_end_matches(']');
    h == "localhost"
        || h.ends_with(".localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The host of an endpoint's authority part (`host`, `host:port`, `[v6]:port`).
fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    }
}

/// The password from the environment variable `var`. A secret pasted where the variable's name
/// belongs (`--password-env "$P"`) must not be echoed, so the name is shown only when it looks
/// like a conventional variable name (capital letters, digits and `_`, starting with a letter,
/// at most 64 characters: `LRS_PASSWORD`), which a password with a lower-case letter or a symbol
/// never does. `named_by` says where the name was given (`--password-env`, the LRS setting).
pub fn password_from_env(var: &str, named_by: &str) -> Result<String, String> {
    let conventional = var.len() <= 64
        && var.starts_with(|c: char| c.is_ascii_uppercase())
        && var
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let which = if conventional {
        format!("{var} (named by {named_by})")
    } else {
        format!(
            "named by {named_by} (the name is not shown: it does not look like a variable's name, and may be a secret)"
        )
    };
    match std::env::var(var) {
        Ok(p) => Ok(p),
        Err(std::env::VarError::NotPresent) => Err(format!(
            "the environment variable {which} is not set: put the LRS password in a variable and give its name"
        )),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "the environment variable {which} is not UTF-8 text"
        )),
    }
}

/// Keeps at most a few hundred characters of an LRS's answer for a message.
fn clip(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(600) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

impl Lrs {
    /// An LRS at `endpoint` (the xAPI base, e.g. `https://lrs.example.org/xAPI/`); plain
    /// `http://` only to this computer (see [`Lrs::open`]).
    pub fn new(endpoint: &str, user: &str, password: &str) -> Result<Lrs, String> {
        Lrs::open(endpoint, user, password, false)
    }

    /// An LRS at `endpoint`. Plain `http://` to another computer sends the password (Base64 is
    /// not encryption) and the trainees' results in clear text, so it is refused unless
    /// `allow_http`; loopback (`localhost`, `127.0.0.0/8`, `[::1]`) never leaves the machine and
    /// is allowed.
    pub fn open(
        endpoint: &str,
        user: &str,
        password: &str,
        allow_http: bool,
    ) -> Result<Lrs, String> {
        let e = endpoint.trim();
        let Some(rest) = e
            .strip_prefix("https://")
            .or_else(|| e.strip_prefix("http://"))
        else {
            return Err(format!(
                "the endpoint must start with https:// or http:// (got '{}')",
                crate::scenario::load::shorten(e)
            ));
        };
        if rest
            .split('/')
            .next()
            .is_some_and(|host| host.contains('@'))
        {
            return Err(
                "the endpoint URL contains credentials: give them with --user and --password-env instead"
                    .into(),
            );
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if e.starts_with("http://") && !allow_http && !is_loopback(host_of(authority)) {
            return Err(format!(
                "the endpoint is plain http:// to another computer ({}): the password and the results would cross the network unencrypted; use https://, or allow it on a network you trust with --allow-http",
                crate::scenario::load::shorten(host_of(authority))
            ));
        }
        let mut endpoint = e.to_string();
        if !endpoint.ends_with('/') {
            endpoint.push('/');
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Lrs {
            endpoint,
            authorization: format!("Basic {}", base64(format!("{user}:{password}").as_bytes())),
            secrets: secret_forms(user, password),
            agent,
        })
    }

    /// The endpoint (no credentials in it).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `text` with every form of the credentials replaced by [`REDACTED`] (before any clipping,
    /// so that no cut-off part of one survives).
    fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), REDACTED);
            }
        }
        out
    }

    fn classify(&self, status: u16, body: &str) -> SendError {
        match status {
            401 | 403 => SendError::Unauthorized(status),
            400..=499 => SendError::Rejected(status, clip(&self.redact(body))),
            _ => SendError::Server(status, clip(&self.redact(body))),
        }
    }

    fn unreachable(&self, e: &ureq::Error) -> SendError {
        SendError::Unreachable(clip(&self.redact(&e.to_string())))
    }

    /// POSTs statements; Ok once the LRS has stored them (or already had them).
    pub fn post(&self, statements: &[Value]) -> Result<(), SendError> {
        let body =
            serde_json::to_string(statements).map_err(|e| SendError::Rejected(0, e.to_string()))?;
        let mut resp = self
            .agent
            .post(format!("{}statements", self.endpoint))
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", "1.0.3")
            .content_type("application/json")
            .send(body)
            .map_err(|e| self.unreachable(&e))?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        Err(self.classify(status, &text))
    }

    /// GETs `statements` with query parameters; the parsed StatementResult.
    pub fn get(&self, query: &[(&str, &str)]) -> Result<Value, SendError> {
        self.get_url(format!("{}statements", self.endpoint), query)
    }

    /// GETs the next page of a StatementResult: its `more` IRL, relative to the endpoint's
    /// server (`/xAPI/statements?…`) or absolute on the same server. One on another server is
    /// refused: the credentials go only where the assessor sent them.
    pub fn get_more(&self, more: &str) -> Result<Value, SendError> {
        let scheme_end = self.endpoint.find("://").map_or(0, |i| i + 3);
        let origin_end = self.endpoint[scheme_end..]
            .find('/')
            .map_or(self.endpoint.len(), |i| scheme_end + i);
        let origin = &self.endpoint[..origin_end];
        let url = if more.starts_with('/') && !more.starts_with("//") {
            format!("{origin}{more}")
        } else if more.starts_with(&format!("{origin}/")) {
            more.to_string()
        } else if !more.contains("://") && !more.starts_with("//") {
            format!("{}{more}", self.endpoint)
        } else {
            return Err(SendError::Server(
                200,
                format!(
                    "the LRS's next page is on another server ({}): not followed",
                    clip(&self.redact(more))
                ),
            ));
        };
        self.get_url(url, &[])
    }

    fn get_url(&self, url: String, query: &[(&str, &str)]) -> Result<Value, SendError> {
        let mut req = self
            .agent
            .get(url)
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", "1.0.3");
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        let mut resp = req.call().map_err(|e| self.unreachable(&e))?;
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        if !(200..300).contains(&status) {
            return Err(self.classify(status, &text));
        }
        serde_json::from_str(&text)
            .map_err(|e| SendError::Server(status, clip(&self.redact(&e.to_string()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"user:pa55"), "dXNlcjpwYTU1");
    }

    #[test]
    fn credentials_in_the_url_are_refused_and_debug_redacts_them() {
        assert!(Lrs::new("https://u:p@lrs.example.org/xAPI", "u", "p").is_err());
        let l = Lrs::new("http://127.0.0.1:1/xAPI", "u", "secret-pw").unwrap();
        assert_eq!(l.endpoint(), "http://127.0.0.1:1/xAPI/");
        assert!(!format!("{l:?}").contains("secret"));
        assert!(!format!("{l:?}").contains(&base64(b"u:secret-pw")));
    }

    #[test]
    fn a_next_page_on_another_server_is_not_followed() {
        let l = Lrs::new("http://127.0.0.1:1/xAPI/", "u", "p").unwrap();
        for other in [
            "https://evil.example.org/xAPI/statements",
            "//evil.example.org/x",
        ] {
            match l.get_more(other) {
                Err(SendError::Server(_, m)) => assert!(m.contains("not followed"), "{m}"),
                r => panic!("{other}: {r:?}"),
            }
        }
        // The same server is asked (and here cannot be reached).
        for same in [
            "/xAPI/statements?after=1",
            "http://127.0.0.1:1/xAPI/statements?a=1",
        ] {
            assert!(
                matches!(l.get_more(same), Err(SendError::Unreachable(_))),
                "{same}"
            );
        }
    }

    #[test]
    fn plain_http_is_refused_unless_loopback_or_allowed() {
        for local in [
            "http://127.0.0.1:1/xAPI",
            "http://127.9.9.9/",
            "http://localhost:8100/xAPI/",
            "http://LOCALHOST/",
            "http://[::1]:8100/xAPI/",
            "https://lrs.example.org/xAPI/",
        ] {
            assert!(Lrs::new(local, "u", "p").is_ok(), "{local}");
        }
        for remote in [
            "http://lrs.example.org/xAPI/",
            "http://10.0.0.1:8100/",
            "http://[2001:db8::1]:80/",
            "http://localhost.example.org/",
            "http://127.0.0.1.example.org/",
        ] {
            let e = Lrs::new(remote, "u", "p").unwrap_err();
            assert!(e.contains("--allow-http"), "{remote}: {e}");
            assert!(Lrs::open(remote, "u", "p", true).is_ok(), "{remote}");
        }
    }

    #[test]
    fn every_form_of_the_credentials_is_redacted_from_echoed_text() {
        let l = Lrs::new("http://127.0.0.1:1/", "user", "pa/ss?w0rd\"").unwrap();
        let pair = base64(b"user:pa/ss?w0rd\"");
        let echo = format!(
            "Authorization: Basic {pair}; json \"{}\"; php {}; pw pa/ss?w0rd\"; own {}",
            pair.replace('/', "\\/"),
            pair.replace('/', "\\/"),
            base64(b"pa/ss?w0rd\"")
        );
        let r = l.redact(&echo);
        assert!(!r.contains("pa/ss"), "{r}");
        assert!(!r.contains(&pair[..20]), "{r}");
        assert!(!r.contains(&base64(b"pa/ss?w0rd\"")[..12]), "{r}");
        match l.classify(400, &echo) {
            SendError::Rejected(400, text) => assert!(!text.contains(&pair[..8]), "{text}"),
            e => panic!("{e:?}"),
        }
    }
}

//! A blocking client for an LRS's statements resource (xAPI 1.0.3, HTTP basic auth).
//!
//! Credentials live only in the `Authorization` header value, which `Debug` redacts and no
//! error message contains; an endpoint with `user:password@` in it is refused.

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

/// Keeps at most a few hundred characters of an LRS's answer for a message.
fn clip(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(600) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

impl Lrs {
    /// An LRS at `endpoint` (the xAPI base, e.g. `https://lrs.example.org/xAPI/`).
    pub fn new(endpoint: &str, user: &str, password: &str) -> Result<Lrs, String> {
        let e = endpoint.trim();
        let Some(rest) = e
            .strip_prefix("https://")
            .or_else(|| e.strip_prefix("http://"))
        else {
            return Err(format!(
                "the endpoint must start with https:// or http:// (got '{e}')"
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
            agent,
        })
    }

    /// The endpoint (no credentials in it).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn classify(status: u16, body: &str) -> SendError {
        match status {
            401 | 403 => SendError::Unauthorized(status),
            400..=499 => SendError::Rejected(status, clip(body)),
            _ => SendError::Server(status, clip(body)),
        }
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
            .map_err(|e| SendError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        Err(Self::classify(status, &text))
    }

    /// GETs `statements` with query parameters; the parsed StatementResult.
    pub fn get(&self, query: &[(&str, &str)]) -> Result<Value, SendError> {
        let mut req = self
            .agent
            .get(format!("{}statements", self.endpoint))
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", "1.0.3");
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        let mut resp = req
            .call()
            .map_err(|e| SendError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        if !(200..300).contains(&status) {
            return Err(Self::classify(status, &text));
        }
        serde_json::from_str(&text).map_err(|e| SendError::Server(status, e.to_string()))
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
}

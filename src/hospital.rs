//! The trainee's site: a short id of the hospital a session was played at, recorded in the log
//! header, carried into xAPI and broken down in cohort reports.
//!
//! A programme spans several hospitals and wants its figures per site. The id is chosen by the
//! programme (`tokyo-1`, `KCH_ward7`): short, plain ASCII, so that it reads the same in a file
//! name, a CSV cell, an IRI-keyed xAPI extension and an LRS query, and cannot carry markup or
//! control characters into a report.

/// The longest hospital id accepted.
pub const MAX_LEN: usize = 64;

/// Why a text is not a hospital id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HospitalError {
    #[error("the hospital id is empty: give a short id such as tokyo-1")]
    Empty,
    #[error(
        "the hospital id is {0} characters long; at most {MAX_LEN} (letters, digits, '-' and '_')"
    )]
    TooLong(usize),
    #[error(
        "the hospital id '{shown}' has {what} at character {at}: use only ASCII letters, digits, '-' and '_' (e.g. tokyo-1)"
    )]
    Character {
        /// The id with anything unprintable shown escaped.
        shown: String,
        what: String,
        /// 1-based character position.
        at: usize,
    },
}

/// Checks a hospital id: 1 to [`MAX_LEN`] ASCII letters, digits, `-` and `_` (surrounding spaces
/// are trimmed). Returns the id as it is to be recorded.
pub fn check(id: &str) -> Result<String, HospitalError> {
    let id = id.trim();
    if id.is_empty() {
        return Err(HospitalError::Empty);
    }
    if let Some((i, c)) = id
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        let shown: String = id
            .chars()
            .take(MAX_LEN)
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c.to_string()
                } else {
                    c.escape_unicode().to_string()
                }
            })
            .collect();
        let what = if c == ' ' {
            "a space".to_string()
        } else {
            format!("'{}'", c.escape_debug())
        };
        return Err(HospitalError::Character {
            shown,
            what,
            at: i + 1,
        });
    }
    let n = id.chars().count();
    if n > MAX_LEN {
        return Err(HospitalError::TooLong(n));
    }
    Ok(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_plain_ids_pass_and_others_are_refused_with_the_reason() {
        assert_eq!(check(" tokyo-1 ").unwrap(), "tokyo-1");
        assert_eq!(check("KCH_ward7").unwrap(), "KCH_ward7");
        assert_eq!(check(&"a".repeat(64)).unwrap().len(), 64);
        assert_eq!(check(""), Err(HospitalError::Empty));
        assert_eq!(check(&"a".repeat(65)), Err(HospitalError::TooLong(65)));
        let e = check("st mary's").unwrap_err().to_string();
        assert!(e.contains("a space at character 3"), "{e}");
        let e = check("東京").unwrap_err().to_string();
        assert!(e.contains("'東' at character 1"), "{e}");
        let e = check("a<b>").unwrap_err().to_string();
        assert!(e.contains("'<' at character 2"), "{e}");
        let e = check("x\u{202e}y").unwrap_err().to_string();
        assert!(!e.contains('\u{202e}'), "{e}");
    }
}

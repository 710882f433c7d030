//! Reading a case folder from disk: RON parsing with positions, the drug library, the three locale
//! files, the content hash, and every problem as a `file:line:column: message` diagnostic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::case::Case;
use super::compile::{self, Problem, Source};
use super::locate::{Locator, position_of};
use super::model::{DrugLibrary, Scenario};
use crate::i18n::{self, Locale, Texts};

// Scripts are loaded beside the check of their steps; this path is kept for callers.
pub use super::script::load_script;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, not necessarily wrong (lints only).
    Note,
}

/// One problem in one file, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
            Severity::Note => "note: ",
        };
        write!(
            f,
            "{}:{}:{}: {sev}{}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl Diagnostic {
    /// An error; its message is bounded ([`MAX_MESSAGE_CHARS`]).
    pub(super) fn error(
        file: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
        };
        bound_message(&mut d);
        d
    }
}

/// A case loaded from its folder, with its texts' sources.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    pub case: Arc<Case>,
    pub dir: PathBuf,
    /// `.ftl` sources per locale: the shared ones first, then the case's own.
    pub ftl: BTreeMap<Locale, Vec<String>>,
}

impl LoadedCase {
    /// Texts for this case in `locale`, with extra sources (the app's UI messages) underneath.
    pub fn texts(&self, locale: Locale, extra: &BTreeMap<Locale, Vec<String>>) -> Texts {
        Texts::new(locale, |l| {
            let mut v = extra.get(&l).cloned().unwrap_or_default();
            v.extend(self.ftl.get(&l).cloned().unwrap_or_default());
            v
        })
    }
}

/// The RON options every Bedside file is read with: `Some(..)` may be omitted around optional
/// values, which spares instructors a common stumble.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The most Bedside reads from one case file ([`crate::files::MAX_FILE_BYTES`]).
pub use crate::files::MAX_FILE_BYTES;

/// Reads a case file: a regular file of at most [`MAX_FILE_BYTES`] (a FIFO or a device is
/// refused before it is opened), as UTF-8.
pub(super) fn read(path: &Path) -> Result<String, Diagnostic> {
    let bytes = crate::files::read_capped(path, MAX_FILE_BYTES)
        .map_err(|e| Diagnostic::error(path, 1, 1, format!("cannot read the file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        // Where the text stops being UTF-8: the end of the part that is.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = std::str::from_utf8(valid).unwrap_or_default();
        let pos = position_of(text, text.len());
        Diagnostic::error(
            path,
            pos.line,
            pos.column,
            "the file is not UTF-8 text here (save it as UTF-8)".to_string(),
        )
    })
}

/// Parses RON into `T`, turning a syntax or shape error into a diagnostic at its position.
/// Numbers must be finite: RON reads `inf`, `NaN` and `1e400`, and one of them in a baseline,
/// an effect or a range would make the patient's values infinite or not numbers.
pub fn parse_ron<T: serde::de::DeserializeOwned>(path: &Path, src: &str) -> Result<T, Diagnostic> {
    if let Some((offset, text)) = first_non_finite(src) {
        let pos = position_of(src, offset);
        return Err(Diagnostic::error(
            path,
            pos.line,
            pos.column,
            format!("'{text}' is not a finite number: write the value itself (e.g. 30.0)"),
        ));
    }
    ron_options().from_str(src).map_err(|e| {
        let pos = e.span.start;
        Diagnostic::error(
            path,
            pos.line.max(1),
            pos.col.max(1),
            describe_ron_error(&e.code),
        )
    })
}

/// The first number in RON source that is not finite (`inf`, `NaN`, or a literal too large for
/// a double), with its byte offset; strings, characters and comments are skipped.
fn first_non_finite(src: &str) -> Option<(usize, String)> {
    let b = src.as_bytes();
    let mut i = 0;
    let word = |i: usize| {
        b[i..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .map_or(b.len(), |k| i + k)
    };
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = b[i..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(b.len(), |k| i + k);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                // Block comments nest in RON.
                let mut depth = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) => {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let open = i + 1 + hashes + 1;
                i = b
                    .get(open..)
                    .and_then(|rest| {
                        rest.windows(close.len())
                            .position(|w| w == close.as_slice())
                    })
                    .map_or(b.len(), |k| open + k + close.len());
            }
            b'\'' => {
                i += 1;
                while i < b.len() && b[i] != b'\'' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'.'
                        || (matches!(b[i], b'+' | b'-') && matches!(b[i - 1], b'e' | b'E')))
                {
                    i += 1;
                }
                let text = &src[start..i];
                if text
                    .replace('_', "")
                    .parse::<f64>()
                    .is_ok_and(f64::is_infinite)
                {
                    return Some((start, text.to_string()));
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = word(i);
                if matches!(&src[i..end], "inf" | "NaN") {
                    return Some((i, src[i..end].to_string()));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    None
}

fn describe_ron_error(e: &ron::Error) -> String {
    let text = e.to_string();
    // ron says "Unexpected missing field named `x` in `Y`"; keep its words but make them ours.
    let mut text = text.replace("Unexpected missing field named", "missing field");
    if let Some(first) = text.get(..1) {
        text = first.to_lowercase() + &text[1..];
    }
    text.trim_end_matches('.').to_string()
}

/// Loads, validates and compiles the case in `dir` (the folder holding `scenario.ron`).
pub fn load_case(dir: &Path) -> Result<LoadedCase, Vec<Diagnostic>> {
    let scn_path = dir.join("scenario.ron");
    let scn_src = read(&scn_path).map_err(|d| vec![d])?;
    let scenario: Scenario = parse_ron(&scn_path, &scn_src).map_err(|d| vec![d])?;
    let scn_loc = Locator::new(&scn_src);

    let lib_path = dir.join(&scenario.drug_library);
    let lib_src = read(&lib_path).map_err(|mut d| {
        // A library that cannot be opened is the scenario's `drug_library` line's problem; one
        // that opens but is not UTF-8 is reported where it goes wrong in the library itself.
        if d.message.starts_with("cannot read the file") {
            let at = scn_loc.find("drug_library");
            d.message = format!("drug library {}: {}", lib_path.display(), d.message);
            d.file = scn_path.clone();
            (d.line, d.column) = (at.line, at.column);
        }
        vec![d]
    })?;
    let library: DrugLibrary = parse_ron(&lib_path, &lib_src).map_err(|d| vec![d])?;
    let lib_loc = Locator::new(&lib_src);

    let place = |p: &Problem| -> Diagnostic {
        let (file, loc) = match p.source {
            Source::Scenario => (&scn_path, &scn_loc),
            Source::DrugLibrary => (&lib_path, &lib_loc),
        };
        let pos = match p.inner {
            Some(off) => loc.find_in_string(&p.path, off),
            None => loc.find(&p.path),
        };
        Diagnostic::error(file, pos.line, pos.column, p.message.clone())
    };

    let mut diags = Vec::new();
    let compiled = compile::compile(&scenario, &library);
    let (messages, message_values) = match &compiled {
        Ok(case) => (case.messages.clone(), case.message_values.clone()),
        Err(problems) => {
            diags.extend(problems.iter().map(place));
            (Vec::new(), BTreeMap::new())
        }
    };

    // Locales: the shared files beside the drug library, then the case's own.
    let shared_dir = lib_path.parent().unwrap_or(Path::new(".")).join("locales");
    let case_dir = dir.join("locales");
    let mut ftl = BTreeMap::new();
    let mut hashed: Vec<(String, Vec<u8>)> = vec![
        ("scenario.ron".into(), scn_src.clone().into_bytes()),
        ("drugs.ron".into(), lib_src.clone().into_bytes()),
    ];
    for locale in Locale::ALL {
        let mut ids = BTreeSet::new();
        let mut sources = Vec::new();
        // The variables each text uses, as this locale's files define it.
        let mut used: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        // A file that cannot be read is one problem, not one per message it holds.
        let mut unreadable = false;
        // Each read file's path, its index in `sources` and its references, for the cycle check.
        let mut refs: Vec<(PathBuf, usize, i18n::References)> = Vec::new();
        for (kind, d) in [("shared", &shared_dir), ("case", &case_dir)] {
            let path = d.join(format!("{}.ftl", locale.tag()));
            if kind == "shared" && !path.exists() {
                continue;
            }
            let src = match read(&path) {
                Ok(s) => s,
                Err(d) => {
                    diags.push(d);
                    unreadable = true;
                    continue;
                }
            };
            let i18n::FtlScan {
                ids: found,
                errors,
                variables,
                references,
            } = i18n::scan_ftl(&src);
            refs.push((path.clone(), sources.len(), references));
            // The case's own file comes after the shared one, and overrides it.
            used.extend(variables);
            // A file not read at all is one problem, as for an unreadable file.
            unreadable |= errors.iter().any(|e| e.whole_file);
            ids.extend(found);
            diags.extend(errors.into_iter().map(|e| {
                let pos = position_of(&src, e.offset);
                let mut message = e.message;
                if let Some(start) = e.entry.map(|o| position_of(&src, o).line)
                    && start < pos.line
                {
                    message.push_str(&format!(" (in the entry that starts on line {start})"));
                }
                Diagnostic::error(&path, pos.line, pos.column, message)
            }));
            hashed.push((
                format!("{kind}/{}.ftl", locale.tag()),
                src.clone().into_bytes(),
            ));
            sources.push(src);
        }
        let graphs: Vec<&i18n::References> = refs.iter().map(|(_, _, r)| r).collect();
        for c in i18n::reference_cycles(&graphs) {
            let (path, k, _) = &refs[c.file];
            let pos = position_of(&sources[*k], c.offset);
            diags.push(Diagnostic::error(path, pos.line, pos.column, c.message));
        }
        for (source, path, id) in &messages {
            if !unreadable && !ids.contains(id) {
                let mut d = place(&Problem {
                    source: *source,
                    path: path.clone(),
                    inner: None,
                    message: String::new(),
                });
                d.message = format!(
                    "message '{}' is missing from {} (add it to {} or the shared locales)",
                    shorten(id),
                    locale.tag(),
                    case_dir.join(format!("{}.ftl", locale.tag())).display()
                );
                if !diags.contains(&d) {
                    diags.push(d);
                }
            }
        }
        // Only a finding's or event's `values` give a text any variables.
        for (source, path, id) in &messages {
            let Some(vars) = used.get(id) else { continue };
            let declared = message_values.get(path).map_or(&[][..], Vec::as_slice);
            for var in vars {
                let allowed = declared
                    .iter()
                    .any(|d| var == d || var.strip_suffix("-number") == Some(d.as_str()));
                if allowed {
                    continue;
                }
                let mut d = place(&Problem {
                    source: *source,
                    path: path.clone(),
                    inner: None,
                    message: String::new(),
                });
                let (id, var) = (shorten(id), shorten(var));
                d.message = if declared.is_empty() {
                    format!(
                        "message '{id}' in {} uses {{ ${var} }}, but this text is given no values (a finding's or an event's text can show the variables its `values` lists)",
                        locale.tag()
                    )
                } else {
                    format!(
                        "message '{id}' in {} uses {{ ${var} }}, which is not one of its values ({}): write {{ $name }} or {{ $name-number }} for one of them",
                        locale.tag(),
                        shorten(&declared.join(", "))
                    )
                };
                if !diags.contains(&d) {
                    diags.push(d);
                }
            }
        }
        ftl.insert(locale, sources);
    }

    if !diags.is_empty() {
        for d in &mut diags {
            bound_message(d);
        }
        diags.sort();
        diags.dedup();
        return Err(diags);
    }
    let mut case = compiled.map_err(|_| Vec::<Diagnostic>::new())?;
    case.content_hash = content_hash(&hashed);
    Ok(LoadedCase {
        case: Arc::new(case),
        dir: dir.to_path_buf(),
        ftl,
    })
}

/// SHA-256 over named file contents, each length-prefixed so that no two file sets collide.
pub fn content_hash(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Sha256::new();
    for (name, bytes) in files {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex(&h.finalize())
}

/// How many characters of an id or a text an error message quotes: a 50 MB message id must not
/// make 150 MB of output (it is named once per locale).
pub const QUOTED_CHARS: usize = 80;

/// `s` as an error message quotes it: at most [`QUOTED_CHARS`] characters, then `…`.
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(QUOTED_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The most characters one diagnostic's message may have: whatever a message quotes (ids, texts,
/// the parser's words), the output stays bounded per problem.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// Cuts a diagnostic's message to [`MAX_MESSAGE_CHARS`] (messages that quote through
/// [`shorten`] never need it; this bounds the rest).
fn bound_message(d: &mut Diagnostic) {
    if let Some((i, _)) = d.message.char_indices().nth(MAX_MESSAGE_CHARS) {
        d.message.truncate(i);
        d.message.push('…');
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Every case folder at or below `path` (a case folder, its `scenario.ron`, or a folder of cases),
/// sorted by path. Symlinks are followed, but each real folder is entered once (two links
/// `a -> .` and `b -> .` end the walk instead of doubling it at every level), and no deeper than
/// [`crate::files::MAX_FOLDER_DEPTH`].
pub fn find_cases(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return path.parent().map(Path::to_path_buf).into_iter().collect();
    }
    let mut out = Vec::new();
    walk_cases(path, 0, &mut crate::files::Visited::default(), &mut out);
    out
}

fn walk_cases(dir: &Path, depth: usize, seen: &mut crate::files::Visited, out: &mut Vec<PathBuf>) {
    if depth > crate::files::MAX_FOLDER_DEPTH || !seen.first_time(dir) {
        return;
    }
    if dir.join("scenario.ron").is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for d in crate::files::subfolders(dir) {
        walk_cases(&d, depth + 1, seen, out);
    }
}

#[cfg(test)]
mod tests {
    use super::first_non_finite;

    #[test]
    fn non_finite_numbers_are_found_outside_strings_and_comments() {
        assert_eq!(first_non_finite("(a: 1.5, b: -2e3, c: 1_000.0)"), None);
        assert_eq!(first_non_finite("(a: inf)"), Some((4, "inf".into())));
        assert_eq!(first_non_finite("(a: -inf)"), Some((5, "inf".into())));
        assert_eq!(first_non_finite("(a: 1e309)"), Some((4, "1e309".into())));
        assert_eq!(
            first_non_finite("(b: 2.0, a: NaN)"),
            Some((12, "NaN".into()))
        );
        // Words in strings, raw strings, characters and comments are text, not numbers.
        let text = r##"(s: "inf NaN 1e999", r: r#"NaN "quoted" inf"#, c: 'i', // inf
            /* NaN /* nested inf */ 1e999 */ info: 1.0, nan_count: 2)"##;
        assert_eq!(first_non_finite(text), None);
    }
}

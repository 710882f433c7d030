//! Finds where a value sits in a RON file, so that semantic problems point at a line and column.
//!
//! serde hands us values without positions. Rather than thread spans through every type, this
//! module scans the source once, the way the RON parser does, and records the byte offset at which
//! each value starts, keyed by its path (`states[1].transitions[0].when`). Validation reports a
//! path and the locator turns it into `line:column`. For a problem inside a string (a column
//! inside a condition expression) it maps offsets through escapes and raw-string prefixes.

use std::collections::HashMap;

/// Byte offsets of values by path, for one source text.
pub struct Locator<'a> {
    src: &'a str,
    starts: HashMap<String, usize>,
    lines: Lines,
}

/// Where each line of a text starts, so that a position is found by a binary search rather than
/// by counting the newlines before it (once per problem: quadratic in a large case with many).
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(src: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    /// Line and column of a byte offset in `src` (the text this was made from), as
    /// [`position_of`] gives them.
    pub fn position(&self, src: &str, offset: usize) -> Position {
        let offset = offset.min(src.len());
        // Lines starting at or before the offset; the last of them holds it.
        let line = self.starts.partition_point(|s| *s <= offset);
        let line_start = self.starts[line - 1];
        Position {
            line,
            column: src[line_start..offset].chars().count() + 1,
        }
    }
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl<'a> Locator<'a> {
    /// Scans `src`; a source that does not scan cleanly still yields the paths seen so far.
    pub fn new(src: &'a str) -> Self {
        let mut s = Scanner {
            src,
            b: src.as_bytes(),
            i: 0,
            starts: HashMap::new(),
        };
        let _ = s.value(String::new());
        Locator {
            src,
            starts: s.starts,
            lines: Lines::new(src),
        }
    }

    /// Position of the value at `path`; falls back to the nearest recorded ancestor, then 1:1.
    pub fn find(&self, path: &str) -> Position {
        self.position(self.offset_of(path))
    }

    /// Position of byte `inner` inside the string value at `path` (e.g. a column in a condition).
    pub fn find_in_string(&self, path: &str, inner: usize) -> Position {
        let start = self.offset_of(path);
        let Some(off) = string_content_offset(&self.src[start..], inner) else {
            return self.position(start);
        };
        self.position(start + off)
    }

    fn offset_of(&self, path: &str) -> usize {
        let mut p = path;
        loop {
            if let Some(o) = self.starts.get(p) {
                return *o;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => return 0,
            }
        }
    }

    /// Line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(self.src, offset)
    }
}

/// Line and column of a byte offset in `src`.
pub fn position_of(src: &str, offset: usize) -> Position {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: src[line_start..offset].chars().count() + 1,
    }
}

/// Given source text starting at a string literal, the source offset of decoded byte `inner`.
fn string_content_offset(lit: &str, inner: usize) -> Option<usize> {
    let b = lit.as_bytes();
    if b.first() == Some(&b'r') {
        let hashes = lit[1..].bytes().take_while(|c| *c == b'#').count();
        return Some(1 + hashes + 1 + inner);
    }
    if b.first() != Some(&b'"') {
        return None;
    }
    let mut decoded = 0;
    let mut i = 1;
    while i < b.len() && b[i] != b'"' {
        if decoded >= inner {
            return Some(i);
        }
        if b[i] == b'\\' {
            // An escape is one decoded character; \u{…} decodes to up to four bytes.
            if b.get(i + 1) == Some(&b'u') {
                let close = lit[i..].find('}').map_or(2, |c| c + 1);
                let ch = u32::from_str_radix(lit.get(i + 3..i + close - 1).unwrap_or(""), 16)
                    .ok()
                    .and_then(char::from_u32)
                    .map_or(1, char::len_utf8);
                decoded += ch;
                i += close;
            } else {
                decoded += 1;
                i += 2;
            }
        } else {
            decoded += 1;
            i += 1;
        }
    }
    Some(i)
}

struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    starts: HashMap<String, usize>,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        loop {
            while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
            if self.src[self.i..].starts_with("//") {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
            } else if self.src[self.i..].starts_with("/*") {
                let mut depth = 0;
                while self.i < self.b.len() {
                    if self.src[self.i..].starts_with("/*") {
                        depth += 1;
                        self.i += 2;
                    } else if self.src[self.i..].starts_with("*/") {
                        depth -= 1;
                        self.i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        self.i += 1;
                    }
                }
            } else if self.src[self.i..].starts_with("#![") {
                while self.i < self.b.len() && self.b[self.i] != b']' {
                    self.i += 1;
                }
                self.i += 1;
            } else {
                return;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.i;
        while self.i < self.b.len()
            && (self.b[self.i].is_ascii_alphanumeric() || self.b[self.i] == b'_')
        {
            self.i += 1;
        }
        (self.i > start).then(|| &self.src[start..self.i])
    }

    fn value(&mut self, path: String) -> Option<()> {
        self.skip_ws();
        let start = self.i;
        self.starts.entry(path.clone()).or_insert(start);
        match self.peek()? {
            b'"' => self.string(),
            b'r' if matches!(self.b.get(self.i + 1), Some(b'"' | b'#')) => self.string(),
            b'\'' => {
                self.i += 1;
                while self.peek()? != b'\'' {
                    self.i += if self.peek()? == b'\\' { 2 } else { 1 };
                }
                self.i += 1;
                Some(())
            }
            b'[' => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        self.i += 1;
                        return Some(());
                    }
                    self.value(format!("{path}[{n}]"))?;
                    n += 1;
                    self.comma()?;
                }
            }
            b'{' => {
                self.i += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        self.i += 1;
                        return Some(());
                    }
                    // Keys are strings (`"hr": 116`) or enum variants (`IV: "5m"`).
                    let key = if self.peek()?.is_ascii_alphabetic() {
                        self.ident()?.to_string()
                    } else {
                        let key_start = self.i;
                        self.string()?;
                        self.src[key_start + 1..self.i - 1].to_string()
                    };
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.i += 1;
                    self.value(format!("{path}[\"{key}\"]"))?;
                    self.comma()?;
                }
            }
            b'(' => self.parens(path, false),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                self.ident()?;
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    self.parens(path, true)?;
                }
                Some(())
            }
            _ => {
                // A number, boolean or other scalar: runs to the next delimiter.
                while self.i < self.b.len() && !b",)]}\n ".contains(&self.b[self.i]) {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    fn comma(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek()? == b',' {
            self.i += 1;
        }
        Some(())
    }

    fn string(&mut self) -> Option<()> {
        if self.peek()? == b'r' {
            self.i += 1;
            let hashes = self.src[self.i..]
                .bytes()
                .take_while(|c| *c == b'#')
                .count();
            self.i += hashes + 1;
            let close = format!("\"{}", "#".repeat(hashes));
            let end = self.src[self.i..].find(&close)?;
            self.i += end + close.len();
            return Some(());
        }
        self.i += 1;
        while self.peek()? != b'"' {
            self.i += if self.peek()? == b'\\' { 2 } else { 1 };
        }
        self.i += 1;
        Some(())
    }

    /// `( ... )`: named fields, or positional elements. After a name (`Some(x)`, `State("shock")`)
    /// the first positional element is transparent: it and its children keep the enclosing path.
    fn parens(&mut self, path: String, transparent_first: bool) -> Option<()> {
        self.i += 1;
        self.skip_ws();
        let save = self.i;
        let named = self.ident().is_some() && {
            self.skip_ws();
            self.peek() == Some(b':') && self.b.get(self.i + 1) != Some(&b':')
        };
        self.i = save;
        let mut n = 0;
        loop {
            self.skip_ws();
            if self.peek()? == b')' {
                self.i += 1;
                return Some(());
            }
            if named {
                let name = self.ident()?.to_string();
                self.skip_ws();
                self.i += 1; // ':'
                let p = if path.is_empty() {
                    name
                } else {
                    format!("{path}.{name}")
                };
                self.value(p)?;
            } else {
                if n == 0 && transparent_first {
                    self.value(path.clone())?;
                } else {
                    self.value(format!("{path}[{n}]"))?;
                }
                n += 1;
            }
            self.comma()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"// a case
Scenario(
    id: "x",
    states: [
        (id: "a", transitions: [(to: "b", when: "map < 65")]),
        (
            id: "b",
            drifts: [Toward(var: "hr", target: 130, over: "30m")],
        ),
    ],
    baseline: { "hr": 110, "map": 60 },
    golden_paths: [(steps: [(at: "1m", do: "x", dose: Some((2.0, "mg")))])],
    rubric: (criteria: [(check: DoneWithin(what: "abx", of: State("shock")))]),
    text: "say \"hi\" then map < 6",
    raw: r#"given("x") and mapp"#,
)"##;

    #[test]
    fn paths_resolve_to_the_value_positions() {
        let l = Locator::new(SRC);
        assert_eq!(l.find("id"), Position { line: 3, column: 9 });
        assert_eq!(
            l.find("states[0].transitions[0].when"),
            Position {
                line: 5,
                column: 49
            }
        );
        assert_eq!(
            l.find("states[1].drifts[0].var"),
            Position {
                line: 8,
                column: 34
            }
        );
        assert_eq!(
            l.find("baseline[\"map\"]"),
            Position {
                line: 11,
                column: 35
            }
        );
        assert_eq!(
            l.find("golden_paths[0].steps[0].dose[1]"),
            Position {
                line: 12,
                column: 66
            }
        );
        assert_eq!(
            l.find("rubric.criteria[0].check.of"),
            Position {
                line: 13,
                column: 61
            }
        );
    }

    #[test]
    fn maps_keyed_by_enum_variants_do_not_stop_the_scan() {
        // Drug onsets are keyed by route; everything after such a map must still be found.
        let src = "(drugs: [(onset: { IV: \"5m\", PO: \"1h\" }, half_life: \"2h\"), (id: \"b\")])";
        let l = Locator::new(src);
        assert_eq!(l.find("drugs[0].onset[\"PO\"]").column, 34);
        assert_eq!(l.find("drugs[0].half_life").column, 53);
        assert_eq!(l.find("drugs[1].id").column, 65);
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_ancestor() {
        let l = Locator::new(SRC);
        assert_eq!(l.find("states[1].nothing"), l.find("states[1]"));
        assert_eq!(l.find("nowhere"), Position { line: 1, column: 1 });
    }

    #[test]
    fn offsets_inside_strings_skip_escapes_and_raw_prefixes() {
        let l = Locator::new(SRC);
        // decoded: say "hi" then map < 6 ; 'map' at decoded byte 14
        assert_eq!(
            l.find_in_string("text", 14),
            Position {
                line: 14,
                column: 28
            }
        );
        // raw: given("x") and mapp ; 'mapp' at 15
        assert_eq!(
            l.find_in_string("raw", 15),
            Position {
                line: 15,
                column: 28
            }
        );
    }
}

#[cfg(test)]
mod line_index_tests {
    use super::*;

    #[test]
    fn the_line_index_gives_the_positions_counting_gives() {
        let src = "a\n\nµg \"x\"\r\n  (é, 1)\nend";
        let lines = Lines::new(src);
        for offset in (0..=src.len() + 2).filter(|o| src.is_char_boundary(*o.min(&src.len()))) {
            assert_eq!(
                lines.position(src, offset),
                position_of(src, offset),
                "{offset}"
            );
        }
        assert_eq!(
            Lines::new("").position("", 0),
            Position { line: 1, column: 1 }
        );
    }
}

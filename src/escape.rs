//! Escaping for the formats Bedside writes, one function per format: [`html`] for HTML and SVG
//! (reports, charts, case graphs) and [`csv_cell`] for CSV. Authored and trainee texts reach
//! them unchecked, so each also shows invisible characters visibly.
//!
//! Control characters and the bidirectional-text controls (U+202A–U+202E, U+2066–U+2069,
//! U+200E/U+200F, U+061C) are written as `\u{202E}`: a right-to-left override in a trainee name
//! would otherwise reorder what an assessor reads (`exe.gpj` shown as `jpg.exe`), and a NUL
//! truncates text in many viewers. Nothing invisible is written as itself; a NUL never at all.

use std::fmt::Write as _;

/// Whether `c` is shown as `\u{…}` rather than written: control characters and bidi controls.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// Pushes `c` as `\u{HEX}` (upper-case hex, as Rust writes it but readable as a code point).
fn push_visible(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
}

/// Escapes text for HTML and SVG/XML, in element content and in quoted attributes alike.
/// Newlines and tabs are kept (they are layout in a `<pre>` or a tooltip); every other
/// control character and every bidi control is shown as `\u{…}`.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if is_hidden(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Characters at which a spreadsheet may split a line into cells on import (LibreOffice and
/// Excel let the user pick `;`, `,`, `|` or tab; a quoted cell is kept whole only if the import
/// honours the quotes).
const SEPARATORS: [char; 3] = [',', ';', '|'];

/// A text cell for CSV, safe for spreadsheets: every control and bidi character (tab and
/// newline included) is shown as `\u{…}`, and a formula start (`=`, `+`, `-`, `@`) at the
/// start of the cell *or after any separator* (spaces skipped) gets an apostrophe before it,
/// so that `x;=cmd` stays text even in a `;`-splitting import that ignores the quotes. The
/// writer quotes every cell as well (`csv::QuoteStyle::Always`).
pub fn csv_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut cell_start = true;
    for c in s.chars() {
        if is_hidden(c) {
            push_visible(&mut out, c);
            cell_start = false;
            continue;
        }
        if cell_start && matches!(c, '=' | '+' | '-' | '@') {
            out.push('\'');
        }
        out.push(c);
        cell_start = SEPARATORS.contains(&c) || (cell_start && c == ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_shows_hidden_characters() {
        assert_eq!(
            html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(html("a\u{202E}b\u{0}c\nd"), "a\\u{202E}b\\u{0}c\nd");
        assert_eq!(html("\u{1b}[31m"), "\\u{1B}[31m");
    }

    #[test]
    fn csv_cells_neutralise_formulas_after_any_separator() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("alice"), "alice");
        assert_eq!(csv_cell("x;=cmd"), "x;'=cmd");
        assert_eq!(csv_cell("a,=b"), "a,'=b");
        assert_eq!(csv_cell("a| +b"), "a| '+b");
        assert_eq!(csv_cell("a-b"), "a-b");
        assert_eq!(csv_cell("a\t=b"), "a\\u{9}=b");
        assert_eq!(csv_cell("\t=b"), "\\u{9}=b");
        assert_eq!(csv_cell("x\u{0}\u{202E}"), "x\\u{0}\\u{202E}");
    }
}

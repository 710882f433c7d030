//! Localisation: Fluent bundles for en-US, ja-JP and zh-CN, a fallback chain, and the units each
//! locale customarily reads lab values in.
//!
//! Every user-visible text is a Fluent message. Fluent does not fall back between languages on its
//! own, so `Texts` keeps a chain (the chosen locale, then en-US) and remembers any id missing from
//! every bundle: tests treat that as a failure, and the UI shows the id rather than a blank.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Mutex;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The locales every case and the whole UI ship in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Locale {
    #[default]
    EnUs,
    JaJp,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::EnUs, Locale::JaJp, Locale::ZhCn];

    /// The BCP 47 tag, also the `.ftl` file name.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::EnUs => "en-US",
            Locale::JaJp => "ja-JP",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, for a language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::EnUs => "English",
            Locale::JaJp => "日本語",
            Locale::ZhCn => "简体中文",
        }
    }

    /// Parses a tag leniently (`ja`, `ja-JP`, `zh`, `zh-Hans-CN`, `en`).
    pub fn parse(tag: &str) -> Option<Locale> {
        let lower = tag.to_ascii_lowercase().replace('_', "-");
        let lang = lower.split('-').next().unwrap_or("");
        match lang {
            "en" => Some(Locale::EnUs),
            "ja" => Some(Locale::JaJp),
            "zh" => Some(Locale::ZhCn),
            _ => None,
        }
    }

    fn langid(self) -> LanguageIdentifier {
        self.tag().parse().expect("static locale tags parse")
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A syntax problem in an `.ftl` file, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtlError {
    pub offset: usize,
    /// Where the entry that failed begins, when the parser knows: a placeable left open is
    /// noticed only on the next line, so the entry's own line helps the author find it.
    pub entry: Option<usize>,
    pub message: String,
    /// The file was not read at all (nothing in it counts), not just one entry skipped.
    pub whole_file: bool,
}

/// How deep placeables may nest in an `.ftl` file (`{ { … } }`). fluent-syntax parses them
/// recursively, and a thousand levels overflowed the stack and aborted the program; no text
/// needs more than two or three.
pub const MAX_PLACEABLE_DEPTH: usize = 20;

/// The byte offset where `source` nests placeables deeper than [`MAX_PLACEABLE_DEPTH`], if it
/// does. Braces inside a placeable's string literals (`{"{"}`) and in comments do not count; a
/// line that starts an entry (a message, term or comment) starts again at depth 0, as the
/// parser does after a broken entry.
pub fn nested_too_deep(source: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped, mut comment) = (0usize, false, false, false);
    let mut line_start = true;
    for (i, c) in source.char_indices() {
        if line_start {
            line_start = false;
            if c.is_ascii_alphabetic() || c == '-' || c == '#' {
                depth = 0;
                comment = c == '#';
            }
        }
        if c == '\n' {
            (line_start, in_string, comment) = (true, false, false);
            continue;
        }
        if comment {
            continue;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '{' => {
                depth += 1;
                if depth > MAX_PLACEABLE_DEPTH {
                    return Some(i);
                }
            }
            '}' => depth = depth.saturating_sub(1),
            '"' if depth > 0 => in_string = true,
            _ => {}
        }
    }
    None
}

/// What [`nested_too_deep`] reports, as a syntax problem.
fn too_deep_error(offset: usize) -> FtlError {
    FtlError {
        offset,
        entry: None,
        message: format!(
            "placeables nested more than {MAX_PLACEABLE_DEPTH} deep: the file is not read further"
        ),
        whole_file: true,
    }
}

/// What one reading of an `.ftl` source found.
#[derive(Debug, Default)]
pub struct FtlScan {
    /// The message ids it defines (entries that fail to parse are skipped; the rest count).
    pub ids: Vec<String>,
    pub errors: Vec<FtlError>,
    /// The variables (`{ $name }`) each message refers to, by message id: in its value, its
    /// attributes, selectors, variants and function or term arguments.
    pub variables: BTreeMap<String, BTreeSet<String>>,
    /// The messages and terms each entry refers to, for finding reference cycles
    /// ([`reference_cycles`]).
    pub references: References,
}

/// For each Fluent pattern — a message's or term's value (`id`, `-id`) or attribute (`id.attr`,
/// `-id.attr`) — the patterns it refers to, each with the byte offset of the reference.
pub type References = BTreeMap<String, Vec<(String, usize)>>;

/// The references of every message and term in `res` (see [`References`]).
fn references_of(res: &FluentResource) -> References {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    let base = res.source().as_ptr() as usize;
    // Offsets come from where the parsed names sit in the resource's own copy of the source.
    let at = |name: &str| (name.as_ptr() as usize).saturating_sub(base);
    fn node(term: bool, id: &str, attr: Option<&str>) -> String {
        let dash = if term { "-" } else { "" };
        match attr {
            Some(a) => format!("{dash}{id}.{a}"),
            None => format!("{dash}{id}"),
        }
    }
    fn inline(
        e: &InlineExpression<&str>,
        at: &dyn Fn(&str) -> usize,
        out: &mut Vec<(String, usize)>,
    ) {
        match e {
            InlineExpression::MessageReference { id, attribute } => out.push((
                node(false, id.name, attribute.as_ref().map(|a| a.name)),
                at(id.name),
            )),
            InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                out.push((
                    node(true, id.name, attribute.as_ref().map(|a| a.name)),
                    at(id.name),
                ));
                if let Some(args) = arguments {
                    for a in &args.positional {
                        inline(a, at, out);
                    }
                    for a in &args.named {
                        inline(&a.value, at, out);
                    }
                }
            }
            InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, at, out);
                }
                for a in &arguments.named {
                    inline(&a.value, at, out);
                }
            }
            InlineExpression::Placeable { expression } => expr(expression, at, out),
            _ => {}
        }
    }
    fn expr(e: &Expression<&str>, at: &dyn Fn(&str) -> usize, out: &mut Vec<(String, usize)>) {
        match e {
            Expression::Inline(i) => inline(i, at, out),
            Expression::Select { selector, variants } => {
                inline(selector, at, out);
                for v in variants {
                    pattern(&v.value, at, out);
                }
            }
        }
    }
    fn pattern(p: &Pattern<&str>, at: &dyn Fn(&str) -> usize, out: &mut Vec<(String, usize)>) {
        for el in &p.elements {
            if let PatternElement::Placeable { expression } = el {
                expr(expression, at, out);
            }
        }
    }
    let mut out = References::new();
    for entry in res.entries() {
        let (term, id, value, attributes) = match entry {
            Entry::Message(m) => (false, m.id.name, m.value.as_ref(), &m.attributes),
            Entry::Term(t) => (true, t.id.name, Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut refs = Vec::new();
        if let Some(v) = value {
            pattern(v, &at, &mut refs);
        }
        out.insert(node(term, id, None), refs);
        for a in attributes {
            let mut refs = Vec::new();
            pattern(&a.value, &at, &mut refs);
            out.insert(node(term, id, Some(a.id.name)), refs);
        }
    }
    out
}

/// A reference cycle among Fluent messages and terms (`a = { b }`, `b = { a }`): Fluent shows
/// such a text as `{a}` and the rest of it is lost, so validation refuses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtlCycle {
    /// Which of the files given to [`reference_cycles`] the reported reference is in.
    pub file: usize,
    /// Byte offset of that reference.
    pub offset: usize,
    pub message: String,
}

/// The reference cycles among the entries of `files` (one locale's files in load order: an
/// entry in a later file replaces one of the same name in an earlier file, as in the bundle).
/// Each cycle is reported once, at its first reference in file order.
pub fn reference_cycles(files: &[&References]) -> Vec<FtlCycle> {
    // pattern -> (file, its references); later files win.
    type Refs<'a> = &'a [(String, usize)];
    let mut graph: BTreeMap<&str, (usize, Refs)> = BTreeMap::new();
    for (k, refs) in files.iter().enumerate() {
        for (name, r) in refs.iter() {
            graph.insert(name.as_str(), (k, r.as_slice()));
        }
    }
    // Iterative depth-first search (a long chain must not overflow the stack); 0 = new,
    // 1 = on the current path, 2 = done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut found: BTreeSet<Vec<&str>> = BTreeSet::new();
    let mut out = Vec::new();
    for &start in graph.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some(&mut (name, ref mut next)) = path.last_mut() {
            let refs = graph.get(name).map_or(&[][..], |(_, r)| r);
            if *next >= refs.len() {
                state.insert(name, 2);
                path.pop();
                continue;
            }
            let target = refs[*next].0.as_str();
            *next += 1;
            let Some((target, _)) = graph.get_key_value(target) else {
                continue; // a missing entry is another check's problem
            };
            match state.get(target).copied().unwrap_or(0) {
                0 => {
                    state.insert(target, 1);
                    path.push((target, 0));
                }
                1 => {
                    let from = path.iter().position(|(n, _)| n == target).unwrap_or(0);
                    let cycle: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    if !found.insert(key) {
                        continue;
                    }
                    // Where to point: the cycle's reference that comes first in file order.
                    let mut edges: Vec<(usize, usize)> = Vec::new();
                    for (i, n) in cycle.iter().enumerate() {
                        let to = cycle[(i + 1) % cycle.len()];
                        if let Some((file, refs)) = graph.get(n)
                            && let Some((_, off)) = refs.iter().find(|(t, _)| t == to)
                        {
                            edges.push((*file, *off));
                        }
                    }
                    let (file, offset) = edges.into_iter().min().unwrap_or((0, 0));
                    let mut shown: Vec<String> = cycle
                        .iter()
                        .map(|n| crate::scenario::load::shorten(n))
                        .collect();
                    shown.push(shown[0].clone());
                    out.push(FtlCycle {
                        file,
                        offset,
                        message: format!(
                            "Fluent reference cycle: {} (a text that refers to itself cannot be shown)",
                            shown.join(" → ")
                        ),
                    });
                }
                _ => {}
            }
        }
    }
    out.sort_by_key(|c| (c.file, c.offset));
    out
}

/// Reads an `.ftl` source once for its message ids, syntax errors and the variables each message
/// uses. A source nested too deeply defines nothing.
pub fn scan_ftl(source: &str) -> FtlScan {
    if let Some(at) = nested_too_deep(source) {
        return FtlScan {
            errors: vec![too_deep_error(at)],
            ..FtlScan::default()
        };
    }
    let (res, errors) = match FluentResource::try_new(source.to_string()) {
        Ok(res) => (res, Vec::new()),
        Err((res, errors)) => (
            res,
            errors
                .into_iter()
                .map(|e| FtlError {
                    offset: e.pos.start,
                    entry: e.slice.map(|r| r.start),
                    message: format!("Fluent syntax: {}", e.kind),
                    whole_file: false,
                })
                .collect(),
        ),
    };
    FtlScan {
        ids: ids_of(&res),
        errors,
        variables: variables_of(&res),
        references: references_of(&res),
    }
}

/// The message ids an `.ftl` source defines, and its syntax errors (see [`scan_ftl`]).
pub fn message_ids(source: &str) -> (Vec<String>, Vec<FtlError>) {
    let scan = scan_ftl(source);
    (scan.ids, scan.errors)
}

fn variables_of(res: &FluentResource) -> BTreeMap<String, BTreeSet<String>> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            InlineExpression::FunctionReference { arguments, .. }
            | InlineExpression::TermReference {
                arguments: Some(arguments),
                ..
            } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
                for a in &arguments.named {
                    inline(&a.value, out);
                }
            }
            InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
        }
    }
    fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let PatternElement::Placeable { expression } = el {
                expr(expression, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    for entry in res.entries() {
        if let Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(v) = &m.value {
                pattern(v, &mut vars);
            }
            for a in &m.attributes {
                pattern(&a.value, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
}

fn ids_of(res: &FluentResource) -> Vec<String> {
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Localised texts for one locale with en-US behind it.
pub struct Texts {
    locale: Locale,
    chain: Vec<FluentBundle<FluentResource>>,
    missing: Mutex<Vec<String>>,
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Texts")
            .field("locale", &self.locale)
            .finish()
    }
}

impl Texts {
    /// Builds the chain from `.ftl` sources per locale, later sources overriding earlier ones.
    /// Sources that fail to parse contribute the messages that did parse (validation reports
    /// the syntax errors; the UI should still show what it can).
    pub fn new(locale: Locale, sources: impl Fn(Locale) -> Vec<String>) -> Texts {
        let mut order = vec![locale];
        if locale != Locale::EnUs {
            order.push(Locale::EnUs);
        }
        let chain = order
            .into_iter()
            .map(|loc| {
                let mut bundle = FluentBundle::new_concurrent(vec![loc.langid()]);
                bundle.set_use_isolating(false);
                for src in sources(loc)
                    .into_iter()
                    .filter(|s| nested_too_deep(s).is_none())
                {
                    let res = FluentResource::try_new(src).unwrap_or_else(|(res, _)| res);
                    bundle.add_resource_overriding(res);
                }
                bundle
            })
            .collect();
        Texts {
            locale,
            chain,
            missing: Mutex::new(Vec::new()),
        }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The text of a message with no arguments.
    pub fn get(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The text of a message with arguments.
    pub fn with(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        self.format(id, Some(&fa))
    }

    /// Whether the chosen locale or its fallback has the message.
    pub fn has(&self, id: &str) -> bool {
        self.chain.iter().any(|b| b.has_message(id))
    }

    /// Whether the chosen locale itself (not the fallback) has the message.
    pub fn has_own(&self, id: &str) -> bool {
        self.chain[0].has_message(id)
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for bundle in &self.chain {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        if let Ok(mut m) = self.missing.lock()
            && !m.iter().any(|x| x == id)
        {
            m.push(id.to_string());
        }
        format!("⟨{id}⟩")
    }

    /// Ids asked for that no bundle had.
    pub fn missing(&self) -> Vec<String> {
        self.missing.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

/// How a lab value is shown in a locale: converted value, unit text and decimals.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub value: f64,
    pub unit: String,
    pub decimals: u8,
}

impl Shown {
    /// The value rounded to its decimals, without the unit.
    pub fn number(&self) -> String {
        format!("{:.*}", usize::from(self.decimals), self.value)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.unit.is_empty() {
            f.write_str(&self.number())
        } else {
            write!(f, "{} {}", self.number(), self.unit)
        }
    }
}

/// A variable a locale shows in a unit other than its canonical one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conversion {
    pub var: &'static str,
    /// Shown value = canonical value × `factor`.
    pub factor: f64,
    pub unit: &'static str,
    pub decimals: u8,
}

/// The variables `locale` shows in its own customary unit. Chinese wards report glucose in
/// mmol/L, Hb in g/L and creatinine in µmol/L; Japanese and US wards use the canonical mg/dL and
/// g/dL.
pub fn conversions(locale: Locale) -> &'static [Conversion] {
    const ZH_CN: &[Conversion] = &[
        Conversion {
            var: "glucose",
            factor: 1.0 / 18.0,
            unit: "mmol/L",
            decimals: 1,
        },
        Conversion {
            var: "hb",
            factor: 10.0,
            unit: "g/L",
            decimals: 0,
        },
        Conversion {
            var: "creatinine",
            factor: 88.4,
            unit: "µmol/L",
            decimals: 0,
        },
    ];
    match locale {
        Locale::ZhCn => ZH_CN,
        Locale::EnUs | Locale::JaJp => &[],
    }
}

/// Converts a variable's canonical value into the locale's customary unit ([`conversions`]).
pub fn shown(var: &str, canonical_unit: &str, decimals: u8, value: f64, locale: Locale) -> Shown {
    match conversions(locale).iter().find(|c| c.var == var) {
        Some(c) => Shown {
            value: value * c.factor,
            unit: c.unit.to_string(),
            decimals: c.decimals,
        },
        None => Shown {
            value,
            unit: canonical_unit.to_string(),
            decimals,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dose_ranges_defaults_name_exactly_the_languages_shipped() {
        // The loader checks `defaults` against its own list (it sits below this module).
        let shipped: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(crate::scenario::compile::LANGUAGES.to_vec(), shipped);
    }

    fn texts(locale: Locale) -> Texts {
        Texts::new(locale, |l| match l {
            Locale::EnUs => vec!["hello = Hello\nbye = Bye { $name }\n".into()],
            Locale::JaJp => vec!["hello = こんにちは\n".into()],
            Locale::ZhCn => vec![],
        })
    }

    #[test]
    fn japanese_falls_back_to_english_for_a_message_it_lacks() {
        let t = texts(Locale::JaJp);
        assert_eq!(t.get("hello"), "こんにちは");
        assert_eq!(t.with("bye", &[("name", "Sato".into())]), "Bye Sato");
        assert!(t.missing().is_empty());
        assert!(!t.has_own("bye"));
    }

    #[test]
    fn a_message_missing_everywhere_is_shown_as_its_id_and_remembered() {
        let t = texts(Locale::ZhCn);
        assert_eq!(t.get("nope"), "⟨nope⟩");
        assert_eq!(t.missing(), vec!["nope".to_string()]);
    }

    #[test]
    fn arguments_are_not_wrapped_in_bidi_isolation_marks() {
        let t = texts(Locale::EnUs);
        assert!(!t.with("bye", &[("name", "X".into())]).contains('\u{2068}'));
    }

    #[test]
    fn chinese_sees_glucose_in_mmol_and_haemoglobin_in_grams_per_litre() {
        assert_eq!(
            shown("glucose", "mg/dL", 0, 180.0, Locale::ZhCn).to_string(),
            "10.0 mmol/L"
        );
        assert_eq!(
            shown("glucose", "mg/dL", 0, 180.0, Locale::JaJp).to_string(),
            "180 mg/dL"
        );
        assert_eq!(
            shown("hb", "g/dL", 1, 7.2, Locale::ZhCn).to_string(),
            "72 g/L"
        );
        assert_eq!(
            shown("creatinine", "mg/dL", 2, 2.0, Locale::ZhCn).to_string(),
            "177 µmol/L"
        );
    }

    #[test]
    fn placeables_nested_too_deep_are_refused_before_the_parser_sees_them() {
        let deep = format!(
            "ok = fine\na = {}x{}\n",
            "{ ".repeat(100_000),
            " }".repeat(100_000)
        );
        let (ids, errs) = message_ids(&deep);
        assert!(ids.is_empty());
        assert_eq!(
            errs[0].offset,
            "ok = fine\na = ".len() + 2 * MAX_PLACEABLE_DEPTH
        );
        // Texts built from it leave the file out rather than crash.
        let t = Texts::new(Locale::EnUs, |_| vec![deep.clone(), "b = B\n".into()]);
        assert_eq!(t.get("b"), "B");
        // Braces in string literals and comments, and broken entries, do not add up.
        let fine = format!(
            "# {}\nq = {{ \"{}\" }}\n{}",
            "{".repeat(50),
            "{".repeat(50),
            "x = { oops\n".repeat(50)
        );
        assert_eq!(nested_too_deep(&fine), None);
        assert_eq!(nested_too_deep("a = { { { $x } } }\n"), None);
    }

    #[test]
    fn the_variables_a_message_uses_are_found_wherever_they_sit() {
        let src = "plain = No values here\n\
                   bp = BP { $sbp }/{ $dbp } mmHg\n\
                   sel = { $hr ->\n    [one] one beat\n   *[other] { NUMBER($rr) } breaths, GCS { $gcs }\n}\n\
                   attr = Text\n    .title = { $temp }\n\
                   broken = { $\n";
        let vars = scan_ftl(src).variables;
        let of = |id: &str| vars[id].iter().cloned().collect::<Vec<_>>();
        assert!(vars["plain"].is_empty());
        assert_eq!(of("bp"), ["dbp", "sbp"]);
        assert_eq!(of("sel"), ["gcs", "hr", "rr"]);
        assert_eq!(of("attr"), ["temp"]);
        assert!(!vars.contains_key("broken"));
    }

    #[test]
    fn ftl_syntax_errors_carry_offsets() {
        let (ids, errs) = message_ids("ok = fine\n= broken\nlast = 1\n");
        assert_eq!(errs[0].offset, 10);
        assert_eq!(ids, vec!["ok", "last"]);
        assert_eq!(
            message_ids("a = 1\nb = 2\n"),
            (vec!["a".to_string(), "b".to_string()], vec![])
        );
    }

    #[test]
    fn locale_tags_parse_leniently() {
        assert_eq!(Locale::parse("zh-Hans-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("ja"), Some(Locale::JaJp));
        assert_eq!(Locale::parse("fr"), None);
    }
}

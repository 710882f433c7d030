//! Every text the app shows is a Fluent message in all three languages: the ids the screens ask
//! for exist in en-US, and ja-JP and zh-CN define every app message en-US defines.
#![cfg(feature = "app")]

use std::collections::BTreeSet;
use std::path::Path;

use bedside::i18n::{Locale, message_ids};
use bedside::report::ui_sources;

fn ids(locale: Locale) -> BTreeSet<String> {
    ui_sources()[&locale]
        .iter()
        .flat_map(|src| {
            let (ids, errors) = message_ids(src);
            assert!(
                errors.is_empty(),
                "the program's .ftl files parse: {errors:?}"
            );
            ids
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// String literals that follow `get(` or `with(` (possibly after a line break), and literals of
/// the shape `"area-name"` returned from the `*_id` helpers.
fn asked_for(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for opener in ["get(", "with("] {
        let mut rest = src;
        while let Some(i) = rest.find(opener) {
            rest = &rest[i + opener.len()..];
            let trimmed = rest.trim_start();
            let Some(lit) = trimmed.strip_prefix('"') else {
                continue;
            };
            let Some(end) = lit.find('"') else { continue };
            let id = &lit[..end];
            if !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                out.push(id.to_string());
            }
        }
    }
    for prefix in [
        "difficulty-",
        "speaker-",
        "sex-",
        "alarm-",
        "refused-",
        "order-",
        "trend-",
        "prebrief-",
        "prompt-",
    ] {
        let mut rest = src;
        while let Some(i) = rest.find(&format!("\"{prefix}")) {
            rest = &rest[i + 1..];
            let end = rest.find('"').unwrap_or(0);
            out.push(rest[..end].to_string());
        }
    }
    out
}

#[test]
fn every_message_the_screens_ask_for_exists_in_english() {
    let en = ids(Locale::EnUs);
    let mut files = Vec::new();
    rust_files(Path::new("src/app"), &mut files);
    let mut missing = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        for id in asked_for(&src) {
            if !en.contains(&id) {
                missing.push(format!("{}: {id}", f.display()));
            }
        }
    }
    assert!(missing.is_empty(), "missing from en-US: {missing:#?}");
}

#[test]
fn japanese_and_chinese_define_every_message_english_does() {
    let en = ids(Locale::EnUs);
    for l in [Locale::JaJp, Locale::ZhCn] {
        let other = ids(l);
        let gaps: Vec<&String> = en.difference(&other).collect();
        assert!(gaps.is_empty(), "{l} lacks {gaps:?}");
    }
}

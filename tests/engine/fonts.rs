//! Every character the Japanese and Chinese texts use is in the CJK face the app draws that
//! language with. The faces are subsets (assets/fonts/make-cjk-subset.sh: JIS X 0208 + GB2312 and
//! some symbol blocks), so a character outside those sets, such as 䓬 (CJK extension A) in
//! 苯二氮䓬, would be drawn as an empty box for every Chinese trainee. Characters from U+2E80 on
//! (CJK radicals onwards) are the ones only these faces can draw; egui's own fonts carry the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use skrifa::{FontRef, MetadataProvider};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.ftl` file for `locale` under `dir`, recursively.
fn ftl_files(dir: &Path, locale: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            ftl_files(&p, locale, out);
        } else if p.extension().is_some_and(|x| x == "ftl") && p.to_string_lossy().contains(locale)
        {
            out.push(p);
        }
    }
}

/// Characters from U+2E80 on that `face` lacks, with a file that uses each.
fn missing(face: &str, locale: &str) -> (usize, BTreeMap<char, PathBuf>) {
    let bytes = std::fs::read(root().join("assets/fonts").join(face)).expect("the bundled face");
    let font = FontRef::new(&bytes).expect("an OpenType font");
    let charmap = font.charmap();
    let mut files = Vec::new();
    for dir in ["assets/locales", "scenarios", "tests/fixtures"] {
        ftl_files(&root().join(dir), locale, &mut files);
    }
    assert!(files.len() >= 4, "{locale}: texts not found: {files:?}");
    let mut used = 0;
    let mut lacking = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a text file");
        for c in text.chars().filter(|c| u32::from(*c) >= 0x2E80) {
            used += 1;
            if charmap.map(c).is_none() {
                lacking.entry(c).or_insert_with(|| f.clone());
            }
        }
    }
    (used, lacking)
}

/// Fails unless `face` has every CJK character of the `locale` texts (and there are many).
fn assert_face_covers(face: &str, locale: &str) {
    let (used, lacking) = missing(face, locale);
    assert!(
        used > 1000,
        "only {used} CJK characters found in the {locale} texts"
    );
    assert!(lacking.is_empty(), "drawn as boxes: {lacking:?}");
}

#[test]
fn every_japanese_character_is_in_the_japanese_face() {
    assert_face_covers("NotoSansCJKjp-Subset.otf", "ja-JP");
}

#[test]
fn every_chinese_character_is_in_the_chinese_face() {
    assert_face_covers("NotoSansCJKsc-Subset.otf", "zh-CN");
}

#[test]
fn a_character_outside_the_subset_is_reported() {
    let bytes = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-Subset.otf")).unwrap();
    let font = FontRef::new(&bytes).unwrap();
    assert!(font.charmap().map('卓').is_some());
    assert!(font.charmap().map('䓬').is_none());
}

/// The character each face in a family draws, as egui resolves it: the same glyph of the same
/// face at the same size lands in the same place of egui's font atlas.
#[cfg(feature = "app")]
mod drawn_by {
    use bedside::app::fonts::definitions;
    use bedside::i18n::Locale;
    use bevy_egui::egui::{self, FontFamily, FontId};

    /// Characters of `locale`'s texts from U+2E80 on that egui draws from a face other than the
    /// language's CJK face, with how many such characters the texts use in all.
    fn not_from_cjk_face(locale: Locale) -> (usize, Vec<char>) {
        let mut defs = definitions(locale);
        let cjk = defs.families[&FontFamily::Proportional]
            .iter()
            .find(|n| n.starts_with("noto-cjk"))
            .expect("the CJK face is in the family")
            .clone();
        let only = FontFamily::Name("cjk-only".into());
        defs.families.insert(only.clone(), vec![cjk]);
        let ctx = egui::Context::default();
        ctx.set_fonts(defs);
        // Fonts set on a context take effect when its next frame begins.
        ctx.begin_pass(egui::RawInput::default());
        let mut files = Vec::new();
        for dir in ["assets/locales", "scenarios"] {
            super::ftl_files(&super::root().join(dir), locale.tag(), &mut files);
        }
        let mut chars: Vec<char> = files
            .iter()
            .flat_map(|f| {
                std::fs::read_to_string(f)
                    .expect("a text file")
                    .chars()
                    .collect::<Vec<_>>()
            })
            .filter(|c| u32::from(*c) >= 0x2E80)
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let glyph = |c: char, family: &FontFamily| {
            ctx.fonts_mut(|f| {
                let g = f.layout_no_wrap(
                    c.to_string(),
                    FontId::new(40.0, family.clone()),
                    egui::Color32::WHITE,
                );
                let glyph = &g.rows[0].glyphs[0];
                (glyph.uv_rect, glyph.advance_width.to_bits())
            })
        };
        let other = chars
            .iter()
            .copied()
            .filter(|&c| glyph(c, &FontFamily::Proportional) != glyph(c, &only))
            .collect();
        (chars.len(), other)
    }

    /// Full-width punctuation (（）！？) is in egui's icon font too, which came before the CJK
    /// face: Japanese and Chinese sentences showed its heavy, off-centre brackets.
    #[test]
    fn japanese_and_chinese_text_is_drawn_from_the_cjk_face() {
        for locale in [Locale::JaJp, Locale::ZhCn] {
            let (used, other) = not_from_cjk_face(locale);
            assert!(
                used > 500,
                "{locale:?}: only {used} distinct characters found"
            );
            assert!(
                other.is_empty(),
                "{locale:?}: drawn from another face: {other:?}"
            );
        }
    }

    /// Characters a Japanese or Chinese line may not start with (JIS X 4051, W3C CLREQ):
    /// closing brackets and quotes, sentence and clause marks, small kana, the prolonged sound
    /// and iteration marks, the ellipsis.
    const NO_LINE_START: &str =
        "、。，．：；！？）」』】〕〉》］｝”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々…";
    /// Characters a line may not end with: opening brackets and quotes.
    const NO_LINE_END: &str = "（「『【〔〈《［｛“‘";

    /// Every Japanese and Chinese text, laid out as the app lays out a label at widths from a
    /// narrow side panel to a dialog, breaks its lines where these rules allow. egui 0.36's own
    /// rules missed the full-width forms (vendor/epaint/BEDSIDE-PATCH.md).
    #[test]
    fn japanese_and_chinese_lines_break_where_the_rules_allow() {
        for locale in [Locale::JaJp, Locale::ZhCn] {
            let ctx = egui::Context::default();
            ctx.set_fonts(definitions(locale));
            ctx.begin_pass(egui::RawInput::default());
            let mut files = Vec::new();
            for dir in ["assets/locales", "scenarios"] {
                super::ftl_files(&super::root().join(dir), locale.tag(), &mut files);
            }
            let texts: Vec<String> = files
                .iter()
                .flat_map(|f| {
                    let text = std::fs::read_to_string(f).expect("a text file");
                    text.lines()
                        .filter_map(|l| l.split_once(" = ").map(|(_, v)| v.to_string()))
                        .collect::<Vec<_>>()
                })
                .collect();
            assert!(texts.len() > 300, "{locale:?}: only {} texts", texts.len());
            let mut wrapped = 0;
            let mut wrong = Vec::new();
            for text in &texts {
                for width in [110.0, 150.0, 190.0, 230.0, 290.0, 370.0, 450.0] {
                    let galley = ctx.fonts_mut(|f| {
                        f.layout(
                            text.clone(),
                            FontId::proportional(15.0),
                            egui::Color32::WHITE,
                            width,
                        )
                    });
                    for pair in galley.rows.windows(2) {
                        let (row, next) = (&pair[0], &pair[1]);
                        if row.ends_with_newline {
                            continue;
                        }
                        wrapped += 1;
                        let end = row.glyphs.iter().rev().find(|g| !g.chr.is_whitespace());
                        let start = next.glyphs.first();
                        if start.is_some_and(|g| NO_LINE_START.contains(g.chr))
                            || end.is_some_and(|g| NO_LINE_END.contains(g.chr))
                        {
                            let line = |r: &egui::epaint::text::PlacedRow| {
                                r.glyphs.iter().map(|g| g.chr).collect::<String>()
                            };
                            wrong.push(format!("{width} px: {} / {}", line(row), line(next)));
                        }
                    }
                }
            }
            assert!(
                wrapped > 3000,
                "{locale:?}: only {wrapped} line breaks laid out"
            );
            assert!(
                wrong.is_empty(),
                "{locale:?}: {} breaks against the rules, e.g. {:#?}",
                wrong.len(),
                &wrong[..wrong.len().min(8)]
            );
        }
    }

    /// The non-ASCII characters inside the double-quoted strings of a Rust source (outside
    /// comments): what the app can draw besides its messages.
    fn string_chars(src: &str, out: &mut std::collections::BTreeSet<char>) {
        for line in src.lines() {
            let mut in_string = false;
            let mut escaped = false;
            let mut prev = ' ';
            for c in line.chars() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        in_string = false;
                    } else if !c.is_ascii() {
                        out.insert(c);
                    }
                } else if c == '/' && prev == '/' {
                    break;
                } else if c == '"' && prev != '\'' {
                    in_string = true;
                }
                prev = c;
            }
        }
    }

    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("a source folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// Every character the app can write — in its code's strings and in every text of the language —
    /// is in some face of the language's font family: none is drawn as egui's replacement box.
    /// The debrief's mark for a missed criterion, ✘, was in none.
    #[test]
    fn every_character_the_app_writes_has_a_glyph() {
        let root = super::root();
        let mut sources = Vec::new();
        // The app's own code; the core's strings reach the window as messages.
        rust_files(&root.join("src/app"), &mut sources);
        let mut code = std::collections::BTreeSet::new();
        for f in &sources {
            string_chars(
                &std::fs::read_to_string(f).expect("a source file"),
                &mut code,
            );
        }
        assert!(code.contains(&'✔') && code.contains(&'↑'), "{code:?}");
        for locale in Locale::ALL {
            // egui's own `has_glyph` says no for every character of the face that holds its
            // replacement box (the emoji face here), so the faces' character maps are read.
            let defs = definitions(locale);
            let faces: Vec<std::sync::Arc<egui::FontData>> = defs.families
                [&FontFamily::Proportional]
                .iter()
                .map(|name| defs.font_data[name].clone())
                .collect();
            let drawable = |c: char| {
                faces.iter().any(|data| {
                    skrifa::FontRef::from_index(&data.font, data.index)
                        .is_ok_and(|f| skrifa::MetadataProvider::charmap(&f).map(c).is_some())
                })
            };
            let mut chars = code.clone();
            let mut files = Vec::new();
            for dir in ["assets/locales", "scenarios"] {
                super::ftl_files(&root.join(dir), locale.tag(), &mut files);
            }
            for f in files {
                let text = std::fs::read_to_string(&f).expect("a text file");
                chars.extend(text.chars().filter(|c| !c.is_ascii()));
            }
            let missing: Vec<char> = chars.iter().copied().filter(|&c| !drawable(c)).collect();
            assert!(missing.is_empty(), "{locale:?}: no face has {missing:?}");
        }
    }
}

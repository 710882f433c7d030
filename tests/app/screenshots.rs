//! Checks the screenshots the real window took under Xvfb (`.ci/app-tests` makes them and sets
//! `BEDSIDE_SCREENSHOTS`; without it these tests have nothing to look at and pass vacuously).
//!
//! Two checks. Every screen in every language is not blank: many colours, and a good share of
//! pixels away from the background. And CJK text is drawn as glyphs, not tofu: on the `glyphs`
//! screen each character of the language's sample sits in its own cell, followed by an empty
//! cell and a character no bundled font has (drawn as egui's replacement box). Without a CJK
//! face every sample cell would hold that same box; so each sample cell must have ink, differ
//! clearly from the tofu cell, and differ clearly from every other sample cell.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};

use bedside::app::glyphs::{CELL, SAMPLE, cell};
use bedside::app::review::UNTRUSTED_FILL;
use bedside::app::whatif::WHAT_IF_FILL;
use bedside::i18n::{Locale, Texts};
use bedside::report::ui_sources;

struct Image {
    w: usize,
    h: usize,
    rgb: Vec<[u8; 3]>,
}

fn load(path: &Path) -> Image {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{}: not an RGB image", path.display());
    let rgb = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    Image {
        w: info.width as usize,
        h: info.height as usize,
        rgb,
    }
}

fn shots() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("BEDSIDE_SCREENSHOTS")?);
    Some(dir)
}

fn assert_not_blank(path: &Path) {
    let img = load(path);
    assert_eq!(
        (img.w, img.h),
        (1280, 800),
        "{}: window size",
        path.display()
    );
    let mut colours: Vec<[u8; 3]> = img.rgb.clone();
    colours.sort_unstable();
    colours.dedup();
    // The most common colour is the background.
    let mut counts = std::collections::BTreeMap::new();
    for p in &img.rgb {
        *counts.entry(*p).or_insert(0usize) += 1;
    }
    let background = counts.values().max().copied().unwrap_or(0);
    let away = img.rgb.len() - background;
    assert!(
        colours.len() > 200,
        "{}: only {} colours — blank or nearly",
        path.display(),
        colours.len()
    );
    assert!(
        away * 100 > img.rgb.len() * 5,
        "{}: {}% of pixels differ from the background",
        path.display(),
        away * 100 / img.rgb.len()
    );
}

/// Which pixels of a cell are ink (bright on the black glyph screen).
fn ink(img: &Image, k: usize) -> Vec<bool> {
    let (x0, y0) = cell(k);
    let (x0, y0, n) = (x0 as usize, y0 as usize, CELL as usize);
    let mut out = Vec::with_capacity(n * n);
    // Skip the 2-pixel frame drawn around each cell.
    for y in y0 + 2..y0 + n - 2 {
        for x in x0 + 2..x0 + n - 2 {
            let [r, g, b] = img.rgb[y * img.w + x];
            out.push(u32::from(r) + u32::from(g) + u32::from(b) > 3 * 110);
        }
    }
    out
}

fn count(m: &[bool]) -> usize {
    m.iter().filter(|b| **b).count()
}

/// Share of the two glyphs' ink that is not shared, in percent.
fn difference(a: &[bool], b: &[bool]) -> usize {
    let xor = a.iter().zip(b).filter(|(x, y)| x != y).count();
    let union = a.iter().zip(b).filter(|(x, y)| **x || **y).count().max(1);
    xor * 100 / union
}

fn check_glyphs(path: &Path, locale: Locale) {
    let texts = Texts::new(locale, |l| {
        ui_sources().get(&l).cloned().unwrap_or_default()
    });
    let sample: Vec<char> = texts.get(SAMPLE).chars().collect();
    let img = load(path);
    let cells: Vec<Vec<bool>> = (0..sample.len()).map(|k| ink(&img, k)).collect();
    let empty = ink(&img, sample.len());
    let tofu = ink(&img, sample.len() + 1);
    assert_eq!(
        count(&empty),
        0,
        "{}: the empty cell has ink",
        path.display()
    );
    assert!(
        count(&tofu) > 20,
        "{}: the tofu reference drew nothing",
        path.display()
    );
    for (k, c) in cells.iter().enumerate() {
        assert!(
            count(c) > 40,
            "{}: '{}' drew almost nothing",
            path.display(),
            sample[k]
        );
        let d = difference(c, &tofu);
        assert!(
            d > 30,
            "{}: '{}' looks like the missing-glyph box ({d}% different)",
            path.display(),
            sample[k]
        );
        for (j, other) in cells.iter().enumerate().skip(k + 1) {
            let d = difference(c, other);
            assert!(
                d > 30,
                "{}: '{}' and '{}' are drawn alike ({d}% different): boxes, not glyphs",
                path.display(),
                sample[k],
                sample[j]
            );
        }
    }
}

#[test]
fn every_screen_in_every_language_is_drawn() {
    let Some(dir) = shots() else {
        eprintln!("BEDSIDE_SCREENSHOTS not set: nothing to check (run .ci/app-tests)");
        return;
    };
    for screen in [
        "library",
        "lrs",
        "briefing",
        "case",
        "debrief",
        "debrief-novice",
        "review-list",
        "review",
        "review-debrief",
    ] {
        for locale in Locale::ALL {
            assert_not_blank(&dir.join(format!("{screen}-{}.png", locale.tag())));
        }
    }
}

#[test]
fn every_bundled_case_is_played_to_its_debrief_in_every_language() {
    let Some(dir) = shots() else {
        eprintln!("BEDSIDE_SCREENSHOTS not set: nothing to check (run .ci/app-tests)");
        return;
    };
    let cases =
        bedside::scenario::find_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    assert!(
        cases.len() >= 3,
        "the bundled cases were not found: {cases:?}"
    );
    for case in cases {
        let id = case
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a case folder's name");
        for locale in Locale::ALL {
            assert_not_blank(&dir.join(format!("debrief-{id}-{}.png", locale.tag())));
        }
    }
}

#[test]
fn cjk_text_is_drawn_as_glyphs_not_tofu() {
    let Some(dir) = shots() else {
        return;
    };
    for locale in Locale::ALL {
        check_glyphs(&dir.join(format!("glyphs-{}.png", locale.tag())), locale);
    }
}

/// The negative control: the glyph screen drawn without the CJK face (`.ci/app-tests` sets
/// `BEDSIDE_TOFU_CONTROL` to that screenshot) must fail the check.
#[test]
fn the_glyph_check_fails_on_a_screen_drawn_without_the_cjk_font() {
    let Some(path) = std::env::var_os("BEDSIDE_TOFU_CONTROL") else {
        return;
    };
    let path = PathBuf::from(path);
    let caught = std::panic::catch_unwind(|| check_glyphs(&path, Locale::JaJp));
    assert!(caught.is_err(), "tofu passed the glyph check");
}

/// The check itself must be able to fail: a row of identical boxes is caught.
#[test]
fn a_row_of_boxes_fails_the_glyph_check() {
    let boxy: Vec<bool> = (0..64).map(|i| i % 8 == 0 || i < 8).collect();
    assert_eq!(difference(&boxy, &boxy), 0);
    let other: Vec<bool> = (0..64).map(|i| i % 3 == 0).collect();
    assert!(difference(&boxy, &other) > 30);
}

/// The Review screen says plainly when a log cannot be trusted: the altered log's screenshot
/// carries the red banner, the intact one's does not.
#[test]
fn an_altered_log_is_shown_under_the_untrusted_banner_and_an_intact_one_is_not() {
    let Some(dir) = shots() else {
        return;
    };
    let banner = |name: &str| {
        let img = load(&dir.join(name));
        img.rgb.iter().filter(|p| **p == UNTRUSTED_FILL).count()
    };
    let altered = banner("review-untrusted-en-US.png");
    assert!(
        altered > 1200 * 40,
        "the untrusted banner is missing: {altered} pixels of its fill"
    );
    for locale in Locale::ALL {
        let intact = banner(&format!("review-{}.png", locale.tag()));
        assert_eq!(
            intact,
            0,
            "an intact log is shown as untrusted ({})",
            locale.tag()
        );
    }
}

/// A what-if says what it is: its screenshots carry the "What if — not a real session" banner
/// in every language, the debriefs' do not; the progress page (a dozen sessions) is drawn.
#[test]
fn a_what_if_is_shown_under_its_banner_and_the_progress_page_is_drawn() {
    let Some(dir) = shots() else {
        return;
    };
    let banner = |name: &str| {
        let img = load(&dir.join(name));
        img.rgb.iter().filter(|p| **p == WHAT_IF_FILL).count()
    };
    for locale in Locale::ALL {
        let tag = locale.tag();
        assert_not_blank(&dir.join(format!("whatif-{tag}.png")));
        assert_not_blank(&dir.join(format!("progress-{tag}.png")));
        let shown = banner(&format!("whatif-{tag}.png"));
        assert!(
            shown > 1200 * 30,
            "the what-if banner is missing ({tag}): {shown} pixels of its fill"
        );
        assert_eq!(banner(&format!("debrief-{tag}.png")), 0, "{tag}");
    }
}

/// Per pixel, the largest difference of any channel between two images of the same size: how
/// many pixels differ at all, and the largest difference.
fn compare(a: &Image, b: &Image) -> (usize, u8) {
    assert_eq!((a.w, a.h), (b.w, b.h), "sizes differ");
    a.rgb
        .iter()
        .zip(&b.rgb)
        .map(|(p, q)| (0..3).map(|k| p[k].abs_diff(q[k])).max().unwrap_or(0))
        .filter(|d| *d > 0)
        .fold((0, 0), |(n, m), d| (n + 1, m.max(d)))
}

/// On a software renderer the app draws egui with its own, cheaper fragment shader
/// (src/app/egui_shader.rs). `.ci/app-tests` takes the static screens again with bevy_egui's own
/// shader (`BEDSIDE_EGUI_SHADER=reference`) into `reference-shader/`: each must match the app's
/// own screenshot to within one 8-bit level, on at most 1 % of the pixels.
#[test]
fn the_software_renderer_shader_draws_what_bevy_eguis_own_draws() {
    let Some(dir) = shots() else {
        return;
    };
    let reference = dir.join("reference-shader");
    let mut names: Vec<String> = std::fs::read_dir(&reference)
        .unwrap_or_else(|e| panic!("{}: {e}", reference.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".png"))
        .collect();
    names.sort();
    assert!(names.len() >= 7, "reference screenshots missing: {names:?}");
    for name in names {
        let ours = load(&dir.join(&name));
        let theirs = load(&reference.join(&name));
        let (n, max) = compare(&ours, &theirs);
        eprintln!("{name}: {n} pixels differ, by at most {max}");
        assert!(
            max <= 1 && n * 100 <= ours.rgb.len(),
            "{name}: {n} pixels differ from bevy_egui's shader, by up to {max} levels"
        );
    }
}

#[test]
fn the_comparison_sees_a_difference_of_two_levels_on_one_pixel() {
    let grey = |v: u8| Image {
        w: 4,
        h: 2,
        rgb: vec![[v, v, v]; 8],
    };
    let (a, mut b) = (grey(100), grey(100));
    assert_eq!(compare(&a, &b), (0, 0));
    b.rgb[5][1] = 102;
    assert_eq!(compare(&a, &b), (1, 2));
}

//! `bedside new`: a new case folder from a commented template that validates and plays.
//!
//! The template teaches by example (every construct an instructor needs first, with a comment
//! saying why). A case needs the shared drug library and shared texts beside it; when the cases
//! folder has none (a fresh folder), the bundled ones are written there too, so the new case
//! validates wherever it is made.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use bedside::scenario::model::Area;
use bedside::scenario::{Severity, load_case};

use crate::cli::Ctx;

/// Arguments of `bedside new`.
#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// The case id: lowercase letters, digits and hyphens, starting with a letter (it prefixes
    /// every message id of the case).
    pub id: String,
    /// Clinical area: IntensiveCare, Pain, Geriatrics, Diabetes, Heart, Liver, UpperGi, Uterine
    /// or Endoscopy (kebab-case such as intensive-care works too).
    #[arg(long, default_value = "Heart")]
    pub area: String,
}

const SCENARIO: &str = include_str!("template/scenario.ron");
const LOCALES: [(&str, &str); 3] = [
    ("en-US", include_str!("template/locales/en-US.ftl")),
    ("ja-JP", include_str!("template/locales/ja-JP.ftl")),
    ("zh-CN", include_str!("template/locales/zh-CN.ftl")),
];
const SHARED_DRUGS: &str = include_str!("../../../scenarios/drugs.ron");
const SHARED_LOCALES: [(&str, &str); 3] = [
    (
        "en-US",
        include_str!("../../../scenarios/locales/en-US.ftl"),
    ),
    (
        "ja-JP",
        include_str!("../../../scenarios/locales/ja-JP.ftl"),
    ),
    (
        "zh-CN",
        include_str!("../../../scenarios/locales/zh-CN.ftl"),
    ),
];

/// `IntensiveCare`, `intensive-care` or `intensive_care` → the area.
fn parse_area(text: &str) -> Result<Area> {
    let camel: String = text
        .split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    ron::from_str::<Area>(&camel).map_err(|_| {
        anyhow::anyhow!(
            "unknown area '{text}' (use IntensiveCare, Pain, Geriatrics, Diabetes, Heart, Liver, UpperGi, Uterine or Endoscopy)"
        )
    })
}

fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Creates `<cases>/<id>/` and prints what it made and whether it validates (exits 1 if not).
pub fn run(args: &NewArgs, ctx: &Ctx) -> Result<ExitCode> {
    let cases = &ctx.cases;
    let id = &args.id;
    if !valid_id(id) {
        bail!(
            "'{id}' is not a usable case id: use lowercase letters, digits and hyphens, starting with a letter"
        );
    }
    let area = parse_area(&args.area)?;
    let dir = cases.join(id);
    if dir.exists() {
        bail!("{} already exists: choose another id", dir.display());
    }
    let fill = |t: &str| {
        t.replace("{{id}}", id)
            .replace("{{area}}", &format!("{area:?}"))
            .replace("{{folder}}", &dir.display().to_string())
    };
    let mut made = Vec::new();
    let drugs = cases.join("drugs.ron");
    if !drugs.exists() {
        write_new(&drugs, SHARED_DRUGS)?;
        made.push(format!("{} (the shared drug library)", drugs.display()));
    }
    for (tag, text) in SHARED_LOCALES {
        let p = cases.join("locales").join(format!("{tag}.ftl"));
        if !p.exists() {
            write_new(&p, text)?;
            made.push(format!("{} (shared texts)", p.display()));
        }
    }
    write_new(&dir.join("scenario.ron"), &fill(SCENARIO))?;
    made.push(dir.join("scenario.ron").display().to_string());
    for (tag, text) in LOCALES {
        let p = dir.join("locales").join(format!("{tag}.ftl"));
        write_new(&p, &fill(text))?;
        made.push(p.display().to_string());
    }
    for m in &made {
        println!("created {m}");
    }
    match load_case(&dir) {
        Ok(loaded) => {
            println!(
                "ok {} ({} v{})",
                dir.display(),
                id,
                loaded.case.scenario.version
            );
            for w in bedside::lint::lint(&loaded) {
                if w.severity == Severity::Warning {
                    println!("{w}");
                }
            }
            println!(
                "next: edit {}, then `bedside validate {}` and `bedside test {}`",
                dir.join("scenario.ron").display(),
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(diags) => {
            // The shared library beside it is not the bundled one and lacks what the template uses.
            for d in &diags {
                println!("{d}");
            }
            println!(
                "the new case does not validate against the drug library and texts in {}: adjust it or them",
                cases.display()
            );
            Ok(ExitCode::from(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_parse_in_either_spelling() {
        assert_eq!(parse_area("IntensiveCare").unwrap(), Area::IntensiveCare);
        assert_eq!(parse_area("intensive-care").unwrap(), Area::IntensiveCare);
        assert_eq!(parse_area("upper_gi").unwrap(), Area::UpperGi);
        assert!(parse_area("cardiology").is_err());
    }

    #[test]
    fn case_ids_must_make_fluent_message_ids() {
        assert!(valid_id("ward-hypoxia2"));
        assert!(!valid_id("2ward"));
        assert!(!valid_id("Ward"));
        assert!(!valid_id("ward_hypoxia"));
        assert!(!valid_id("ward-"));
    }
}

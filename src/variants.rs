//! Seeded variants of golden paths: the same scripted trainee played against many patients.
//!
//! A golden path is played with one seed, so it checks one patient. Drug sensitivity, responder
//! traits and noise vary with the seed, and a rubric should score the same decisions much the
//! same on every patient, and keep the expert's worst day above the novice's best. `bedside test
//! --cohort N` plays N seeds of each path and reports the spread of its scores and that gap.

use std::sync::Arc;

use crate::i18n::Locale;
use crate::log::Clock;
use crate::scenario::Case;
use crate::scenario::model::GoldenPath;
use crate::session::{self, SessionError, SessionInfo};

/// One variant's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub seed: u64,
    pub percent: u32,
    pub passed: bool,
    /// Whether the path's expectation (pass/fail and score band) held for this patient.
    pub as_expected: bool,
}

/// The scores of one golden path over a cohort of seeded patients.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSpread {
    pub path: String,
    /// The path is expected to pass: an expert's play. Otherwise a novice's.
    pub expert: bool,
    pub variants: Vec<Variant>,
}

impl PathSpread {
    pub fn mean(&self) -> f64 {
        let n = self.variants.len().max(1) as f64;
        self.variants
            .iter()
            .map(|v| f64::from(v.percent))
            .sum::<f64>()
            / n
    }
    /// Population standard deviation of the percentages.
    pub fn sd(&self) -> f64 {
        let m = self.mean();
        let n = self.variants.len().max(1) as f64;
        (self
            .variants
            .iter()
            .map(|v| (f64::from(v.percent) - m).powi(2))
            .sum::<f64>()
            / n)
            .sqrt()
    }
    pub fn lowest(&self) -> Option<&Variant> {
        self.variants.iter().min_by_key(|v| (v.percent, v.seed))
    }
    pub fn highest(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .max_by_key(|v| (v.percent, std::cmp::Reverse(v.seed)))
    }
    pub fn passed(&self) -> usize {
        self.variants.iter().filter(|v| v.passed).count()
    }
    pub fn as_expected(&self) -> usize {
        self.variants.iter().filter(|v| v.as_expected).count()
    }
}

/// Plays `n` seeds of a golden path: its own seed, then the next `n − 1`.
pub fn play_variants(case: &Arc<Case>, g: &GoldenPath, n: u32) -> Result<PathSpread, SessionError> {
    let script = g.script();
    let mut variants = Vec::new();
    for k in 0..u64::from(n) {
        let seed = g.seed.wrapping_add(k);
        let info = SessionInfo {
            seed,
            trainee: format!("golden:{}", g.id),
            locale: Locale::EnUs,
            clock: Clock::Scripted { start_ms: 0 },
        };
        let s = session::play(Arc::clone(case), &script, &info, None)?;
        let Some(r) = s.score() else { continue };
        variants.push(Variant {
            seed,
            percent: r.percent,
            passed: r.passed,
            as_expected: session::check_expectation(&g.expect, r).is_empty(),
        });
    }
    Ok(PathSpread {
        path: g.id.clone(),
        expert: g.expect.pass,
        variants,
    })
}

/// How far apart the rubric puts expert and novice play over a cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct Separation {
    /// The lowest score of any expert path: (path, seed, percent).
    pub expert_low: (String, u64, u32),
    /// The highest score of any novice path.
    pub novice_high: (String, u64, u32),
    /// The sides were chosen by name (paths called `expert…` against paths called `novice…`),
    /// not by expectation (every path expected to pass against every path expected to fail).
    pub by_name: bool,
}

impl Separation {
    /// Percentage points between the expert's worst and the novice's best; ≤ 0 means the rubric
    /// lets some novice play score as well as some expert play.
    pub fn gap(&self) -> i64 {
        i64::from(self.expert_low.2) - i64::from(self.novice_high.2)
    }
}

/// The separation of a case's paths.
///
/// When the case has paths whose ids begin with `expert` and paths whose ids begin with
/// `novice`, those are the two sides: the expert–novice gap an author is asked for. A case's
/// hostile paths (every box ticked, then a thousand-fold dose) are expected to fail yet score
/// high on purpose — the verdict, not the percentage, fails them — so counting them as "novice
/// play" would report an overlap that is the design. Without such names, every path expected to
/// pass is set against every path expected to fail.
pub fn separation(spreads: &[PathSpread]) -> Option<Separation> {
    let named = |prefix: &str| spreads.iter().any(|s| s.path.starts_with(prefix));
    let by_name = named("expert") && named("novice");
    let side = |s: &PathSpread, expert: bool| {
        if by_name {
            s.path.starts_with(if expert { "expert" } else { "novice" })
        } else {
            s.expert == expert
        }
    };
    let pick = |expert: bool, low: bool| {
        spreads
            .iter()
            .filter(|s| side(s, expert))
            .filter_map(|s| {
                let v = if low { s.lowest() } else { s.highest() }?;
                Some((s.path.clone(), v.seed, v.percent))
            })
            .reduce(|a, b| {
                let better = if low { b.2 < a.2 } else { b.2 > a.2 };
                if better { b } else { a }
            })
    };
    Some(Separation {
        expert_low: pick(true, true)?,
        novice_high: pick(false, false)?,
        by_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(path: &str, expert: bool, percents: &[u32]) -> PathSpread {
        PathSpread {
            path: path.into(),
            expert,
            variants: percents
                .iter()
                .enumerate()
                .map(|(k, &percent)| Variant {
                    seed: k as u64 + 1,
                    percent,
                    passed: expert,
                    as_expected: true,
                })
                .collect(),
        }
    }

    #[test]
    fn paths_named_expert_and_novice_are_the_two_sides() {
        // A hostile path expected to fail scores 97 % on purpose (its ceiling fails it): it is
        // not novice play, and an accepted alternative is not the expert either.
        let spreads = [
            spread("expert", true, &[100, 94]),
            spread("alt_reoperation", true, &[88]),
            spread("novice", false, &[10, 12]),
            spread("h_tenfold", false, &[97]),
        ];
        let sep = separation(&spreads).unwrap();
        assert!(sep.by_name);
        assert_eq!(sep.expert_low, ("expert".into(), 2, 94));
        assert_eq!(sep.novice_high, ("novice".into(), 2, 12));
        assert_eq!(sep.gap(), 82);
    }

    #[test]
    fn without_those_names_expectations_decide_the_sides() {
        let spreads = [
            spread("good", true, &[90]),
            spread("bad", false, &[40]),
            spread("h_tenfold", false, &[97]),
        ];
        let sep = separation(&spreads).unwrap();
        assert!(!sep.by_name);
        assert_eq!(sep.novice_high, ("h_tenfold".into(), 1, 97));
        assert_eq!(sep.gap(), -7);
        assert_eq!(separation(&spreads[..1]), None, "no novice side");
    }
}

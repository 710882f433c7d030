//! xAPI statements for one session: `completed` and `passed`/`failed` for the session as a
//! whole, then one `interacted` per decision.

use std::path::Path;

use serde_json::{Value, json};

use super::{Verdicts, XapiError};
use crate::cohort::iso_timestamp;
use crate::log::{Header, Session, Skim};
use crate::rubric::{CriterionResult, ScoreReport};
use crate::sim::Record;

/// How the LRS is to know the trainee and name the activities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The `homePage` of the trainee's account (the programme's or hospital's system where the
    /// trainee ids in the logs are issued).
    pub home_page: String,
    /// Prefix of activity ids and extension keys (an IRI), default `urn:bedside`.
    pub base: String,
}

impl Default for Identity {
    fn default() -> Identity {
        Identity {
            home_page: "urn:bedside:trainees".into(),
            base: "urn:bedside".into(),
        }
    }
}

/// The namespace of Bedside's name-based UUIDs: the version 5 UUID of the URL
/// `urn:bedside:xapi` in the RFC 9562 URL namespace (so anyone can recompute it).
fn namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"urn:bedside:xapi")
}

/// A deterministic statement id: the RFC 4122 / RFC 9562 name-based (version 5, SHA-1) UUID of
/// `last_hash:index` in Bedside's namespace. The same log always gives the same ids. (Before
/// issue 22 these were version 8 UUIDs, which strict xAPI validators reject: RFC 4122, which
/// xAPI 1.0.3 points to, defines versions 1 to 5.)
pub fn statement_id(last_hash: &str, index: usize) -> String {
    uuid::Uuid::new_v5(&namespace(), format!("{last_hash}:{index}").as_bytes())
        .hyphenated()
        .to_string()
}

/// The session's registration: one UUID shared by all its statements, from what identifies
/// the session in its header (stable while the log grows).
pub fn registration(s: &Session) -> String {
    registration_of(&s.header)
}

/// [`registration`] from the header.
fn registration_of(h: &Header) -> String {
    statement_id(
        &format!(
            "{}|{}|{}|{}|{}",
            h.scenario_id, h.trainee, h.started_ms, h.seed, h.content_hash
        ),
        0,
    )
}

/// File name of the session's batch in the outbox: its start time (so that batches sort oldest
/// first) and its log's final hash (so that only the same log gives the same name: a second log
/// with the same header fields no longer replaces a queued one).
pub fn batch_name(s: &Session) -> String {
    format!("{}-{}", s.header.started_ms, s.last_hash)
}

/// ISO 8601 duration of a number of milliseconds (`PT1H2M3.5S`).
pub fn iso_duration(ms: u64) -> String {
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = "PT".to_string();
    if h > 0 {
        out += &format!("{h}H");
    }
    if m > 0 {
        out += &format!("{m}M");
    }
    if frac > 0 {
        let f = format!("{frac:03}");
        out += &format!("{s}.{}S", f.trim_end_matches('0'));
    } else if s > 0 || (h == 0 && m == 0) {
        out += &format!("{s}S");
    }
    out
}

fn verb(name: &str) -> Value {
    json!({ "id": format!("http://adlnet.gov/expapi/verbs/{name}"), "display": { "en-US": name } })
}

/// Every statement of a finished session, session statements first, in log order. The log at
/// `path` is named only in errors. The verdict is `verdicts`' (re-derived), never the score
/// line's: a log whose score line was edited is refused here with the line.
pub fn statements(
    path: &Path,
    s: &Session,
    id: &Identity,
    verdicts: &mut dyn Verdicts,
) -> Result<Vec<Value>, XapiError> {
    if s.score_report(path)?.is_none() {
        return Err(XapiError::Unfinished(path.to_path_buf()));
    }
    let score = verdicts.verdict(path, s).map_err(XapiError::Verdict)?;
    let h = &s.header;
    let end = End {
        wall_ms: s.wall_ms.last().copied().unwrap_or(h.started_ms),
        t: s.records.last().map_or(0, Record::t),
    };
    let records = s.records.iter().enumerate().map(|(i, r)| {
        let wall = s.wall_ms.get(i).copied().unwrap_or(h.started_ms);
        (i + 2, wall, r)
    });
    let mut out = Vec::new();
    make(h, &s.last_hash, end, &score, id, records, |v| {
        out.push(v);
        Ok::<(), XapiError>(())
    })?;
    Ok(out)
}

/// [`statements`] for a log read as a stream ([`crate::log::skim`]), with the same errors in
/// the same order; `verdict` re-derives the session's verdict.
pub fn statements_skimmed(
    path: &Path,
    s: &Skim,
    id: &Identity,
    verdict: impl FnOnce(&Path, &Skim) -> Result<ScoreReport, String>,
) -> Result<Vec<Value>, XapiError> {
    let score = verdict_of_skimmed(path, s, verdict)?;
    let records = (s.kept.iter().zip(&s.kept_lines).zip(&s.kept_wall_ms))
        .map(|((r, line), wall)| (*line, *wall, r));
    let mut out = Vec::new();
    make_each(s, &score, id, records, |v| {
        out.push(v);
        Ok::<(), XapiError>(())
    })?;
    Ok(out)
}

/// The re-derived verdict of a skimmed log whose statements are to be made: the checks and
/// errors of [`statements_skimmed`] before any statement.
pub fn verdict_of_skimmed(
    path: &Path,
    s: &Skim,
    verdict: impl FnOnce(&Path, &Skim) -> Result<ScoreReport, String>,
) -> Result<ScoreReport, XapiError> {
    if s.score
        .as_ref()
        .map(|l| l.report(path))
        .transpose()?
        .is_none()
    {
        return Err(XapiError::Unfinished(path.to_path_buf()));
    }
    verdict(path, s).map_err(XapiError::Verdict)
}

/// [`statements_skimmed`] for a log of any length, one statement at a time: the decisions are
/// read again from the log as a stream (the skim need keep nothing, [`crate::log::skim_bare`]),
/// and each statement is handed to `emit` as it is made, so that nothing grows with the log.
/// `score` is the log's re-derived verdict ([`verdict_of_skimmed`]). The same statements, in
/// the same order.
pub fn each_statement_streamed<E: From<XapiError>>(
    path: &Path,
    s: &Skim,
    id: &Identity,
    score: &ScoreReport,
    mut emit: impl FnMut(Value) -> Result<(), E>,
) -> Result<(), E> {
    let mut records = crate::log::skim_records(path, s).map_err(|e| E::from(e.into()))?;
    let mut failed = None;
    let stream = std::iter::from_fn(|| match records.next()? {
        Ok(r) => Some(r),
        Err(e) => {
            failed = Some(e);
            None
        }
    });
    make_each(s, score, id, stream, &mut emit)?;
    match failed {
        Some(e) => Err(E::from(e.into())),
        None => Ok(()),
    }
}

/// [`make`] of a skimmed log's header, last hash and end.
fn make_each<R: std::borrow::Borrow<Record>, E>(
    s: &Skim,
    score: &ScoreReport,
    id: &Identity,
    records: impl Iterator<Item = (usize, u64, R)>,
    emit: impl FnMut(Value) -> Result<(), E>,
) -> Result<(), E> {
    let h = &s.header;
    let end = End {
        wall_ms: s.last_wall_ms.unwrap_or(h.started_ms),
        t: s.last_t,
    };
    make(h, &s.last_hash, end, score, id, records, emit)
}

/// Where a session ended: the last record line's wall-clock time and simulated time.
struct End {
    wall_ms: u64,
    t: u64,
}

/// The statements of a finished session whose verdict is `score`, each handed to `emit` in
/// order; `records` gives each record (at least every decision and refusal) with its log line
/// and wall-clock time, in log order. Stops at `emit`'s first error.
fn make<R: std::borrow::Borrow<Record>, E>(
    h: &Header,
    last_hash: &str,
    end: End,
    score: &ScoreReport,
    id: &Identity,
    records: impl Iterator<Item = (usize, u64, R)>,
    mut emit: impl FnMut(Value) -> Result<(), E>,
) -> Result<(), E> {
    let base = &id.base;
    let ext = |k: &str| format!("{base}:xapi:{k}");
    let case_iri = format!("{base}:case:{}", h.scenario_id);
    let version_iri = format!("{case_iri}:version:{}", h.scenario_version);
    let case_activity = json!({
        "objectType": "Activity",
        "id": case_iri,
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/simulation",
            "name": { "en-US": format!("Bedside case {}", h.scenario_id) },
        },
    });
    let version_activity = json!({
        "objectType": "Activity",
        "id": version_iri,
        "definition": {
            "name": { "en-US": format!("{} version {}", h.scenario_id, h.scenario_version) },
        },
    });
    let actor = json!({
        "objectType": "Agent",
        "account": { "homePage": id.home_page, "name": h.trainee },
    });
    let mut context = json!({
        "registration": registration_of(h),
        "platform": h.program,
        "language": h.locale,
        "contextActivities": {
            "parent": [case_activity.clone()],
            "grouping": [version_activity],
        },
        "extensions": {
            ext("log-sha256"): last_hash,
            ext("content-sha256"): h.content_hash,
            ext("seed"): h.seed,
        },
    });
    // Only logs that name their hospital carry it, so statements of older logs stay identical.
    if let Some(site) = &h.hospital {
        context["extensions"][ext("hospital")] = json!(site);
    }
    let (end_wall, end_t) = (end.wall_ms, end.t);
    let duration = iso_duration(end_wall.saturating_sub(h.started_ms));
    let scaled = if score.available > 0 {
        f64::from(score.earned) / f64::from(score.available)
    } else {
        0.0
    };
    let session_ext = json!({
        ext("log-sha256"): last_hash,
        ext("simulated-seconds"): end_t,
        ext("final-state"): score.final_state,
        ext("percent"): score.percent,
        ext("pass-mark"): score.pass_mark,
    });
    emit(json!({
        "id": statement_id(last_hash, 0),
        "actor": actor,
        "verb": verb("completed"),
        "object": case_activity,
        "result": {
            "completion": true,
            "duration": duration,
            "extensions": session_ext,
        },
        "context": context,
        "timestamp": iso_timestamp(end_wall),
    }))?;
    emit(json!({
        "id": statement_id(last_hash, 1),
        "actor": actor,
        "verb": verb(if score.passed { "passed" } else { "failed" }),
        "object": case_activity,
        "result": {
            "score": {
                "scaled": (scaled * 10_000.0).round() / 10_000.0,
                "raw": score.earned,
                "min": 0,
                "max": score.available,
            },
            "success": score.passed,
            "completion": true,
            "duration": duration,
            "extensions": verdict_extensions(&session_ext, &ext, score, h.started_ms),
        },
        "context": context,
        "timestamp": iso_timestamp(end_wall),
    }))?;
    let mut n = 2;
    for (line, wall, r) in records {
        let (t, order, refused) = match r.borrow() {
            Record::Decision { t, order, .. } => (*t, order, None),
            Record::Refused { t, order, reason } => (*t, order, Some(reason)),
            _ => continue,
        };
        let mut result = json!({
            "extensions": {
                ext("simulated-seconds"): t,
                ext("simulated-time"): iso_duration(t * 1000),
                ext("order"): order,
                ext("log-line"): line,
            },
        });
        if let Some(reason) = refused {
            result["success"] = json!(false);
            result["response"] = json!(format!("refused: {reason}"));
        }
        emit(json!({
            "id": statement_id(last_hash, n),
            "actor": actor,
            "verb": verb("interacted"),
            "object": {
                "objectType": "Activity",
                "id": format!("{case_iri}:action:{}", iri_segment(&order.action)),
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/interaction",
                    "name": { "en-US": order.action },
                },
            },
            "result": result,
            "context": context,
            "timestamp": iso_timestamp(wall),
        }))?;
        n += 1;
    }
    Ok(())
}

/// The verdict statement's result extensions: the session's, plus every criterion's outcome
/// (`…:xapi:criteria`), so that a report built from the LRS alone
/// (`crate::cohort::lrs`) has the per-criterion figures a report from the logs has.
/// The session's start goes with them (`…:xapi:started`), as the report's date.
fn verdict_extensions(
    session_ext: &Value,
    ext: &dyn Fn(&str) -> String,
    score: &ScoreReport,
    started_ms: u64,
) -> Value {
    let mut out = session_ext.clone();
    out[ext("criteria")] = Value::Array(score.criteria.iter().map(criterion_outcome).collect());
    out[ext("started")] = json!(iso_timestamp(started_ms));
    out
}

/// The extensions [`verdict_extensions`] adds, by name (under `…:xapi:`).
const VERDICT_ONLY: [&str; 2] = ["criteria", "started"];

/// `statements` as a Bedside from before the `criteria` extension made them: a batch it queued
/// (still in an outbox when the program was updated) is the same session and may still be sent.
pub(super) fn before_criteria(statements: &[Value], base: &str) -> Vec<Value> {
    let mut out = statements.to_vec();
    for st in &mut out {
        if let Some(m) = st
            .pointer_mut("/result/extensions")
            .and_then(Value::as_object_mut)
        {
            for k in VERDICT_ONLY {
                m.remove(&format!("{base}:xapi:{k}"));
            }
        }
    }
    out
}

/// One criterion as the `criteria` extension carries it: `id`, `weight` (`critical`, `major`,
/// `minor`), `status` (`met`, `missed`, `harmful`, `not_applicable`), `earned`, `points`.
fn criterion_outcome(c: &CriterionResult) -> Value {
    json!({
        "id": c.id,
        "weight": format!("{:?}", c.weight).to_lowercase(),
        "status": c.status,
        "earned": c.earned,
        "points": c.points,
    })
}

/// Percent-encodes what may not appear in an IRI path segment (action ids are plain in every
/// bundled case, but a case is authored text).
fn iri_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out += &format!("%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_ids_are_version_5_uuids_and_stable() {
        let a = statement_id("abc", 3);
        assert_eq!(a, statement_id("abc", 3));
        assert_ne!(a, statement_id("abc", 4));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "5");
        assert!("89ab".contains(&a[19..20]));
        // Fixed forever (changing them would change every id already sent); the values are
        // Python's uuid.uuid5(uuid.NAMESPACE_URL, "urn:bedside:xapi") and uuid5(that, "abc:3").
        assert_eq!(
            namespace().to_string(),
            "87738dfe-49ce-5d53-b1b4-56dcc6ae57b5"
        );
        assert_eq!(a, "6e75ea08-ceee-572e-8b13-b65a576f64ac");
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(3_723_500), "PT1H2M3.5S");
        assert_eq!(iso_duration(120_000), "PT2M");
        assert_eq!(iso_duration(1_001), "PT1.001S");
    }
}

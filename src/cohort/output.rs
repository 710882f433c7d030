//! Where a report may write: never over one of its inputs, nor over anything that looks like a
//! decision log. `report --csv victim.jsonl …` used to overwrite a log silently (one of its own
//! inputs, even); a log is the record an assessor trusts, so it is never an output.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Why an output path was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OutputError {
    #[error("{0}: refusing to write the report over one of its input logs; choose another file")]
    IsInput(PathBuf),
    #[error(
        "{0}: refusing to write the report over what looks like a decision log (its first line is a Bedside log header); choose another file"
    )]
    LooksLikeLog(PathBuf),
    #[error("{0}: given for two outputs; each needs its own file")]
    Twice(PathBuf),
}

/// How much of a file's first line is read to tell whether it is a log header.
const HEADER_PROBE_BYTES: u64 = 1 << 20;

/// Whether `a` and `b` name the same existing file (through symlinks, `..` or hard links).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Whether the regular file at `path` starts with a Bedside log header line (a JSON object whose
/// `header` names a case). Only the first line is read, at most 1 MiB of it.
pub fn looks_like_log(path: &Path) -> bool {
    if crate::files::check_regular(path).is_err() {
        return false;
    }
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    let mut line = Vec::new();
    if BufReader::new(f.take(HEADER_PROBE_BYTES))
        .read_until(b'\n', &mut line)
        .is_err()
    {
        return false;
    }
    serde_json::from_slice::<serde_json::Value>(&line)
        .ok()
        .and_then(|v| v.get("header").cloned())
        .is_some_and(|h| h.get("scenario_id").is_some())
}

/// Checks the report's output files (`None`: not asked for) against its input logs: none may be
/// an input, look like a decision log, or be given twice.
pub fn check_outputs(outputs: &[Option<&Path>], inputs: &[PathBuf]) -> Result<(), OutputError> {
    let outputs: Vec<&Path> = outputs.iter().flatten().copied().collect();
    for (k, out) in outputs.iter().enumerate() {
        if inputs.iter().any(|i| i == out || same_file(i, out)) {
            return Err(OutputError::IsInput(out.to_path_buf()));
        }
        if looks_like_log(out) {
            return Err(OutputError::LooksLikeLog(out.to_path_buf()));
        }
        if outputs[..k].iter().any(|o| o == out || same_file(o, out)) {
            return Err(OutputError::Twice(out.to_path_buf()));
        }
    }
    Ok(())
}

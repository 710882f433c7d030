//! The logs a cohort command is given: files as named, and folders standing for every `*.jsonl`
//! file below them. 100,000 paths do not fit on a command line (the kernel's limit on
//! arguments is about 2 MB), so an assessor names the folder instead.

use std::path::{Path, PathBuf};

/// Why the inputs could not be listed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot list the folder: {source}")]
pub struct ListError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// `paths` with each folder replaced by the `*.jsonl` files below it (at any depth, in the
/// order of their paths, so that the same folder always gives the same order). Other paths
/// are kept as given, for the command to read or refuse.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ListError> {
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ListError> {
    let err = |source| ListError {
        path: dir.to_path_buf(),
        source,
    };
    for e in std::fs::read_dir(dir).map_err(err)? {
        let e = e.map_err(err)?;
        let p = e.path();
        let ty = e.file_type().map_err(err)?;
        if ty.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "jsonl") {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_stand_for_their_logs_in_path_order() {
        let d = std::env::temp_dir().join(format!("bedside-inputs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("b")).unwrap();
        for f in ["z.jsonl", "a.jsonl", "notes.txt", "b/m.jsonl"] {
            std::fs::write(d.join(f), "").unwrap();
        }
        let given = PathBuf::from("x.jsonl");
        let got = expand(&[given.clone(), d.clone()]).unwrap();
        assert_eq!(
            got,
            vec![
                given,
                d.join("a.jsonl"),
                d.join("b/m.jsonl"),
                d.join("z.jsonl")
            ]
        );
        std::fs::remove_dir_all(&d).unwrap();
    }
}

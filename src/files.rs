//! Reading the files and folders users hand to Bedside (case folders, drug libraries, `.ftl`
//! files, logs) as a hostile user might have prepared them: only regular files are opened (a
//! FIFO named `en-US.ftl` would block the reader forever), each up to a size cap (`/dev/zero`
//! as a drug library would be read until memory runs out), and folders are walked with each
//! real directory visited once (two symlinks `a -> .` and `b -> .` would otherwise make the walk
//! exponential).

use std::collections::BTreeSet;
use std::fs::{File, FileType};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The most Bedside reads from one case file (`scenario.ron`, a drug library, an `.ftl` file).
/// The largest bundled one is well under 1 MiB; a case with 200,000 states fits.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// How deep a folder walk goes (symlinks to other places included) before it stops.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a regular file (a {0}): only plain files are read")]
    NotRegular(&'static str),
    #[error("larger than {} MiB, the most Bedside reads from one file", .0 >> 20)]
    TooLarge(u64),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn kind(t: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "FIFO";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if t.is_dir() { "folder" } else { "special file" }
}

/// Reads the regular file at `path` (symlinks followed), at most `cap` bytes. The type is
/// checked before opening, since opening a FIFO for reading already blocks.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta.file_type())));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    let f = File::open(path)?;
    // Swapped for something else between the check and the open?
    let opened = f.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular(kind(&opened.file_type())));
    }
    let mut buf = Vec::with_capacity(usize::try_from(opened.len().min(cap)).unwrap_or(0));
    // A file that grows while being read stops at the cap too.
    f.take(cap + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(buf)
}

/// [`read_capped`] with [`MAX_FILE_BYTES`], as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = read_capped(path, MAX_FILE_BYTES)?;
    String::from_utf8(bytes)
        .map_err(|e| ReadError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Checks that `path` is a regular file (symlinks followed) without opening it. (A log named
/// explicitly on the command line is read as given, pipes included; folders of logs are
/// filtered to regular files.)
pub fn check_regular(path: &Path) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(ReadError::NotRegular(kind(&meta.file_type())))
    }
}

/// Real directories already walked: a folder is entered once however many symlinks lead to it.
#[derive(Debug, Default)]
pub struct Visited(BTreeSet<PathBuf>);

impl Visited {
    /// Whether `dir` is new (and marks it walked); a folder that cannot be resolved is not.
    pub fn first_time(&mut self, dir: &Path) -> bool {
        match std::fs::canonicalize(dir) {
            Ok(real) => self.0.insert(real),
            Err(_) => false,
        }
    }
}

/// The sub-folders of `dir` (symlinks followed), sorted by path.
pub fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_refused_before_reading() {
        let e = read_capped(Path::new("/dev/zero"), MAX_FILE_BYTES).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
        let e = read_capped(Path::new("/"), MAX_FILE_BYTES).unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
    }
}

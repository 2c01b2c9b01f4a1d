//! The one way claimcheck reads a file: notes, articles and config alike.
//!
//! Only regular files are read. The file is opened without blocking
//! (`O_NONBLOCK`, so a FIFO never waits for a writer) and its type is
//! checked on the opened handle, so a FIFO, a device node or a socket
//! swapped in between a check and the open is still refused. The read is
//! bounded: a file larger than its limit is refused before any byte is read,
//! and a file that grows while it is read stops at the limit.
//!
//! Whether a path may be read at all (inside the workspace, links resolved)
//! is [`inside`]; every caller asks both.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest notes file read: 64 MiB (about 1.5 million claims).
pub const MAX_NOTES_BYTES: u64 = 64 << 20;
/// The largest article read: 64 MiB.
pub const MAX_ARTICLE_BYTES: u64 = 64 << 20;
/// The largest `claimcheck.toml` read: 1 MiB.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a regular file: what it is instead ("a folder", "a named pipe").
    NotAFile(&'static str),
    /// Larger than the limit.
    TooLarge { size: u64, limit: u64 },
    /// The file system's own error.
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "it is {} MiB, over the limit of {} MiB",
                size.div_ceil(1 << 20),
                limit >> 20
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a link";
    }
    "not a regular file"
}

fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO with no writer returns at once.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads the regular file at `path`, at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // A cheap refusal before open: a device or FIFO is never opened.
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(meta.file_type())));
    }
    let file = open_nonblocking(path).map_err(|e| ReadError::Io(e.to_string()))?;
    // The type again, on the handle: what was opened is what is read.
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // One byte over the limit tells a file that grew past it.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a regular file as UTF-8 text, at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read_regular(path, limit).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not valid UTF-8 (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// `path` with links resolved, when that lies inside one of `roots`
/// (themselves resolved). `None` for a path outside every root, or one that
/// cannot be resolved.
pub fn inside(path: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let real = std::fs::canonicalize(path).ok()?;
    roots
        .iter()
        .any(|r| {
            let r = std::fs::canonicalize(r).unwrap_or_else(|_| r.clone());
            real.starts_with(&r)
        })
        .then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_and_refuses_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "hello").unwrap();
        assert_eq!(read_regular(&file, 100).unwrap(), b"hello");
        assert_eq!(
            read_regular(dir.path(), 100),
            Err(ReadError::NotAFile("a folder"))
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "0123456789").unwrap();
        assert_eq!(
            read_regular(&file, 9),
            Err(ReadError::TooLarge { size: 10, limit: 9 })
        );
        assert_eq!(read_regular(&file, 10).unwrap().len(), 10);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_reading() {
        // /dev/zero would be read without end.
        assert_eq!(
            read_regular(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotAFile("a device"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            read_regular(&fifo, 1 << 20),
            Err(ReadError::NotAFile("a named pipe"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn inside_resolves_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let outside = dir.path().join("outside.claims");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(&outside, "x").unwrap();
        std::fs::write(root.join("in.claims"), "x").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("link.claims")).unwrap();
        let roots = vec![root.clone()];
        assert!(inside(&root.join("in.claims"), &roots).is_some());
        assert_eq!(inside(&root.join("link.claims"), &roots), None);
        assert_eq!(inside(&root.join("missing.claims"), &roots), None);
    }
}

//! The file-system side: finds notes files, the articles folder of each,
//! and `claimcheck.toml`, and reads them into an analysis [`Workspace`].
//! The CLI and the server load workspaces the same way, through here.

use crate::analysis::article::{article_id, is_article_name, Article, ArticleError};
use crate::analysis::syntax::parse_notes;
use crate::analysis::{Config, SourceSet, SourcesLink, Workspace};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "claimcheck.toml";

/// Every `*.claims` file under `paths` (files are taken as given), sorted.
pub fn find_notes(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_file() {
            out.push(path.clone());
        } else {
            walk(path, &mut out);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, out);
            }
        } else if kind.is_file() && name.ends_with(".claims") {
            out.push(path);
        }
    }
}

/// The folder a file is in; `.` for a bare file name.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The nearest `claimcheck.toml` at or above `start`.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        parent_dir(start)
    } else {
        start
    };
    let start = std::path::absolute(start).ok()?;
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

pub fn read_config(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// An articles folder and, when `@sources` named it, that directive's range.
pub type SourcesDir = (PathBuf, Option<std::ops::Range<usize>>);

/// Where a notes file's articles are, by precedence: `--sources`, the
/// file's `@sources`, `sources` in the nearest `claimcheck.toml`, the
/// nearest `sources/` folder. Returns the folder and, when it came from
/// `@sources`, that directive's range.
pub fn sources_dir(
    notes: &Path,
    directive: Option<&crate::analysis::syntax::Spanned>,
    override_dir: Option<&Path>,
) -> Result<Option<SourcesDir>, String> {
    if let Some(dir) = override_dir {
        return Ok(Some((dir.to_path_buf(), None)));
    }
    let parent = parent_dir(notes);
    if let Some(d) = directive {
        return Ok(Some((parent.join(&d.text), Some(d.range.clone()))));
    }
    Ok(default_sources(parent)?.map(|d| (d, None)))
}

/// The articles folder of notes files in `dir` that name none themselves:
/// `sources` in the nearest `claimcheck.toml`, else the nearest `sources/`.
fn default_sources(dir: &Path) -> Result<Option<PathBuf>, String> {
    if let Some(config_path) = find_config(dir) {
        let config = read_config(&config_path)?;
        if let Some(sources) = config.sources {
            let base = config_path.parent().unwrap_or(Path::new("."));
            return Ok(Some(base.join(sources)));
        }
    }
    let abs = std::path::absolute(dir).map_err(|e| e.to_string())?;
    Ok(abs
        .ancestors()
        .map(|d| d.join("sources"))
        .find(|d| d.is_dir()))
}

/// A path for messages: relative to the working directory when inside it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match cwd.as_deref().and_then(|c| abs.strip_prefix(c).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.display().to_string(),
    }
}

/// How paths are named in the workspace: relative to the working
/// directory for the CLI's messages, absolute for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Naming {
    #[default]
    Relative,
    Absolute,
}

impl Naming {
    pub fn name(self, path: &Path) -> String {
        match self {
            Naming::Relative => display_path(path),
            Naming::Absolute => normalise(path).display().to_string(),
        }
    }
}

/// Reads every article of `dir`. Nothing outside `dir` is read: links that
/// point out of it are reported, not followed.
pub fn load_set(dir: &Path) -> SourceSet {
    load_set_named(dir, Naming::Relative)
}

pub fn load_set_named(dir: &Path, naming: Naming) -> SourceSet {
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    // (name, path, whether the folder lists it as a plain file).
    let mut entries: Vec<(String, PathBuf, bool)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    let plain = e.file_type().is_ok_and(|t| t.is_file());
                    is_article_name(&name).then(|| (name, e.path(), plain))
                })
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    let loaded: Vec<_> = entries
        .par_iter()
        .filter_map(|(name, path, plain)| {
            let id = article_id(name)?.to_string();
            // A plain file (not a link) in the canonical folder is already
            // canonical: an archive of thousands is named without a
            // realpath walk each.
            let shown = match (naming, plain) {
                (Naming::Absolute, true) => root.join(name).display().to_string(),
                _ => naming.name(path),
            };
            let bytes = match plain {
                true => std::fs::read(path).map_err(|e| ArticleError::Unreadable(e.to_string())),
                false => read_article(&root, path),
            };
            let result = bytes.and_then(|bytes| Article::from_bytes(&id, &shown, bytes));
            Some((id, shown, result))
        })
        .collect();
    SourceSet::new(naming.name(dir), loaded)
}

fn read_article(root: &Path, path: &Path) -> Result<Vec<u8>, ArticleError> {
    let meta =
        std::fs::symlink_metadata(path).map_err(|e| ArticleError::Unreadable(e.to_string()))?;
    if meta.file_type().is_symlink() {
        let target =
            std::fs::canonicalize(path).map_err(|e| ArticleError::Unreadable(e.to_string()))?;
        if !target.starts_with(root) {
            return Err(ArticleError::Unreadable(
                "it is a link that points outside the articles folder".into(),
            ));
        }
    }
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(ArticleError::Unreadable("it is a folder".into()));
    }
    std::fs::read(path).map_err(|e| ArticleError::Unreadable(e.to_string()))
}

/// What the loader could not use, besides what becomes a diagnostic.
pub struct Loaded {
    pub ws: Workspace,
    pub paths: Vec<PathBuf>,
    pub errors: Vec<String>,
}

/// Loads the notes files at `notes` and the articles they need.
pub fn load(notes: &[PathBuf], sources: Option<&Path>, config: Config) -> Loaded {
    load_named(notes, sources, config, Naming::Relative)
}

pub fn load_named(
    notes: &[PathBuf],
    sources: Option<&Path>,
    config: Config,
    naming: Naming,
) -> Loaded {
    let mut ws = Workspace::new(config);
    let mut errors = Vec::new();
    let mut sets: HashMap<PathBuf, usize> = HashMap::new();
    let read: Vec<Result<String, String>> = notes
        .par_iter()
        .map(|p| {
            std::fs::read(p)
                .map_err(|e| format!("{}: {e}", p.display()))
                .and_then(|b| {
                    String::from_utf8(b).map_err(|e| {
                        format!(
                            "{}: not valid UTF-8 (byte {})",
                            p.display(),
                            e.utf8_error().valid_up_to()
                        )
                    })
                })
        })
        .collect();
    // A file without `@sources` uses the configured folder, known before
    // it is parsed: those folders are read while the notes are parsed.
    let mut defaults: HashMap<PathBuf, Result<Option<PathBuf>, String>> = HashMap::new();
    let mut early: Vec<PathBuf> = Vec::new();
    for (path, text) in notes.iter().zip(&read) {
        if text.as_ref().is_ok_and(|t| !t.contains("@sources")) {
            let found = match sources {
                None => defaults
                    .entry(parent_dir(path).to_path_buf())
                    .or_insert_with_key(|d| default_sources(d))
                    .clone()
                    .map(|d| d.map(|d| (d, None))),
                Some(_) => sources_dir(path, None, sources),
            };
            if let Ok(Some((dir, _))) = found {
                early.push(normalise(&dir));
            }
        }
    }
    early.sort();
    early.dedup();
    early.retain(|d| d.is_dir());
    let (texts, mut loaded): (Vec<_>, HashMap<PathBuf, _>) = rayon::join(
        || {
            read.into_par_iter()
                .map(|t| {
                    t.map(|t| {
                        let syntax = parse_notes(&t);
                        (t, syntax)
                    })
                })
                .collect()
        },
        || {
            early
                .iter()
                .map(|d| (d.clone(), load_set_named(d, naming)))
                .collect()
        },
    );
    // Folders first, so that each is read once, in parallel.
    let mut plans = Vec::new();
    for (path, text) in notes.iter().zip(texts) {
        let (text, syntax) = match text {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        // Notes files in one folder share its default: look it up once.
        let found = match (sources, &syntax.sources) {
            (None, None) => defaults
                .entry(parent_dir(path).to_path_buf())
                .or_insert_with_key(|d| default_sources(d))
                .clone()
                .map(|d| d.map(|d| (d, None))),
            _ => sources_dir(path, syntax.sources.as_ref(), sources),
        };
        let dir = match found {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        plans.push((path.clone(), text, syntax, dir));
    }
    let mut dirs: Vec<PathBuf> = plans
        .iter()
        .filter_map(|p| p.3.as_ref().map(|d| normalise(&d.0)))
        .filter(|d| d.is_dir())
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        let set = loaded
            .remove(&dir)
            .unwrap_or_else(|| load_set_named(&dir, naming));
        sets.insert(dir.clone(), ws.add_set(set));
    }
    for (path, text, syntax, dir) in plans {
        let link = match dir {
            Some((d, range)) => match sets.get(&normalise(&d)) {
                Some(&set) => SourcesLink::Set(set),
                None => SourcesLink::Missing {
                    dir: naming.name(&d),
                    range,
                },
            },
            None => SourcesLink::None,
        };
        ws.add_parsed(naming.name(&path), text, syntax, link);
    }
    ws.refresh();
    Loaded {
        ws,
        paths: notes.to_vec(),
        errors,
    }
}

pub fn normalise(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

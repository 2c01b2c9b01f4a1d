//! The server's view of the workspace: the analysis [`Workspace`] plus the
//! mapping between files, paths and URIs, kept in step with the open
//! documents.

use super::documents::{Documents, Pending};
use super::encoding::Encoding;
use crate::analysis::syntax::{lower_with, relower};
use crate::analysis::text::LineIndex;
use crate::analysis::{Config, SourcesLink, Workspace};
use crate::project::{self, Naming};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;

/// Settings from `initializationOptions` or `workspace/didChangeConfiguration`,
/// on top of `claimcheck.toml`.
#[derive(Debug, Clone, Default, serde::Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// The articles folder, overriding `@sources` and `claimcheck.toml`.
    pub sources: Option<String>,
    /// Per-code severity: `error`, `warning`, `info`, `hint` or `off`.
    pub severity: BTreeMap<String, String>,
    /// Milliseconds to wait after a keystroke before checking.
    pub debounce_ms: Option<u64>,
}

impl Settings {
    /// Reads settings from a JSON value: either the settings themselves or
    /// an object with a `claimcheck` key.
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        let inner = value.get("claimcheck").unwrap_or(value);
        if inner.is_null() {
            return Ok(Settings::default());
        }
        serde_json::from_value(inner.clone())
            .map_err(|e| format!("invalid claimcheck settings: {e}"))
    }
}

#[derive(Default)]
pub struct World {
    pub ws: Workspace,
    pub encoding: Encoding,
    pub roots: Vec<PathBuf>,
    pub settings: Settings,
    /// File ids by key: an absolute path, or the URI of a document that is
    /// not a file.
    files: HashMap<String, usize>,
    uris: HashMap<usize, Uri>,
    /// The document revision each open file was last synced at.
    synced: HashMap<usize, u64>,
    sets_by_dir: HashMap<PathBuf, usize>,
    /// Problems with the configuration, shown to the user.
    pub config_errors: Vec<String>,
    /// Increases whenever the workspace changes, so that results computed
    /// from it can tell whether they still hold.
    pub generation: u64,
    /// Increases when what positions and URIs outside the open documents
    /// mean may have changed: a rescan, or articles read again.
    pub layout: u64,
}

pub fn key_of(uri: &Uri) -> String {
    match uri.to_file_path() {
        Some(p) => Naming::Absolute.name(&p),
        None => uri.to_string(),
    }
}

impl World {
    pub fn new(encoding: Encoding, roots: Vec<PathBuf>, settings: Settings) -> World {
        let mut world = World {
            encoding,
            roots,
            settings,
            ..Default::default()
        };
        world.rescan();
        world
    }

    fn config(&mut self) -> Config {
        self.config_errors.clear();
        let mut config = match self.roots.first().and_then(|r| project::find_config(r)) {
            Some(path) => project::read_config(&path).unwrap_or_else(|e| {
                self.config_errors.push(e);
                Config::default()
            }),
            None => Config::default(),
        };
        let pairs: Vec<(String, String)> = self.settings.severity.clone().into_iter().collect();
        if let Err(e) = config.merge_severities(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())))
        {
            self.config_errors.push(e);
        }
        config
    }

    fn sources_override(&self) -> Option<PathBuf> {
        let s = self.settings.sources.as_ref()?;
        let p = PathBuf::from(s);
        Some(match (p.is_absolute(), self.roots.first()) {
            (false, Some(root)) => root.join(p),
            _ => p,
        })
    }

    /// Reads every notes file and article under the roots afresh.
    pub fn rescan(&mut self) {
        self.generation += 1;
        self.layout += 1;
        let config = self.config();
        let notes = project::find_notes(&self.roots).unwrap_or_default();
        let sources = self.sources_override();
        let loaded = project::load_named(&notes, sources.as_deref(), config, Naming::Absolute);
        self.ws = loaded.ws;
        self.ws.memoize = true;
        self.files.clear();
        self.uris.clear();
        self.synced.clear();
        self.sets_by_dir.clear();
        for (i, set) in self.ws.sets.iter().enumerate() {
            self.sets_by_dir.insert(PathBuf::from(&set.dir), i);
        }
        let files: Vec<(usize, String)> =
            self.ws.docs().map(|(i, d)| (i, d.path.clone())).collect();
        for (i, path) in files {
            if let Some(uri) = Uri::from_file_path(&path) {
                self.uris.insert(i, uri);
            }
            self.files.insert(path, i);
        }
    }

    pub fn file_of(&self, uri: &Uri) -> Option<usize> {
        self.files.get(&key_of(uri)).copied()
    }

    pub fn uri_of(&self, file: usize) -> Option<Uri> {
        self.uris.get(&file).cloned()
    }

    /// The articles folder of a notes file, loading it on first use.
    fn link_for(
        &mut self,
        path: Option<&Path>,
        syntax: &crate::analysis::syntax::NotesFile,
    ) -> SourcesLink {
        let Some(path) = path else {
            // An unsaved buffer: the first root's folder, if any.
            return self
                .ws
                .sets
                .first()
                .map_or(SourcesLink::None, |_| SourcesLink::Set(0));
        };
        let found = project::sources_dir(
            path,
            syntax.sources.as_ref(),
            self.sources_override().as_deref(),
        );
        let Ok(Some((dir, range))) = found else {
            return SourcesLink::None;
        };
        if !dir.is_dir() {
            return SourcesLink::Missing {
                dir: Naming::Absolute.name(&dir),
                range,
            };
        }
        let key = PathBuf::from(Naming::Absolute.name(&dir));
        if let Some(&set) = self.sets_by_dir.get(&key) {
            return SourcesLink::Set(set);
        }
        let set = self
            .ws
            .add_set(project::load_set_named(&dir, Naming::Absolute));
        self.sets_by_dir.insert(key, set);
        SourcesLink::Set(set)
    }

    /// Brings the workspace up to date with the open documents; returns the
    /// files that changed. Only the lines an edit touched are lowered again.
    pub fn sync(&mut self, docs: &mut Documents) -> Vec<usize> {
        let mut changed = Vec::new();
        let mut entities_changed = false;
        let timings = std::env::var_os("CLAIMCHECK_LOG_TIMINGS").is_some();
        for (uri, doc) in docs.docs.iter_mut() {
            let key = key_of(uri);
            let file = self.files.get(&key).copied();
            if file.is_some_and(|f| self.synced.get(&f) == Some(&doc.revision)) {
                continue;
            }
            let t = std::time::Instant::now();
            let text = doc.rope.to_string();
            let lines = LineIndex::new(&text);
            let old_sources = file
                .and_then(|f| self.ws.doc(f))
                .map(|d| d.syntax.sources.clone());
            let edited = match (doc.pending, file) {
                (Pending::Edited { since, change }, Some(f))
                    if self.synced.get(&f) == Some(&since) =>
                {
                    self.ws.notes.get_mut(f).and_then(Option::as_mut).map(|d| {
                        let old = std::mem::take(&mut d.syntax);
                        relower(old, d.lines.line_count(), &text, &lines, &doc.tree, change)
                    })
                }
                _ => None,
            };
            let (syntax, kept) =
                edited.unwrap_or_else(|| (lower_with(&text, &lines, &doc.tree), None));
            doc.taken();
            if timings {
                eprintln!("claimcheck: text and lowering {:?}", t.elapsed());
            }
            let path = uri.to_file_path().map(|p| p.into_owned());
            let file = match file {
                Some(f) => {
                    let relink = old_sources.as_ref() != Some(&syntax.sources);
                    if relink {
                        let link = self.link_for(path.as_deref(), &syntax);
                        if let Some(Some(d)) = self.ws.notes.get_mut(f) {
                            d.sources = link;
                        }
                    }
                    entities_changed |= self.ws.set_notes(f, text, lines, syntax, kept);
                    f
                }
                None => {
                    let link = self.link_for(path.as_deref(), &syntax);
                    let f = self.ws.add_parsed(key.clone(), text, syntax, link);
                    self.files.insert(key, f);
                    self.uris.insert(f, uri.clone());
                    entities_changed = true;
                    f
                }
            };
            self.synced.insert(file, doc.revision);
            changed.push(file);
        }
        if entities_changed {
            self.ws.refresh();
        }
        if !changed.is_empty() {
            self.generation += 1;
        }
        changed
    }

    /// Whether any open document is newer than the workspace.
    pub fn is_stale(&self, docs: &Documents) -> bool {
        docs.docs.iter().any(|(uri, doc)| {
            self.files
                .get(&key_of(uri))
                .is_none_or(|f| self.synced.get(f) != Some(&doc.revision))
        })
    }

    /// A notes file closed in the editor or changed on disk: the disk's
    /// version is the truth again (or the file is gone).
    pub fn reload_notes(&mut self, uri: &Uri) {
        self.generation += 1;
        let key = key_of(uri);
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            if let Some(f) = self.files.remove(&key) {
                self.ws.remove_notes(f);
                self.synced.remove(&f);
            }
            self.ws.refresh();
            return;
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let syntax = crate::analysis::syntax::parse_notes(&text);
                let link = self.link_for(Some(&path), &syntax);
                match self.files.get(&key).copied() {
                    Some(f) => {
                        if let Some(Some(d)) = self.ws.notes.get_mut(f) {
                            d.sources = link;
                        }
                        let lines = LineIndex::new(&text);
                        self.ws.set_notes(f, text, lines, syntax, None);
                        self.synced.remove(&f);
                    }
                    None => {
                        let f = self.ws.add_parsed(key.clone(), text, syntax, link);
                        self.files.insert(key, f);
                        self.uris.insert(f, uri.clone());
                    }
                }
            }
            Err(_) => {
                if let Some(f) = self.files.remove(&key) {
                    self.ws.remove_notes(f);
                    self.synced.remove(&f);
                    self.uris.remove(&f);
                }
            }
        }
        self.ws.refresh();
    }

    /// An article changed on disk: its folder is read again.
    pub fn reload_articles(&mut self, path: &Path) -> bool {
        let Some(dir) = path.parent() else {
            return false;
        };
        let key = PathBuf::from(Naming::Absolute.name(dir));
        let Some(&set) = self.sets_by_dir.get(&key) else {
            return false;
        };
        self.generation += 1;
        self.layout += 1;
        self.ws
            .replace_set(set, project::load_set_named(dir, Naming::Absolute));
        true
    }

    /// Forgets what was synced, so the open documents are applied again
    /// (after a rescan).
    pub fn forget_synced(&mut self) {
        self.synced.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{all_diagnostics, Config};
    use crate::synth::Rng;
    use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent};

    /// Random typing in an open notes file: after every sync, the server's
    /// kept entries and re-lowered lines give exactly the diagnostics of a
    /// workspace checked from scratch.
    #[test]
    fn edits_give_the_diagnostics_of_a_fresh_check() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let articles = root.join("articles");
        std::fs::create_dir_all(&articles).unwrap();
        std::fs::write(
            articles.join("001_a.txt"),
            "A title\nIran sent drones to Russia. Tehran denies sending troops.\nChina and Russia trade oil.\n",
        )
        .unwrap();
        std::fs::write(root.join("claimcheck.toml"), "sources = \"articles\"\n").unwrap();
        let start = "@entity Iran aka Tehran\n# A\nIran -> Russia : drones [src 001]\nChina <-> Russia : oil [src 001 \"trade oil\"]\nIran -/-> Russia : troops [src 001]\n";
        let notes = root.join("n.claims");
        std::fs::write(&notes, start).unwrap();
        let uri = Uri::from_file_path(&notes).unwrap();
        let mut world = World::new(Encoding::Utf8, vec![root.clone()], Settings::default());
        let mut docs = Documents::default();
        docs.open(uri.clone(), start, 0);
        world.sync(&mut docs);
        let claims = [
            "Iran -> Russia : drones [src 001]\n",
            "Tehran -/-> Russia : drone [src 001]\n",
            "China -> Russia : oil [src 001 \"sent drones\"]\n",
            "Irn -> Russia : troops [src 002]\n",
            "# B\n",
            "x -> y : z // claimcheck: ignore\n",
        ];
        let mut rng = Rng::new(11);
        let mut publish = crate::lsp::proto::PublishCache::default();
        for step in 0..400 {
            let text = docs.get(&uri).unwrap().rope.to_string();
            let lines = LineIndex::new(&text);
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let line = lines.line_of(at);
            let pos = |o: usize| crate::lsp::encoding::position(&text, &lines, o, Encoding::Utf8);
            // Mostly typing and deleting single characters, sometimes whole lines.
            let (range, insert) = match rng.below(11) {
                0..=4 => (
                    pos(at)..pos(at),
                    ["s", "x", " ", ":", "\""][rng.below(5)].to_string(),
                ),
                5 | 6 => {
                    let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    (pos(at)..pos(next), String::new())
                }
                7 | 8 => {
                    let start = pos(lines.line_start(line));
                    (start..start, claims[rng.below(claims.len())].to_string())
                }
                // A line break in place of a letter: offsets stay, lines move.
                9 if text[at..].starts_with(|c: char| c.is_ascii_alphabetic()) => {
                    (pos(at)..pos(at + 1), "\n".to_string())
                }
                _ => (
                    pos(lines.line_start(line))..pos(lines.line_start(line + 1)),
                    String::new(),
                ),
            };
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(range.start, range.end)),
                range_length: None,
                text: insert,
            };
            docs.change(&uri, step + 1, &[change], Encoding::Utf8);
            // Sometimes two edits reach the analysis at once.
            if rng.below(3) == 0 {
                continue;
            }
            world.sync(&mut docs);
            let now = docs.get(&uri).unwrap().rope.to_string();
            let kept = all_diagnostics(&world.ws);
            let mut fresh = Workspace::new(Config::default());
            let set = fresh.add_set(project::load_set_named(&articles, Naming::Absolute));
            fresh.add_notes(
                Naming::Absolute.name(&notes),
                now.clone(),
                SourcesLink::Set(set),
            );
            fresh.refresh();
            assert_eq!(kept, all_diagnostics(&fresh), "step {step}: {now:?}");
            // The published JSON, from the cache, is what writing it afresh gives.
            let file = world.file_of(&uri).unwrap();
            let index = crate::analysis::ClaimIndex::build(&world.ws);
            let diagnostics = crate::analysis::file_diagnostics(&world.ws, &index, file);
            let cached = publish.frame(&world, &uri, &diagnostics, Some(step));
            let direct = crate::lsp::output::notification(
                "textDocument/publishDiagnostics",
                &crate::lsp::proto::PublishJson {
                    world: &world,
                    uri: &uri,
                    diagnostics: &diagnostics,
                    version: Some(step),
                },
            );
            assert_eq!(
                String::from_utf8(cached),
                String::from_utf8(direct),
                "step {step}: {now:?}"
            );
        }
    }
}

//! The workspace model: notes files, article folders, the entity table and
//! the claim index, plus a memo of claim evaluations so that an edit only
//! re-evaluates the claims it changed.

use super::article::{Article, ArticleError};
use super::checks::FileEntries;
use super::config::Config;
use super::diagnostics::FileRef;
use super::entities::{ArticleMentions, EntityTable};
use super::evidence::{evaluate, ArticleEvidence, Query};
use super::syntax::KeptClaims;
use super::syntax::{parse_notes, NotesFile};
use super::text::LineIndex;
use super::tokenize::hash_str;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, RwLock};

/// Why an article in a folder is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleProblem {
    Bad {
        path: String,
        error: ArticleError,
    },
    DuplicateId {
        id: String,
        first: String,
        second: String,
    },
}

/// One articles folder, indexed.
#[derive(Debug, Default)]
pub struct SourceSet {
    /// The folder as the loader names it.
    pub dir: String,
    pub articles: Vec<Arc<Article>>,
    pub by_id: FxHashMap<String, usize>,
    /// Ids whose file exists but could not be used, with the reason.
    pub unusable: FxHashMap<String, String>,
    pub problems: Vec<ArticleProblem>,
}

impl SourceSet {
    /// Builds a set from loaded articles and failures, in a stable order.
    pub fn new(
        dir: String,
        mut loaded: Vec<(String, String, Result<Article, ArticleError>)>,
    ) -> SourceSet {
        loaded.sort_by(|a, b| a.1.cmp(&b.1));
        let mut set = SourceSet {
            dir,
            ..Default::default()
        };
        let mut paths: FxHashMap<String, String> = FxHashMap::default();
        for (id, path, result) in loaded {
            if let Some(first) = paths.get(&id) {
                set.problems.push(ArticleProblem::DuplicateId {
                    id: id.clone(),
                    first: first.clone(),
                    second: path,
                });
                continue;
            }
            paths.insert(id.clone(), path.clone());
            match result {
                Ok(article) => {
                    set.by_id.insert(id, set.articles.len());
                    set.articles.push(Arc::new(article));
                }
                Err(error) => {
                    set.unusable.insert(id, error.to_string());
                    set.problems.push(ArticleProblem::Bad { path, error });
                }
            }
        }
        set
    }

    pub fn get(&self, id: &str) -> Option<(usize, &Arc<Article>)> {
        self.by_id.get(id).map(|&i| (i, &self.articles[i]))
    }
}

/// Where a notes file's articles are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SourcesLink {
    Set(usize),
    /// The folder does not exist; `range` is the `@sources` path, if any.
    Missing {
        dir: String,
        range: Option<Range<usize>>,
    },
    /// No folder was configured or found.
    None,
}

#[derive(Debug)]
pub struct NotesDoc {
    pub path: String,
    pub text: String,
    pub syntax: NotesFile,
    pub lines: LineIndex,
    pub sources: SourcesLink,
    /// A hash of what the entity table takes from this file.
    entity_inputs: u64,
}

type MemoKey = (usize, usize, u64);

/// Claim entries kept per notes file.
type ClaimCache = Mutex<FxHashMap<usize, FileEntries>>;

#[derive(Debug, Default)]
pub struct Workspace {
    /// Notes files by id; `None` where a file was removed.
    pub notes: Vec<Option<NotesDoc>>,
    pub sets: Vec<SourceSet>,
    pub config: Config,
    pub entities: EntityTable,
    fingerprints: FxHashMap<usize, u64>,
    memo: RwLock<FxHashMap<MemoKey, Arc<ArticleEvidence>>>,
    /// How many articles mention an entity, by the entity's fingerprint.
    mention_counts: RwLock<FxHashMap<u64, usize>>,
    /// Where each article, by (set, index), mentions each entity; for the
    /// current entity table.
    mentions: RwLock<FxHashMap<(usize, usize), Arc<ArticleMentions>>>,
    /// Claim entries (keys and claim-local results) of each notes file.
    claim_cache: ClaimCache,
    /// A hash of every declared name and alias.
    declarations: u64,
    /// Increases whenever kept claim entries may no longer hold: the
    /// entity table was rebuilt or a folder's articles were read again.
    entries_epoch: u64,
    /// Keep evaluations across edits (the server); a batch run does not.
    pub memoize: bool,
}

impl Workspace {
    pub fn new(config: Config) -> Workspace {
        Workspace {
            config,
            ..Default::default()
        }
    }

    pub fn add_set(&mut self, set: SourceSet) -> usize {
        self.sets.push(set);
        self.sets.len() - 1
    }

    /// Replaces a folder's articles; evaluations against it are dropped.
    pub fn replace_set(&mut self, index: usize, set: SourceSet) {
        self.sets[index] = set;
        self.memo.write().unwrap().retain(|k, _| k.0 != index);
        self.mentions.get_mut().unwrap().retain(|k, _| k.0 != index);
        self.mention_counts.write().unwrap().clear();
        self.claim_cache.lock().unwrap().clear();
        self.entries_epoch += 1;
    }

    /// Adds a notes file; call [`Workspace::refresh`] after a batch of changes.
    pub fn add_notes(&mut self, path: String, text: String, sources: SourcesLink) -> usize {
        let syntax = parse_notes(&text);
        self.add_parsed(path, text, syntax, sources)
    }

    pub fn add_parsed(
        &mut self,
        path: String,
        text: String,
        syntax: NotesFile,
        sources: SourcesLink,
    ) -> usize {
        let lines = LineIndex::new(&text);
        self.notes.push(Some(NotesDoc {
            path,
            text,
            entity_inputs: entity_inputs(&syntax),
            syntax,
            lines,
            sources,
        }));
        self.notes.len() - 1
    }

    /// Replaces a notes file's text. Returns whether what the entity table
    /// is built from (declarations and the names claims use) changed, that
    /// is, whether [`Workspace::refresh`] is needed.
    /// `kept` says which claims are the old ones, moved (from
    /// [`super::syntax::relower`]); their checks are not redone.
    pub fn set_notes(
        &mut self,
        file: usize,
        text: String,
        lines: LineIndex,
        syntax: NotesFile,
        kept: Option<KeptClaims>,
    ) -> bool {
        let Some(Some(doc)) = self.notes.get_mut(file) else {
            return false;
        };
        if let Some(entries) = self.claim_cache.get_mut().unwrap().get_mut(&file) {
            entries.moved(syntax.claims.len(), kept);
        }
        let inputs = entity_inputs(&syntax);
        let changed = inputs != doc.entity_inputs;
        doc.entity_inputs = inputs;
        doc.lines = lines;
        doc.text = text;
        doc.syntax = syntax;
        changed
    }

    pub fn remove_notes(&mut self, file: usize) {
        if let Some(slot) = self.notes.get_mut(file) {
            *slot = None;
        }
        self.claim_cache.lock().unwrap().remove(&file);
    }

    pub fn doc(&self, file: usize) -> Option<&NotesDoc> {
        self.notes.get(file).and_then(Option::as_ref)
    }

    pub fn docs(&self) -> impl Iterator<Item = (usize, &NotesDoc)> {
        self.notes
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.as_ref().map(|d| (i, d)))
    }

    /// The text and line index of a file the workspace holds; `None` for a
    /// file it only knows by path (an unreadable article).
    pub fn text_of(&self, file: &FileRef) -> Option<(&str, &LineIndex)> {
        match file {
            FileRef::Notes(f) => self.doc(*f).map(|d| (d.text.as_str(), &d.lines)),
            FileRef::Article { set, index } => {
                let a = &self.sets[*set].articles[*index];
                Some((a.text.as_str(), &a.lines))
            }
            FileRef::Path(_) => None,
        }
    }

    /// The path of a file, as the workspace names it.
    pub fn path_of<'a>(&'a self, file: &'a FileRef) -> &'a str {
        match file {
            FileRef::Notes(f) => self.doc(*f).map_or("", |d| d.path.as_str()),
            FileRef::Article { set, index } => &self.sets[*set].articles[*index].path,
            FileRef::Path(p) => p,
        }
    }

    pub fn file_by_path(&self, path: &str) -> Option<usize> {
        self.docs().find(|(_, d)| d.path == path).map(|(i, _)| i)
    }

    pub fn set_of(&self, file: usize) -> Option<&SourceSet> {
        match self.doc(file)?.sources {
            SourcesLink::Set(i) => self.sets.get(i),
            _ => None,
        }
    }

    /// Rebuilds what derives from all notes: the entity table. Memoised
    /// evaluations are keyed by what decides them (the entities' forms, not
    /// their ids), so they stay valid for entities whose forms did not change.
    pub fn refresh(&mut self) {
        let decls: Vec<_> = self
            .docs()
            .flat_map(|(i, d)| d.syntax.entities.iter().map(move |e| (i, e)))
            .collect();
        let names: Vec<&str> = self
            .docs()
            .flat_map(|(_, d)| d.syntax.claims.iter())
            .flat_map(|c| [c.subject.text.as_str(), c.object.text.as_str()])
            .collect();
        let declarations = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for (_, d) in &decls {
                (
                    &d.name.text,
                    d.aliases.iter().map(|a| &a.text).collect::<Vec<_>>(),
                )
                    .hash(&mut h);
            }
            h.finish()
        };
        let table = EntityTable::build(decls, names);
        self.declarations = declarations;
        self.entries_epoch += 1;
        self.fingerprints = (0..table.entities.len())
            .map(|id| (id, table.fingerprint(id)))
            .collect();
        self.entities = table;
        // Entity ids are the new table's.
        self.mentions.get_mut().unwrap().clear();
    }

    /// The fingerprint of entity `id` (0 for none).
    fn fingerprint(&self, id: usize) -> u64 {
        self.fingerprints.get(&id).copied().unwrap_or_default()
    }

    /// The fingerprint of the entity a name resolves to (0 for none).
    pub fn name_fingerprint(&self, name: &str) -> u64 {
        self.entities
            .resolve(name)
            .map_or(0, |id| self.fingerprint(id))
    }

    /// A hash of every declared name and alias, as of the last refresh.
    pub fn declarations(&self) -> u64 {
        self.declarations
    }

    /// See [`Workspace::entries_epoch`]'s field.
    pub fn entries_epoch(&self) -> u64 {
        self.entries_epoch
    }

    /// The claim entries kept across checks, in the server.
    pub(super) fn claim_cache(&self) -> Option<&ClaimCache> {
        self.memoize.then_some(&self.claim_cache)
    }

    /// The evidence for `query` in article `index` of `set`.
    pub fn evidence(&self, set: usize, index: usize, query: &Query) -> Arc<ArticleEvidence> {
        let article = &self.sets[set].articles[index];
        if !self.memoize {
            return Arc::new(evaluate(article, &self.mentions_in(set, index), query));
        }
        let key = (
            set,
            index,
            query_hash(
                query,
                self.fingerprint(query.subject),
                self.fingerprint(query.object),
            ),
        );
        if let Some(hit) = self.memo.read().unwrap().get(&key) {
            return hit.clone();
        }
        let result = Arc::new(evaluate(article, &self.mentions_in(set, index), query));
        let mut memo = self.memo.write().unwrap();
        if memo.len() > 500_000 {
            memo.clear();
        }
        memo.insert(key, result.clone());
        result
    }

    /// Where every entity is mentioned in article `index` of `set`: found
    /// in one pass the first time it is asked for, and kept until the
    /// entity table or the folder changes.
    pub fn mentions_in(&self, set: usize, index: usize) -> Arc<ArticleMentions> {
        if let Some(hit) = self.mentions.read().unwrap().get(&(set, index)) {
            return hit.clone();
        }
        let found = Arc::new(self.entities.all_mentions(&self.sets[set].articles[index]));
        self.mentions
            .write()
            .unwrap()
            .entry((set, index))
            .or_insert(found)
            .clone()
    }

    /// Every article of every folder, as (set, index).
    fn all_articles(&self) -> Vec<(usize, usize)> {
        self.sets
            .iter()
            .enumerate()
            .flat_map(|(s, set)| (0..set.articles.len()).map(move |i| (s, i)))
            .collect()
    }

    /// How many articles, in every folder, mention entity `id`.
    pub fn articles_mentioning(&self, id: usize) -> usize {
        let fp = self.fingerprint(id);
        if let Some(&n) = self.mention_counts.read().unwrap().get(&fp) {
            return n;
        }
        let n = self
            .all_articles()
            .into_iter()
            .filter(|&(s, i)| self.mentions_in(s, i).mentions(id))
            .count();
        self.mention_counts.write().unwrap().insert(fp, n);
        n
    }

    /// Counts, for every entity at once, the articles that mention it, with
    /// each article's mentions found in parallel where they are not yet.
    pub fn count_all_mentions(&self) {
        use rayon::prelude::*;
        let n = self.entities.entities.len();
        let counts = self
            .all_articles()
            .par_iter()
            .fold(
                || vec![0usize; n],
                |mut counts, &(s, i)| {
                    for e in self.mentions_in(s, i).entities() {
                        counts[e] += 1;
                    }
                    counts
                },
            )
            .reduce(
                || vec![0usize; n],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    a
                },
            );
        let mut known = self.mention_counts.write().unwrap();
        for (id, n) in counts.into_iter().enumerate() {
            let fp = self.fingerprint(id);
            known.insert(fp, n);
        }
    }

    /// Every claim in the workspace that names entity `id` as subject or object.
    pub fn claims_naming(&self, id: usize) -> Vec<(usize, &super::syntax::Claim)> {
        self.docs()
            .flat_map(|(f, d)| d.syntax.claims.iter().map(move |c| (f, c)))
            .filter(|(_, c)| {
                self.entities.resolve(&c.subject.text) == Some(id)
                    || self.entities.resolve(&c.object.text) == Some(id)
            })
            .collect()
    }
}

/// A hash of what the entity table is built from, in order: declared names
/// and aliases with where they are (the table records declaration sites),
/// then the names claims use.
fn entity_inputs(syntax: &NotesFile) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash rather than Fx: a collision here would leave the table stale.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for e in &syntax.entities {
        for n in std::iter::once(&e.name).chain(e.aliases.iter()) {
            (n.range.start, n.text.as_str()).hash(&mut h);
        }
    }
    0xff_u8.hash(&mut h);
    for c in &syntax.claims {
        (c.subject.text.as_str(), c.object.text.as_str()).hash(&mut h);
    }
    h.finish()
}

fn query_hash(query: &Query, subject: u64, object: u64) -> u64 {
    let same = query.subject == query.object;
    let mut s = format!("{subject}|{object}|{same}|{:?}|", query.arrow);
    for t in &query.terms {
        s.push_str(&t.stem.to_string());
        s.push(',');
    }
    hash_str(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_notes_says_when_the_entity_table_needs_rebuilding() {
        let mut ws = Workspace::new(Config::default());
        let f = ws.add_notes(
            "n.claims".into(),
            "@entity Iran\nIran -> Russia : oil\n".into(),
            SourcesLink::None,
        );
        ws.refresh();
        let set = |ws: &mut Workspace, text: &str| {
            ws.set_notes(
                f,
                text.to_string(),
                LineIndex::new(text),
                parse_notes(text),
                None,
            )
        };
        assert!(
            !set(&mut ws, "@entity Iran\nIran -> Russia : oil and gas\n"),
            "a relation is not an entity"
        );
        assert!(
            set(&mut ws, "@entity Iran\nIran -> China : oil and gas\n"),
            "a new object name"
        );
        assert!(
            set(&mut ws, "\n@entity Iran\nIran -> China : oil and gas\n"),
            "the declaration moved"
        );
        assert!(
            set(
                &mut ws,
                "\n@entity Iran aka Tehran\nIran -> China : oil and gas\n"
            ),
            "a new alias"
        );
    }
}

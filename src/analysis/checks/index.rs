//! The claim index: every claim of the workspace by what it says, for
//! `contradiction` and `duplicate`, and each claim's entry, which carries
//! its claim-local results once they are computed.
//!
//! In the server ([`Workspace::memoize`]) entries are kept per notes file
//! and reused while a claim's text and everything its results depend on
//! stay the same, so an edit re-checks only the claims it touched.

use super::Local;
use crate::analysis::entities::name_key;
use crate::analysis::syntax::{Arrow, Claim};
use crate::analysis::tokenize::content_terms;
use crate::analysis::workspace::{NotesDoc, Workspace};
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

/// A claim's place: file and index in that file's claims.
pub type ClaimRef = (usize, usize);

/// What a claim says, as the index compares claims: the arrow, the
/// entities' lookup keys and the relation's sorted stems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimKeys {
    pub arrow: Arrow,
    pub subject: String,
    pub object: String,
    pub relation: Vec<u64>,
}

impl ClaimKeys {
    pub fn of(ws: &Workspace, claim: &Claim) -> ClaimKeys {
        ClaimKeys {
            arrow: claim.arrow,
            subject: entity_key(ws, &claim.subject.text),
            object: entity_key(ws, &claim.object.text),
            relation: relation_key(&claim.relation.text),
        }
    }

    /// What makes two claims the same claim: `<->` reads both ways.
    fn same(&self) -> (Arrow, &str, &str, &[u64]) {
        let (mut a, mut b) = (self.subject.as_str(), self.object.as_str());
        if self.arrow == Arrow::Mutual && a > b {
            std::mem::swap(&mut a, &mut b);
        }
        (self.arrow, a, b, &self.relation)
    }

    /// Whether the claim states the fact `subject -> object : relation`,
    /// either way (asserting or denying).
    fn states(&self, subject: &str, object: &str, relation: &[u64]) -> bool {
        self.relation == relation
            && ((self.subject == subject && self.object == object)
                || (self.arrow == Arrow::Mutual
                    && self.subject == object
                    && self.object == subject))
    }
}

fn entity_key(ws: &Workspace, name: &str) -> String {
    match ws.entities.resolve(name) {
        Some(id) => name_key(&ws.entities.entities[id].name),
        None => name_key(name),
    }
}

fn relation_key(relation: &str) -> Vec<u64> {
    let mut stems: Vec<u64> = content_terms(relation).iter().map(|t| t.stem).collect();
    stems.sort_unstable();
    stems
}

fn hash(value: impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// One claim's entry: its keys, and its claim-local results once a check
/// of its file has computed them.
#[derive(Debug)]
pub struct ClaimEntry {
    pub keys: ClaimKeys,
    /// Hashes of [`ClaimKeys::same`], of the fact `subject -> object`, and
    /// of `object -> subject`.
    same: u64,
    fact: u64,
    back: u64,
    pub(super) local: OnceLock<Local>,
}

impl ClaimEntry {
    fn new(ws: &Workspace, claim: &Claim) -> ClaimEntry {
        let keys = ClaimKeys::of(ws, claim);
        ClaimEntry {
            same: hash(keys.same()),
            fact: fact_hash(&keys.subject, &keys.object, &keys.relation),
            back: fact_hash(&keys.object, &keys.subject, &keys.relation),
            keys,
            local: OnceLock::new(),
        }
    }
}

fn fact_hash(subject: &str, object: &str, relation: &[u64]) -> u64 {
    hash((subject, object, relation))
}

/// The entries of one file's claims, in order; `None` for a broken claim.
pub type Entries = Vec<Option<Arc<ClaimEntry>>>;

/// Claims grouped by what they say, across the workspace.
#[derive(Debug, Default)]
pub struct ClaimIndex {
    /// Hash of (subject, object, relation) → the claims that assert it
    /// (`->`, `<->` both ways) and those that deny it.
    facts: FxHashMap<u64, (Vec<ClaimRef>, Vec<ClaimRef>)>,
    /// Hash of [`ClaimKeys::same`] → every claim that says it, in order.
    same: FxHashMap<u64, Vec<ClaimRef>>,
    entries: FxHashMap<usize, Entries>,
}

impl ClaimIndex {
    pub fn build(ws: &Workspace) -> ClaimIndex {
        let mut index = ClaimIndex::default();
        for (file, doc) in ws.docs() {
            let entries = entries(ws, file, doc);
            for (i, entry) in entries.iter().enumerate() {
                let Some(entry) = entry else { continue };
                let at = (file, i);
                index.same.entry(entry.same).or_default().push(at);
                let facts = &mut index.facts;
                match entry.keys.arrow {
                    Arrow::Asserts => facts.entry(entry.fact).or_default().0.push(at),
                    Arrow::Denies => facts.entry(entry.fact).or_default().1.push(at),
                    Arrow::Mutual => {
                        facts.entry(entry.fact).or_default().0.push(at);
                        if entry.back != entry.fact {
                            facts.entry(entry.back).or_default().0.push(at);
                        }
                    }
                }
            }
            index.entries.insert(file, entries);
        }
        index
    }

    /// The entries of `file`'s claims, as the index was built.
    pub fn entries(&self, file: usize) -> Option<&Entries> {
        self.entries.get(&file)
    }

    fn entry(&self, (file, i): ClaimRef) -> Option<&ClaimEntry> {
        self.entries.get(&file)?.get(i)?.as_deref()
    }

    fn keys(&self, at: ClaimRef) -> Option<&ClaimKeys> {
        self.entry(at).map(|e| &e.keys)
    }

    /// The first claim in the workspace that says the same as the claim at `at`.
    pub fn first_same(&self, at: ClaimRef) -> Option<ClaimRef> {
        let entry = self.entry(at)?;
        let all = self.same.get(&entry.same)?;
        // The usual case: the claim is the only one, or the first.
        if all[0] == at {
            return Some(at);
        }
        let same = entry.keys.same();
        all.iter()
            .copied()
            .find(|&other| self.keys(other).is_some_and(|k| k.same() == same))
    }

    /// The claims that contradict the claim at `at`.
    pub fn contradicting(&self, at: ClaimRef) -> Vec<ClaimRef> {
        let Some(entry) = self.entry(at) else {
            return Vec::new();
        };
        let k = &entry.keys;
        let r = &k.relation;
        // The claims on the other side of the fact `s -> o : r`.
        let other_side = |s: &str, o: &str, asserting: bool| -> Vec<ClaimRef> {
            let fact = if s == k.subject {
                entry.fact
            } else {
                entry.back
            };
            let Some((pos, neg)) = self.facts.get(&fact) else {
                return Vec::new();
            };
            let side = if asserting { neg } else { pos };
            side.iter()
                .copied()
                .filter(|&c| self.keys(c).is_some_and(|ck| ck.states(s, o, r)))
                .collect()
        };
        let (s, o) = (k.subject.as_str(), k.object.as_str());
        let mut out = match k.arrow {
            Arrow::Asserts => other_side(s, o, true),
            Arrow::Denies => other_side(s, o, false),
            Arrow::Mutual => {
                let mut v = other_side(s, o, true);
                v.extend(other_side(o, s, true));
                v
            }
        };
        out.sort();
        out.dedup();
        out
    }
}

/// What a claim's entry depends on besides the entity table's forms: its
/// own text, the folder its file cites, the forms of the two entities it
/// names and the workspace's declarations.
fn cache_key(ws: &Workspace, doc: &NotesDoc, claim: &Claim) -> u64 {
    // SipHash: a collision would show another claim's results.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    doc.text[claim.range.clone()].hash(&mut h);
    doc.sources.hash(&mut h);
    ws.name_fingerprint(&claim.subject.text).hash(&mut h);
    ws.name_fingerprint(&claim.object.text).hash(&mut h);
    ws.declarations().hash(&mut h);
    h.finish()
}

/// The entries of a file's claims: from the workspace's cache where
/// nothing they depend on changed, else new.
fn entries(ws: &Workspace, file: usize, doc: &NotesDoc) -> Entries {
    let claims = &doc.syntax.claims;
    let Some(cache) = ws.claim_cache() else {
        return claims
            .iter()
            .map(|c| (!c.broken).then(|| Arc::new(ClaimEntry::new(ws, c))))
            .collect();
    };
    let keys: Vec<Option<u64>> = claims
        .iter()
        .map(|c| (!c.broken).then(|| cache_key(ws, doc, c)))
        .collect();
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let old = cache.remove(&file).unwrap_or_default();
    let mut kept: FxHashMap<u64, Arc<ClaimEntry>> = FxHashMap::default();
    kept.reserve(claims.len());
    let mut out = Vec::with_capacity(claims.len());
    for (claim, key) in claims.iter().zip(keys) {
        let Some(key) = key else {
            out.push(None);
            continue;
        };
        let entry = match kept.get(&key).or_else(|| old.get(&key)) {
            Some(e) => e.clone(),
            None => Arc::new(ClaimEntry::new(ws, claim)),
        };
        kept.insert(key, entry.clone());
        out.push(Some(entry));
    }
    cache.insert(file, kept);
    out
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::{all_diagnostics, workspace};
    use crate::analysis::config::Config;
    use crate::analysis::syntax::parse_notes;
    use crate::analysis::text::LineIndex;

    /// Edits in a workspace that keeps entries: after each, its
    /// diagnostics equal those of a workspace built afresh.
    #[test]
    fn kept_entries_give_the_same_diagnostics_as_a_fresh_check() {
        let fixture = |notes: &str| {
            format!(
                "//- articles/001_a.txt\nA title\nIran sent drones to Russia. Tehran denies sending troops.\n//- entities.claims\n@entity Iran aka Tehran\n//- notes.claims\n{notes}"
            )
        };
        let steps = [
            "Iran -> Russia : drones [src 001]\nIran -> Russia : troops [src 001]\n",
            // A letter typed into a relation.
            "Iran -> Russia : droness [src 001]\nIran -> Russia : troops [src 001]\n",
            // A contradiction appears, then a duplicate.
            "Iran -> Russia : drones [src 001]\nIran -/-> Russia : drones [src 001]\n",
            "Iran -> Russia : drones [src 001]\nIran -/-> Russia : drones [src 001]\nTehran -> Russia : drones [src 001 \"sent drones\"]\n",
            // A line above moves everything down; a quote goes wrong.
            "\nIran -> Russia : drones [src 001]\nIran -/-> Russia : drones [src 001]\nTehran -> Russia : drones [src 001 \"sent drone to\"]\n",
            // A new name that is a near miss of a declared one.
            "\nIrn -> Russia : drones [src 001]\nIran -> Russia : drones [src 002]\n",
        ];
        let mut kept = workspace(&fixture(steps[0]), Config::default());
        kept.memoize = true;
        let file = kept.file_by_path("notes.claims").unwrap();
        for (n, notes) in steps.iter().enumerate() {
            if kept.set_notes(
                file,
                notes.to_string(),
                LineIndex::new(notes),
                parse_notes(notes),
            ) {
                kept.refresh();
            }
            let fresh = workspace(&fixture(notes), Config::default());
            assert_eq!(
                all_diagnostics(&kept),
                all_diagnostics(&fresh),
                "step {n}: {notes}"
            );
        }
    }
}

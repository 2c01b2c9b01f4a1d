//! The claim index: every claim of the workspace by what it says, for
//! `contradiction` and `duplicate`, and each claim's entry, which carries
//! its claim-local results once they are computed.
//!
//! In the server ([`Workspace::memoize`]) entries are kept per notes file
//! and reused while a claim's text and everything its results depend on
//! stay the same, so an edit re-checks only the claims it touched.

use super::Local;
use crate::analysis::entities::name_key;
use crate::analysis::syntax::{Arrow, Claim, KeptClaims};
use crate::analysis::tokenize::content_terms;
use crate::analysis::workspace::{NotesDoc, Workspace};
use rustc_hash::{FxHashMap, FxHashSet};
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
    /// What the entry was made for (see `cache_key`).
    cache_key: u64,
    /// Hashes of [`ClaimKeys::same`], of the fact `subject -> object`, and
    /// of `object -> subject`.
    same: u64,
    fact: u64,
    back: u64,
    pub(super) local: OnceLock<Local>,
}

impl ClaimEntry {
    fn new(ws: &Workspace, claim: &Claim, cache_key: u64) -> ClaimEntry {
        let keys = ClaimKeys::of(ws, claim);
        ClaimEntry {
            cache_key,
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
    /// (hash of subject, object and relation, whether the claim denies it,
    /// the claim), sorted: `<->` asserts both ways. Sorted vectors rather
    /// than maps of lists: rebuilt on every keystroke, they cost a third.
    facts: Vec<(u64, bool, ClaimRef)>,
    /// (hash of [`ClaimKeys::same`], the claim), sorted: claims that say
    /// the same are together, in workspace order.
    same: Vec<(u64, ClaimRef)>,
    /// The hashes in `same` that more than one claim has, and the facts
    /// that some claims assert and others deny: a claim with neither
    /// needs no lookup, and that is nearly every claim.
    repeated: FxHashSet<u64>,
    contested: FxHashSet<u64>,
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
                index.same.push((entry.same, at));
                let denies = entry.keys.arrow == Arrow::Denies;
                index.facts.push((entry.fact, denies, at));
                if entry.keys.arrow == Arrow::Mutual && entry.back != entry.fact {
                    index.facts.push((entry.back, false, at));
                }
            }
            index.entries.insert(file, entries);
        }
        index.same.sort_unstable();
        index.facts.sort_unstable();
        index.repeated = index
            .same
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| w[0].0)
            .collect();
        // Sorted, a fact's asserting claims come right before its denying ones.
        index.contested = index
            .facts
            .windows(2)
            .filter(|w| w[0].0 == w[1].0 && !w[0].1 && w[1].1)
            .map(|w| w[0].0)
            .collect();
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
        if !self.repeated.contains(&entry.same) {
            return Some(at);
        }
        let from = self.same.partition_point(|s| s.0 < entry.same);
        let all = self.same[from..].iter().take_while(|s| s.0 == entry.same);
        let same = entry.keys.same();
        all.map(|s| s.1)
            .find(|&other| other == at || self.keys(other).is_some_and(|k| k.same() == same))
    }

    /// The claims that contradict the claim at `at`.
    pub fn contradicting(&self, at: ClaimRef) -> Vec<ClaimRef> {
        let Some(entry) = self.entry(at) else {
            return Vec::new();
        };
        if !self.contested.contains(&entry.fact) && !self.contested.contains(&entry.back) {
            return Vec::new();
        }
        let k = &entry.keys;
        let r = &k.relation;
        // The claims on the other side of the fact `s -> o : r`.
        let other_side = |s: &str, o: &str, asserting: bool| -> Vec<ClaimRef> {
            let fact = if s == k.subject {
                entry.fact
            } else {
                entry.back
            };
            // Those on the other side deny what this asserts, or assert
            // what this denies.
            let side = (fact, asserting);
            let from = self.facts.partition_point(|f| (f.0, f.1) < side);
            self.facts[from..]
                .iter()
                .take_while(|f| (f.0, f.1) == side)
                .map(|f| f.2)
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

/// The claim entries a workspace keeps for one notes file.
#[derive(Debug, Default)]
pub struct FileEntries {
    /// Entries by [`cache_key`].
    by_key: FxHashMap<u64, Arc<ClaimEntry>>,
    /// The entry of each claim of the file as it is now, where known: an
    /// edit keeps the entries of the claims it only moved.
    slots: Vec<Option<Arc<ClaimEntry>>>,
    /// The workspace's entries epoch and the file's folder the slots hold for.
    made_for: Option<(u64, u64)>,
}

impl FileEntries {
    /// The file now has `new` claims, of which `kept` says which are old
    /// ones; the entries of the others are looked up again.
    pub fn moved(&mut self, new: usize, kept: Option<KeptClaims>) {
        match kept {
            Some(k) if self.slots.len() == k.old && k.before + k.after <= k.old.min(new) => {
                let tail = self.slots.split_off(k.old - k.after);
                self.slots.truncate(k.before);
                self.slots.resize(new - k.after, None);
                self.slots.extend(tail);
            }
            _ => self.slots.clear(),
        }
    }
}

/// The entries of a file's claims: kept where nothing they depend on
/// changed, else new.
fn entries(ws: &Workspace, file: usize, doc: &NotesDoc) -> Entries {
    let claims = &doc.syntax.claims;
    let Some(cache) = ws.claim_cache() else {
        return claims
            .iter()
            .map(|c| (!c.broken).then(|| Arc::new(ClaimEntry::new(ws, c, 0))))
            .collect();
    };
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let kept = cache.entry(file).or_default();
    let made_for = (ws.entries_epoch(), hash(&doc.sources));
    if kept.made_for != Some(made_for) || kept.slots.len() != claims.len() {
        kept.slots = vec![None; claims.len()];
        kept.made_for = Some(made_for);
    }
    // The claims without an entry, with their keys and any entry kept by
    // key, found in parallel when there are many (a file just opened).
    let missing: Vec<usize> = (0..claims.len())
        .filter(|&i| !claims[i].broken && kept.slots[i].is_none())
        .collect();
    let find = |&i: &usize| {
        let key = cache_key(ws, doc, &claims[i]);
        let entry = kept.by_key.get(&key).cloned();
        (
            i,
            key,
            entry.unwrap_or_else(|| Arc::new(ClaimEntry::new(ws, &claims[i], key))),
        )
    };
    let found: Vec<(usize, u64, Arc<ClaimEntry>)> = if missing.len() > 256 {
        use rayon::prelude::*;
        missing.par_iter().map(find).collect()
    } else {
        missing.iter().map(find).collect()
    };
    for (i, key, entry) in found {
        // Claims with the same text share one entry.
        kept.slots[i] = Some(kept.by_key.entry(key).or_insert(entry).clone());
    }
    let mut out = Vec::with_capacity(claims.len());
    for (claim, slot) in claims.iter().zip(kept.slots.iter_mut()) {
        if claim.broken {
            *slot = None;
        }
        out.push(slot.clone());
    }
    // Entries of claims long gone are dropped now and then.
    if kept.by_key.len() > 2 * claims.len() + 1024 {
        kept.by_key = kept
            .slots
            .iter()
            .flatten()
            .map(|e| (e.cache_key, e.clone()))
            .collect();
    }
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
                None,
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

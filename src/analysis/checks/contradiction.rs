//! `contradiction`: `A -> B : x` and `A -/-> B : x` anywhere in the
//! workspace. `<->` holds both ways; relations compare by stems. Also the
//! index that `duplicate` uses.

use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};
use crate::analysis::entities::name_key;
use crate::analysis::syntax::{Arrow, Claim};
use crate::analysis::tokenize::content_terms;
use crate::analysis::workspace::Workspace;
use rustc_hash::FxHashMap;

/// A claim's place: file and index in that file's claims.
pub type ClaimRef = (usize, usize);

/// Subject, object and relation stems.
type FactKey = (String, String, Vec<u64>);

/// Claims grouped by what they say, across the workspace.
#[derive(Debug, Default)]
pub struct ClaimIndex {
    /// (subject, object, relation) → claims asserting / denying it.
    facts: FxHashMap<FactKey, (Vec<ClaimRef>, Vec<ClaimRef>)>,
    /// The whole claim → every claim that says exactly that, in order.
    same: FxHashMap<SameKey, Vec<ClaimRef>>,
}

/// Arrow, the two entities (in name order for `<->`) and relation stems.
type SameKey = (Arrow, String, String, Vec<u64>);

/// What makes two claims the same claim.
fn same_key(ws: &Workspace, claim: &Claim) -> SameKey {
    let (mut a, mut b) = (
        entity_key(ws, &claim.subject.text),
        entity_key(ws, &claim.object.text),
    );
    if claim.arrow == Arrow::Mutual && a > b {
        std::mem::swap(&mut a, &mut b);
    }
    (claim.arrow, a, b, relation_key(&claim.relation.text))
}

fn entity_key(ws: &Workspace, name: &str) -> String {
    match ws.entities.resolve(name) {
        Some(id) => name_key(&ws.entities.entities[id].name),
        None => name_key(name),
    }
}

pub fn relation_key(relation: &str) -> Vec<u64> {
    let mut stems: Vec<u64> = content_terms(relation).iter().map(|t| t.stem).collect();
    stems.sort_unstable();
    stems
}

impl ClaimIndex {
    pub fn build(ws: &Workspace) -> ClaimIndex {
        let mut index = ClaimIndex::default();
        for (file, doc) in ws.docs() {
            for (i, claim) in doc.syntax.claims.iter().enumerate() {
                if claim.broken {
                    continue;
                }
                let at = (file, i);
                index.same.entry(same_key(ws, claim)).or_default().push(at);
                let s = entity_key(ws, &claim.subject.text);
                let o = entity_key(ws, &claim.object.text);
                let r = relation_key(&claim.relation.text);
                match claim.arrow {
                    Arrow::Asserts => index.facts.entry((s, o, r)).or_default().0.push(at),
                    Arrow::Denies => index.facts.entry((s, o, r)).or_default().1.push(at),
                    Arrow::Mutual => {
                        index
                            .facts
                            .entry((s.clone(), o.clone(), r.clone()))
                            .or_default()
                            .0
                            .push(at);
                        if s != o {
                            index.facts.entry((o, s, r)).or_default().0.push(at);
                        }
                    }
                }
            }
        }
        index
    }

    /// The first claim in the workspace that says the same as `claim`.
    pub fn first_same(&self, ws: &Workspace, claim: &Claim) -> Option<ClaimRef> {
        self.same.get(&same_key(ws, claim)).map(|all| all[0])
    }

    /// The claims that contradict `claim` (at `at`).
    pub fn contradicting(&self, ws: &Workspace, claim: &Claim) -> Vec<ClaimRef> {
        let s = entity_key(ws, &claim.subject.text);
        let o = entity_key(ws, &claim.object.text);
        let r = relation_key(&claim.relation.text);
        let lookup = |s: &String, o: &String, positive: bool| -> Vec<ClaimRef> {
            self.facts
                .get(&(s.clone(), o.clone(), r.clone()))
                .map(|(pos, neg)| if positive { neg.clone() } else { pos.clone() })
                .unwrap_or_default()
        };
        let mut out = match claim.arrow {
            Arrow::Asserts => lookup(&s, &o, true),
            Arrow::Denies => lookup(&s, &o, false),
            Arrow::Mutual => {
                let mut v = lookup(&s, &o, true);
                v.extend(lookup(&o, &s, true));
                v
            }
        };
        out.sort();
        out.dedup();
        out
    }
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for eval in &cx.claims {
        let claim = eval.claim;
        let others = cx.index.contradicting(cx.ws, claim);
        if others.is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            cx.here(),
            claim.range.clone(),
            Code::Contradiction,
            String::new(),
        );
        let mut places = Vec::new();
        for (file, i) in others {
            let doc = cx.ws.doc(file).unwrap();
            let other = &doc.syntax.claims[i];
            let text = &doc.text[other.range.clone()];
            places.push(format!(
                "`{}` ({}:{})",
                text.trim(),
                doc.path,
                other.line + 1
            ));
            d = d.with_related(
                FileRef::Notes(file),
                other.range.clone(),
                "the contradicting claim",
            );
        }
        d.message = format!(
            "contradiction: this claim contradicts {}",
            places.join(", ")
        );
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::check;

    #[test]
    fn assert_and_deny_contradict_across_files_and_by_stems() {
        check(
            r#"
//- articles/001_a.txt
Nothing.
//- a.claims
@entity Iran aka Tehran
Iran -> Russia : drones //~ unsourced //~ contradiction: `Tehran -/-> Russia : drone` (b.claims:1)
China <-> Russia : trade //~ unsourced //~ contradiction: b.claims:2
China -> Russia : goods //~ unsourced
//- b.claims
Tehran -/-> Russia : drone //~ unsourced //~ contradiction: a.claims:2
Russia -/-> China : trading //~ unsourced //~ contradiction: a.claims:3
Russia -/-> China : goods //~ unsourced
"#,
        );
    }
}

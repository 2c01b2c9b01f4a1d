//! Evidence search across every article: which sentences would support a
//! claim that cites nothing yet. Backs `claimcheck evidence` and the
//! editor's "Cite 003" code actions.

use super::evidence::{evaluate, Query, SentenceEvidence};
use super::workspace::Workspace;

#[derive(Debug, Clone)]
pub struct Hit {
    pub set: usize,
    pub index: usize,
    /// The sentence supports the claim (all words); else it is a near miss.
    pub full: bool,
    pub evidence: SentenceEvidence,
}

/// Ranked hits for `query` in every article of `sets` (all when empty).
pub fn search(ws: &Workspace, sets: &[usize], query: &Query, limit: usize) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (set, source) in ws.sets.iter().enumerate() {
        if !sets.is_empty() && !sets.contains(&set) {
            continue;
        }
        for (index, article) in source.articles.iter().enumerate() {
            let ev = evaluate(article, &ws.mentions_in(set, index), query);
            for s in ev.supporting {
                hits.push(Hit {
                    set,
                    index,
                    full: true,
                    evidence: s,
                });
            }
            if let Some(p) = ev.partial {
                hits.push(Hit {
                    set,
                    index,
                    full: false,
                    evidence: p,
                });
            }
        }
    }
    hits.sort_by(|a, b| {
        b.full
            .cmp(&a.full)
            .then(a.evidence.missing.len().cmp(&b.evidence.missing.len()))
            .then(b.evidence.score.total_cmp(&a.evidence.score))
            .then((a.set, a.index, a.evidence.sentence).cmp(&(b.set, b.index, b.evidence.sentence)))
    });
    hits.truncate(limit);
    hits
}

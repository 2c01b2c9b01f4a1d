//! The checks. Each lives in its own file with its tests; this module
//! resolves every claim's citations once and runs them all.

mod articles;
mod contradiction;
mod disputed;
mod duplicate;
mod index;
mod quote_not_found;
mod syntax_error;
mod unknown_entity;
mod unknown_source;
mod unsourced;
mod unsupported;

#[cfg(test)]
pub(crate) mod fixture;

pub use articles::workspace_diagnostics;
pub use index::{ClaimEntry, ClaimIndex, ClaimRef, FileEntries};

use super::diagnostics::{Diagnostic, FileRef};
use super::evidence::{ArticleEvidence, Query};
use super::syntax::{Claim, Spanned};
use super::workspace::{NotesDoc, SourcesLink, Workspace};
use std::sync::Arc;

/// What a cited id turned out to be.
#[derive(Debug, Clone)]
pub enum Resolution {
    Article {
        set: usize,
        index: usize,
        evidence: Option<Arc<ArticleEvidence>>,
    },
    /// The file exists but could not be used.
    Unusable(String),
    Unknown,
    /// The notes file has no usable articles folder.
    NoFolder,
}

#[derive(Debug, Clone)]
pub struct SourceEval<'a> {
    pub id: &'a Spanned,
    pub citation: usize,
    pub resolution: Resolution,
}

#[derive(Debug, Clone)]
pub struct ClaimEval<'a> {
    pub claim: &'a Claim,
    pub query: Option<Query>,
    pub sources: Vec<SourceEval<'a>>,
}

impl ClaimEval<'_> {
    /// The cited articles that were found, with their evidence.
    pub fn articles(
        &self,
    ) -> impl Iterator<Item = (&SourceEval<'_>, usize, usize, &ArticleEvidence)> {
        self.sources.iter().filter_map(|s| match &s.resolution {
            Resolution::Article {
                set,
                index,
                evidence: Some(e),
            } => Some((s, *set, *index, e.as_ref())),
            _ => None,
        })
    }
}

/// What a check looks at: one notes file and the evaluations of the
/// claims it is to check (all of them, or one claim at a time).
pub struct Context<'a> {
    pub ws: &'a Workspace,
    pub file: usize,
    pub doc: &'a NotesDoc,
    pub claims: Vec<ClaimEval<'a>>,
}

impl Context<'_> {
    pub fn here(&self) -> FileRef {
        FileRef::Notes(self.file)
    }
}

/// Resolves a claim's citations and evaluates it against each article.
pub fn evaluate_claim<'a>(ws: &'a Workspace, doc: &NotesDoc, claim: &'a Claim) -> ClaimEval<'a> {
    let query = Query::for_claim(&ws.entities, claim);
    let mut sources = Vec::new();
    for (c, citation) in claim.citations.iter().enumerate() {
        for id in &citation.sources {
            let resolution = match &doc.sources {
                SourcesLink::Set(set) => {
                    let s = &ws.sets[*set];
                    match s.get(&id.text) {
                        Some((index, _)) => Resolution::Article {
                            set: *set,
                            index,
                            evidence: query.as_ref().map(|q| ws.evidence(*set, index, q)),
                        },
                        None => match s.unusable.get(&id.text) {
                            Some(why) => Resolution::Unusable(why.clone()),
                            None => Resolution::Unknown,
                        },
                    }
                }
                _ => Resolution::NoFolder,
            };
            sources.push(SourceEval {
                id,
                citation: c,
                resolution,
            });
        }
    }
    ClaimEval {
        claim,
        query,
        sources,
    }
}

/// Counts for a summary line: claims, how many cite something, and how
/// many a cited article supports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub claims: usize,
    pub sourced: usize,
    pub supported: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.claims += o.claims;
        self.sourced += o.sourced;
        self.supported += o.supported;
    }
}

/// Every diagnostic of notes file `file`, with severities from the config
/// and inline suppressions applied, sorted by position.
pub fn file_diagnostics(ws: &Workspace, index: &ClaimIndex, file: usize) -> Vec<Diagnostic> {
    file_report(ws, index, file).0
}

/// A claim's claim-local results: the diagnostics of the checks that look
/// at one claim alone, with ranges relative to the claim's start, and
/// whether a cited article supports it.
#[derive(Debug)]
pub struct Local {
    diagnostics: Vec<Diagnostic>,
    supported: bool,
}

/// Runs the claim-local checks on one claim.
fn local(ws: &Workspace, file: usize, doc: &NotesDoc, claim: &Claim) -> Local {
    let eval = evaluate_claim(ws, doc, claim);
    let supported = eval.articles().any(|(_, _, _, e)| {
        e.best()
            .is_some_and(|b| b.negation.is_none() != (claim.arrow == super::syntax::Arrow::Denies))
    });
    let cx = Context {
        ws,
        file,
        doc,
        claims: vec![eval],
    };
    let mut out = Vec::new();
    unsourced::check(&cx, &mut out);
    unknown_source::check(&cx, &mut out);
    unsupported::check(&cx, &mut out);
    quote_not_found::check(&cx, &mut out);
    disputed::check(&cx, &mut out);
    unknown_entity::check(&cx, &mut out);
    let at = claim.range.start;
    for d in &mut out {
        d.range = d.range.start - at..d.range.end - at;
        for fix in &mut d.fixes {
            fix.range = fix.range.start - at..fix.range.end - at;
        }
    }
    Local {
        diagnostics: out,
        supported,
    }
}

/// [`file_diagnostics`] with the file's [`Stats`].
pub fn file_report(ws: &Workspace, index: &ClaimIndex, file: usize) -> (Vec<Diagnostic>, Stats) {
    let Some(doc) = ws.doc(file) else {
        return (Vec::new(), Stats::default());
    };
    let built;
    let entries = match index.entries(file) {
        Some(e) => e,
        None => {
            built = ClaimIndex::build(ws);
            built.entries(file).expect("every notes file has entries")
        }
    };
    let claims = &doc.syntax.claims;
    // The claims not checked before are checked in parallel: a single large
    // notes file still uses every core.
    use rayon::prelude::*;
    claims.par_iter().zip(entries).for_each(|(claim, entry)| {
        if let Some(entry) = entry {
            entry.local.get_or_init(|| local(ws, file, doc, claim));
        }
    });
    let cx = Context {
        ws,
        file,
        doc,
        claims: Vec::new(),
    };
    let mut stats = Stats {
        claims: claims.len(),
        ..Stats::default()
    };
    let mut out = Vec::new();
    syntax_error::check(&cx, &mut out);
    articles::check_folder(&cx, &mut out);
    for (claim, entry) in claims.iter().zip(entries) {
        let Some(local) = entry.as_ref().and_then(|e| e.local.get()) else {
            continue;
        };
        stats.sourced += usize::from(!claim.citations.is_empty());
        stats.supported += usize::from(local.supported);
        let at = claim.range.start;
        out.extend(local.diagnostics.iter().map(|d| {
            let mut d = d.clone();
            d.range = d.range.start + at..d.range.end + at;
            for fix in &mut d.fixes {
                fix.range = fix.range.start + at..fix.range.end + at;
            }
            d
        }));
    }
    contradiction::check(&cx, index, &mut out);
    duplicate::check(&cx, index, &mut out);
    (finish(ws, Some(doc), out), stats)
}

/// Applies suppressions and configured severities, and sorts.
pub fn finish(
    ws: &Workspace,
    doc: Option<&NotesDoc>,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let Some(doc) = doc else { return true };
            let line = doc.lines.line_of(d.range.start);
            !doc.syntax.suppressions.iter().any(|s| {
                s.line == line
                    && (s.codes.is_empty() || s.codes.iter().any(|c| c == d.code.as_str()))
            })
        })
        .filter_map(|mut d| {
            d.severity = ws.config.severity_of(d.code)?;
            Some(d)
        })
        .collect();
    out.sort_by(|a, b| (&a.file, a.range.start, a.code).cmp(&(&b.file, b.range.start, b.code)));
    out
}

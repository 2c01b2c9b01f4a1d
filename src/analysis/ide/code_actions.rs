//! Code actions: the fixes the checks attach, "Cite 003" from the evidence
//! search, and "Ignore on this line".

use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};
use crate::analysis::evidence::Query;
use crate::analysis::search::search;
use crate::analysis::workspace::{SourcesLink, Workspace};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    /// Edits in the notes file the action was asked for.
    pub edits: Vec<(Range<usize>, String)>,
    /// The diagnostic it fixes, as an index into the slice given.
    pub fixes: Option<usize>,
    pub preferred: bool,
}

/// How many "Cite" actions to offer.
const CITE_SUGGESTIONS: usize = 3;

fn shorten(sentence: &str, max: usize) -> String {
    if sentence.chars().count() <= max {
        sentence.to_string()
    } else {
        let cut: String = sentence.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Actions for `range` of notes file `file`, given the diagnostics there.
pub fn code_actions(
    ws: &Workspace,
    file: usize,
    range: Range<usize>,
    diagnostics: &[Diagnostic],
) -> Vec<Action> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if d.file != FileRef::Notes(file) || d.range.end < range.start || d.range.start > range.end
        {
            continue;
        }
        for fix in &d.fixes {
            out.push(Action {
                title: fix.title.clone(),
                edits: vec![(fix.range.clone(), fix.replacement.clone())],
                fixes: Some(i),
                preferred: true,
            });
        }
        if matches!(d.code, Code::Unsourced | Code::Unsupported) {
            out.extend(cite_actions(ws, file, d, i));
        }
        // Ignore on this line: extend an existing suppression or add one.
        let line = doc.lines.line_of(d.range.start);
        let line_range = doc.lines.line_range(&doc.text, line);
        let line_text = &doc.text[line_range.clone()];
        let edit = match line_text.find("// claimcheck: ignore") {
            Some(at) => {
                let existing = &line_text[at + "// claimcheck: ignore".len()..];
                if existing.trim().is_empty() {
                    continue; // already ignores everything
                }
                let end = line_range.end - (line_text.len() - line_text.trim_end().len());
                (end..end, format!(", {}", d.code.as_str()))
            }
            None => {
                let end = line_range.start + line_text.trim_end().len();
                (
                    end..end,
                    format!(" // claimcheck: ignore {}", d.code.as_str()),
                )
            }
        };
        out.push(Action {
            title: format!("Ignore {} on this line", d.code.as_str()),
            edits: vec![edit],
            fixes: Some(i),
            preferred: false,
        });
    }
    out
}

fn cite_actions(ws: &Workspace, file: usize, d: &Diagnostic, index: usize) -> Vec<Action> {
    let doc = ws.doc(file).unwrap();
    let Some(claim) = doc
        .syntax
        .claims
        .iter()
        .find(|c| c.range.start == d.range.start)
    else {
        return Vec::new();
    };
    let SourcesLink::Set(set) = doc.sources else {
        return Vec::new();
    };
    let Some(query) = Query::for_claim(&ws.entities, claim) else {
        return Vec::new();
    };
    let cited: Vec<&str> = claim.sources().map(|s| s.text.as_str()).collect();
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for hit in search(ws, &[set], &query, 50) {
        if !hit.full || hit.evidence.negation.is_some() {
            continue;
        }
        let article = &ws.sets[hit.set].articles[hit.index];
        if cited.contains(&article.id.as_str()) || seen.contains(&hit.index) {
            continue;
        }
        seen.push(hit.index);
        let sentence = shorten(article.sentence_text(hit.evidence.sentence), 60);
        let at = claim.range.end;
        out.push(Action {
            title: format!("Cite {}: '{sentence}'", article.id),
            edits: vec![(at..at, format!(" [src {}]", article.id))],
            fixes: Some(index),
            preferred: out.is_empty(),
        });
        if out.len() == CITE_SUGGESTIONS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::fixture::{all_diagnostics, workspace};
    use crate::analysis::config::Config;

    fn actions(notes: &str) -> (String, Vec<Action>) {
        let ws = workspace(
            &format!("//- articles/001_a.txt\nNothing.\n//- articles/002_b.txt\nIran sent drones to Russia.\n//- articles/003_c.txt\nIran said it has not sent drones to Russia.\n//- e.claims\n@entity Iran\n//- notes.claims\n{notes}"),
            Config::default(),
        );
        let file = ws.file_by_path("notes.claims").unwrap();
        let diagnostics = all_diagnostics(&ws);
        let text = ws.doc(file).unwrap().text.clone();
        (
            text.clone(),
            code_actions(&ws, file, 0..text.len(), &diagnostics),
        )
    }

    fn apply(text: &str, edits: &[(Range<usize>, String)]) -> String {
        let mut out = text.to_string();
        for (r, t) in edits.iter().rev() {
            out.replace_range(r.clone(), t);
        }
        out
    }

    #[test]
    fn cite_the_best_articles_for_an_unsourced_claim() {
        let (text, acts) = actions("Iran -> Russia : drones\n");
        let cite: Vec<&Action> = acts
            .iter()
            .filter(|a| a.title.starts_with("Cite"))
            .collect();
        assert_eq!(
            cite.len(),
            1,
            "the negated sentence in 003 is not offered: {acts:?}"
        );
        assert_eq!(cite[0].title, "Cite 002: 'Iran sent drones to Russia.'");
        assert_eq!(
            apply(&text, &cite[0].edits),
            "Iran -> Russia : drones [src 002]\n"
        );
    }

    #[test]
    fn replace_a_misquote_and_fix_a_near_miss_name() {
        let (text, acts) =
            actions("Iran -> Russia : drones [src 002 \"Iran send drones\"]\nIram -> Russia : x\n");
        let replace = acts
            .iter()
            .find(|a| a.title == "Replace with the passage in the article")
            .unwrap();
        assert_eq!(
            apply(&text, &replace.edits).lines().next().unwrap(),
            "Iran -> Russia : drones [src 002 \"Iran sent drones\"]"
        );
        let change = acts.iter().find(|a| a.title == "Change to 'Iran'").unwrap();
        assert_eq!(
            apply(&text, &change.edits).lines().nth(1).unwrap(),
            "Iran -> Russia : x"
        );
    }

    #[test]
    fn ignore_on_this_line_adds_or_extends_the_comment() {
        let (text, acts) = actions("Iran -> Russia : tanks [src 002]  \n");
        let ignore = acts
            .iter()
            .find(|a| a.title == "Ignore unsupported on this line")
            .unwrap();
        assert_eq!(
            apply(&text, &ignore.edits),
            "Iran -> Russia : tanks [src 002] // claimcheck: ignore unsupported  \n"
        );
        let (text, acts) =
            actions("Iran -> Russia : tanks [src 002, 009] // claimcheck: ignore unknown-source\n");
        let ignore = acts
            .iter()
            .find(|a| a.title == "Ignore unsupported on this line")
            .unwrap();
        assert_eq!(apply(&text, &ignore.edits), "Iran -> Russia : tanks [src 002, 009] // claimcheck: ignore unknown-source, unsupported\n");
    }
}

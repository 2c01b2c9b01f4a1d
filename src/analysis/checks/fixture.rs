//! Data-driven check tests: a fixture of files with inline expectations.
//!
//! ```text
//! //- articles/001_a.txt
//! Iran sent drones to Russia.
//! //- notes.claims
//! Iran -> Russia : drones [src 001]
//! China -> Russia : troops [src 001]  //~ unsupported: mentions neither China
//! ```
//!
//! Files start at `//- PATH`. Articles live under `articles/`, the one
//! folder of the fixture. A `//~ CODE` or `//~ CODE: TEXT` at the end of a
//! line expects one diagnostic of that code starting on that line, whose
//! message contains TEXT; several may follow each other. Every diagnostic
//! must be expected, and every expectation met.

use crate::analysis::article::{article_id, Article};
use crate::analysis::checks::{file_diagnostics, workspace_diagnostics, ClaimIndex};
use crate::analysis::config::Config;
use crate::analysis::diagnostics::{Diagnostic, FileRef};
use crate::analysis::workspace::{SourceSet, SourcesLink, Workspace};

pub fn workspace(fixture: &str, config: Config) -> Workspace {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("//- ") {
            files.push((path.trim().to_string(), String::new()));
        } else if let Some(last) = files.last_mut() {
            last.1.push_str(line);
        }
    }
    let mut loaded = Vec::new();
    let mut notes = Vec::new();
    for (path, text) in files {
        if let Some(name) = path.strip_prefix("articles/") {
            let id = article_id(name).expect("article names start with digits");
            loaded.push((
                id.to_string(),
                path.clone(),
                Article::from_bytes(id, &path, text.as_bytes().to_vec()),
            ));
        } else {
            notes.push((path, text));
        }
    }
    let mut ws = Workspace::new(config);
    let set = ws.add_set(SourceSet::new("articles".into(), loaded));
    for (path, text) in notes {
        ws.add_notes(path, text, SourcesLink::Set(set));
    }
    ws.refresh();
    ws
}

pub fn all_diagnostics(ws: &Workspace) -> Vec<Diagnostic> {
    let index = ClaimIndex::build(ws);
    let mut out = workspace_diagnostics(ws);
    for (file, _) in ws.docs() {
        out.extend(file_diagnostics(ws, &index, file));
    }
    out
}

/// Checks a fixture's expectations; panics with every mismatch.
pub fn check(fixture: &str) {
    check_with(fixture, Config::default(), None)
}

/// Like [`check`], but only diagnostics with one of `codes` are compared.
pub fn check_codes(codes: &[&str], fixture: &str) {
    check_with(fixture, Config::default(), Some(codes))
}

pub fn check_with(fixture: &str, config: Config, codes: Option<&[&str]>) {
    let ws = workspace(fixture, config);
    let mut expected: Vec<(String, usize, String, String)> = Vec::new();
    for (_, doc) in ws.docs() {
        for (line_no, line) in doc.text.lines().enumerate() {
            for part in line.split("//~").skip(1) {
                let part = part.trim();
                let (code, text) = part.split_once(':').unwrap_or((part, ""));
                if codes.is_some_and(|c| !c.contains(&code.trim())) {
                    continue;
                }
                expected.push((
                    doc.path.clone(),
                    line_no,
                    code.trim().to_string(),
                    text.trim().to_string(),
                ));
            }
        }
    }
    let mut problems = Vec::new();
    let mut unmatched: Vec<bool> = vec![true; expected.len()];
    for d in all_diagnostics(&ws) {
        if codes.is_some_and(|c| !c.contains(&d.code.as_str())) {
            continue;
        }
        // Expectations are written in notes files; elsewhere, line 0.
        let path = ws.path_of(&d.file).to_string();
        let line = match &d.file {
            FileRef::Notes(_) => ws
                .text_of(&d.file)
                .map_or(0, |(_, l)| l.line_of(d.range.start)),
            _ => 0,
        };
        let found = expected
            .iter()
            .enumerate()
            .position(|(i, (p, l, code, text))| {
                unmatched[i]
                    && *p == path
                    && *l == line
                    && code == d.code.as_str()
                    && d.message.contains(text.as_str())
            });
        match found {
            Some(i) => unmatched[i] = false,
            None => problems.push(format!(
                "unexpected {} at {path}:{}: {}",
                d.code.as_str(),
                line + 1,
                d.message
            )),
        }
    }
    for (i, (path, line, code, text)) in expected.iter().enumerate() {
        if unmatched[i] {
            problems.push(format!(
                "missing {code} at {path}:{} (message containing {text:?})",
                line + 1
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

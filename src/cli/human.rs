//! rustc-style output: the claim line, an underline, notes.

use super::check::Summary;
use super::location::span;
use crate::analysis::{Diagnostic, FileRef, Severity, Workspace};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::ops::Range;

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::HELP.with_name("hint"),
    }
}

/// The whole lines around `range`, their first line (1-based) and the
/// range shifted into them.
fn excerpt<'a>(
    ws: &Workspace,
    text: &'a str,
    file: &FileRef,
    range: &Range<usize>,
) -> (&'a str, usize, Range<usize>) {
    let s = span(ws, file, range);
    let start = text[..range.start.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let end = text[range.end.min(text.len())..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| range.end + i);
    (
        &text[start..end],
        s.line,
        range.start - start..range.end - start,
    )
}

fn snippet<'a>(
    ws: &'a Workspace,
    file: &FileRef,
    range: &Range<usize>,
    label: &'a str,
    primary: bool,
) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let (text, _) = ws.text_of(file)?;
    let (source, line, local) = excerpt(ws, text, file, range);
    let kind = if primary {
        AnnotationKind::Primary
    } else {
        AnnotationKind::Context
    };
    Some(
        Snippet::source(source)
            .line_start(line)
            .path(ws.path_of(file).to_string())
            .annotation(kind.span(local).label(label)),
    )
}

pub fn render(
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    colour: bool,
) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let mut groups: Vec<Group> = Vec::new();
        let title = level(d.severity)
            .primary_title(d.message.as_str())
            .id(d.code.as_str());
        let group = match snippet(ws, &d.file, &d.range, "", true) {
            Some(s) => title.element(s),
            None => title.element(Origin::path(ws.path_of(&d.file).to_string()).line(1)),
        };
        groups.push(group);
        for r in &d.related {
            let note = Level::NOTE.secondary_title(r.message.as_str());
            groups.push(match snippet(ws, &r.file, &r.range, "", false) {
                Some(s) => Group::with_title(note).element(s),
                None => {
                    Group::with_title(note).element(Origin::path(ws.path_of(&r.file).to_string()))
                }
            });
        }
        for fix in &d.fixes {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(format!("{}: {}", fix.title, fix.replacement)),
            ));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}

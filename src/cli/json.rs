//! `--format json`: one document, documented in docs/output.md.

use super::check::Summary;
use super::location::{span, Span};
use crate::analysis::{Diagnostic, Workspace};
use serde::Serialize;

#[derive(Serialize)]
struct Related {
    #[serde(flatten)]
    span: Span,
    message: String,
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(flatten)]
    span: Span,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    related: Vec<Related>,
}

pub fn render(ws: &Workspace, diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let items: Vec<Item> = diagnostics
        .iter()
        .map(|d| Item {
            span: span(ws, &d.file, &d.range),
            severity: d.severity.as_str(),
            code: d.code.as_str(),
            message: &d.message,
            related: d
                .related
                .iter()
                .map(|r| Related {
                    span: span(ws, &r.file, &r.range),
                    message: r.message.clone(),
                })
                .collect(),
        })
        .collect();
    let doc = serde_json::json!({ "version": 1, "diagnostics": items, "summary": summary });
    format!("{}\n", serde_json::to_string_pretty(&doc).unwrap())
}

//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, one rule per code,
//! columns in Unicode code points.

use super::location::span;
use crate::analysis::{Code, Diagnostic, Severity, Workspace};
use serde_json::{json, Value};

pub const DOCS: &str = "https://github.com/claimcheck/claimcheck/blob/main/docs/diagnostics.md";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn location(
    ws: &Workspace,
    file: &crate::analysis::FileRef,
    range: &std::ops::Range<usize>,
) -> Value {
    let s = span(ws, file, range);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": s.file.replace('\\', "/") },
            "region": {
                "startLine": s.line,
                "startColumn": s.column,
                "endLine": s.end_line,
                "endColumn": s.end_column,
            }
        }
    })
}

pub fn render(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": rule_name(*c),
                "shortDescription": { "text": c.summary() },
                "helpUri": format!("{DOCS}#{}", c.docs_anchor()),
                "defaultConfiguration": { "level": level(c.default_severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut loc = location(ws, &r.file, &r.range);
                    loc["id"] = json!(i);
                    loc["message"] = json!({ "text": r.message });
                    loc
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap(),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [location(ws, &d.file, &d.range)],
            });
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claimcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/claimcheck/claimcheck",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    format!("{}\n", serde_json::to_string_pretty(&doc).unwrap())
}

//! `--format github`: workflow commands that annotate a pull request.

use super::check::Summary;
use super::location::span;
use crate::analysis::{Diagnostic, Severity, Workspace};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(ws: &Workspace, diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let s = span(ws, &d.file, &d.range);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&s.file),
            s.line,
            s.column,
            s.end_line,
            s.end_column,
            escape_property(&format!("claimcheck {}", d.code.as_str())),
            escape_data(&d.message),
        ));
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}

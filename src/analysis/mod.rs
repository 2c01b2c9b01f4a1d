//! The pure analysis core: parse, model, check, explain.
//!
//! It takes text and bytes and returns plain data with byte offsets and
//! stable diagnostic codes. It never touches the file system, a terminal,
//! the LSP protocol or an async runtime; the `cli` and `lsp` front ends and
//! the `project` loader translate to and from it.

pub mod article;
pub mod checks;
pub mod config;
pub mod diagnostics;
pub mod entities;
pub mod evidence;
pub mod ide;
pub mod negation;
pub mod search;
pub mod syntax;
pub mod text;
pub mod tokenize;
pub mod workspace;

pub use checks::{file_diagnostics, file_report, workspace_diagnostics, ClaimIndex, Stats};
pub use config::Config;
pub use diagnostics::{Code, Diagnostic, FileRef, Severity};
pub use workspace::{SourceSet, SourcesLink, Workspace};

/// Every diagnostic of the workspace: article problems, then each notes
/// file's, in file order.
pub fn all_diagnostics(ws: &Workspace) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let index = ClaimIndex::build(ws);
    let files: Vec<usize> = ws.docs().map(|(i, _)| i).collect();
    let per_file: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|&f| file_diagnostics(ws, &index, f))
        .collect();
    let mut out = workspace_diagnostics(ws);
    out.extend(per_file.into_iter().flatten());
    out
}

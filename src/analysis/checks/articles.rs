//! Problems with the articles themselves: `missing-sources`, `bad-article`
//! and `duplicate-article-id`.

use super::Context;
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};
use crate::analysis::workspace::{ArticleProblem, SourcesLink, Workspace};

/// A notes file whose articles folder does not exist.
pub fn check_folder(cx: &Context, out: &mut Vec<Diagnostic>) {
    if let SourcesLink::Missing { dir, range } = &cx.doc.sources {
        out.push(Diagnostic::new(
            cx.here(),
            range.clone().unwrap_or(0..0),
            Code::MissingSources,
            format!("articles folder not found: {dir}"),
        ));
    }
}

/// Diagnostics on the article files of every folder, once per workspace.
pub fn workspace_diagnostics(ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for set in &ws.sets {
        for problem in &set.problems {
            out.push(match problem {
                ArticleProblem::Bad { path, error } => Diagnostic::new(
                    FileRef::Path(path.clone()),
                    0..0,
                    Code::BadArticle,
                    format!("article skipped: {error}"),
                ),
                ArticleProblem::DuplicateId { id, first, second } => Diagnostic::new(
                    FileRef::Path(second.clone()),
                    0..0,
                    Code::DuplicateArticleId,
                    format!("two articles have the id {id}: {first} and {second}"),
                )
                .with_related(
                    FileRef::Path(first.clone()),
                    0..0,
                    "the other article with this id",
                ),
            });
        }
    }
    super::finish(ws, None, out)
}

#[cfg(test)]
mod tests {
    use crate::analysis::checks::fixture::{all_diagnostics, workspace};
    use crate::analysis::config::Config;
    use crate::analysis::diagnostics::{Code, FileRef};

    #[test]
    fn bad_and_duplicate_articles_are_reported_and_the_rest_checked() {
        let ws = workspace(
            "//- articles/001_a.txt\nIran sent drones to Russia.\n//- articles/001_b.txt\ncopy\n//- articles/002_bin.txt\n\0\0\n//- notes.claims\nIran -> Russia : drones [src 001]\n",
            Config::default(),
        );
        let got: Vec<(Code, String)> = all_diagnostics(&ws)
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Code::DuplicateArticleId,
                    "two articles have the id 001: articles/001_a.txt and articles/001_b.txt"
                        .to_string()
                ),
                (
                    Code::BadArticle,
                    "article skipped: it is a binary file".to_string()
                )
            ]
        );
        assert!(matches!(all_diagnostics(&ws)[0].file, FileRef::Path(_)));
    }
}

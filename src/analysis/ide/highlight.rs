//! Document highlight: the other places in this file where the entity (or
//! the article id) under the cursor appears.

use super::references::{entity_spans, source_spans};
use super::{locate, Target};
use crate::analysis::workspace::Workspace;
use std::ops::Range;

pub fn highlight(ws: &Workspace, file: usize, offset: usize) -> Vec<Range<usize>> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    let spans = match locate(doc, offset) {
        Target::ClaimEntity { name, .. } | Target::DeclEntity { name, .. } => {
            match ws.entities.resolve(&name.text) {
                Some(id) => entity_spans(ws, id),
                None => Vec::new(),
            }
        }
        Target::Source { id, .. } => source_spans(ws, file, &id.text),
        _ => Vec::new(),
    };
    spans
        .into_iter()
        .filter(|(f, _)| *f == file)
        .map(|(_, r)| r)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::test_support::with_cursor;

    #[test]
    fn highlights_the_entity_by_any_name_in_this_file() {
        let (ws, file, offset) = with_cursor(
            "//- e.claims\n@entity Iran aka Tehran\nIran -> X : y\n//- notes.claims\nIr$0an -> Russia : oil\nRussia -> Tehran : jets\nIraq -> Russia : oil\n",
        );
        let doc = ws.doc(file).unwrap();
        let got: Vec<&str> = highlight(&ws, file, offset)
            .into_iter()
            .map(|r| &doc.text[r])
            .collect();
        assert_eq!(got, ["Iran", "Tehran"]);
    }
}

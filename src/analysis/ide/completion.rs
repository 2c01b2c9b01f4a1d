//! Completion: article ids after `[src `, entities in subject and object
//! positions, relations already used after `: `.

use crate::analysis::workspace::Workspace;
use std::collections::BTreeMap;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Article,
    Entity,
    Relation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: Option<String>,
    pub kind: CompletionKind,
    /// What the completion replaces: the partial word before the cursor.
    pub replace: Range<usize>,
}

const ARROWS: [&str; 3] = ["-/->", "<->", "->"];

pub fn complete(ws: &Workspace, file: usize, offset: usize) -> Vec<Completion> {
    let Some(doc) = ws.doc(file) else {
        return Vec::new();
    };
    let offset = crate::analysis::text::clamp_to_char_boundary(&doc.text, offset);
    let line_start = doc.lines.line_start(doc.lines.line_of(offset));
    let before = &doc.text[line_start..offset];
    let trimmed = before.trim_start();
    if trimmed.starts_with("//") || trimmed.starts_with('#') || trimmed.starts_with("@sources") {
        return Vec::new();
    }

    // Inside a citation: `[src 00|` or `[src 000, 0|`.
    if let Some(open) = before.rfind('[') {
        let inside = &before[open + 1..];
        if !inside.contains(']') {
            let Some(ids) = inside.trim_start().strip_prefix("src") else {
                return Vec::new();
            };
            if ids.contains('"') || !(ids.is_empty() || ids.starts_with([' ', '\t'])) {
                return Vec::new();
            }
            let partial = ids.rsplit([' ', '\t', ',']).next().unwrap_or("");
            let replace = offset - partial.len()..offset;
            let Some(set) = ws.set_of(file) else {
                return Vec::new();
            };
            let mut out: Vec<Completion> = set
                .articles
                .iter()
                .filter(|a| a.id.starts_with(partial))
                .map(|a| Completion {
                    label: a.id.clone(),
                    detail: Some(a.title.clone()),
                    kind: CompletionKind::Article,
                    replace: replace.clone(),
                })
                .collect();
            out.sort_by(|a, b| a.label.cmp(&b.label));
            return out;
        }
    }

    // After the colon of a claim: the relations the workspace uses.
    let arrow = ARROWS
        .iter()
        .filter_map(|a| before.find(a).map(|i| (i, a.len())))
        .min();
    if let Some((arrow_at, arrow_len)) = arrow {
        if let Some(colon) = before[arrow_at..].find(':').map(|c| c + arrow_at) {
            let typed = &before[colon + 1..];
            let partial = typed.trim_start();
            let replace = offset - partial.len()..offset;
            let mut used: BTreeMap<String, usize> = BTreeMap::new();
            for (_, d) in ws.docs() {
                for c in &d.syntax.claims {
                    if !c.relation.text.is_empty() {
                        *used.entry(c.relation.text.clone()).or_default() += 1;
                    }
                }
            }
            let lower = partial.to_lowercase();
            let mut out: Vec<(usize, Completion)> = used
                .into_iter()
                .filter(|(r, _)| r.to_lowercase().starts_with(&lower) && *r != partial)
                .map(|(r, n)| {
                    (
                        n,
                        Completion {
                            detail: Some(format!(
                                "used in {n} claim{}",
                                if n == 1 { "" } else { "s" }
                            )),
                            label: r,
                            kind: CompletionKind::Relation,
                            replace: replace.clone(),
                        },
                    )
                })
                .collect();
            out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.label.cmp(&b.1.label)));
            return out.into_iter().map(|(_, c)| c).collect();
        }
        // The object position, after the arrow.
        let partial = before[arrow_at + arrow_len..].trim_start();
        return entities(ws, partial, offset);
    }
    // The subject position, or an @entity line.
    let partial = trimmed
        .strip_prefix("@entity")
        .map(str::trim_start)
        .unwrap_or(trimmed);
    if trimmed.starts_with("@entity") && (partial.contains(" aka") || partial.is_empty()) {
        return Vec::new();
    }
    entities(ws, partial, offset)
}

fn entities(ws: &Workspace, partial: &str, offset: usize) -> Vec<Completion> {
    let replace = offset - partial.len()..offset;
    let lower = partial.trim_start_matches('"').to_lowercase();
    let mut out: Vec<Completion> = Vec::new();
    for entity in &ws.entities.entities {
        for (i, name) in std::iter::once(&entity.name)
            .chain(entity.aliases.iter())
            .enumerate()
        {
            if !name.to_lowercase().starts_with(&lower) || out.iter().any(|c| &c.label == name) {
                continue;
            }
            let detail = if i == 0 {
                (!entity.aliases.is_empty()).then(|| format!("aka {}", entity.aliases.join(", ")))
            } else {
                Some(format!("alias of {}", entity.name))
            };
            let label = if name
                .chars()
                .all(|c| c.is_alphanumeric() || " .'’-".contains(c))
            {
                name.clone()
            } else {
                format!("\"{name}\"")
            };
            out.push(Completion {
                label,
                detail,
                kind: CompletionKind::Entity,
                replace: replace.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::test_support::with_cursor;

    const FIXTURE: &str = "//- articles/003_a.txt\nPolitics\nText.\n//- articles/000_b.txt\nWorld news\n//- e.claims\n@entity Iran aka Tehran, \"Islamic Republic\"\n@entity Russia\nIran -> Russia : drones\nIran -> Russia : drones\nRussia -> Iran : dual-use goods\n//- notes.claims\n";

    fn labels(notes: &str) -> Vec<(String, Option<String>)> {
        let (ws, file, offset) = with_cursor(&format!("{FIXTURE}{notes}"));
        complete(&ws, file, offset)
            .into_iter()
            .map(|c| (c.label, c.detail))
            .collect()
    }

    #[test]
    fn article_ids_with_titles_after_src() {
        assert_eq!(
            labels("Iran -> Russia : drones [src $0\n"),
            [
                ("000".into(), Some("World news".into())),
                ("003".into(), Some("Politics".into()))
            ]
        );
        assert_eq!(labels("Iran -> Russia : drones [src 000, 00$0\n").len(), 2);
        assert_eq!(labels("Iran -> Russia : drones [src 003 \"quo$0\n"), []);
    }

    #[test]
    fn entities_in_subject_and_object_positions() {
        let got = labels("Te$0\n");
        assert_eq!(got, [("Tehran".into(), Some("alias of Iran".into()))]);
        let got: Vec<String> = labels("Iran -> $0\n").into_iter().map(|c| c.0).collect();
        assert_eq!(got, ["Iran", "Islamic Republic", "Russia", "Tehran"]);
    }

    #[test]
    fn relations_used_in_the_workspace_after_the_colon() {
        let got = labels("Iran -> Russia : d$0\n");
        assert_eq!(
            got,
            [
                ("drones".into(), Some("used in 2 claims".into())),
                ("dual-use goods".into(), Some("used in 1 claim".into()))
            ]
        );
    }
}

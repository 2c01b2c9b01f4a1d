//! Hover: the quotes behind a claim, an article's details, an entity's
//! aliases and reach.

use super::{escape_markdown, locate, Target};
use crate::analysis::checks::{evaluate_claim, Resolution};
use crate::analysis::entities::EntityId;
use crate::analysis::evidence::SentenceEvidence;
use crate::analysis::workspace::Workspace;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    pub range: Range<usize>,
    pub markdown: String,
}

/// How many supporting sentences to quote per article.
const QUOTES_PER_ARTICLE: usize = 2;

pub fn hover(ws: &Workspace, file: usize, offset: usize) -> Option<HoverResult> {
    let doc = ws.doc(file)?;
    match locate(doc, offset) {
        Target::Source { id, .. } => {
            let set = ws.set_of(file)?;
            let markdown = match set.get(&id.text) {
                Some((_, article)) => {
                    let citing = ws
                        .docs()
                        .filter(|(f, _)| ws.set_of(*f).is_some_and(|s| std::ptr::eq(s, set)))
                        .flat_map(|(_, d)| d.syntax.claims.iter())
                        .filter(|c| c.sources().any(|s| s.text == id.text))
                        .count();
                    format!(
                        "**{}** — {}\n\n`{}` · {} sentences · cited by {} claim{}",
                        escape_markdown(&id.text),
                        escape_markdown(&article.title),
                        article.path,
                        article.sentences.len(),
                        citing,
                        if citing == 1 { "" } else { "s" }
                    )
                }
                None => match set.unusable.get(&id.text) {
                    Some(why) => format!(
                        "**{}**: this article cannot be used: {why}",
                        escape_markdown(&id.text)
                    ),
                    None => format!(
                        "**{}**: no article with this id in `{}`",
                        escape_markdown(&id.text),
                        set.dir
                    ),
                },
            };
            Some(HoverResult {
                range: id.range.clone(),
                markdown,
            })
        }
        Target::ClaimEntity { claim, name } => {
            let mut markdown = claim_markdown(ws, file, claim);
            if let Some(id) = ws.entities.resolve(&name.text) {
                markdown.push_str("\n\n---\n\n");
                markdown.push_str(&entity_markdown(ws, id));
            }
            Some(HoverResult {
                range: name.range.clone(),
                markdown,
            })
        }
        Target::Claim { claim } => Some(HoverResult {
            range: doc.syntax.claims[claim].range.clone(),
            markdown: claim_markdown(ws, file, claim),
        }),
        Target::DeclEntity { name, .. } => {
            let id = ws.entities.resolve(&name.text)?;
            Some(HoverResult {
                range: name.range.clone(),
                markdown: entity_markdown(ws, id),
            })
        }
        Target::SourcesPath(path) => {
            let set = ws.set_of(file)?;
            Some(HoverResult {
                range: path.range.clone(),
                markdown: format!(
                    "Articles folder `{}`: {} articles",
                    set.dir,
                    set.articles.len()
                ),
            })
        }
        Target::Nothing => None,
    }
}

/// The sentence with the matched words in bold.
pub fn bold_sentence(text: &str, evidence: &SentenceEvidence) -> String {
    let mut out = String::new();
    let mut at = evidence.range.start;
    for h in &evidence.highlights {
        if h.start < at {
            continue;
        }
        out.push_str(&escape_markdown(&text[at..h.start]));
        out.push_str("**");
        out.push_str(&escape_markdown(&text[h.clone()]));
        out.push_str("**");
        at = h.end;
    }
    out.push_str(&escape_markdown(&text[at..evidence.range.end]));
    out
}

fn claim_markdown(ws: &Workspace, file: usize, index: usize) -> String {
    let doc = ws.doc(file).unwrap();
    let claim = &doc.syntax.claims[index];
    let mut out = format!(
        "**{} {} {} : {}**",
        escape_markdown(&claim.subject.text),
        claim.arrow.as_str(),
        escape_markdown(&claim.object.text),
        escape_markdown(&claim.relation.text)
    );
    if claim.broken {
        out.push_str("\n\nThis claim is not complete yet.");
        return out;
    }
    let eval = evaluate_claim(ws, doc, claim);
    if eval.sources.is_empty() {
        out.push_str("\n\nNo citation. `claimcheck evidence` or the code actions suggest sources.");
        return out;
    }
    for source in &eval.sources {
        let id = &source.id.text;
        out.push_str("\n\n");
        match &source.resolution {
            Resolution::Article {
                set,
                index,
                evidence,
            } => {
                let article = &ws.sets[*set].articles[*index];
                let name = article.path.rsplit('/').next().unwrap_or(&article.path);
                out.push_str(&format!(
                    "**{}** — *{}*",
                    escape_markdown(id),
                    escape_markdown(&article.title)
                ));
                let Some(evidence) = evidence else { continue };
                if evidence.supporting.is_empty() {
                    out.push_str(&format!(
                        "\n\nNot supported: {}",
                        escape_markdown(&evidence.explain(
                            id,
                            &claim.subject.text,
                            &claim.object.text
                        ))
                    ));
                    if let Some(p) = &evidence.partial {
                        let line = article.lines.line_of(p.range.start) + 1;
                        out.push_str(&format!(
                            "\n\n> {}\n\n`{name}:{line}`",
                            bold_sentence(&article.text, p)
                        ));
                    }
                    continue;
                }
                for s in evidence.supporting.iter().take(QUOTES_PER_ARTICLE) {
                    let line = article.lines.line_of(s.range.start) + 1;
                    out.push_str(&format!(
                        "\n\n> {}\n\n`{name}:{line}`",
                        bold_sentence(&article.text, s)
                    ));
                    if let Some(cue) = &s.negation {
                        out.push_str(&format!(
                            " — negated by “{}”",
                            escape_markdown(&article.text[cue.clone()])
                        ));
                    }
                }
            }
            Resolution::Unusable(why) => out.push_str(&format!(
                "**{}**: cannot be used: {why}",
                escape_markdown(id)
            )),
            Resolution::Unknown => {
                out.push_str(&format!("**{}**: no such article", escape_markdown(id)))
            }
            Resolution::NoFolder => {
                out.push_str(&format!("**{}**: no articles folder", escape_markdown(id)))
            }
        }
    }
    out
}

fn entity_markdown(ws: &Workspace, id: EntityId) -> String {
    let entity = &ws.entities.entities[id];
    let claims = ws.claims_naming(id).len();
    let articles = ws.articles_mentioning(id);
    let aliases = if entity.aliases.is_empty() {
        "no aliases".to_string()
    } else {
        format!(
            "aka {}",
            entity
                .aliases
                .iter()
                .map(|a| escape_markdown(a))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let declared = if entity.declared.is_some() {
        ""
    } else {
        " (not declared)"
    };
    format!(
        "**{}**{declared} — {aliases}\n\nNamed by {claims} claim{} · mentioned in {articles} article{}",
        escape_markdown(&entity.name),
        if claims == 1 { "" } else { "s" },
        if articles == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ide::test_support::with_cursor;

    const FIXTURE: &str = r#"
//- articles/003_a.txt
Politics
A case in point is Iran’s role in supplying Shahed-136 drones to Russia. Tehran denies it.
//- entities.claims
@entity Iran aka Tehran, Iranian
//- notes.claims
"#;

    fn hover_at(notes: &str) -> HoverResult {
        let (ws, file, offset) = with_cursor(&format!("{FIXTURE}{notes}"));
        hover(&ws, file, offset).expect("a hover")
    }

    #[test]
    fn a_claim_shows_its_quotes_in_bold_with_title_and_line() {
        let h = hover_at("Iran -> Russia : dr$0ones [src 003]\n");
        assert!(
            h.markdown.contains("**003** — *Politics*"),
            "{}",
            h.markdown
        );
        assert!(
            h.markdown.contains("> A case in point is **Iran**’s role in supplying Shahed-136 **drones** to **Russia**."),
            "{}",
            h.markdown
        );
        assert!(h.markdown.contains("`003_a.txt:2`"), "{}", h.markdown);
    }

    #[test]
    fn an_unsupported_claim_says_what_was_found() {
        let h = hover_at("Iran -> Russia : tro$0ops [src 003]\n");
        assert!(
            h.markdown.contains(
                "Not supported: 003 mentions Iran and Russia together but never 'troops'"
            ),
            "{}",
            h.markdown
        );
    }

    #[test]
    fn an_entity_in_a_claim_adds_its_aliases_and_reach() {
        let h = hover_at("Ir$0an -> Russia : drones [src 003]\n");
        assert!(h.markdown.contains("Shahed-136"));
        assert!(
            h.markdown.contains("**Iran** — aka Tehran, Iranian"),
            "{}",
            h.markdown
        );
        assert!(
            h.markdown
                .contains("Named by 1 claim · mentioned in 1 article"),
            "{}",
            h.markdown
        );
    }

    #[test]
    fn a_source_id_shows_the_article() {
        let h = hover_at("Iran -> Russia : drones [src 00$03]\nIran -> Russia : role [src 003]\n");
        assert_eq!(
            h.markdown,
            "**003** — Politics\n\n`articles/003_a.txt` · 3 sentences · cited by 2 claims"
        );
    }
}

//! `quote-not-found`: a quoted passage that is not in the cited article,
//! after folding white space, curly and straight quotes, and dashes. The
//! message gives the nearest passage, found by approximate matching.

use super::{Context, Resolution};
use crate::analysis::article::Article;
use crate::analysis::diagnostics::{Code, Diagnostic, FileRef};
use crate::analysis::text::{clamp_to_char_boundary, normalise_for_quotes};
use std::ops::Range;

/// Where `quote` is in `article`: `Ok` with the exact range, or `Err` with
/// the nearest passage, if any is near enough.
pub fn find_quote(article: &Article, quote: &str) -> Result<Range<usize>, Option<Range<usize>>> {
    let needle = normalise_for_quotes(quote.trim());
    let hay = normalise_for_quotes(&article.text);
    if needle.text.is_empty() {
        return Err(None);
    }
    if let Some(at) = hay.text.find(&needle.text) {
        return Ok(hay.original_range(at..at + needle.text.len(), &article.text));
    }
    let best =
        triple_accel::levenshtein::levenshtein_search(needle.text.as_bytes(), hay.text.as_bytes())
            .min_by_key(|m| (m.k, m.start));
    let Some(m) = best else {
        return Err(None);
    };
    let start = clamp_to_char_boundary(&hay.text, m.start);
    let mut end = m.end.min(hay.text.len());
    while !hay.text.is_char_boundary(end) {
        end += 1;
    }
    Err(Some(hay.original_range(start..end, &article.text)))
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for eval in &cx.claims {
        for (c, citation) in eval.claim.citations.iter().enumerate() {
            let Some(quote) = &citation.quote else {
                continue;
            };
            let cited: Vec<(&str, usize, usize)> = eval
                .sources
                .iter()
                .filter(|s| s.citation == c)
                .filter_map(|s| match &s.resolution {
                    Resolution::Article { set, index, .. } => {
                        Some((s.id.text.as_str(), *set, *index))
                    }
                    _ => None,
                })
                .collect();
            if cited.is_empty() {
                continue;
            }
            let mut nearest = None;
            let mut found = false;
            for &(id, set, index) in &cited {
                let article = &cx.ws.sets[set].articles[index];
                match find_quote(article, &quote.text) {
                    Ok(_) => found = true,
                    Err(Some(range)) if nearest.is_none() => {
                        nearest = Some((id, set, index, range))
                    }
                    Err(_) => {}
                }
            }
            if found {
                continue;
            }
            let ids: Vec<&str> = cited.iter().map(|c| c.0).collect();
            let mut message = format!("quote not found in {}", ids.join(", "));
            let d;
            if let Some((id, set, index, range)) = nearest {
                let article = &cx.ws.sets[set].articles[index];
                let passage = &article.text[range.clone()];
                let line = article.lines.line_of(range.start) + 1;
                message.push_str(&format!(
                    "; closest passage in {id} (line {line}): “{passage}”"
                ));
                d = Diagnostic::new(cx.here(), quote.range.clone(), Code::QuoteNotFound, message)
                    .with_related(
                        FileRef::Article { set, index },
                        range.clone(),
                        format!("closest passage in {id}"),
                    )
                    .with_fix(
                        "Replace with the passage in the article",
                        quote.range.clone(),
                        format!("\"{}\"", passage.replace('"', "'")),
                    );
            } else {
                d = Diagnostic::new(cx.here(), quote.range.clone(), Code::QuoteNotFound, message);
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::fixture::check_codes;

    #[test]
    fn quotes_match_after_folding_quotes_dashes_and_space() {
        check_codes(
            &["quote-not-found"],
            r#"
//- articles/001_a.txt
Officials called it an “axis of malign partnerships” — twice.
It was   signed in 2021.
//- notes.claims
Officials -> it : axis [src 001 "malign partnerships” - twice"]
Officials -> it : axis [src 001 "an axis of malign partnerships"] //~ quote-not-found: “an “axis of malign partnerships”
Officials -> it : axis [src 001 "It was signed in 2021."]
Officials -> it : axis [src 001 "It was sighned in 2021."] //~ quote-not-found: closest passage in 001 (line 2): “It was   signed in 2021.”
"#,
        );
    }

    #[test]
    fn nearest_passage_range_is_exact_with_curly_quotes() {
        let text = "Intro.\nBeijing’s “intermittent” partners met.\n";
        let article = Article::from_text("1", "p", text.to_string());
        let range = find_quote(&article, "Beijing's \"intermitent\" partners")
            .unwrap_err()
            .unwrap();
        assert_eq!(&text[range], "Beijing’s “intermittent” partners");
        let exact = find_quote(&article, "Beijing's \"intermittent\"").unwrap();
        assert_eq!(&text[exact], "Beijing’s “intermittent”");
    }
}

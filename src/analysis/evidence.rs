//! The evidence engine: which sentences of an article support a claim.
//!
//! A sentence supports a claim when it mentions the subject, the object and
//! every content word of the relation (by stem). Only a single sentence
//! counts: co-occurrence spread over neighbours is not support. Candidates
//! are ranked by BM25 over the article's sentences.

use super::article::Article;
use super::entities::{ArticleMentions, EntityId, EntityTable};
use super::negation::negating_cue;
use super::syntax::{Arrow, Claim};
use super::tokenize::{content_terms, Term};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub subject: EntityId,
    pub object: EntityId,
    pub terms: Vec<Term>,
    pub arrow: Arrow,
}

impl Query {
    pub fn new(
        table: &EntityTable,
        subject: &str,
        object: &str,
        relation: &str,
        arrow: Arrow,
    ) -> Option<Query> {
        Some(Query {
            subject: table.resolve(subject)?,
            object: table.resolve(object)?,
            terms: content_terms(relation),
            arrow,
        })
    }

    pub fn for_claim(table: &EntityTable, claim: &Claim) -> Option<Query> {
        Query::new(
            table,
            &claim.subject.text,
            &claim.object.text,
            &claim.relation.text,
            claim.arrow,
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SentenceEvidence {
    pub sentence: usize,
    /// Byte range of the sentence in the article.
    pub range: Range<usize>,
    pub score: f32,
    /// Byte ranges of the words that matched: subject, object and relation.
    pub highlights: Vec<Range<usize>>,
    /// Relation words the sentence lacks.
    pub missing: Vec<String>,
    /// The cue that negates the sentence's statement, when it does.
    pub negation: Option<Range<usize>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleEvidence {
    /// Sentences with subject, object and every relation word; best first.
    pub supporting: Vec<SentenceEvidence>,
    /// The best sentence with subject and object but not every word.
    pub partial: Option<SentenceEvidence>,
    pub subject_mentioned: bool,
    pub object_mentioned: bool,
}

impl ArticleEvidence {
    pub fn best(&self) -> Option<&SentenceEvidence> {
        self.supporting.first()
    }

    pub fn supported(&self) -> bool {
        !self.supporting.is_empty()
    }

    /// What was found, for an unsupported claim: "003 mentions Iran and
    /// Russia together but never 'troops'".
    pub fn explain(&self, id: &str, subject: &str, object: &str) -> String {
        match (&self.partial, self.subject_mentioned, self.object_mentioned) {
            (Some(partial), _, _) => format!(
                "{id} mentions {subject} and {object} together but never {}",
                quote_list(&partial.missing)
            ),
            (None, true, true) if subject != object => {
                format!("{id} mentions {subject} and {object}, but never in the same sentence")
            }
            (None, true, false) => format!("{id} mentions {subject} but never {object}"),
            (None, false, true) => format!("{id} mentions {object} but never {subject}"),
            _ => format!("{id} mentions neither {subject} nor {object}"),
        }
    }
}

/// For each term, how many of the article's sentences have its stem: one
/// pass over the article for all the terms.
fn document_frequencies(article: &Article, terms: &[Term]) -> Vec<f32> {
    let mut dfs = vec![0.0; terms.len()];
    if terms.is_empty() {
        return dfs;
    }
    let mut seen = vec![false; terms.len()];
    for sentence in &article.sentences {
        seen.fill(false);
        for token in &article.tokens[sentence.tokens.clone()] {
            for (k, term) in terms.iter().enumerate() {
                seen[k] |= token.stem == term.stem;
            }
        }
        for (df, &seen) in dfs.iter_mut().zip(&seen) {
            *df += f32::from(u8::from(seen));
        }
    }
    dfs
}

fn quote_list(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    match quoted.len() {
        0 => "the relation".to_string(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Evaluates `query` against every sentence of `article`, whose entity
/// mentions are `mentions`.
pub fn evaluate(article: &Article, mentions: &ArticleMentions, query: &Query) -> ArticleEvidence {
    let subject_mentions = mentions.of(query.subject);
    let object_mentions = if query.object == query.subject {
        subject_mentions.clone()
    } else {
        mentions.of(query.object)
    };
    let mut result = ArticleEvidence {
        subject_mentioned: !subject_mentions.is_empty(),
        object_mentioned: !object_mentions.is_empty(),
        ..Default::default()
    };
    if subject_mentions.is_empty() || object_mentions.is_empty() {
        return result;
    }
    let by_sentence = |mentions: &[Range<usize>]| {
        let mut s: Vec<(usize, Range<usize>)> = mentions
            .iter()
            .map(|m| (article.sentence_of_token(m.start), m.clone()))
            .collect();
        s.sort_by_key(|(s, m)| (*s, m.start));
        s
    };
    let subjects = by_sentence(&subject_mentions);
    let objects = by_sentence(&object_mentions);

    let n = article.sentences.len().max(1) as f32;
    let avg_len = article.tokens.len().max(1) as f32 / n;
    // Found when a sentence first has both subject and object: most
    // evaluations never need them.
    let mut dfs: Option<Vec<f32>> = None;

    let mut candidates: Vec<usize> = subjects.iter().map(|(s, _)| *s).collect();
    candidates.dedup();
    for sentence in candidates {
        let s_tokens: Vec<&Range<usize>> = subjects
            .iter()
            .filter(|(s, _)| *s == sentence)
            .map(|(_, m)| m)
            .collect();
        let o_tokens: Vec<&Range<usize>> = objects
            .iter()
            .filter(|(s, _)| *s == sentence)
            .map(|(_, m)| m)
            .collect();
        if o_tokens.is_empty() {
            continue;
        }
        let dfs = dfs.get_or_insert_with(|| document_frequencies(article, &query.terms));
        let span = article.sentences[sentence].tokens.clone();
        let in_entity = |i: usize| {
            s_tokens
                .iter()
                .chain(o_tokens.iter())
                .any(|m| m.contains(&i))
        };
        let mut score = 1.0;
        let mut missing = Vec::new();
        let mut term_tokens = Vec::new();
        let len = span.len() as f32;
        for (term, df) in query.terms.iter().zip(dfs.iter()) {
            let hits: Vec<usize> = span
                .clone()
                .filter(|&i| article.tokens[i].stem == term.stem && !in_entity(i))
                .collect();
            if hits.is_empty() {
                missing.push(term.text.clone());
                continue;
            }
            let tf = hits.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            score += idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg_len));
            term_tokens.extend(hits);
        }
        let mut highlights: Vec<Range<usize>> = s_tokens
            .iter()
            .chain(o_tokens.iter())
            .map(|r| article.token_span((*r).clone()))
            .chain(term_tokens.iter().map(|&i| article.tokens[i].range()))
            .collect();
        highlights.sort_by_key(|r| (r.start, r.end));
        highlights.dedup();
        // Negation is judged around every matched word: subject, object
        // and the relation's words.
        let anchors: Vec<usize> = s_tokens
            .iter()
            .chain(o_tokens.iter())
            .flat_map(|r| (*r).clone())
            .chain(term_tokens.iter().copied())
            .collect();
        let evidence = SentenceEvidence {
            sentence,
            range: article.sentences[sentence].range.clone(),
            score,
            highlights,
            negation: None,
            missing,
        };
        if evidence.missing.is_empty() {
            let negation = negating_cue(article, sentence, &anchors);
            result.supporting.push(SentenceEvidence {
                negation,
                ..evidence
            });
        } else {
            let better = result.partial.as_ref().is_none_or(|p| {
                (evidence.missing.len(), -evidence.score) < (p.missing.len(), -p.score)
            });
            if better {
                result.partial = Some(evidence);
            }
        }
    }
    result.supporting.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.sentence.cmp(&b.sentence))
    });
    if result.supported() {
        result.partial = None;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::syntax::parse_notes;

    fn setup(decls: &str, text: &str, claim: &str) -> (Article, ArticleEvidence) {
        let notes = parse_notes(&format!("{decls}\n{claim}\n"));
        let claim = &notes.claims[0];
        let table = EntityTable::build(
            notes.entities.iter().map(|d| (0, d)),
            [claim.subject.text.as_str(), claim.object.text.as_str()],
        );
        let article = Article::from_text("009", "009_x.txt", text.to_string());
        let query = Query::for_claim(&table, claim).unwrap();
        let evidence = evaluate(&article, &table.all_mentions(&article), &query);
        (article, evidence)
    }

    #[test]
    fn one_sentence_with_all_words_supports() {
        let (article, ev) = setup(
            "@entity Iran aka Tehran",
            "Tehran makes drones. Iran shipped drone parts to Russia last year. Russia paid.",
            "Iran -> Russia : drones",
        );
        let best = ev.best().unwrap();
        assert_eq!(
            article.sentence_text(best.sentence),
            "Iran shipped drone parts to Russia last year."
        );
        let bold: Vec<&str> = best
            .highlights
            .iter()
            .map(|r| &article.text[r.clone()])
            .collect();
        assert_eq!(bold, ["Iran", "drone", "Russia"]);
        assert!(best.negation.is_none());
    }

    #[test]
    fn document_frequency_counts_sentences_not_words() {
        let article = Article::from_text(
            "1",
            "p",
            "Drones, drones and a drone. Oil for drones. Nothing here.".to_string(),
        );
        let terms = content_terms("drones oil tanks");
        assert_eq!(document_frequencies(&article, &terms), [2.0, 1.0, 0.0]);
        assert!(document_frequencies(&article, &[]).is_empty());
    }

    #[test]
    fn co_occurrence_across_sentences_is_not_support() {
        let (_, ev) = setup(
            "",
            "Iran builds drones. Russia buys them.",
            "Iran -> Russia : drones",
        );
        assert!(!ev.supported());
        assert_eq!(
            ev.explain("009", "Iran", "Russia"),
            "009 mentions Iran and Russia, but never in the same sentence"
        );
    }

    #[test]
    fn explains_the_missing_words() {
        let (_, ev) = setup(
            "",
            "Iran and Russia signed a deal on oil.",
            "Iran -> Russia : troops",
        );
        assert_eq!(
            ev.explain("009", "Iran", "Russia"),
            "009 mentions Iran and Russia together but never 'troops'"
        );
        let (_, ev) = setup("", "Iran signed a deal.", "China -> Russia : troops");
        assert_eq!(
            ev.explain("009", "China", "Russia"),
            "009 mentions neither China nor Russia"
        );
    }

    #[test]
    fn negation_and_double_negation() {
        let (article, ev) = setup(
            "",
            "Although Su-35 fighters from Russia for Iran have been postponed, talks go on.",
            "Russia -> Iran : Su-35 fighters",
        );
        let cue = ev.best().unwrap().negation.clone().unwrap();
        assert_eq!(&article.text[cue], "postponed");
        let (_, ev) = setup(
            "",
            "Germany announced its refusal to cut economic aid to Ukraine.",
            "Germany -> Ukraine : economic aid",
        );
        assert!(ev.best().unwrap().negation.is_none());
        let (_, ev) = setup(
            "",
            "China has not sent troops to Russia.",
            "China -> Russia : troops",
        );
        assert!(ev.best().unwrap().negation.is_some());
        let (_, ev) = setup(
            "",
            "China didn’t send troops to Russia.",
            "China -> Russia : troops",
        );
        assert!(ev.best().unwrap().negation.is_some());
    }
}

//! Negation cues near the words a claim matched, with double negation:
//! "refusal to cut economic aid" flips twice, so aid still flows.

use super::article::Article;
use super::tokenize::{hash_str, stem_of, NEGATED};
use rustc_hash::FxHashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Words that negate or reverse what follows or precedes them.
const CUES: &[&str] = &[
    // plain negation
    "not",
    "no",
    "never",
    "none",
    "nor",
    "neither",
    "without",
    "nobody",
    "nothing",
    // denial and refusal
    "denied",
    "deny",
    "denies",
    "denial",
    "refused",
    "refuse",
    "refusal",
    "rejected",
    "reject",
    "barred",
    "bar",
    "postponed",
    "postpone",
    "cancelled",
    "canceled",
    "cancel",
    // reversal: the thing stops
    "halted",
    "halt",
    "suspended",
    "suspend",
    "stopped",
    "stop",
    "cut",
    "banned",
    "ban",
    "blocked",
    "block",
    "withdrew",
    "withdrawn",
    "withdraw",
    "ceased",
    "cease",
];

fn cue_stems() -> &'static FxHashSet<u64> {
    static STEMS: OnceLock<FxHashSet<u64>> = OnceLock::new();
    STEMS.get_or_init(|| CUES.iter().map(|w| hash_str(&stem_of(w))).collect())
}

/// How far before and after the matched words a cue still counts, in words.
const BEFORE: usize = 8;
const AFTER: usize = 8;

/// The cue that negates the matched words of `sentence`, if the cues around
/// them (`anchors`, token indices) are odd in number; `None` when the
/// sentence asserts them.
pub fn negating_cue(article: &Article, sentence: usize, anchors: &[usize]) -> Option<Range<usize>> {
    let span = article.sentences[sentence].tokens.clone();
    let (Some(&lo), Some(&hi)) = (anchors.iter().min(), anchors.iter().max()) else {
        return None;
    };
    let from = lo.saturating_sub(BEFORE).max(span.start);
    let to = (hi + AFTER + 1).min(span.end);
    let stems = cue_stems();
    let not_hash = hash_str("not");
    let only_hash = hash_str("only");
    let mut flips = 0;
    let mut first = None;
    for i in from..to {
        if anchors.contains(&i) {
            continue;
        }
        let token = &article.tokens[i];
        let is_cue = token.flags & NEGATED != 0
            || (stems.contains(&token.stem)
                // "not only ... but also" asserts.
                && !(token.word == not_hash
                    && article.tokens.get(i + 1).is_some_and(|t| t.word == only_hash)));
        if is_cue {
            flips += 1;
            first.get_or_insert(token.range());
        }
    }
    (flips % 2 == 1).then(|| first.unwrap())
}

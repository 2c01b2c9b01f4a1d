//! Words, stems and stop words, the same on both sides: claim and article.
//!
//! A word is a run of letters and digits. Hyphens and other punctuation split
//! words, so "Shahed-136" is `shahed 136` and "Kim Jong-un" matches
//! "Kim Jong Un". A possessive `'s`/`’s` is dropped; `n't` marks a negation.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHasher};
use std::cell::RefCell;
use std::hash::{Hash, Hasher};

/// The token is all capitals (two letters or more): "US", not "us".
pub const UPPER: u8 = 1;
/// The token carried a `n't` contraction: "didn't", "don’t".
pub const NEGATED: u8 = 2;

/// A word of an article or a claim. An archive of 10 MB has about 1.5
/// million of them, so the layout is kept to 24 bytes: offsets are `u32`
/// and the length `u16` (a longer run of letters is split, see
/// [`MAX_TOKEN_LEN`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Hash of the lower-cased word.
    pub word: u64,
    /// Hash of the word's Snowball English stem.
    pub stem: u64,
    pub start: u32,
    pub len: u16,
    pub flags: u8,
}

/// The longest token in bytes: a run of letters and digits longer than this
/// (a base64 blob, say) is cut into several tokens at character boundaries.
pub const MAX_TOKEN_LEN: usize = u16::MAX as usize;

impl Token {
    pub fn end(&self) -> u32 {
        self.start + u32::from(self.len)
    }

    /// The token's byte range in its text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end() as usize
    }
}

pub fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The Snowball stemmer and the stems it found, by word hash: stemming is
/// the slow part of tokenizing, and an archive's words repeat.
struct Stems {
    stemmer: Stemmer,
    by_word: FxHashMap<u64, u64>,
}

impl Stems {
    /// The hash of the stem of `lower`, whose hash is `word`.
    fn hash(&mut self, lower: &str, word: u64) -> u64 {
        if let Some(&s) = self.by_word.get(&word) {
            return s;
        }
        let s = hash_str(&self.stemmer.stem(lower));
        if self.by_word.len() > 200_000 {
            self.by_word.clear();
        }
        self.by_word.insert(word, s);
        s
    }
}

thread_local! {
    static STEMS: RefCell<Stems> = RefCell::new(Stems {
        stemmer: Stemmer::create(Algorithm::English),
        by_word: FxHashMap::default(),
    });
}

/// The stem of an already lower-cased word, as a string.
pub fn stem_of(lower: &str) -> String {
    STEMS.with(|cell| cell.borrow().stemmer.stem(lower).into_owned())
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The character at byte `i` of `text` and its length; ASCII without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().expect("a character at a boundary");
    (c, c.len_utf8())
}

/// Appends the token of the lower-cased word `lower` at bytes `at`.
fn push_word(
    out: &mut Vec<Token>,
    stems: &mut Stems,
    lower: &str,
    at: std::ops::Range<usize>,
    flags: u8,
) {
    let word = hash_str(lower);
    out.push(Token {
        word,
        stem: stems.hash(lower, word),
        start: at.start as u32,
        len: (at.end - at.start) as u16,
        flags,
    });
}

/// Appends the tokens of `text` to `out`; offsets are `base` + byte offset.
/// Articles are mostly ASCII: those bytes are classified and lowered
/// without decoding or Unicode tables.
pub fn tokenize_into(text: &str, base: usize, out: &mut Vec<Token>) {
    STEMS.with(|cell| tokenize_with(text, base, out, &mut cell.borrow_mut()));
}

fn tokenize_with(text: &str, base: usize, out: &mut Vec<Token>, stems: &mut Stems) {
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let len = bytes.len();
    let mut i = 0;
    while i < len {
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let (ch, n) = char_at(text, i);
            if !ch.is_alphanumeric() {
                i += n;
                continue;
            }
        }
        let start = i;
        let mut letters = 0;
        let mut upper = 0;
        lower.clear();
        while i < len {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() || i + 1 - start > MAX_TOKEN_LEN {
                    break;
                }
                if b.is_ascii_alphabetic() {
                    letters += 1;
                    upper += usize::from(b.is_ascii_uppercase());
                }
                lower.push(char::from(b.to_ascii_lowercase()));
                i += 1;
                continue;
            }
            let (c, n) = char_at(text, i);
            if !c.is_alphanumeric() || i + n - start > MAX_TOKEN_LEN {
                break;
            }
            if c.is_alphabetic() {
                letters += 1;
                upper += usize::from(c.is_uppercase());
            }
            lower.extend(c.to_lowercase());
            i += n;
        }
        let end = i;
        let mut flags = 0;
        if letters >= 2 && upper == letters {
            flags |= UPPER;
        }
        // A possessive or a n't contraction right after the word.
        if i < len {
            let (c, n) = char_at(text, i);
            if is_apostrophe(c) {
                let mut it = text[i + n..].chars();
                let next = it.next();
                let after = it.next();
                let ends_word = after.is_none_or(|a| !a.is_alphanumeric());
                if matches!(next, Some('s' | 'S')) && ends_word {
                    i += n + 1;
                } else if matches!(next, Some('t' | 'T')) && ends_word && lower.ends_with('n') {
                    flags |= NEGATED;
                    i += n + 1;
                }
            }
        }
        push_word(out, stems, &lower, base + start..base + end, flags);
    }
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, 0, &mut out);
    out
}

/// English function words that carry no content in a relation.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "via",
    "per",
    "also",
];

pub fn is_stop_word(lower: &str) -> bool {
    STOP_WORDS.contains(&lower)
}

/// A content word of a claim's relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The word as written, lower-cased.
    pub text: String,
    pub stem: u64,
}

thread_local! {
    static TERMS: RefCell<FxHashMap<String, Vec<Term>>> = RefCell::new(FxHashMap::default());
}

/// The content words of a relation, stop words dropped, duplicates merged.
/// Relations repeat, so each thread remembers the ones it has seen.
pub fn content_terms(text: &str) -> Vec<Term> {
    if let Some(hit) = TERMS.with(|c| c.borrow().get(text).cloned()) {
        return hit;
    }
    let terms = compute_terms(text);
    TERMS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 50_000 {
            c.clear();
        }
        c.insert(text.to_string(), terms.clone());
    });
    terms
}

fn compute_terms(text: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for token in tokenize(text) {
        let lower = text[token.range()].to_lowercase();
        if is_stop_word(&lower) || terms.iter().any(|t| t.stem == token.stem) {
            continue;
        }
        terms.push(Term {
            text: lower,
            stem: token.stem,
        });
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as first written, char by char: the fast one must agree.
    fn reference(text: &str, base: usize, out: &mut Vec<Token>) {
        let mut lower = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some(&(start, ch)) = chars.peek() {
            if !ch.is_alphanumeric() {
                chars.next();
                continue;
            }
            let mut end = start;
            let mut letters = 0;
            let mut upper = 0;
            lower.clear();
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                if c.is_alphabetic() {
                    letters += 1;
                    if c.is_uppercase() {
                        upper += 1;
                    }
                }
                lower.extend(c.to_lowercase());
                end = i + c.len_utf8();
                chars.next();
            }
            let mut flags = 0;
            if letters >= 2 && upper == letters {
                flags |= UPPER;
            }
            // A possessive or a n't contraction right after the word.
            if let Some(&(i, c)) = chars.peek() {
                if is_apostrophe(c) {
                    let rest = &text[i + c.len_utf8()..];
                    let mut it = rest.chars();
                    let next = it.next();
                    let after = it.next();
                    let ends_word = after.is_none_or(|a| !a.is_alphanumeric());
                    if matches!(next, Some('s' | 'S')) && ends_word {
                        chars.next();
                        chars.next();
                    } else if matches!(next, Some('t' | 'T')) && ends_word && lower.ends_with('n') {
                        flags |= NEGATED;
                        chars.next();
                        chars.next();
                    }
                }
            }
            STEMS.with(|c| {
                push_word(
                    out,
                    &mut c.borrow_mut(),
                    &lower,
                    base + start..base + end,
                    flags,
                )
            });
        }
    }

    /// Random text of ASCII, accented letters, curly apostrophes, CJK,
    /// emoji and digits: the ASCII fast path gives the same tokens.
    #[test]
    fn fast_path_agrees_with_the_reference() {
        let pieces = [
            "Iran",
            "’s",
            "'s",
            "n't",
            "n’t",
            " ",
            ", ",
            "US",
            "ÉTATS",
            "Ünited",
            "straße",
            "İstanbul",
            "中国",
            "🚀",
            "12",
            "x",
            "S",
            "T",
            "'",
            "’",
            "\n",
            "-",
            "Ǆ",
            "ΣΑΣ",
            "don",
            "O'Brien",
        ];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let mut fast = Vec::new();
            tokenize_into(&text, 3, &mut fast);
            let mut slow = Vec::new();
            reference(&text, 3, &mut slow);
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| &text[t.range()]).collect()
    }

    #[test]
    fn splits_hyphens_drops_possessives_and_marks_contractions() {
        assert_eq!(
            words("Iran’s Shahed-136 drones, Kim Jong-un's US"),
            ["Iran", "Shahed", "136", "drones", "Kim", "Jong", "un", "US"]
        );
        let tokens = tokenize("They didn’t, US us");
        assert_eq!(tokens[1].flags & NEGATED, NEGATED);
        assert_eq!(tokens[2].flags & UPPER, UPPER);
        assert_eq!(tokens[3].flags & UPPER, 0);
        assert_eq!(tokens[2].word, tokens[3].word);
    }

    /// A run of letters longer than a token holds is cut into tokens that
    /// cover it, each ending at a character boundary.
    #[test]
    fn very_long_words_are_cut_at_character_boundaries() {
        let text = format!("a {} b", "é".repeat(40_000));
        let tokens = tokenize(&text);
        assert_eq!(tokens.len(), 4, "a, two pieces of the long run, b");
        assert_eq!(tokens[1].range(), 2..2 + 65_534);
        assert_eq!(tokens[2].range(), 2 + 65_534..2 + 80_000);
        assert!(tokens.iter().all(|t| !text[t.range()].is_empty()));
        assert_eq!(&text[tokens[3].range()], "b");
    }

    #[test]
    fn stems_match_inflections() {
        let a = tokenize("drones modernization");
        let b = tokenize("drone modernize");
        assert_eq!(a[0].stem, b[0].stem);
        assert_eq!(a[1].stem, b[1].stem);
    }

    #[test]
    fn content_terms_drop_stop_words() {
        let terms: Vec<String> = content_terms("support to modernize the arsenal")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(terms, ["support", "modernize", "arsenal"]);
    }
}

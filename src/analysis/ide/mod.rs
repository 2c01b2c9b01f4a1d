//! Editor features over the analysis, one file each, all pure: they take a
//! workspace, a file and byte offsets, and return plain data with byte
//! ranges. The language server only converts positions and types.

pub mod code_actions;
pub mod completion;
pub mod definition;
pub mod highlight;
pub mod hover;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;

#[cfg(test)]
pub(crate) mod test_support;

use super::syntax::Spanned;
use super::workspace::NotesDoc;
use std::ops::Range;

/// What is under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// A claim's subject or object.
    ClaimEntity {
        claim: usize,
        name: &'a Spanned,
    },
    /// The name or an alias of an `@entity` declaration.
    DeclEntity {
        decl: usize,
        name: &'a Spanned,
    },
    /// An article id in a citation.
    Source {
        claim: usize,
        id: &'a Spanned,
    },
    /// Elsewhere on a claim: the arrow, the relation, a quote, a bracket.
    Claim {
        claim: usize,
    },
    /// The path of `@sources`.
    SourcesPath(&'a Spanned),
    Nothing,
}

fn within(range: &Range<usize>, offset: usize) -> bool {
    range.start <= offset && offset <= range.end
}

/// What is at byte `offset` of `doc`; the end of a name still counts, so a
/// cursor right after "Iran" is on it.
pub fn locate(doc: &NotesDoc, offset: usize) -> Target<'_> {
    let syntax = &doc.syntax;
    if let Some(s) = syntax.sources.as_ref().filter(|s| within(&s.range, offset)) {
        return Target::SourcesPath(s);
    }
    for (d, decl) in syntax.entities.iter().enumerate() {
        if !within(&decl.range, offset) {
            continue;
        }
        for name in std::iter::once(&decl.name).chain(decl.aliases.iter()) {
            if within(&name.range, offset) {
                return Target::DeclEntity { decl: d, name };
            }
        }
    }
    let i = syntax.claims.partition_point(|c| c.range.end < offset);
    if let Some(claim) = syntax.claims.get(i).filter(|c| c.range.start <= offset) {
        for name in [&claim.subject, &claim.object] {
            if !name.text.is_empty() && within(&name.range, offset) {
                return Target::ClaimEntity { claim: i, name };
            }
        }
        if let Some(id) = claim.sources().find(|s| within(&s.range, offset)) {
            return Target::Source { claim: i, id };
        }
        return Target::Claim { claim: i };
    }
    Target::Nothing
}

/// Escapes text for Markdown, so an article's words are shown as written.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

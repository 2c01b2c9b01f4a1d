//! Parsing a notes file with tree-sitter and lowering the tree into plain
//! data: claims, declarations, headings, directives and syntax errors.

use super::text::LineIndex;
use std::ops::Range;
use tree_sitter::{Node, Parser, Tree};

/// A name, an id or a piece of text, with the exact bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Arrow {
    /// `->`
    Asserts,
    /// `-/->`
    Denies,
    /// `<->`
    Mutual,
}

impl Arrow {
    pub fn as_str(self) -> &'static str {
        match self {
            Arrow::Asserts => "->",
            Arrow::Denies => "-/->",
            Arrow::Mutual => "<->",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub range: Range<usize>,
    pub sources: Vec<Spanned>,
    /// The quote's words without the quote marks; the range covers the marks.
    pub quote: Option<Spanned>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The claim from its subject to its last citation.
    pub range: Range<usize>,
    pub line: usize,
    pub subject: Spanned,
    pub arrow: Arrow,
    pub arrow_range: Range<usize>,
    pub object: Spanned,
    pub relation: Spanned,
    pub citations: Vec<Citation>,
    /// The line has a syntax error: only the syntax error is reported.
    pub broken: bool,
}

impl Claim {
    pub fn sources(&self) -> impl Iterator<Item = &Spanned> {
        self.citations.iter().flat_map(|c| c.sources.iter())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityDecl {
    pub range: Range<usize>,
    pub name: Spanned,
    pub aliases: Vec<Spanned>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub range: Range<usize>,
    pub level: usize,
    pub title: Spanned,
    /// From the heading to the next heading of the same or a higher level.
    pub section: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
}

/// `// claimcheck: ignore [code, ...]` at the end of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub line: usize,
    /// Empty: every code.
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesFile {
    pub claims: Vec<Claim>,
    pub entities: Vec<EntityDecl>,
    pub headings: Vec<Heading>,
    pub sources: Option<Spanned>,
    pub comments: Vec<Range<usize>>,
    pub suppressions: Vec<Suppression>,
    pub errors: Vec<SyntaxError>,
}

pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_claims::LANGUAGE.into())
        .expect("the claims grammar is compatible with the linked tree-sitter");
    parser
}

/// Parses `text`, reusing `old` (already edited) when given.
pub fn parse(parser: &mut Parser, text: &str, old: Option<&Tree>) -> Tree {
    parser
        .parse(text, old)
        .expect("parsing without a timeout or cancellation flag always returns a tree")
}

pub fn parse_text(text: &str) -> Tree {
    parse(&mut new_parser(), text, None)
}

/// Parses and lowers in one go.
pub fn parse_notes(text: &str) -> NotesFile {
    lower(text, &parse_text(text))
}

fn slice(text: &str, node: Node) -> String {
    text[node.byte_range()].to_string()
}

/// The name an entity node spells: the words with single spaces, or a
/// quoted string's contents.
fn entity_name(text: &str, node: Node) -> Spanned {
    let mut cursor = node.walk();
    if let Some(string) = node.children(&mut cursor).find(|c| c.kind() == "string") {
        let raw = &text[string.byte_range()];
        let inner = raw.trim_start_matches('"').trim_end_matches('"');
        return Spanned {
            text: inner.to_string(),
            range: string.byte_range(),
        };
    }
    let words: Vec<&str> = text[node.byte_range()].split_whitespace().collect();
    Spanned {
        text: words.join(" "),
        range: node.byte_range(),
    }
}

fn friendly_kind(kind: &str) -> &str {
    match kind {
        "_word" | "entity" => "an entity name",
        "relation" => "what is claimed, e.g. `: drones`",
        "source_id" => "an article id",
        "]" => "`]`",
        ":" => "`:`",
        "arrow" | "->" => "an arrow (`->`, `-/->` or `<->`)",
        "path" => "a folder path",
        other => other,
    }
}

struct Lowerer<'a> {
    text: &'a str,
    lines: LineIndex,
    file: NotesFile,
}

impl<'a> Lowerer<'a> {
    fn error(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.file.errors.push(SyntaxError {
            range,
            message: message.into(),
        });
    }

    fn visit(&mut self, node: Node) {
        match node.kind() {
            "claim" => self.claim(node),
            "entity_declaration" => self.entity_decl(node),
            "sources_directive" => {
                match node.child_by_field_name("path") {
                    Some(path) => {
                        self.file.sources = Some(Spanned {
                            text: slice(self.text, path).trim().to_string(),
                            range: path.byte_range(),
                        })
                    }
                    None => {
                        let end = node.end_byte();
                        self.error(end..end, "expected a folder path after `@sources`");
                    }
                }
                self.errors_within(node);
            }
            "heading" => self.heading(node),
            "comment" => self.comment(node),
            "ERROR" => self.error_node(node),
            _ => {
                if node.is_missing() {
                    self.missing(node);
                    return;
                }
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    self.visit(child);
                }
            }
        }
    }

    fn missing(&mut self, node: Node) {
        let at = node.start_byte();
        self.error(at..at, format!("expected {}", friendly_kind(node.kind())));
    }

    fn error_node(&mut self, node: Node) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        for child in &children {
            if child.kind() == "comment" {
                self.comment(*child);
            }
        }
        let arrow = children.iter().find(|c| c.kind() == "arrow");
        let first = children.first().map(|c| c.kind());
        let (range, message) = if let Some(arrow) = arrow {
            // A claim cut short after its arrow: point at what is missing.
            let after = arrow.end_byte();
            let rest_start = after
                + (self.text[after..node.end_byte()].len()
                    - self.text[after..node.end_byte()].trim_start().len());
            let range = if rest_start < node.end_byte() {
                rest_start..node.end_byte()
            } else {
                after..after
            };
            let object_typed = rest_start < node.end_byte();
            let message = if object_typed {
                "incomplete claim: expected `: WHAT` after the object, e.g. `Iran -> Russia : drones [src 003]`"
            } else {
                "incomplete claim: expected an object after the arrow, e.g. `Iran -> Russia : drones`"
            };
            (range, message.to_string())
        } else if first == Some("@entity") {
            let end = node.end_byte();
            (
                end..end,
                "incomplete declaration: expected `@entity NAME aka ALIAS, ...`".to_string(),
            )
        } else if first == Some("@sources") {
            let end = node.end_byte();
            (
                end..end,
                "expected a folder path after `@sources`".to_string(),
            )
        } else {
            let snippet: String = self.text[node.byte_range()]
                .trim()
                .chars()
                .take(30)
                .collect();
            (node.byte_range(), format!("unexpected `{snippet}`"))
        };
        self.error(range, message);
    }

    fn errors_within(&mut self, node: Node) {
        if !node.has_error() {
            return;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.is_missing() {
                self.missing(child);
            } else if child.is_error() {
                self.error_node(child);
            } else if child.has_error() {
                self.errors_within(child);
            }
        }
    }

    fn comment(&mut self, node: Node) {
        self.file.comments.push(node.byte_range());
        let body = self.text[node.byte_range()].trim_start_matches('/').trim();
        if let Some(rest) = body.strip_prefix("claimcheck:") {
            let rest = rest.trim();
            if let Some(codes) = rest.strip_prefix("ignore") {
                if codes.is_empty() || codes.starts_with([' ', '\t', ',']) {
                    let codes = codes
                        .split([',', ' ', '\t'])
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect();
                    self.file.suppressions.push(Suppression {
                        line: self.lines.line_of(node.start_byte()),
                        codes,
                    });
                }
            }
        }
    }

    fn heading(&mut self, node: Node) {
        let marker = node.child_by_field_name("marker");
        let level = marker.map_or(1, |m| m.byte_range().len());
        let title = node
            .child_by_field_name("title")
            .map(|t| Spanned {
                text: slice(self.text, t).trim().to_string(),
                range: t.byte_range(),
            })
            .unwrap_or(Spanned {
                text: String::new(),
                range: node.end_byte()..node.end_byte(),
            });
        self.file.headings.push(Heading {
            range: node.byte_range(),
            level,
            title,
            section: node.byte_range(),
        });
    }

    fn entity_decl(&mut self, node: Node) {
        self.errors_within(node);
        let end = |n: Node| n.end_byte()..n.end_byte();
        let Some(name) = node.child_by_field_name("name") else {
            self.error(
                end(node),
                "expected an entity name after `@entity`, e.g. `@entity Iran aka Tehran`",
            );
            return;
        };
        let mut cursor = node.walk();
        let aliases: Vec<Spanned> = node
            .children_by_field_name("alias", &mut cursor)
            .map(|a| entity_name(self.text, a))
            .filter(|a| !a.text.is_empty())
            .collect();
        if let Some(aka) = node.child_by_field_name("aka") {
            if aliases.is_empty() {
                self.error(
                    end(aka),
                    "expected an alias after `aka`, e.g. `aka Tehran, \"Islamic Republic\"`",
                );
            }
        }
        let name = entity_name(self.text, name);
        if name.text.is_empty() {
            return;
        }
        self.file.entities.push(EntityDecl {
            range: node.byte_range(),
            name,
            aliases,
        });
    }

    fn citation(&mut self, node: Node) -> Citation {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let has_keyword = children.iter().any(|c| c.kind() == "src");
        let sources: Vec<Spanned> = children
            .iter()
            .filter(|c| c.kind() == "source_id" && !c.is_missing())
            .map(|c| Spanned {
                text: slice(self.text, *c),
                range: c.byte_range(),
            })
            .collect();
        let quote = children.iter().find(|c| c.kind() == "quote").map(|q| {
            let raw = &self.text[q.byte_range()];
            let closed = raw.len() >= 2 && raw.ends_with('"');
            if !closed {
                self.error(q.end_byte()..q.end_byte(), "unclosed quote: expected `\"`");
            }
            let inner = raw.strip_prefix('"').unwrap_or(raw);
            let inner = if closed {
                &inner[..inner.len() - 1]
            } else {
                inner
            };
            Spanned {
                text: inner.to_string(),
                range: q.byte_range(),
            }
        });
        let closed = children.last().is_some_and(|c| c.kind() == "]");
        let has_error = children.iter().any(|c| c.is_error());
        if has_error {
            for child in children.iter().filter(|c| c.is_error()) {
                self.error(
                    child.byte_range(),
                    format!(
                        "expected `src` and article ids, e.g. `[src 003]`, found `{}`",
                        self.text[child.byte_range()].trim()
                    ),
                );
            }
        } else if !has_keyword {
            let at = children.first().map_or(node.start_byte(), |c| c.end_byte());
            self.error(at..at, "expected `src` after `[`, e.g. `[src 003]`");
        } else if sources.is_empty() {
            let at = children
                .iter()
                .find(|c| c.kind() == "src")
                .map_or(node.start_byte(), |c| c.end_byte());
            self.error(
                at..at,
                "expected an article id after `src`, e.g. `[src 003]`",
            );
        }
        if !closed && !has_error {
            let end = node.end_byte();
            self.error(end..end, "unclosed citation: expected `]`");
        }
        Citation {
            range: node.byte_range(),
            sources,
            quote,
        }
    }

    fn claim(&mut self, node: Node) {
        let errors_before = self.file.errors.len();
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let last_citation_end = children
            .iter()
            .filter(|c| c.kind() == "citation")
            .map(|c| c.end_byte())
            .max();
        let mut citations = Vec::new();
        for child in &children {
            match child.kind() {
                "citation" => citations.push(self.citation(*child)),
                "comment" => self.comment(*child),
                _ if child.is_missing() => self.missing(*child),
                "ERROR" => {
                    let snippet = self.text[child.byte_range()].trim().to_string();
                    let after_citations =
                        last_citation_end.is_some_and(|end| child.start_byte() >= end);
                    let message = if after_citations {
                        format!("unexpected `{snippet}`: a claim ends with its citations")
                    } else {
                        format!("unexpected `{snippet}`")
                    };
                    self.error(child.byte_range(), message);
                }
                _ if child.has_error() => self.errors_within(*child),
                _ => {}
            }
        }
        let field = |name: &str| node.child_by_field_name(name);
        let (Some(subject), Some(arrow)) = (field("subject"), field("arrow")) else {
            return;
        };
        let at = |n: Node| n.end_byte()..n.end_byte();
        let object = field("object");
        let colon = field("colon");
        let relation = field("relation");
        match (object, colon, relation) {
            (None, _, _) => self.error(
                at(arrow),
                "incomplete claim: expected an object after the arrow, e.g. `Iran -> Russia : drones`",
            ),
            (Some(o), None, _) => self.error(
                at(o),
                "incomplete claim: expected `: WHAT` after the object, e.g. `Iran -> Russia : drones [src 003]`",
            ),
            (Some(_), Some(c), None) => self.error(
                at(c),
                "incomplete claim: expected what is claimed after `:`, e.g. `: drones`",
            ),
            _ => {}
        }
        let arrow_kind = match &self.text[arrow.byte_range()] {
            "-/->" => Arrow::Denies,
            "<->" => Arrow::Mutual,
            _ => Arrow::Asserts,
        };
        let empty = |n: Node| Spanned {
            text: String::new(),
            range: n.end_byte()..n.end_byte(),
        };
        let object = object.map_or_else(|| empty(arrow), |o| entity_name(self.text, o));
        let relation = relation.map_or_else(
            || Spanned {
                text: String::new(),
                range: object.range.end..object.range.end,
            },
            |r| Spanned {
                text: slice(self.text, r).trim().to_string(),
                range: r.byte_range(),
            },
        );
        let broken = self.file.errors.len() > errors_before
            || subject.byte_range().is_empty()
            || object.text.is_empty()
            || relation.text.is_empty();
        self.file.claims.push(Claim {
            range: node.byte_range(),
            line: self.lines.line_of(node.start_byte()),
            subject: entity_name(self.text, subject),
            arrow: arrow_kind,
            arrow_range: arrow.byte_range(),
            object,
            relation,
            citations,
            broken,
        });
    }
}

/// Lowers a parsed tree into a [`NotesFile`].
pub fn lower(text: &str, tree: &Tree) -> NotesFile {
    let mut lowerer = Lowerer {
        text,
        lines: LineIndex::new(text),
        file: NotesFile::default(),
    };
    lowerer.visit(tree.root_node());
    let lines = lowerer.lines;
    let mut file = lowerer.file;
    // A trailing ERROR after a claim on the same line marks the claim broken.
    // Claims are in line order: find the ones on an error's line by search.
    for error in &file.errors {
        let line = lines.line_of(error.range.start.min(text.len()));
        let first = file.claims.partition_point(|c| c.line < line);
        for claim in file.claims[first..]
            .iter_mut()
            .take_while(|c| c.line == line)
        {
            claim.broken = true;
        }
    }
    // Sections: each heading runs to the next heading of its level or higher.
    let count = file.headings.len();
    for i in 0..count {
        let level = file.headings[i].level;
        let end = file.headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(text.len(), |h| h.range.start);
        // Do not swallow the line break before the next heading.
        let trimmed = text[..end].trim_end_matches(['\n', '\r']).len();
        let start = file.headings[i].range.start;
        file.headings[i].section = start..trimmed.max(file.headings[i].range.end);
    }
    file.errors.sort_by_key(|e| (e.range.start, e.range.end));
    file.errors.dedup();
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowers_a_claim_with_fields_and_exact_ranges() {
        let text = "Kim Jong-un -/-> \"Vladimir Putin\" : dual-use  goods [src 000, 003 \"exact words\"] // note\n";
        let file = parse_notes(text);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let claim = &file.claims[0];
        assert_eq!(claim.subject.text, "Kim Jong-un");
        assert_eq!(claim.arrow, Arrow::Denies);
        assert_eq!(claim.object.text, "Vladimir Putin");
        assert_eq!(&text[claim.object.range.clone()], "\"Vladimir Putin\"");
        assert_eq!(claim.relation.text, "dual-use  goods");
        let ids: Vec<&str> = claim.sources().map(|s| s.text.as_str()).collect();
        assert_eq!(ids, ["000", "003"]);
        let quote = claim.citations[0].quote.as_ref().unwrap();
        assert_eq!(quote.text, "exact words");
        assert_eq!(&text[quote.range.clone()], "\"exact words\"");
        assert!(!claim.broken);
    }

    #[test]
    fn entity_declarations_and_sources() {
        let file = parse_notes(
            "@entity North Korea aka Pyongyang, \"North Korean\", \"Kim Jong-un\"\n@sources ../articles \n",
        );
        let decl = &file.entities[0];
        assert_eq!(decl.name.text, "North Korea");
        let aliases: Vec<&str> = decl.aliases.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(aliases, ["Pyongyang", "North Korean", "Kim Jong-un"]);
        assert_eq!(file.sources.unwrap().text, "../articles");
    }

    #[test]
    fn half_typed_claims_give_precise_errors_and_the_rest_is_kept() {
        let text =
            "Iran -> \nIran -> Russia : drones [src 0\nNorth Korea -> Russia : troops [src 003]\n";
        let file = parse_notes(text);
        assert_eq!(file.errors.len(), 2, "{:?}", file.errors);
        assert_eq!(file.errors[0].range, 7..7);
        assert!(file.errors[0].message.contains("expected an object"));
        let unclosed = text.find("[src 0\n").unwrap() + "[src 0".len();
        assert_eq!(file.errors[1].range, unclosed..unclosed);
        assert!(file.errors[1].message.contains("expected `]`"));
        assert_eq!(file.claims.len(), 3);
        assert!(file.claims[0].broken && file.claims[1].broken);
        assert!(!file.claims[2].broken);
        assert_eq!(file.claims[2].subject.text, "North Korea");
    }

    #[test]
    fn suppressions_and_sections() {
        let text = "# A\nIran -> Russia : x // claimcheck: ignore unsupported, disputed\n## B\ny -> z : w // claimcheck: ignore\n# C\n";
        let file = parse_notes(text);
        assert_eq!(file.suppressions.len(), 2);
        assert_eq!(file.suppressions[0].codes, ["unsupported", "disputed"]);
        assert!(file.suppressions[1].codes.is_empty());
        assert_eq!(file.suppressions[1].line, 3);
        let sections: Vec<&str> = file
            .headings
            .iter()
            .map(|h| &text[h.section.clone()])
            .collect();
        assert_eq!(sections[0], "# A\nIran -> Russia : x // claimcheck: ignore unsupported, disputed\n## B\ny -> z : w // claimcheck: ignore");
        assert_eq!(sections[1], "## B\ny -> z : w // claimcheck: ignore");
        assert_eq!(sections[2], "# C");
    }
}

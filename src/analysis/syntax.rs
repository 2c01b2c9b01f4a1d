//! Parsing a notes file with tree-sitter and lowering the tree into plain
//! data: claims, declarations, headings, directives and syntax errors.

use super::text::LineIndex;
use std::ops::Range;
use tree_sitter::{Node, Parser, Tree};

/// A field of the grammar, as tree-sitter numbers it.
type FieldId = std::num::NonZeroU16;

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

/// The grammar's node kinds and field names that lowering looks at, as
/// ids: a 10,000-claim file has 120,000 nodes, and comparing numbers is
/// far cheaper than asking tree-sitter for names and comparing strings.
struct Ids {
    claim: u16,
    entity_declaration: u16,
    sources_directive: u16,
    heading: u16,
    comment: u16,
    citation: u16,
    string: u16,
    src: u16,
    source_id: u16,
    quote: u16,
    close: u16,
    subject: FieldId,
    arrow: FieldId,
    object: FieldId,
    colon: FieldId,
    relation: FieldId,
}

fn ids() -> &'static Ids {
    static IDS: std::sync::OnceLock<Ids> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_claims::LANGUAGE.into();
        let kind = |name: &str, named: bool| {
            let id = language.id_for_node_kind(name, named);
            assert_ne!(id, 0, "the grammar has a node `{name}`");
            id
        };
        let field = |name: &str| {
            language
                .field_id_for_name(name)
                .unwrap_or_else(|| panic!("the grammar has a field `{name}`"))
        };
        Ids {
            claim: kind("claim", true),
            entity_declaration: kind("entity_declaration", true),
            sources_directive: kind("sources_directive", true),
            heading: kind("heading", true),
            comment: kind("comment", true),
            citation: kind("citation", true),
            string: kind("string", true),
            src: kind("src", false),
            source_id: kind("source_id", true),
            quote: kind("quote", true),
            close: kind("]", false),
            subject: field("subject"),
            arrow: field("arrow"),
            object: field("object"),
            colon: field("colon"),
            relation: field("relation"),
        }
    })
}

/// The children of `node` with their field ids, in order.
fn children_with_fields(node: Node<'_>) -> Vec<(Node<'_>, Option<FieldId>)> {
    let mut out = Vec::with_capacity(8);
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            out.push((cursor.node(), cursor.field_id()));
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    out
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
    // Words are hidden tokens: a string is the only child an entity shows.
    if let Some(string) = node.child(0).filter(|c| c.kind_id() == ids().string) {
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
    lines: &'a LineIndex,
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
        let ids = ids();
        let kind = node.kind_id();
        if kind == ids.claim {
            self.claim(node);
        } else if kind == ids.entity_declaration {
            self.entity_decl(node);
        } else if kind == ids.sources_directive {
            self.sources_directive(node);
        } else if kind == ids.heading {
            self.heading(node);
        } else if kind == ids.comment {
            self.comment(node);
        } else if node.is_error() {
            self.error_node(node);
        } else if node.is_missing() {
            self.missing(node);
        } else {
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                self.visit(child);
            }
        }
    }

    fn sources_directive(&mut self, node: Node) {
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

    /// Visits the items of container `node` that lie in `lo..hi`; false
    /// when an item straddles a bound.
    fn visit_range(&mut self, node: Node, lo: usize, hi: usize) -> bool {
        if !matches!(node.kind(), "source_file" | "section") {
            return false;
        }
        let mut cursor = node.walk();
        if !cursor.goto_first_child() {
            return true;
        }
        loop {
            let child = cursor.node();
            let (start, end) = (child.start_byte(), child.end_byte());
            if start >= hi {
                break;
            }
            let before = start < lo && end <= lo;
            if !before {
                if matches!(child.kind(), "source_file" | "section") {
                    if !self.visit_range(child, lo, hi) {
                        return false;
                    }
                } else if start >= lo && end <= hi {
                    self.visit(child);
                } else {
                    return false;
                }
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        true
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
        let ids = ids();
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let has_keyword = children.iter().any(|c| c.kind_id() == ids.src);
        let sources: Vec<Spanned> = children
            .iter()
            .filter(|c| c.kind_id() == ids.source_id && !c.is_missing())
            .map(|c| Spanned {
                text: slice(self.text, *c),
                range: c.byte_range(),
            })
            .collect();
        let quote = children.iter().find(|c| c.kind_id() == ids.quote).map(|q| {
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
        let closed = children.last().is_some_and(|c| c.kind_id() == ids.close);
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
                .find(|c| c.kind_id() == ids.src)
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
        let ids = ids();
        let errors_before = self.file.errors.len();
        let children = children_with_fields(node);
        let last_citation_end = children
            .iter()
            .filter(|(c, _)| c.kind_id() == ids.citation)
            .map(|(c, _)| c.end_byte())
            .max();
        // The first child with each field, as `child_by_field_name` finds.
        let field = |id: FieldId| children.iter().find(|(_, f)| *f == Some(id)).map(|c| c.0);
        let (subject, arrow) = (field(ids.subject), field(ids.arrow));
        let (object, colon, relation) = (field(ids.object), field(ids.colon), field(ids.relation));
        let mut citations = Vec::new();
        for (child, _) in &children {
            let kind = child.kind_id();
            if kind == ids.citation {
                citations.push(self.citation(*child));
            } else if kind == ids.comment {
                self.comment(*child);
            } else if child.is_missing() {
                self.missing(*child);
            } else if child.is_error() {
                let snippet = self.text[child.byte_range()].trim().to_string();
                let after_citations =
                    last_citation_end.is_some_and(|end| child.start_byte() >= end);
                let message = if after_citations {
                    format!("unexpected `{snippet}`: a claim ends with its citations")
                } else {
                    format!("unexpected `{snippet}`")
                };
                self.error(child.byte_range(), message);
            } else if child.has_error() {
                self.errors_within(*child);
            }
        }
        let (Some(subject), Some(arrow)) = (subject, arrow) else {
            return;
        };
        let at = |n: Node| n.end_byte()..n.end_byte();
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
    lower_with(text, &LineIndex::new(text), tree)
}

/// [`lower`] with the text's line index already at hand.
pub fn lower_with(text: &str, lines: &LineIndex, tree: &Tree) -> NotesFile {
    let mut lowerer = Lowerer {
        text,
        lines,
        file: NotesFile::default(),
    };
    lowerer.visit(tree.root_node());
    let mut file = lowerer.file;
    mark_broken(&mut file.claims, &file.errors, lines, text.len());
    file.errors.sort_by_key(|e| (e.range.start, e.range.end));
    file.errors.dedup();
    sections(&mut file.headings, text);
    file
}

/// A trailing ERROR after a claim on the same line marks the claim broken.
/// Claims are in line order: find the ones on an error's line by search.
fn mark_broken(claims: &mut [Claim], errors: &[SyntaxError], lines: &LineIndex, len: usize) {
    for error in errors {
        let line = lines.line_of(error.range.start.min(len));
        let first = claims.partition_point(|c| c.line < line);
        for claim in claims[first..].iter_mut().take_while(|c| c.line == line) {
            claim.broken = true;
        }
    }
}

/// Sections: each heading runs to the next heading of its level or higher.
fn sections(headings: &mut [Heading], text: &str) {
    for i in 0..headings.len() {
        let level = headings[i].level;
        let end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(text.len(), |h| h.range.start);
        // Do not swallow the line break before the next heading.
        let trimmed = text[..end].trim_end_matches(['\n', '\r']).len();
        let start = headings[i].range.start;
        headings[i].section = start..trimmed.max(headings[i].range.end);
    }
}

/// Bytes `start..old_end` of the text a [`NotesFile`] was lowered from are
/// `start..new_end` of the text now. Everything before `start` is the same,
/// and everything after is the same, moved by `new_end - old_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextChange {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl TextChange {
    /// This change followed by `next`, whose offsets are in the text this
    /// change produced.
    pub fn then(self, next: TextChange) -> TextChange {
        let start = self.start.min(next.start);
        if self.new_end >= next.old_end {
            // `next` ends inside or before this change: the end moves with it.
            TextChange {
                start,
                old_end: self.old_end,
                new_end: self.new_end + next.new_end - next.old_end,
            }
        } else {
            // `next` reaches past this change: its end is the new end.
            TextChange {
                start,
                old_end: self.old_end + next.old_end - self.new_end,
                new_end: next.new_end,
            }
        }
    }

    /// Widens the change to cover `range` of the new text.
    pub fn cover(self, range: Range<usize>) -> TextChange {
        let new_end = self.new_end.max(range.end);
        TextChange {
            start: self.start.min(range.start),
            old_end: self.old_end + (new_end - self.new_end),
            new_end,
        }
    }
}

/// Something lowered that sits at a place in the text.
trait Placed {
    fn range(&self) -> Range<usize>;
    /// Moves it by `bytes` and `lines`.
    fn shift(&mut self, bytes: isize, lines: isize);
}

fn moved(r: &Range<usize>, by: isize) -> Range<usize> {
    r.start.wrapping_add_signed(by)..r.end.wrapping_add_signed(by)
}

impl Placed for Range<usize> {
    fn range(&self) -> Range<usize> {
        self.clone()
    }
    fn shift(&mut self, bytes: isize, _: isize) {
        *self = moved(self, bytes);
    }
}

impl Placed for Spanned {
    fn range(&self) -> Range<usize> {
        self.range.clone()
    }
    fn shift(&mut self, bytes: isize, _: isize) {
        self.range = moved(&self.range, bytes);
    }
}

impl Placed for Claim {
    fn range(&self) -> Range<usize> {
        self.range.clone()
    }
    fn shift(&mut self, bytes: isize, lines: isize) {
        self.range = moved(&self.range, bytes);
        self.line = self.line.wrapping_add_signed(lines);
        self.subject.shift(bytes, lines);
        self.arrow_range = moved(&self.arrow_range, bytes);
        self.object.shift(bytes, lines);
        self.relation.shift(bytes, lines);
        for c in &mut self.citations {
            c.range = moved(&c.range, bytes);
            for s in &mut c.sources {
                s.shift(bytes, lines);
            }
            if let Some(q) = &mut c.quote {
                q.shift(bytes, lines);
            }
        }
    }
}

impl Placed for EntityDecl {
    fn range(&self) -> Range<usize> {
        self.range.clone()
    }
    fn shift(&mut self, bytes: isize, lines: isize) {
        self.range = moved(&self.range, bytes);
        self.name.shift(bytes, lines);
        for a in &mut self.aliases {
            a.shift(bytes, lines);
        }
    }
}

impl Placed for Heading {
    fn range(&self) -> Range<usize> {
        self.range.clone()
    }
    /// The section is worked out afresh after every change.
    fn shift(&mut self, bytes: isize, lines: isize) {
        self.range = moved(&self.range, bytes);
        self.title.shift(bytes, lines);
    }
}

impl Placed for SyntaxError {
    fn range(&self) -> Range<usize> {
        self.range.clone()
    }
    fn shift(&mut self, bytes: isize, _: isize) {
        self.range = moved(&self.range, bytes);
    }
}

/// Suppressions are placed by line only; this is only ever shifted.
impl Placed for Suppression {
    fn range(&self) -> Range<usize> {
        0..0
    }
    fn shift(&mut self, _: isize, lines: isize) {
        self.line = self.line.wrapping_add_signed(lines);
    }
}

/// Where a re-lowered region is: it was `lo..old_hi` of the old text, and
/// what follows it moved by `bytes` and `lines`.
#[derive(Clone, Copy)]
struct Region {
    lo: usize,
    old_hi: usize,
    bytes: isize,
    lines: isize,
}

/// The old items before the region, the region's new items, then the old
/// items after it, moved. `None` when an old item straddles the region.
///
/// Done in place: the items are in text order, so the old ones in the
/// region are one run, replaced by the new ones, and only those after it
/// are touched. A keystroke near the top of a 10,000-claim file must not
/// copy 10,000 claims.
fn splice<T: Placed>(mut old: Vec<T>, new: Vec<T>, r: Region) -> Option<Vec<T>> {
    #[derive(PartialEq, PartialOrd)]
    enum Side {
        Before,
        In,
        After,
    }
    let side = |item: &T| {
        let range = item.range();
        if range.start < r.lo {
            (range.end <= r.lo).then_some(Side::Before)
        } else if range.start >= r.old_hi {
            Some(Side::After)
        } else {
            (range.end <= r.old_hi).then_some(Side::In)
        }
    };
    let mut last = Side::Before;
    let (mut from, mut to) = (old.len(), old.len());
    for (i, item) in old.iter().enumerate() {
        let now = side(item)?;
        if now < last {
            return splice_out_of_order(old, new, r);
        }
        if now >= Side::In && from == old.len() {
            from = i;
        }
        if now == Side::After && to == old.len() {
            to = i;
        }
        last = now;
    }
    for item in &mut old[to..] {
        item.shift(r.bytes, r.lines);
    }
    old.splice(from..to, new);
    Some(old)
}

/// [`splice`] for items that are not in text order.
fn splice_out_of_order<T: Placed>(old: Vec<T>, new: Vec<T>, r: Region) -> Option<Vec<T>> {
    let mut before = Vec::with_capacity(old.len() + new.len());
    let mut after = Vec::new();
    for mut item in old {
        let range = item.range();
        if range.start < r.lo {
            if range.end > r.lo {
                return None;
            }
            before.push(item);
        } else if range.start >= r.old_hi {
            item.shift(r.bytes, r.lines);
            after.push(item);
        } else if range.end > r.old_hi {
            return None;
        }
    }
    before.extend(new);
    before.extend(after);
    Some(before)
}

/// Suppressions by line: the region's lines are `first..=last` of the old text.
fn splice_lines(
    old: Vec<Suppression>,
    new: Vec<Suppression>,
    first: usize,
    old_last: usize,
    lines: isize,
) -> Vec<Suppression> {
    let mut out: Vec<Suppression> = old.iter().filter(|s| s.line < first).cloned().collect();
    out.extend(new);
    for mut s in old.into_iter().filter(|s| s.line > old_last) {
        s.shift(0, lines);
        out.push(s);
    }
    out
}

/// Which claims a re-lowering kept: of the `old` claims before it, the
/// first `before` and the last `after` are still there, moved, with the
/// same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeptClaims {
    pub old: usize,
    pub before: usize,
    pub after: usize,
}

/// Lowers only the lines that `change` touched and reuses the rest of
/// `old`, which was lowered from the text before the change (which had
/// `old_lines` lines). Equal to [`lower_with`] on the new text, only
/// faster: typing in a 10,000-line file re-lowers one line. Also says which
/// claims it kept, unless it had to lower everything.
pub fn relower(
    old: NotesFile,
    old_lines: usize,
    text: &str,
    lines: &LineIndex,
    tree: &Tree,
    change: TextChange,
) -> (NotesFile, Option<KeptClaims>) {
    match relower_region(old, old_lines, text, lines, tree, change) {
        Some((file, kept)) => (file, Some(kept)),
        None => (lower_with(text, lines, tree), None),
    }
}

fn relower_region(
    old: NotesFile,
    old_lines: usize,
    text: &str,
    lines: &LineIndex,
    tree: &Tree,
    change: TextChange,
) -> Option<(NotesFile, KeptClaims)> {
    let bytes = text.as_bytes();
    if change.new_end > bytes.len() || change.start > change.new_end {
        return None;
    }
    // Whole lines: from the line start before the change to the end of the
    // line it ends on, line break included.
    let lo = bytes[..change.start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let hi = bytes[change.new_end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| change.new_end + i + 1);
    let shift = change.new_end as isize - change.old_end as isize;
    let at_end = hi == bytes.len();
    // A region that reaches the end of the text takes everything after
    // `lo`, empty items at the very end included.
    let old_hi = match at_end {
        true => usize::MAX,
        false => hi.checked_add_signed(-shift)?,
    };
    if old_hi < lo {
        return None;
    }
    let mut lowerer = Lowerer {
        text,
        lines,
        file: NotesFile::default(),
    };
    if !lowerer.visit_range(tree.root_node(), lo, hi) {
        return None;
    }
    let mut new = lowerer.file;
    // Anything the region made outside itself, or a `@sources` line in it
    // (the last one in the file counts), calls for a full lowering.
    let outside =
        |r: Range<usize>| r.start < lo || r.end > hi || r.start > hi || (r.start == hi && !at_end);
    if new.sources.is_some()
        || old
            .sources
            .as_ref()
            .is_some_and(|s| s.range.end > lo && s.range.start < old_hi)
        || new.errors.iter().any(|e| outside(e.range.clone()))
        || new.claims.iter().any(|c| outside(c.range.clone()))
    {
        return None;
    }
    new.errors.sort_by_key(|e| (e.range.start, e.range.end));
    new.errors.dedup();
    mark_broken(&mut new.claims, &new.errors, lines, text.len());
    let region = Region {
        lo,
        old_hi,
        bytes: shift,
        lines: lines.line_count() as isize - old_lines as isize,
    };
    // The region's lines in the old text: `lo` starts a line in both texts.
    let first = lines.line_of(lo);
    let new_last = if hi > lo {
        lines.line_of(hi - 1)
    } else {
        first
    };
    let old_last = match at_end {
        true => usize::MAX,
        false => new_last.checked_add_signed(-region.lines)?,
    };
    let kept = KeptClaims {
        old: old.claims.len(),
        before: old.claims.partition_point(|c| c.range.start < lo),
        after: old.claims.len() - old.claims.partition_point(|c| c.range.start < old_hi),
    };
    let mut file = NotesFile {
        claims: splice(old.claims, new.claims, region)?,
        entities: splice(old.entities, new.entities, region)?,
        headings: splice(old.headings, new.headings, region)?,
        sources: old.sources.map(|mut s| {
            if s.range.start >= old_hi {
                s.shift(shift, 0);
            }
            s
        }),
        comments: splice(old.comments, new.comments, region)?,
        suppressions: splice_lines(
            old.suppressions,
            new.suppressions,
            first,
            old_last,
            region.lines,
        ),
        errors: splice(old.errors, new.errors, region)?,
    };
    sections(&mut file.headings, text);
    Some((file, kept))
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

    /// Edits, as typed, that re-lower one line and reuse the rest.
    #[test]
    fn typing_relowers_only_the_touched_lines() {
        let before = "# A\nIran -> Russia : drones [src 003]\n@entity Iran\nx -> y : z [src 1]\n## B\nIran -> China : oil [src 2]\n";
        let old = parse_notes(before);
        let cases = [
            // A letter typed into a relation.
            ("drones", "droness"),
            // A new line opened under a claim.
            ("[src 003]\n", "[src 003]\nIran -> \n"),
            // A line joined to the one before.
            ("[src 1]\n## B", "[src 1]## B"),
            // A heading renamed.
            ("## B", "## Bee"),
        ];
        for (from, to) in cases {
            let start = before.find(from).unwrap();
            let after = before.replacen(from, to, 1);
            let change = TextChange {
                start,
                old_end: start + from.len(),
                new_end: start + to.len(),
            };
            let lines = LineIndex::new(&after);
            let tree = parse_text(&after);
            let old_lines = LineIndex::new(before).line_count();
            let got = relower_region(old.clone(), old_lines, &after, &lines, &tree, change);
            let (file, kept) =
                got.unwrap_or_else(|| panic!("{from:?} -> {to:?} lowered everything"));
            assert_eq!(file, lower(&after, &tree), "{from:?} -> {to:?}");
            // The kept claims read the same as before.
            let same = |a: &Claim, b: &Claim| before[a.range.clone()] == after[b.range.clone()];
            for i in 0..kept.before {
                assert!(same(&old.claims[i], &file.claims[i]));
            }
            for j in 1..=kept.after {
                let (o, n) = (old.claims.len() - j, file.claims.len() - j);
                assert!(same(&old.claims[o], &file.claims[n]));
            }
            assert!(
                kept.before + kept.after >= old.claims.len() - 1,
                "{from:?}: {kept:?}"
            );
        }
    }

    #[test]
    fn changes_compose() {
        let c = |start, old_end, new_end| TextChange {
            start,
            old_end,
            new_end,
        };
        // Typing two letters: 10..10 -> 10..11, then 11..11 -> 11..12.
        assert_eq!(c(10, 10, 11).then(c(11, 11, 12)), c(10, 10, 12));
        // An edit after the first, reaching past it.
        assert_eq!(c(10, 12, 15).then(c(14, 20, 14)), c(10, 17, 14));
        // An edit before the first, ending before it.
        assert_eq!(c(10, 12, 15).then(c(2, 4, 8)), c(2, 12, 19));
        // A structural change reported further on widens the change.
        assert_eq!(c(10, 10, 11).cover(5..20), c(5, 19, 20));
    }
}

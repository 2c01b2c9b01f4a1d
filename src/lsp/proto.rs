//! Conversions from the core's plain data to LSP types.

use super::encoding::{self, Encoding};
use super::world::World;
use crate::analysis::diagnostics::{Diagnostic, FileRef, Severity};
use crate::analysis::ide::symbols::{Symbol, SymbolKind};
use crate::analysis::text::LineIndex;
use std::ops::Range;
use tower_lsp_server::ls_types as lsp;

pub const DOCS_URL: &str = "https://github.com/claimcheck/claimcheck/blob/main/docs/diagnostics.md";

pub fn uri_of(world: &World, file: &FileRef) -> Option<lsp::Uri> {
    match file {
        FileRef::Notes(f) => world.uri_of(*f),
        FileRef::Article { set, index } => article_uri(&world.ws.sets[*set].articles[*index].path),
        FileRef::Path(p) => lsp::Uri::from_file_path(p),
    }
}

/// Article URIs, made once per path: thousands of diagnostics point into
/// the same few articles.
fn article_uri(path: &str) -> Option<lsp::Uri> {
    thread_local! {
        static URIS: std::cell::RefCell<std::collections::HashMap<String, Option<lsp::Uri>>> = Default::default();
    }
    URIS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() > 100_000 {
            cache.clear();
        }
        cache
            .entry(path.to_string())
            .or_insert_with(|| lsp::Uri::from_file_path(path))
            .clone()
    })
}

/// The link to a code's section of docs/diagnostics.md, made once per code.
fn code_link(code: crate::analysis::Code) -> Option<&'static lsp::Uri> {
    static LINKS: std::sync::OnceLock<Vec<Option<lsp::Uri>>> = std::sync::OnceLock::new();
    let links = LINKS.get_or_init(|| {
        crate::analysis::Code::ALL
            .iter()
            .map(|c| format!("{DOCS_URL}#{}", c.docs_anchor()).parse().ok())
            .collect()
    });
    let i = crate::analysis::Code::ALL.iter().position(|c| *c == code)?;
    links[i].as_ref()
}

fn code_description(code: crate::analysis::Code) -> Option<lsp::CodeDescription> {
    code_link(code).map(|href| lsp::CodeDescription { href: href.clone() })
}

pub fn range(world: &World, file: &FileRef, r: &Range<usize>) -> lsp::Range {
    match world.ws.text_of(file) {
        Some((text, lines)) => encoding::range(text, lines, r, world.encoding),
        None => lsp::Range::default(),
    }
}

pub fn location(world: &World, file: &FileRef, r: &Range<usize>) -> Option<lsp::Location> {
    Some(lsp::Location::new(
        uri_of(world, file)?,
        range(world, file, r),
    ))
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(world: &World, d: &Diagnostic) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(lsp::DiagnosticRelatedInformation {
                location: location(world, &r.file, &r.range)?,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(world, &d.file, &d.range),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: code_description(d.code),
        source: Some("claimcheck".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: d
            .code
            .unnecessary()
            .then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// `publishDiagnostics` parameters written straight from the core's
/// diagnostics: the same JSON as `lsp::PublishDiagnosticsParams` filled by
/// [`diagnostic`], without building the LSP values first. A keystroke in a
/// large file republishes thousands of diagnostics; this is most of what
/// that costs.
pub struct PublishJson<'a> {
    pub world: &'a World,
    pub uri: &'a lsp::Uri,
    pub diagnostics: &'a [Diagnostic],
    pub version: Option<i32>,
}

impl serde::Serialize for PublishJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct All<'a>(&'a World, &'a [Diagnostic]);
        impl serde::Serialize for All<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.1.iter().map(|d| DiagnosticJson {
                    world: self.0,
                    range: range(self.0, &d.file, &d.range),
                    d,
                }))
            }
        }
        let mut out = s.serialize_struct("PublishDiagnosticsParams", 3)?;
        out.serialize_field("uri", self.uri)?;
        out.serialize_field("diagnostics", &All(self.world, self.diagnostics))?;
        if let Some(v) = self.version {
            out.serialize_field("version", &v)?;
        }
        out.end()
    }
}

struct DiagnosticJson<'a> {
    world: &'a World,
    range: lsp::Range,
    d: &'a Diagnostic,
}

impl serde::Serialize for DiagnosticJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct Href<'a> {
            href: &'a lsp::Uri,
        }
        #[derive(serde::Serialize)]
        struct Related<'a> {
            location: lsp::Location,
            message: &'a str,
        }
        let (world, d) = (self.world, self.d);
        let mut out = s.serialize_struct("Diagnostic", 8)?;
        out.serialize_field("range", &self.range)?;
        out.serialize_field("severity", &severity(d.severity))?;
        out.serialize_field("code", d.code.as_str())?;
        if let Some(href) = code_link(d.code) {
            out.serialize_field("codeDescription", &Href { href })?;
        }
        out.serialize_field("source", "claimcheck")?;
        out.serialize_field("message", &d.message)?;
        let related: Vec<Related> = d
            .related
            .iter()
            .filter_map(|r| {
                Some(Related {
                    location: location(world, &r.file, &r.range)?,
                    message: &r.message,
                })
            })
            .collect();
        if !related.is_empty() {
            out.serialize_field("relatedInformation", &related)?;
        }
        if d.code.unnecessary() {
            out.serialize_field("tags", &[lsp::DiagnosticTag::UNNECESSARY])?;
        }
        out.end()
    }
}

/// One diagnostic's JSON, kept for the next publish of the same file.
struct Fragment {
    /// The LSP ranges the JSON holds: the diagnostic's own, then those of
    /// its related locations. Byte ranges alone would not do: an edit can
    /// move a position without changing its byte offset.
    ranges: Box<[lsp::Range]>,
    diagnostic: Diagnostic,
    json: Box<[u8]>,
}

impl Fragment {
    /// Whether this is the JSON of `d`, whose own LSP range is `at`.
    fn holds(&self, world: &World, d: &Diagnostic, at: lsp::Range) -> bool {
        self.ranges[0] == at
            && same_json(&self.diagnostic, d)
            && self.ranges.len() == 1 + d.related.len()
            && d.related
                .iter()
                .zip(&self.ranges[1..])
                .all(|(r, kept)| range(world, &r.file, &r.range) == *kept)
    }
}

/// Whether two diagnostics write the same JSON at the same LSP ranges: all
/// but the byte ranges (compared as positions) and the fixes (which are
/// not published).
fn same_json(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code
        && a.severity == b.severity
        && a.file == b.file
        && a.message == b.message
        && a.related.len() == b.related.len()
        && a.related
            .iter()
            .zip(&b.related)
            .all(|(x, y)| x.file == y.file && x.message == y.message)
}

/// How far past the last reused fragment a diagnostic's old JSON is looked
/// for: an edit adds, drops or changes a few diagnostics at one place.
const LOOKAHEAD: usize = 4;

/// The JSON of each file's last published diagnostics, in order, kept
/// while the world's layout and the encoding stay the same. Diagnostics
/// come in the same order from one check to the next, so each is matched
/// with the old ones at about the same place: a keystroke changes the
/// diagnostics of one claim, and the thousands of others in a large file
/// are copied, not written again.
#[derive(Default)]
pub struct PublishCache {
    /// The world layout and encoding the fragments were written for.
    made_for: Option<(u64, Encoding)>,
    files: std::collections::HashMap<lsp::Uri, Vec<std::sync::Arc<Fragment>>>,
}

impl PublishCache {
    /// The `publishDiagnostics` frame for `uri`: exactly what
    /// [`super::output::notification`] writes for a [`PublishJson`].
    pub fn frame(
        &mut self,
        world: &World,
        uri: &lsp::Uri,
        diagnostics: &[Diagnostic],
        version: Option<i32>,
    ) -> Vec<u8> {
        use std::io::Write;
        use std::sync::Arc;
        if self.made_for != Some((world.layout, world.encoding)) {
            self.files.clear();
            self.made_for = Some((world.layout, world.encoding));
        }
        let old = self.files.remove(uri).unwrap_or_default();
        let mut next = 0;
        let mut kept = Vec::with_capacity(diagnostics.len());
        for d in diagnostics {
            let at = range(world, &d.file, &d.range);
            let window = old
                .get(next..(next + LOOKAHEAD).min(old.len()))
                .unwrap_or_default();
            let found = window.iter().position(|f| f.holds(world, d, at));
            let fragment = match found {
                Some(k) => {
                    next += k + 1;
                    old[next - 1].clone()
                }
                None => {
                    let json = serde_json::to_vec(&DiagnosticJson {
                        world,
                        range: at,
                        d,
                    })
                    .expect("a diagnostic serialises");
                    let ranges = std::iter::once(at)
                        .chain(d.related.iter().map(|r| range(world, &r.file, &r.range)))
                        .collect();
                    Arc::new(Fragment {
                        ranges,
                        diagnostic: d.clone(),
                        json: json.into_boxed_slice(),
                    })
                }
            };
            kept.push(fragment);
        }
        let mut head = b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":".to_vec();
        serde_json::to_writer(&mut head, uri).expect("a URI serialises");
        head.extend_from_slice(b",\"diagnostics\":[");
        let mut tail = b"]".to_vec();
        if let Some(v) = version {
            write!(tail, ",\"version\":{v}").expect("writing to a Vec");
        }
        tail.extend_from_slice(b"}}");
        // Written once, into a frame of the right size.
        let commas = kept.len().saturating_sub(1);
        let length =
            head.len() + kept.iter().map(|f| f.json.len()).sum::<usize>() + commas + tail.len();
        let mut frame = Vec::with_capacity(length + 32);
        write!(frame, "Content-Length: {length}\r\n\r\n").expect("writing to a Vec");
        frame.extend_from_slice(&head);
        for (i, f) in kept.iter().enumerate() {
            if i > 0 {
                frame.push(b',');
            }
            frame.extend_from_slice(&f.json);
        }
        frame.extend_from_slice(&tail);
        self.files.insert(uri.clone(), kept);
        frame
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be filled in.
pub fn document_symbol(world: &World, file: usize, s: &Symbol) -> lsp::DocumentSymbol {
    let f = FileRef::Notes(file);
    lsp::DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: range(world, &f, &s.range),
        selection_range: range(world, &f, &s.selection),
        children: Some(
            s.children
                .iter()
                .map(|c| document_symbol(world, file, c))
                .collect(),
        ),
    }
}

pub fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Heading => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Claim => lsp::SymbolKind::EVENT,
        SymbolKind::Entity => lsp::SymbolKind::CLASS,
    }
}

/// Encodes semantic tokens relative to each other, as LSP wants.
pub fn semantic_tokens(
    text: &str,
    lines: &LineIndex,
    tokens: &[(Range<usize>, u32)],
    enc: Encoding,
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for (r, kind) in tokens {
        let start = encoding::position(text, lines, r.start, enc);
        let end = encoding::position(text, lines, r.end, enc);
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_col
        } else {
            start.character
        };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: end.character.saturating_sub(start.character),
            token_type: *kind,
            token_modifiers_bitset: 0,
        });
        prev_line = start.line;
        prev_col = start.character;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::world::Settings;

    /// The straight-to-JSON diagnostics are exactly the LSP types' JSON,
    /// for every code the examples show (related information, tags and
    /// curly quotes included), in both encodings.
    #[test]
    fn publish_json_matches_the_lsp_types() {
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let world = World::new(encoding, vec![examples.clone()], Settings::default());
            let index = crate::analysis::ClaimIndex::build(&world.ws);
            let mut seen = 0;
            let mut cache = PublishCache::default();
            for (file, _) in world.ws.docs() {
                let uri = world.uri_of(file).unwrap();
                let diagnostics = crate::analysis::file_diagnostics(&world.ws, &index, file);
                seen += diagnostics.len();
                let ours = serde_json::to_value(PublishJson {
                    world: &world,
                    uri: &uri,
                    diagnostics: &diagnostics,
                    version: Some(3),
                })
                .unwrap();
                let theirs = serde_json::to_value(lsp::PublishDiagnosticsParams {
                    uri: uri.clone(),
                    diagnostics: diagnostics.iter().map(|d| diagnostic(&world, d)).collect(),
                    version: Some(3),
                })
                .unwrap();
                assert_eq!(ours, theirs);
                // Written from the cache, cold and then warm: the same bytes.
                let direct = crate::lsp::output::notification(
                    "textDocument/publishDiagnostics",
                    &PublishJson {
                        world: &world,
                        uri: &uri,
                        diagnostics: &diagnostics,
                        version: Some(3),
                    },
                );
                for _ in 0..2 {
                    let cached = cache.frame(&world, &uri, &diagnostics, Some(3));
                    assert_eq!(String::from_utf8(cached), String::from_utf8(direct.clone()));
                }
            }
            assert!(seen >= 12, "the examples show every code");
        }
    }
}

//! The language server: each handler converts from the protocol, calls the
//! analysis on a blocking thread, and converts back.

use super::documents::Documents;
use super::encoding::{self, Encoding};
use super::proto;
use super::world::{Settings, World};
use crate::analysis::diagnostics::FileRef;
use crate::analysis::ide::{
    self, completion::CompletionKind, definition::Definition, semantic_tokens::TOKEN_TYPES,
};
use crate::analysis::{file_diagnostics, workspace_diagnostics, ClaimIndex};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// The default pause after a keystroke before checking, so that a burst of
/// typing is checked once.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(25);

/// A file's core diagnostics and the world generation they were made at.
type Checked = (u64, Arc<Vec<crate::analysis::Diagnostic>>);

/// State shared by the handlers, the ordered-edit wrapper and the
/// diagnostics task. Locks are only ever held on blocking threads or for
/// the few microseconds an edit takes, never across an `.await`.
pub struct Shared {
    pub docs: Mutex<Documents>,
    pub world: RwLock<World>,
    dirty: AtomicBool,
    warmed: AtomicBool,
    wake: Notify,
    /// A hash of what was last published for each URI.
    published: Mutex<HashMap<Uri, u64>>,
    /// Where messages of our own go, between the library's (see `output.rs`).
    pub frames: std::sync::OnceLock<super::output::Frames>,
    /// The JSON of the last published diagnostics, reused where unchanged.
    publish_cache: Mutex<proto::PublishCache>,
    /// The core's diagnostics of each file from the last check, with the
    /// world generation they were computed at: code actions reuse them.
    checked: Mutex<HashMap<usize, Checked>>,
    debounce: Mutex<Duration>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            docs: Mutex::new(Documents::default()),
            world: RwLock::new(World::default()),
            dirty: AtomicBool::new(false),
            warmed: AtomicBool::new(false),
            wake: Notify::new(),
            published: Mutex::new(HashMap::new()),
            frames: std::sync::OnceLock::new(),
            publish_cache: Mutex::new(proto::PublishCache::default()),
            checked: Mutex::new(HashMap::new()),
            debounce: Mutex::new(DEFAULT_DEBOUNCE),
        }
    }
}

impl Shared {
    /// Asks the diagnostics task for a run.
    pub fn mark_dirty(&self) {
        self.dirty.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Applies a document notification synchronously, in arrival order.
    pub fn apply_notification(&self, method: &str, params: &serde_json::Value) {
        let mut docs = self.docs.lock().unwrap();
        let enc = docs.encoding;
        match method {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params.clone()) {
                    docs.open(
                        p.text_document.uri,
                        &p.text_document.text,
                        p.text_document.version,
                    );
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params.clone())
                {
                    docs.change(
                        &p.text_document.uri,
                        p.text_document.version,
                        &p.content_changes,
                        enc,
                    );
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params.clone())
                {
                    docs.close(&p.text_document.uri);
                }
            }
            _ => return,
        }
        drop(docs);
        self.mark_dirty();
    }

    /// Brings the world up to date with the documents; returns the files
    /// that changed.
    fn sync(&self) -> Vec<usize> {
        let mut docs = self.docs.lock().unwrap();
        if !self.world.read().unwrap().is_stale(&docs) {
            return Vec::new();
        }
        self.world.write().unwrap().sync(&mut docs)
    }

    /// The core's diagnostics of `file`: those of the last check when the
    /// world has not changed since, else computed now.
    fn diagnostics_of(&self, world: &World, file: usize) -> Arc<Vec<crate::analysis::Diagnostic>> {
        if let Some((generation, d)) = self.checked.lock().unwrap().get(&file) {
            if *generation == world.generation {
                return d.clone();
            }
        }
        let d = Arc::new(file_diagnostics(
            &world.ws,
            &ClaimIndex::build(&world.ws),
            file,
        ));
        self.checked
            .lock()
            .unwrap()
            .insert(file, (world.generation, d.clone()));
        d
    }

    /// Every diagnostic of the workspace as `publishDiagnostics` messages,
    /// the `first` files first, with the document version each was
    /// computed for.
    /// What the check replaced comes back too, to be freed once the
    /// messages are on their way.
    fn compute(&self, first: &[usize]) -> (Vec<Publish>, Vec<Box<dyn Send>>) {
        let world = self.world.read().unwrap();
        let versions: HashMap<Uri, i32> = {
            let docs = self.docs.lock().unwrap();
            docs.docs
                .iter()
                .map(|(u, d)| (u.clone(), d.version))
                .collect()
        };
        let ws = &world.ws;
        let timings = std::env::var_os("CLAIMCHECK_LOG_TIMINGS").is_some();
        let t = std::time::Instant::now();
        let index = ClaimIndex::build(ws);
        if timings {
            eprintln!("claimcheck: claim index {:?}", t.elapsed());
        }
        let mut files: Vec<usize> = first.to_vec();
        files.extend(ws.docs().map(|(i, _)| i).filter(|i| !first.contains(i)));
        let mut cache = self.publish_cache.lock().unwrap();
        let mut publish = |uri: Uri, diagnostics: &[crate::analysis::Diagnostic], version| {
            let frame = cache.frame(&world, &uri, diagnostics, version);
            (uri, version, frame)
        };
        let mut out = Vec::new();
        let mut garbage: Vec<Box<dyn Send>> = Vec::new();
        for file in files {
            let Some(uri) = world.uri_of(file) else {
                continue;
            };
            let t = std::time::Instant::now();
            let core = Arc::new(file_diagnostics(ws, &index, file));
            let checked = t.elapsed();
            let version = versions.get(&uri).copied();
            out.push(publish(uri, &core, version));
            if timings {
                eprintln!(
                    "claimcheck: file {file}: {} diagnostics, checks {checked:?}, JSON {:?}",
                    core.len(),
                    t.elapsed() - checked
                );
            }
            let replaced = self
                .checked
                .lock()
                .unwrap()
                .insert(file, (world.generation, core));
            garbage.push(Box::new(replaced));
        }
        let mut by_article: HashMap<Uri, Vec<crate::analysis::Diagnostic>> = HashMap::new();
        for d in workspace_diagnostics(ws) {
            if let Some(uri) = proto::uri_of(&world, &d.file) {
                by_article.entry(uri).or_default().push(d);
            }
        }
        out.extend(by_article.into_iter().map(|(u, d)| publish(u, &d, None)));
        garbage.push(Box::new(index));
        (out, garbage)
    }
}

/// At most this many completions go back at once, marked incomplete, so
/// the editor asks again as the user types: 2,000 article ids after
/// `[src ` would take longer to send and read than to find.
const COMPLETION_LIMIT: usize = 200;

/// A `publishDiagnostics` frame for a URI, with the document version it
/// was computed for.
type Publish = (Uri, Option<i32>, Vec<u8>);

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(client: Client, shared: Arc<Shared>) -> Backend {
        Backend { client, shared }
    }

    /// Runs `f` on a blocking thread against an up-to-date world. A panic
    /// becomes an error response; the server carries on.
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&World) -> T + Send + 'static,
    {
        let shared = self.shared.clone();
        let job = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                shared.sync();
                let world = shared.world.read().unwrap_or_else(|e| e.into_inner());
                f(&world)
            }))
        });
        match job.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Err(Error {
                    code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                    message: format!("claimcheck: internal error: {what}").into(),
                    data: None,
                })
            }
            Err(e) => Err(Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                message: format!("claimcheck: {e}").into(),
                data: None,
            }),
        }
    }

    /// The diagnostics task: waits for changes, lets a burst of edits
    /// settle, checks off the async runtime, publishes what changed.
    fn spawn_diagnostics(&self) {
        let shared = self.shared.clone();
        let client = self.client.clone();
        // Checks run on one thread of their own, not the blocking pool:
        // each keystroke's check then reuses the memory (and the caches)
        // the last one warmed, where a fresh pool thread would start cold.
        let (checker, jobs) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        let spawned = std::thread::Builder::new()
            .name("claimcheck-check".into())
            .spawn(move || {
                for job in jobs {
                    job();
                }
            });
        if spawned.is_err() {
            eprintln!("claimcheck: could not start the checking thread");
        }
        tokio::spawn(async move {
            loop {
                shared.wake.notified().await;
                loop {
                    shared.dirty.store(false, Ordering::SeqCst);
                    let pause = *shared.debounce.lock().unwrap();
                    if pause.is_zero() {
                        // A zero-length sleep still waits for the timer's
                        // next millisecond tick.
                        tokio::task::yield_now().await;
                    } else {
                        tokio::time::sleep(pause).await;
                    }
                    if !shared.dirty.load(Ordering::SeqCst) {
                        break;
                    }
                }
                let s = shared.clone();
                let (done, result) = tokio::sync::oneshot::channel();
                let job = Box::new(move || {
                    let checked = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        let t = std::time::Instant::now();
                        let changed = s.sync();
                        let synced = t.elapsed();
                        let out = s.compute(&changed);
                        if std::env::var_os("CLAIMCHECK_LOG_TIMINGS").is_some() {
                            eprintln!(
                                "claimcheck: sync {synced:?}, check {:?}",
                                t.elapsed() - synced
                            );
                        }
                        out
                    }));
                    match checked {
                        Ok((results, garbage)) => {
                            let _ = done.send(Some(results));
                            // Freed here, by the thread that made it, once
                            // the results are on their way.
                            drop(garbage);
                        }
                        Err(_) => {
                            let _ = done.send(None);
                        }
                    }
                });
                let results = match checker.send(job) {
                    Ok(()) => result.await.ok().flatten(),
                    Err(_) => None,
                };
                let Some(results) = results else {
                    client
                        .log_message(MessageType::ERROR, "claimcheck: checking failed")
                        .await;
                    continue;
                };
                let current: HashMap<Uri, i32> = {
                    let docs = shared.docs.lock().unwrap();
                    docs.docs
                        .iter()
                        .map(|(u, d)| (u.clone(), d.version))
                        .collect()
                };
                for (uri, version, frame) in results {
                    // A newer edit arrived: its own run will publish.
                    if version.is_some() && current.get(&uri) != version.as_ref() {
                        continue;
                    }
                    // Files not open in the editor are sent again only when
                    // their diagnostics changed.
                    if version.is_some() {
                        shared.published.lock().unwrap().remove(&uri);
                    } else {
                        let hash =
                            std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, &frame);
                        let previous = shared.published.lock().unwrap().insert(uri, hash);
                        if previous == Some(hash) {
                            continue;
                        }
                    }
                    if let Some(frames) = shared.frames.get() {
                        let _ = frames.send(super::output::Frame::Message(frame));
                    }
                }
                // Once, after the first check: warm what hover needs, off
                // the request path.
                if !shared.warmed.swap(true, Ordering::SeqCst) {
                    let s = shared.clone();
                    tokio::task::spawn_blocking(move || {
                        // One pass over the articles for every entity: tens
                        // of milliseconds, so an edit that waits for the
                        // lock waits no longer than a check.
                        let t = std::time::Instant::now();
                        let world = s.world.read().unwrap_or_else(|e| e.into_inner());
                        world.ws.count_all_mentions();
                        if std::env::var_os("CLAIMCHECK_LOG_TIMINGS").is_some() {
                            eprintln!("claimcheck: counted mentions in {:?}", t.elapsed());
                        }
                    });
                }
            }
        });
    }

    fn position_params(p: &TextDocumentPositionParams) -> (Uri, Position) {
        (p.text_document.uri.clone(), p.position)
    }
}

/// The file and byte offset of a position, in the world.
fn locate(world: &World, uri: &Uri, pos: Position) -> Option<(usize, usize)> {
    let file = world.file_of(uri)?;
    let doc = world.ws.doc(file)?;
    Some((
        file,
        encoding::offset(&doc.text, &doc.lines, pos, world.encoding),
    ))
}

fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)] // `root_uri` is how older clients say it.
    if roots.is_empty() {
        if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
            roots.push(p.into_owned());
        }
    }
    roots
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = Encoding::negotiate(&params.capabilities);
        let settings = params
            .initialization_options
            .as_ref()
            .map(Settings::from_json)
            .transpose()
            .map_err(Error::invalid_params)?
            .unwrap_or_default();
        if let Some(ms) = settings.debounce_ms {
            *self.shared.debounce.lock().unwrap() = Duration::from_millis(ms);
        }
        self.shared.docs.lock().unwrap().encoding = enc;
        let roots = roots(&params);
        let shared = self.shared.clone();
        // Scan the workspace now, so every later request sees it whole.
        tokio::task::spawn_blocking(move || {
            let t = std::time::Instant::now();
            let world = World::new(enc, roots, settings);
            if std::env::var_os("CLAIMCHECK_LOG_TIMINGS").is_some() {
                eprintln!("claimcheck: workspace scan {:?}", t.elapsed());
            }
            *shared.world.write().unwrap() = world;
        })
        .await
        .map_err(|e| Error::invalid_params(format!("workspace scan failed: {e}")))?;

        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(enc.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![
                        "[".into(),
                        " ".into(),
                        ",".into(),
                        ":".into(),
                        ">".into(),
                    ]),
                    ..Default::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: SemanticTokensLegend {
                                token_types: TOKEN_TYPES
                                    .iter()
                                    .map(|t| SemanticTokenType::new(t))
                                    .collect(),
                                token_modifiers: vec![],
                            },
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: Default::default(),
                        },
                    ),
                ),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "claimcheck".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let errors = self.shared.world.read().unwrap().config_errors.clone();
        for e in errors {
            self.client
                .show_message(MessageType::ERROR, format!("claimcheck: {e}"))
                .await;
        }
        let watchers = ["**/*.claims", "**/claimcheck.toml", "**/*.txt", "**/*.md"]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: "claimcheck-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        self.spawn_diagnostics();
        self.shared.mark_dirty();
        // Not awaited here: checking must not wait on the client's answer.
        // Clients without dynamic registration answer with an error: fine.
        let client = self.client.clone();
        tokio::spawn(async move {
            let _ = client.register_capability(vec![registration]).await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    // Edits were applied in order by the wrapper; these only wake the checker.
    async fn did_open(&self, _: DidOpenTextDocumentParams) {}
    async fn did_change(&self, _: DidChangeTextDocumentParams) {}

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let shared = self.shared.clone();
        let _ =
            tokio::task::spawn_blocking(move || shared.world.write().unwrap().reload_notes(&uri))
                .await;
        self.shared.mark_dirty();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let shared = self.shared.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let open: Vec<Uri> = shared.docs.lock().unwrap().docs.keys().cloned().collect();
            let mut world = shared.world.write().unwrap();
            let mut rescan = false;
            for change in params.changes {
                let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                    continue;
                };
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                if name == crate::project::CONFIG_FILE {
                    rescan = true;
                } else if name.ends_with(".claims") {
                    if !open.contains(&change.uri) {
                        world.reload_notes(&change.uri);
                    }
                } else if crate::analysis::article::is_article_name(&name)
                    && !world.reload_articles(&path)
                {
                    // An article folder nobody used yet: a rescan finds it.
                    rescan = true;
                }
            }
            if rescan {
                world.rescan();
                world.forget_synced();
            }
        })
        .await;
        self.shared.mark_dirty();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = match Settings::from_json(&params.settings) {
            Ok(s) => s,
            Err(e) => {
                self.client
                    .show_message(MessageType::ERROR, format!("claimcheck: {e}"))
                    .await;
                return;
            }
        };
        if let Some(ms) = settings.debounce_ms {
            *self.shared.debounce.lock().unwrap() = Duration::from_millis(ms);
        }
        let shared = self.shared.clone();
        let errors = tokio::task::spawn_blocking(move || {
            let mut world = shared.world.write().unwrap();
            world.settings = settings;
            world.rescan();
            world.forget_synced();
            world.config_errors.clone()
        })
        .await
        .unwrap_or_default();
        for e in errors {
            self.client
                .show_message(MessageType::ERROR, format!("claimcheck: {e}"))
                .await;
        }
        self.shared.mark_dirty();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let (uri, pos) = Self::position_params(&params.text_document_position_params);
        self.read(move |w| {
            let (file, offset) = locate(w, &uri, pos)?;
            let h = ide::hover::hover(&w.ws, file, offset)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(proto::range(w, &FileRef::Notes(file), &h.range)),
            })
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let (uri, pos) = Self::position_params(&params.text_document_position_params);
        self.read(move |w| {
            let (file, offset) = locate(w, &uri, pos)?;
            let locations: Vec<Location> = ide::definition::definition(&w.ws, file, offset)
                .into_iter()
                .filter_map(|d| match d {
                    Definition::In { file, range } => proto::location(w, &file, &range),
                    Definition::Folder(dir) => {
                        Some(Location::new(Uri::from_file_path(dir)?, Range::default()))
                    }
                })
                .collect();
            (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let (uri, pos) = Self::position_params(&params.text_document_position);
        let include = params.context.include_declaration;
        self.read(move |w| {
            let (file, offset) = locate(w, &uri, pos)?;
            let refs = ide::references::references(&w.ws, file, offset, include);
            Some(
                refs.iter()
                    .filter_map(|(f, r)| proto::location(w, f, r))
                    .collect(),
            )
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let (uri, pos) = Self::position_params(&params.text_document_position_params);
        self.read(move |w| {
            let (file, offset) = locate(w, &uri, pos)?;
            let f = FileRef::Notes(file);
            Some(
                ide::highlight::highlight(&w.ws, file, offset)
                    .iter()
                    .map(|r| DocumentHighlight {
                        range: proto::range(w, &f, r),
                        kind: Some(DocumentHighlightKind::TEXT),
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let (uri, pos) = Self::position_params(&params.text_document_position);
        self.read(move |w| {
            let (file, offset) = locate(w, &uri, pos)?;
            let f = FileRef::Notes(file);
            let all = ide::completion::complete(&w.ws, file, offset);
            let is_incomplete = all.len() > COMPLETION_LIMIT;
            let items: Vec<CompletionItem> = all
                .into_iter()
                .take(COMPLETION_LIMIT)
                .map(|c| CompletionItem {
                    kind: Some(match c.kind {
                        CompletionKind::Article => CompletionItemKind::REFERENCE,
                        CompletionKind::Entity => CompletionItemKind::CLASS,
                        CompletionKind::Relation => CompletionItemKind::VALUE,
                    }),
                    detail: c.detail,
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                        proto::range(w, &f, &c.replace),
                        c.label.clone(),
                    ))),
                    label: c.label,
                    ..Default::default()
                })
                .collect();
            Some(CompletionResponse::List(CompletionList {
                is_incomplete,
                items,
            }))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let range = params.range;
        let shared = self.shared.clone();
        self.read(move |w| {
            let file = w.file_of(&uri)?;
            let doc = w.ws.doc(file)?;
            let r = encoding::offset_range(&doc.text, &doc.lines, range, w.encoding);
            let diagnostics = shared.diagnostics_of(w, file);
            let f = FileRef::Notes(file);
            let actions = ide::code_actions::code_actions(&w.ws, file, r, &diagnostics)
                .into_iter()
                .map(|a| {
                    let edits = a
                        .edits
                        .iter()
                        .map(|(r, t)| TextEdit::new(proto::range(w, &f, r), t.clone()))
                        .collect();
                    CodeActionOrCommand::CodeAction(CodeAction {
                        title: a.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: a.fixes.map(|i| vec![proto::diagnostic(w, &diagnostics[i])]),
                        edit: Some(WorkspaceEdit {
                            changes: Some(HashMap::from([(uri.clone(), edits)])),
                            ..Default::default()
                        }),
                        is_preferred: Some(a.preferred),
                        ..Default::default()
                    })
                })
                .collect();
            Some(actions)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let (uri, pos) = Self::position_params(&params);
        self.read(move |w| {
            let (file, offset) = locate(w, &uri, pos)?;
            let (range, placeholder) = ide::rename::prepare_rename(&w.ws, file, offset)?;
            Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: proto::range(w, &FileRef::Notes(file), &range),
                placeholder,
            })
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let (uri, pos) = Self::position_params(&params.text_document_position);
        let new_name = params.new_name;
        self.read(move |w| {
            let (file, offset) =
                locate(w, &uri, pos).ok_or_else(|| Error::invalid_params("unknown document"))?;
            let edits = ide::rename::rename(&w.ws, file, offset, &new_name)
                .map_err(Error::invalid_params)?;
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for (f, r, t) in edits {
                let file = FileRef::Notes(f);
                if let Some(u) = proto::uri_of(w, &file) {
                    changes
                        .entry(u)
                        .or_default()
                        .push(TextEdit::new(proto::range(w, &file, &r), t));
                }
            }
            Ok(Some(WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }))
        })
        .await?
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        self.read(move |w| {
            let file = w.file_of(&uri)?;
            let symbols = ide::symbols::document_symbols(&w.ws, file);
            Some(DocumentSymbolResponse::Nested(
                symbols
                    .iter()
                    .map(|s| proto::document_symbol(w, file, s))
                    .collect(),
            ))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let query = params.query;
        self.read(move |w| {
            let symbols = ide::symbols::workspace_symbols(&w.ws, &query)
                .into_iter()
                .filter_map(|(f, s)| {
                    Some(WorkspaceSymbol {
                        name: s.name.clone(),
                        kind: proto::symbol_kind(s.kind),
                        tags: None,
                        container_name: s.detail.clone(),
                        location: OneOf::Left(proto::location(
                            w,
                            &FileRef::Notes(f),
                            &s.selection,
                        )?),
                        data: None,
                    })
                })
                .collect();
            Some(WorkspaceSymbolResponse::Nested(symbols))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        self.read(move |w| {
            let file = w.file_of(&uri)?;
            Some(
                ide::symbols::folding_ranges(&w.ws, file)
                    .into_iter()
                    .map(|(a, b)| FoldingRange {
                        start_line: a as u32,
                        end_line: b as u32,
                        kind: Some(FoldingRangeKind::Region),
                        ..Default::default()
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        self.read(move |w| {
            let file = w.file_of(&uri)?;
            let doc = w.ws.doc(file)?;
            let tokens: Vec<_> = ide::semantic_tokens::semantic_tokens(&w.ws, file)
                .into_iter()
                .map(|(r, t)| (r, t as u32))
                .collect();
            let data = proto::semantic_tokens(&doc.text, &doc.lines, &tokens, w.encoding);
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        })
        .await
    }
}

//! `claimcheck lsp`: the language server, a thin translation over the core.
//!
//! - `encoding`: every position conversion (UTF-8 or UTF-16).
//! - `documents`: open documents in ropey, parsed incrementally.
//! - `ordered`: edits applied in arrival order.
//! - `output`: one output stream for the library's messages and ours.
//! - `world`: the analysis workspace, in step with the documents.
//! - `server`: the handlers.
//! - `proto`: core data to LSP types.

pub mod documents;
pub mod encoding;
pub mod ordered;
pub mod output;
pub mod proto;
pub mod server;
pub mod world;

use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// How many requests may run at once. The default of 4 would let four slow
/// requests hold up everything behind them, `$/cancelRequest` and
/// `shutdown` included; the real work runs on blocking threads, so a
/// generous limit costs nothing.
const CONCURRENCY: usize = 64;

/// Serves the protocol over `input` and `output` until `exit`.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (frames, to_write) = tokio::sync::mpsc::unbounded_channel();
    let shared = Arc::new(server::Shared::default());
    let _ = shared.frames.set(frames.clone());
    let for_backend = shared.clone();
    let (service, socket) =
        LspService::new(move |client| server::Backend::new(client, for_backend));
    let service = ordered::Ordered {
        inner: service,
        shared,
    };
    let server = async {
        Server::new(input, output::Output::new(frames.clone()), socket)
            .concurrency_level(CONCURRENCY)
            .serve(service)
            .await;
        let _ = frames.send(output::Frame::End);
    };
    tokio::join!(server, output::write_frames(output, to_write));
}

/// `claimcheck lsp`: stdio.
pub fn run() -> i32 {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    let Ok(runtime) = runtime else {
        eprintln!("claimcheck: could not start the async runtime");
        return 2;
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    0
}

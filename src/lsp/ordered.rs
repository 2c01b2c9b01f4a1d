//! Document edits in arrival order.
//!
//! tower-lsp (and its fork) run notifications concurrently
//! (`buffer_unordered`), so a handler that awaits before applying an edit
//! can be overtaken by the next one (upstream tower-lsp #284, the fork's
//! #36). This wrapper applies `didOpen`, `didChange` and `didClose` to the
//! document store inside `call()`, synchronously, before the request goes
//! on to the server.

use super::server::Shared;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower::Service;
use tower_lsp_server::jsonrpc::Request;

pub struct Ordered<S> {
    pub inner: S,
    pub shared: Arc<Shared>,
}

impl<S: Service<Request>> Service<Request> for Ordered<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let method = req.method();
        if matches!(
            method,
            "textDocument/didOpen" | "textDocument/didChange" | "textDocument/didClose"
        ) {
            if let Some(params) = req.params() {
                let shared = &self.shared;
                // A bad edit must not take the server down.
                let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    shared.apply_notification(method, params)
                }));
                if applied.is_err() {
                    eprintln!("claimcheck: an edit to a document could not be applied");
                }
            }
        }
        self.inner.call(req)
    }
}

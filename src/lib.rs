//! claimcheck: check sourced analyst notes against the articles they cite.
//!
//! - [`analysis`]: the pure core (parse, model, checks, evidence).
//! - [`project`]: finds and reads notes, articles and `claimcheck.toml`.
//! - [`cli`]: `claimcheck check` and `claimcheck evidence`.

pub mod analysis;
pub mod cli;
pub mod lsp;
pub mod project;
pub mod synth;

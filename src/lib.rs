//! claimcheck: check sourced analyst notes against the articles they cite.
//!
//! - [`analysis`]: the pure core (parse, model, checks, evidence).
//! - [`fsread`]: the one way a file is read (regular files only, bounded).
//! - [`project`]: finds and reads notes, articles and `claimcheck.toml`.
//! - [`cli`]: `claimcheck check` and `claimcheck evidence`.

pub mod analysis;
pub mod cli;
pub mod fsread;
pub mod lsp;
pub mod project;
pub mod synth;

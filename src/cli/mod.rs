//! The command line: `claimcheck check`, `claimcheck evidence` and
//! `claimcheck lsp`. It renders the core's diagnostics; it decides nothing.

mod check;
mod evidence;
mod github;
mod human;
mod json;
mod location;
mod sarif;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "claimcheck",
    version,
    about = "Check sourced analyst notes against the articles they cite"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check notes files (`*.claims`) against their articles.
    Check {
        /// Files or folders, searched recursively for `*.claims`.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// The articles folder, overriding `@sources` and `claimcheck.toml`.
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// A configuration file instead of the nearest `claimcheck.toml`.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Run the language server on stdin and stdout.
    Lsp,
    /// Write a synthetic workspace for benchmarks (deterministic).
    #[command(hide = true)]
    Synth {
        #[arg(long, default_value_t = 2000)]
        articles: usize,
        #[arg(long, default_value_t = 10000)]
        claims: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write into.
        out: PathBuf,
    },
    /// Search every article for sentences that would support a claim.
    Evidence {
        /// A claim, e.g. "Iran -> Russia : drones".
        claim: String,
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
        /// How many sentences to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Runs the CLI; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Check {
            paths,
            sources,
            format,
            deny_warnings,
            config,
        } => check::run(
            &paths,
            sources.as_deref(),
            format,
            deny_warnings,
            config.as_deref(),
        ),
        Command::Evidence {
            claim,
            sources,
            limit,
            format,
        } => evidence::run(&claim, sources.as_deref(), limit, format),
        Command::Synth {
            articles,
            claims,
            seed,
            out,
        } => write_synth(articles, claims, seed, &out),
        Command::Lsp => Ok(crate::lsp::run()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn write_synth(
    articles: usize,
    claims: usize,
    seed: u64,
    out: &std::path::Path,
) -> Result<i32, String> {
    let synth = crate::synth::generate(articles, claims, seed);
    for (path, text) in &synth.files {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!(
        "wrote {} articles ({} bytes) and {} claims to {}",
        synth.articles,
        synth.article_bytes,
        synth.claims,
        out.display()
    );
    Ok(0)
}

/// Whether to colour output for a stream: a terminal, and no `NO_COLOR`.
pub fn use_colour(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

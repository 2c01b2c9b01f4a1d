//! `claimcheck check`.

use super::{github, human, json, sarif, Format};
use crate::analysis::{
    file_report, workspace_diagnostics, ClaimIndex, Config, Diagnostic, Severity, Stats,
};
use crate::project;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    #[serde(flatten)]
    pub stats: Stats,
    pub errors: usize,
    pub warnings: usize,
    pub by_code: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn new(files: usize, stats: Stats, diagnostics: &[Diagnostic]) -> Summary {
        let mut by_code = BTreeMap::new();
        for d in diagnostics {
            *by_code.entry(d.code.as_str()).or_insert(0) += 1;
        }
        Summary {
            files,
            stats,
            errors: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            by_code,
        }
    }

    pub fn line(&self) -> String {
        let pct = |n: usize| {
            if self.stats.claims == 0 {
                0.0
            } else {
                100.0 * n as f64 / self.stats.claims as f64
            }
        };
        let mut line = format!(
            "{} file{}, {} claim{}: {:.0}% sourced, {:.0}% supported; {} error{}, {} warning{}",
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.stats.claims,
            if self.stats.claims == 1 { "" } else { "s" },
            pct(self.stats.sourced),
            pct(self.stats.supported),
            self.errors,
            if self.errors == 1 { "" } else { "s" },
            self.warnings,
            if self.warnings == 1 { "" } else { "s" },
        );
        if !self.by_code.is_empty() {
            let counts: Vec<String> = self
                .by_code
                .iter()
                .map(|(c, n)| format!("{c}: {n}"))
                .collect();
            line.push_str(&format!(" ({})", counts.join(", ")));
        }
        line
    }
}

fn load_config(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => paths.first().and_then(|p| project::find_config(p)),
    };
    match path {
        Some(p) => project::read_config(&p),
        None => Ok(Config::default()),
    }
}

pub fn run(
    paths: &[PathBuf],
    sources: Option<&Path>,
    format: Format,
    deny_warnings: bool,
    config: Option<&Path>,
) -> Result<i32, String> {
    let start = Instant::now();
    let config = load_config(config, paths)?;
    if let Some(dir) = sources {
        if !dir.is_dir() {
            return Err(format!("--sources {}: no such folder", dir.display()));
        }
    }
    let notes = project::find_notes(paths)?;
    let loaded = project::load(&notes, sources, config);
    for e in &loaded.errors {
        eprintln!("error: {e}");
    }
    let ws = &loaded.ws;
    let index = ClaimIndex::build(ws);
    let files: Vec<usize> = ws.docs().map(|(i, _)| i).collect();

    // A progress bar on a terminal, once the run takes more than a moment;
    // never on CI logs.
    let show = std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && format == Format::Human;
    let bar = ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::hidden());
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} files checked").unwrap());
    let reports: Vec<(Vec<Diagnostic>, Stats)> = files
        .par_iter()
        .map(|&f| {
            let r = file_report(ws, &index, f);
            bar.inc(1);
            if show && bar.is_hidden() && start.elapsed() > Duration::from_millis(300) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            r
        })
        .collect();
    bar.finish_and_clear();

    let mut diagnostics = workspace_diagnostics(ws);
    let mut stats = Stats::default();
    for (d, s) in reports {
        diagnostics.extend(d);
        stats += s;
    }
    let summary = Summary::new(files.len(), stats, &diagnostics);
    let out = match format {
        Format::Human => human::render(
            ws,
            &diagnostics,
            &summary,
            super::use_colour(std::io::stdout().is_terminal()),
        ),
        Format::Json => json::render(ws, &diagnostics, &summary),
        Format::Sarif => sarif::render(ws, &diagnostics),
        Format::Github => github::render(ws, &diagnostics, &summary),
    };
    print!("{out}");
    if !loaded.errors.is_empty() {
        return Ok(2);
    }
    let failing = diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    Ok(i32::from(failing))
}

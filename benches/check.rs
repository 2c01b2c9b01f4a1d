//! `cargo bench --bench check`: `claimcheck check` as a whole process on
//! synthetic workspaces, cold (a new process, indexing included).
//!
//! Target: 10,000 claims against 2,000 articles (about 10 MB) in at most
//! 1 s with a peak RSS of at most 200 MB, on 2 cores. Prints the scaling at
//! 1x, 4x and 16x of that (set CLAIMCHECK_BENCH_SCALES=1,4 to shorten).

mod support;
use std::process::Command;
use support::*;

fn main() {
    let scales: Vec<usize> = std::env::var("CLAIMCHECK_BENCH_SCALES")
        .unwrap_or_else(|_| "1,4,16".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let bin = env!("CARGO_BIN_EXE_claimcheck");
    println!("claimcheck check, whole process, best and median of 5 runs");
    println!(
        "{:>6} {:>9} {:>8} {:>9} {:>10} {:>10} {:>10} {:>12}",
        "scale", "articles", "MB", "claims", "best ms", "median ms", "RSS MB", "ms/1k claims"
    );
    let mut base: Option<f64> = None;
    for scale in scales {
        let dir = tempfile::tempdir().unwrap();
        let (articles, claims) = (2000 * scale, 10_000 * scale);
        let bytes = write_workspace(dir.path(), articles, claims);
        let mut times = Vec::new();
        let mut rss = 0;
        for _ in 0..5 {
            let (t, r, code) = measure(
                Command::new(bin)
                    .args(["check", "--format", "json"])
                    .arg(dir.path()),
            );
            assert!(code == 0 || code == 1, "claimcheck failed with {code}");
            times.push(t);
            rss = rss.max(r);
        }
        times.sort();
        let best = times[0].as_secs_f64() * 1000.0;
        let median = percentile(&times, 0.5).as_secs_f64() * 1000.0;
        let per_k = median / (claims as f64 / 1000.0);
        let ratio = base
            .map(|b| format!("  ({:.2}x per claim vs 1x)", per_k / b))
            .unwrap_or_default();
        base.get_or_insert(per_k);
        println!(
            "{:>5}x {:>9} {:>8.1} {:>9} {:>10.0} {:>10.0} {:>10.1} {:>12.1}{ratio}",
            scale,
            articles,
            bytes as f64 / 1e6,
            claims,
            best,
            median,
            rss as f64 / 1e6,
            per_k
        );
    }
}

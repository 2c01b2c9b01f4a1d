use clap::Parser;

// mimalloc rather than the system allocator: a keystroke in the server and
// a batch check both build and free many small values (diagnostics, keys,
// JSON), and glibc's allocator spends a large share of that time in
// malloc_consolidate and free across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = claimcheck::cli::Cli::parse();
    std::process::exit(claimcheck::cli::run(cli));
}

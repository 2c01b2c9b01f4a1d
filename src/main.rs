use clap::Parser;

fn main() {
    let cli = claimcheck::cli::Cli::parse();
    std::process::exit(claimcheck::cli::run(cli));
}

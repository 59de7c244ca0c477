//! The `geostance` command line: parses arguments and dispatches to one
//! module per subcommand (src/cli/).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => cli::report(e),
    }
}

//! `dyad`: the command-line entry point. Glue only: every verb calls into the library crates.

mod args;
mod cmd_code;
mod cmd_eval;
mod cmd_events;
mod cmd_export;
mod cmd_extract;
mod cmd_ingest;
mod cmd_queue;
mod cmd_serve;
mod cmd_watch;
mod cmd_worker;
mod inputs;
mod limits;
mod nlp_cmd;
mod output;
mod pipeline;
mod progress;
mod triage;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = limits::apply_from_env() {
        eprintln!("dyad: error: {e:#}");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Code(a) => cmd_code::run(a),
        Command::Ingest(a) => cmd_ingest::run(a),
        Command::Events(a) => cmd_events::run_events(a),
        Command::Merge(a) => cmd_events::run_merge(a),
        Command::Export(a) => cmd_export::run(a),
        Command::Eval { what } => cmd_eval::run(what),
        Command::Extract(a) => cmd_extract::run(a),
        Command::Watch(a) => cmd_watch::run(a),
        Command::Serve(a) => cmd_serve::run(a),
        Command::Queue(a) => cmd_queue::run(a),
        Command::Worker(a) => cmd_worker::run(a),
        Command::Nlp { cmd } => nlp_cmd::run(cmd).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

//! `dyad extract` and `dyad eval extract`: one page to its article; extraction scores.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};

#[derive(Args)]
pub struct ExtractArgs {
    /// The page: an HTML file, optionally gzip-compressed; `-` reads standard input.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
    /// The URL the page was fetched from (resolves relative links, dates in the URL, the site).
    #[arg(long)]
    pub url: Option<String>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum ExtractFormat {
    Json,
    Text,
}

#[derive(Args)]
pub struct EvalExtractArgs {
    /// The trafilatura evaluation set (directory with evaldata.json and html/).
    #[arg(long)]
    pub trafilatura: Option<PathBuf>,
    /// The readability.js test pages (directory of page folders).
    #[arg(long)]
    pub readability: Option<PathBuf>,
}

pub fn run(args: ExtractArgs) -> Result<bool> {
    let _ = args;
    bail!("dyad extract is not built yet")
}

pub fn run_eval(args: EvalExtractArgs) -> Result<bool> {
    let _ = args;
    bail!("dyad eval extract is not built yet")
}

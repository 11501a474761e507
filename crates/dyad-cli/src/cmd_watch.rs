//! `dyad watch`: poll feeds, fetch new articles, code and store them until stopped.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;

use crate::args::StoreArg;

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// A file of feed URLs (one per line, `#` comments) or an OPML file.
    pub feeds: PathBuf,
}

pub fn run(args: WatchArgs) -> Result<bool> {
    let _ = args;
    bail!("dyad watch is not built yet")
}

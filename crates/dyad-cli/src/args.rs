//! Command-line arguments of every verb.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use dyad_core::InputFormat;
use dyad_ingest::FormatChoice;

/// dyad turns news into political event data: who did what to whom, when and where, each event
/// tied to the sentence that says so.
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Code articles and print their events (nothing is stored).
    Code(CodeArgs),
    /// Read, code and store articles; prints a summary.
    Ingest(IngestArgs),
    /// Query stored events (merged) or their mentions.
    Events(EventsArgs),
    /// Merge the stored mentions into events again (after a change of merge rules); nothing is
    /// coded again.
    Merge(MergeArgs),
    /// Export stored events.
    Export(crate::cmd_export::ExportArgs),
    /// Score the coder on a gold set.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Extract the article (text and metadata) from a web page and print it.
    Extract(crate::cmd_extract::ExtractArgs),
    /// Poll feeds, fetch new articles, code and store them until stopped (Ctrl-C).
    Watch(crate::cmd_watch::WatchArgs),
    /// Serve the HTTP API and the web UI over a store (127.0.0.1:8080; read-only unless --token).
    Serve(crate::cmd_serve::ServeArgs),
    /// The work queue of a PostgreSQL store: add units, show their status, retry failed ones.
    Queue(crate::cmd_queue::QueueArgs),
    /// Claim units from a PostgreSQL store's work queue and code them (run any number, anywhere).
    Worker(crate::cmd_worker::WorkerArgs),
    /// Tokenizer, tagger and parser: train, evaluate, parse.
    Nlp {
        #[command(subcommand)]
        cmd: crate::nlp_cmd::NlpCommand,
    },
}

/// How to read the inputs.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum InputArg {
    /// Detect from the file name and content.
    Auto,
    /// A scraped page saved as markdown.
    Markdown,
    /// Plain text.
    Text,
    /// One JSON article per line: {"id","date","source","url","title","text"}.
    Articles,
    /// One JSON sentence per line: {"id","text","date"}, each coded on its own.
    Sentences,
    /// A web page (HTML, optionally gzip-compressed).
    Html,
    /// A WARC archive (.warc or .warc.gz).
    Warc,
    /// An RSS, Atom or JSON feed file.
    Feed,
}

impl InputArg {
    pub fn choice(self) -> FormatChoice {
        match self {
            InputArg::Auto => FormatChoice::Auto,
            InputArg::Markdown => FormatChoice::Fixed(InputFormat::Markdown),
            InputArg::Text => FormatChoice::Fixed(InputFormat::Text),
            InputArg::Articles => FormatChoice::Fixed(InputFormat::Articles),
            InputArg::Sentences => FormatChoice::Fixed(InputFormat::Sentences),
            InputArg::Html => FormatChoice::Fixed(InputFormat::Html),
            InputArg::Warc => FormatChoice::Fixed(InputFormat::Warc),
            InputArg::Feed => FormatChoice::Fixed(InputFormat::Feed),
        }
    }
}

#[derive(Args)]
pub struct ReadArgs {
    /// Files or directories to read (directories are read recursively); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    /// Publication date for inputs that carry none (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

#[derive(Args)]
pub struct CodeArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CodeFormat::Jsonl)]
    pub format: CodeFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum CodeFormat {
    Jsonl,
    Table,
}

#[derive(Args)]
pub struct StoreArg {
    /// The store: a SQLite file (`ingest` and `watch` create it; queries need an existing one)
    /// or a PostgreSQL URL, `postgres://user@host:port/db` (its schema is created on first use).
    #[arg(long, env = "DYAD_STORE", default_value = "dyad.db")]
    pub store: dyad_store::StoreLocation,
}

#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Also print the events of the articles stored by this run, as a table.
    #[arg(long)]
    pub show: bool,
    /// Coding threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Store articles without coding them (extraction and storage only).
    #[arg(long)]
    pub no_code: bool,
    /// Code without the dependency parser (positional rules only; faster, less accurate).
    #[arg(long)]
    pub no_parse: bool,
}

#[derive(Args, Clone)]
pub struct FilterArgs {
    /// Events on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Events on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Actor code or prefix on either side (USA, USAGOV, VEN).
    #[arg(long)]
    pub actor: Option<String>,
    /// Two-digit CAMEO root (01..20).
    #[arg(long, value_parser = parse_root)]
    pub root: Option<String>,
    /// Events of one article id.
    #[arg(long)]
    pub doc: Option<String>,
    /// Country (ISO alpha-3) of an actor on either side or of the place.
    #[arg(long)]
    pub country: Option<String>,
    /// CAMEO event code or prefix (17, 171, 1711).
    #[arg(long)]
    pub code: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub quad: Option<u8>,
    /// PLOVER event type (SEIZE, CONSULT, ...).
    #[arg(long)]
    pub plover: Option<String>,
    /// Place name (substring) or country code of the event's location.
    #[arg(long)]
    pub place: Option<String>,
    /// Modality of the events.
    #[arg(long, value_parser = ["asserted", "negated", "hypothetical", "future", "claimed"])]
    pub modality: Option<String>,
    /// Only background (recap) events (true) or only new ones (false).
    #[arg(long)]
    pub background: Option<bool>,
    /// Full-text query over the articles that report the event (SQLite: FTS5 syntax;
    /// PostgreSQL: web-search syntax).
    #[arg(long = "q")]
    pub text: Option<String>,
}

#[derive(Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EventsFormat::Table)]
    pub format: EventsFormat,
    /// At most this many events (or mentions).
    #[arg(long)]
    pub limit: Option<usize>,
    /// List the mentions (every report, one per coded sentence) instead of the merged events.
    #[arg(long)]
    pub mentions: bool,
}

#[derive(Args)]
pub struct MergeArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Largest gap in days between two day-precise reports of one event.
    #[arg(long, default_value_t = dyad_store::MergeRules::default().date_window_days)]
    pub window_days: i64,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum EventsFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Code the gold sentences and print precision/recall/accuracy (one JSON line, then a table).
    Events(EvalEventsArgs),
    /// Score article extraction on the public extraction sets (one JSON line, then a table).
    Extract(crate::cmd_extract::EvalExtractArgs),
}

#[derive(Args)]
pub struct EvalEventsArgs {
    /// Which gold format.
    #[arg(long, value_enum)]
    pub kind: EvalKind,
    /// The gold file (PLOVER records; Multi-CoPED class TSV; PETRARCH validation records XML).
    #[arg(long)]
    pub gold: PathBuf,
    /// Multi-CoPED only: the BIO span file matching --gold sentence by sentence.
    #[arg(long)]
    pub spans: Option<PathBuf>,
    /// PETRARCH only: the suite's actor dictionary (default: the file beside --gold whose name
    /// contains "actors").
    #[arg(long)]
    pub actors: Option<PathBuf>,
    /// Code without the dependency parser (positional rules only).
    #[arg(long)]
    pub no_parse: bool,
    /// Also write what was coded from each gold item to FILE, one JSON line per item in the
    /// gold file's order (its text, the events and which one was scored), to see where two
    /// runs differ.
    #[arg(long, value_name = "FILE")]
    pub items: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum EvalKind {
    Plover,
    Multicoped,
    /// The PETRARCH-2 or UD-PETRARCH validation suite (made-up actors; syntax cases).
    Petrarch,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    dyad_core::parse_iso_date(s)
}

fn parse_root(s: &str) -> Result<String, String> {
    let n: u32 = s
        .parse()
        .map_err(|_| format!("'{s}' is not a CAMEO root (01..20)"))?;
    if !(1..=20).contains(&n) {
        return Err(format!("'{s}' is not a CAMEO root (01..20)"));
    }
    Ok(format!("{n:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn roots_are_normalised() {
        assert_eq!(parse_root("4").unwrap(), "04");
        assert!(parse_root("21").is_err());
        assert!(parse_root("x").is_err());
    }
}

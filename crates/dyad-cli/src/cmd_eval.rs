//! `dyad eval events`: score the coder on a public gold set.

use anyhow::Result;
use dyad_coder::{ArticleContext, Coder};
use dyad_core::{Article, EventRecord};
use dyad_eval::{evaluate_multicoped, evaluate_plover, MulticopedGold, PloverGold};

use crate::args::{EvalCommand, EvalEventsArgs, EvalKind};

pub fn run(cmd: EvalCommand) -> Result<bool> {
    match cmd {
        EvalCommand::Events(args) => run_events(args),
        EvalCommand::Extract(args) => crate::cmd_extract::run_eval(args),
    }
}

fn run_events(args: EvalEventsArgs) -> Result<bool> {
    let coder = if args.no_parse {
        Coder::without_parser()
    } else {
        Coder::new()
    };
    let code = |text: &str, date: Option<&str>| -> Vec<EventRecord> {
        let published = date.and_then(|d| dyad_core::parse_iso_date(d).ok());
        let article = Article::sentence("gold", text, published);
        coder.code_sentence(&article, 0, text, &mut ArticleContext::default())
    };
    let gold_path = args.gold.display().to_string();
    let report = match args.kind {
        EvalKind::Plover => evaluate_plover(&PloverGold::read(&gold_path)?, &gold_path, &code),
        EvalKind::Multicoped => {
            let spans = args.spans.as_ref().map(|p| p.display().to_string());
            let gold = MulticopedGold::read(&gold_path, spans.as_deref())?;
            evaluate_multicoped(&gold, &gold_path, &code)
        }
    };
    crate::output::emit(&format!("{}\n{}", report.to_json(), report.to_table()))?;
    Ok(true)
}

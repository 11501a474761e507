//! `dyad eval events`: score the coder on a public gold set.

use anyhow::{Context, Result};
use dyad_coder::{ArticleContext, Coder};
use dyad_core::{Article, EventRecord};
use dyad_eval::{
    evaluate_multicoped, evaluate_petrarch, evaluate_plover, read_actor_names, MulticopedGold,
    PetrarchGold, PloverGold,
};

use crate::args::{EvalCommand, EvalEventsArgs, EvalKind};

pub fn run(cmd: EvalCommand) -> Result<bool> {
    match cmd {
        EvalCommand::Events(args) => run_events(args),
        EvalCommand::Extract(args) => crate::cmd_extract::run_eval(args),
    }
}

fn run_events(args: EvalEventsArgs) -> Result<bool> {
    let base = match args.kind {
        EvalKind::Petrarch => Coder::with_kb(petrarch_kb(&args)?),
        _ => Coder::new(),
    };
    let coder = if args.no_parse {
        base.without_parsing()
    } else {
        base
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
        EvalKind::Petrarch => {
            evaluate_petrarch(&PetrarchGold::read(&gold_path)?, &gold_path, &code)
        }
    };
    crate::output::emit(&format!("{}\n{}", report.to_json(), report.to_table()))?;
    Ok(true)
}

/// The knowledge base plus the PETRARCH suite's made-up actors (Arnor, Gondor, ...), read from
/// `--actors` or the dictionary beside the gold file. Built once per run and kept.
fn petrarch_kb(args: &EvalEventsArgs) -> Result<&'static dyad_kb::Kb> {
    let path = match &args.actors {
        Some(p) => p.clone(),
        None => actors_beside(&args.gold).with_context(|| {
            format!(
                "no actor dictionary beside {}; pass --actors FILE",
                args.gold.display()
            )
        })?,
    };
    let names = read_actor_names(&path.display().to_string())?;
    let kb =
        dyad_kb::Kb::builtin_with(&names).map_err(|e| anyhow::anyhow!("knowledge tables: {e}"))?;
    Ok(Box::leak(Box::new(kb)))
}

/// The file in the gold file's folder whose name contains "actors".
fn actors_beside(gold: &std::path::Path) -> Option<std::path::PathBuf> {
    let dir = gold.parent()?;
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_lowercase().contains("actors"))
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

//! `dyad eval events`: score the coder on a public gold set.

use std::cell::RefCell;

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
    let items = RefCell::new(Vec::new());
    let code = |text: &str, date: Option<&str>| -> Vec<EventRecord> {
        let published = date.and_then(|d| dyad_core::parse_iso_date(d).ok());
        let article = Article::sentence("gold", text, published);
        let events = coder.code_sentence(&article, 0, text, &mut ArticleContext::default());
        if args.items.is_some() {
            let mut items = items.borrow_mut();
            let line = item_line(items.len(), text, &events);
            items.push(line);
        }
        events
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
    if let Some(path) = &args.items {
        let mut text = items.into_inner().join("\n");
        text.push('\n');
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    crate::output::emit(&format!("{}\n{}", report.to_json(), report.to_table()))?;
    Ok(true)
}

/// One item of `--items`: the text, each event's code, actors, modality and rule, and the index
/// of the event the scorers read (`main`, null when nothing was coded).
fn item_line(item: usize, text: &str, events: &[EventRecord]) -> String {
    let names = |actors: &[dyad_core::ActorRef]| -> Vec<String> {
        actors.iter().map(|a| a.text.clone()).collect()
    };
    let coded: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            serde_json::json!({
                "cameo": e.event.cameo,
                "source": names(&e.source),
                "target": names(&e.target),
                "modality": e.modality,
                "rule": e.rule,
            })
        })
        .collect();
    let main =
        dyad_eval::main_event(events).and_then(|m| events.iter().position(|e| std::ptr::eq(e, m)));
    let line = serde_json::json!({"item": item, "text": text, "events": coded, "main": main});
    line.to_string()
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

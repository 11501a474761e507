//! Development driver without extra dependencies (the user-facing commands are `dyad nlp ...`).
//!
//! ```text
//! cargo run -p dyad-nlp --release --example nlp -- train TRAIN.conllu DEV.conllu OUT.dyadnlp [tagger_epochs parser_epochs jackknife]
//! cargo run -p dyad-nlp --release --example nlp -- eval [--raw] GOLD.conllu [MODEL]
//! ```

use dyad_nlp::Analyzer;
use dyad_nlp::conllu::read_conllu;
use dyad_nlp::eval::{eval_gold, eval_raw};
use dyad_nlp::train::{TrainConfig, train_model};
use std::time::Instant;

fn write_model(a: &Analyzer, path: &str) -> std::io::Result<()> {
    for (p, size) in a.write_files(std::path::Path::new(path))? {
        eprintln!("wrote {} ({size} bytes)", p.display());
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(|s| s.as_str()) {
        Some("train") => {
            let train = read_conllu(&std::fs::read_to_string(&args[1])?)?;
            let dev = read_conllu(&std::fs::read_to_string(&args[2])?)?;
            let mut cfg = TrainConfig::default();
            if let Some(v) = args.get(4) {
                cfg.tagger_epochs = v.parse()?;
            }
            if let Some(v) = args.get(5) {
                cfg.parser_epochs = v.parse()?;
            }
            if let Some(v) = args.get(6) {
                cfg.jackknife = v.parse()?;
            }
            if let Some(v) = args.get(7) {
                cfg.lexicon = Some(v.into());
            }
            if let Some(v) = args.get(8) {
                cfg.prune = v.parse()?;
            }
            if let Some(v) = args.get(9) {
                cfg.prune_tagger = v.parse()?;
            }
            let t = Instant::now();
            let a = train_model(&train, &dev, &cfg, &mut |l| {
                eprintln!("[{:.0}s] {l}", t.elapsed().as_secs_f64())
            })?;
            write_model(&a, &args[3])?;
            eprintln!("trained in {:.0}s", t.elapsed().as_secs_f64());
        }
        Some("prune") => {
            let mut a = Analyzer::from_path(std::path::Path::new(&args[1]))?;
            let t: f32 = args[3].parse()?;
            let p: f32 = args[4].parse()?;
            let l: f32 = args[5].parse()?;
            let st: f32 = args.get(6).map(|v| v.parse()).transpose()?.unwrap_or(t);
            eprintln!("{}", a.prune(t, p, l, st));
            write_model(&a, &args[2])?;
        }
        Some("tagdump") => {
            let gold = read_conllu(&std::fs::read_to_string(&args[1])?)?;
            let a = Analyzer::from_path(std::path::Path::new(&args[2]))?;
            for s in &gold {
                let p = a.parse_words(&s.forms());
                for (g, w) in s.words.iter().zip(&p.words) {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        g.form, g.upos, w.upos, g.xpos, w.xpos, g.deprel, w.deprel
                    );
                }
            }
        }
        Some("bench") => {
            let gold = read_conllu(&std::fs::read_to_string(&args[1])?)?;
            let a = Analyzer::from_path(std::path::Path::new(&args[2]))?;
            let r = dyad_nlp::bench::run(&a, &gold, 3.0);
            println!("{}", serde_json::to_string(&r)?);
        }
        Some("eval") => {
            let raw = args.iter().any(|a| a == "--raw");
            let rest: Vec<&String> = args[1..].iter().filter(|a| *a != "--raw").collect();
            let gold = read_conllu(&std::fs::read_to_string(rest[0])?)?;
            let a = match rest.get(1) {
                Some(p) => Analyzer::from_path(std::path::Path::new(p))?,
                None => Analyzer::load_default()?,
            };
            let r = if raw {
                eval_raw(&a, &gold)
            } else {
                eval_gold(&a, &gold)
            };
            println!("{}", serde_json::to_string(&r)?);
        }
        _ => eprintln!("usage: nlp train|eval ..."),
    }
    Ok(())
}

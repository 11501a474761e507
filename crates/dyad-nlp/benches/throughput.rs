//! Tag + parse throughput on UD EWT dev (plain harness, no criterion):
//! `cargo bench -p dyad-nlp` prints one JSON line. Never asserted.

use dyad_nlp::Analyzer;
use dyad_nlp::conllu::read_conllu;

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/nlp/ud-ewt/en_ewt-ud-dev.conllu"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: {path} not found");
        return;
    };
    let gold = match read_conllu(&text) {
        Ok(g) => g,
        Err(e) => return eprintln!("{e}"),
    };
    let t = std::time::Instant::now();
    let a = match Analyzer::load_default() {
        Ok(a) => a,
        Err(e) => return eprintln!("{e}"),
    };
    eprintln!("model load: {:.3}s", t.elapsed().as_secs_f64());
    let r = dyad_nlp::bench::run(&a, &gold, 5.0);
    println!("{}", serde_json::to_string(&r).unwrap_or_default());
}

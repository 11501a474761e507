//! Training is reproducible: the same data and seed give the same model files, byte for byte,
//! and a guided or supertagged model's files load back into the same analyzer.

use dyad_nlp::conllu::{ConlluSentence, read_conllu};
use dyad_nlp::model::{Companion, Companions};
use dyad_nlp::train::{TrainConfig, train_model};
use dyad_nlp::{Analyzer, NlpError};

fn treebank(name: &str, take: usize) -> Option<Vec<ConlluSentence>> {
    let path = format!(
        "{}/../../../shared/nlp/ud-ewt/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(read_conllu(&text).unwrap().into_iter().take(take).collect()),
        Err(_) => {
            eprintln!("skipping: {path} not found");
            None
        }
    }
}

/// The first 150 training and 40 dev sentences of EWT (None, and a note, without `../shared`).
fn small_treebanks() -> Option<(Vec<ConlluSentence>, Vec<ConlluSentence>)> {
    let train = treebank("en_ewt-ud-train.conllu", 150)?;
    Some((train, treebank("en_ewt-ud-dev.conllu", 40)?))
}

fn small(guide: bool) -> TrainConfig {
    TrainConfig {
        tagger_epochs: 2,
        parser_epochs: 2,
        jackknife: 2,
        guide,
        guide_epochs: 2,
        ..TrainConfig::default()
    }
}

#[test]
fn training_is_reproducible_and_guided_files_load_back() {
    let Some((train, dev)) = small_treebanks() else {
        return;
    };
    let mut log = Vec::new();
    let a = train_model(&train, &dev, &small(true), &mut |l| log.push(l.to_string())).unwrap();
    let b = train_model(&train, &dev, &small(true), &mut |_| {}).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
    let guide = a.guide_bytes().expect("a guided parser has a guide file");
    assert_eq!(Some(&guide), b.guide_bytes().as_ref());
    assert!(log.iter().any(|l| l.contains("guide fold 2/2")), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("final dev")), "{log:?}");

    let again = Analyzer::from_parts(&a.to_bytes(), guide_only(&guide)).unwrap();
    let s = "The U.S. military seized a Venezuelan oil tanker on Wednesday.";
    let p = again.parse(s);
    assert_eq!(p, a.parse(s));
    assert_eq!(p.words.iter().filter(|w| w.head == 0).count(), 1);

    files_need_each_other(&a);

    let plain = train_model(&train, &dev, &small(false), &mut |_| {}).unwrap();
    assert!(plain.guide_bytes().is_none());
    assert!(Analyzer::from_bytes(&plain.to_bytes()).is_ok());
}

/// A guided model's main file is refused without its guide, and each file has its own magic
/// number and checksum; on disk the guide file sits beside the main one.
fn files_need_each_other(a: &Analyzer) {
    let bytes = a.to_bytes();
    let guide = a.guide_bytes().unwrap();
    let missing = Analyzer::from_bytes(&bytes);
    assert!(matches!(missing, Err(NlpError::Model(m)) if m.contains("guide")));
    assert!(matches!(
        Analyzer::from_parts(&guide, guide_only(&bytes)),
        Err(NlpError::BadMagic)
    ));
    assert!(matches!(
        Analyzer::from_parts(&bytes, guide_only(&bytes)),
        Err(NlpError::BadMagic)
    ));
    let mut bad = guide.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x55;
    assert!(matches!(
        Analyzer::from_parts(&bytes, guide_only(&bad)),
        Err(NlpError::BadChecksum)
    ));

    let dir = std::env::temp_dir().join(format!("dyad-nlp-guided-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let main = dir.join("m.dyadnlp");
    std::fs::write(&main, &bytes).unwrap();
    let err = Analyzer::from_path(&main).unwrap_err().to_string();
    assert!(err.contains("m.guide.dyadnlp"), "{err}");
    let written = a.write_files(&main).unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(written[1].0, dir.join("m.guide.dyadnlp"));
    let loaded = Analyzer::from_path(&main).unwrap();
    let s = "Russia and Venezuela signed a treaty.";
    assert_eq!(loaded.parse(s), a.parse(s));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn guide_only(guide: &[u8]) -> Companions<'_> {
    Companions {
        guide: Some(guide),
        supertagger: None,
    }
}

#[test]
fn supertagged_training_is_reproducible_and_its_files_load_back() {
    let Some((train, dev)) = small_treebanks() else {
        return;
    };
    let cfg = TrainConfig {
        supertag: true,
        ..small(false)
    };
    let mut log = Vec::new();
    let a = train_model(&train, &dev, &cfg, &mut |l| log.push(l.to_string())).unwrap();
    let b = train_model(&train, &dev, &cfg, &mut |_| {}).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
    let stag = a
        .companion_bytes(Companion::Supertagger)
        .expect("a supertagger file");
    assert_eq!(
        Some(&stag),
        b.companion_bytes(Companion::Supertagger).as_ref()
    );
    assert!(a.guide_bytes().is_none());
    assert!(
        log.iter().any(|l| l.contains("supertagger fold 2/2")),
        "{log:?}"
    );
    assert!(
        log.iter().any(|l| l.contains("supertag classes")),
        "{log:?}"
    );

    let missing = Analyzer::from_bytes(&a.to_bytes());
    assert!(matches!(missing, Err(NlpError::Model(m)) if m.contains("supertagger")));
    let wrong = Companions {
        guide: None,
        supertagger: Some(&a.to_bytes()),
    };
    assert!(matches!(
        Analyzer::from_parts(&a.to_bytes(), wrong),
        Err(NlpError::BadMagic)
    ));

    let dir = std::env::temp_dir().join(format!("dyad-nlp-stag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let main = dir.join("m.dyadnlp");
    let written = a.write_files(&main).unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(written[1].0, dir.join("m.stag.dyadnlp"));
    let loaded = Analyzer::from_path(&main).unwrap();
    let s = "The U.S. military seized a Venezuelan oil tanker on Wednesday.";
    let p = loaded.parse(s);
    assert_eq!(p, a.parse(s));
    assert_eq!(p.words.iter().filter(|w| w.head == 0).count(), 1);
    std::fs::remove_file(dir.join("m.stag.dyadnlp")).unwrap();
    let err = Analyzer::from_path(&main).unwrap_err().to_string();
    assert!(err.contains("m.stag.dyadnlp"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

//! Jack-knifing: a model whose output becomes another model's training input (the tagger's tags
//! for the parser, the guide's arcs, the supertags) must be as wrong on the training sentences
//! as it will be on new text. So the training sentences are split into folds, and each fold is
//! labelled by a model trained on the other folds.

/// For each of `k` folds (sentence `i` is in fold `i % k`), `train` gets the items outside the
/// fold and the fold's number and returns a model; `label` then gets that model with each item
/// inside the fold and its index. `log` hears "`what` fold f/k done" after each fold.
pub(crate) fn jackknife<T: Clone, M>(
    items: &[T],
    k: usize,
    mut train: impl FnMut(&[T], usize) -> M,
    mut label: impl FnMut(&M, usize, &T),
    what: &str,
    log: &mut dyn FnMut(&str),
) {
    for fold in 0..k {
        let part: Vec<T> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let model = train(&part, fold);
        for (i, item) in items.iter().enumerate().filter(|(i, _)| i % k == fold) {
            label(&model, i, item);
        }
        log(&format!("{what} fold {}/{k} done", fold + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_labelled_by_a_model_that_never_saw_it() {
        let items: Vec<u32> = (0..7).collect();
        let mut labels = vec![None; items.len()];
        let mut lines = Vec::new();
        jackknife(
            &items,
            3,
            |part, fold| (fold, part.to_vec()),
            |(fold, seen), i, item| {
                assert!(!seen.contains(item));
                assert_eq!(i % 3, *fold);
                labels[i] = Some(*fold);
            },
            "test",
            &mut |l| lines.push(l.to_string()),
        );
        assert_eq!(labels, [0, 1, 2, 0, 1, 2, 0].map(Some));
        assert_eq!(lines.last().map(|l| l.as_str()), Some("test fold 3/3 done"));
    }
}

#!/usr/bin/env python3
"""Build data/models/en_wordnet_pos.tsv: word -> WordNet POS bits (1 noun, 2 verb, 4 adj, 8 adv).

Input: spacy-lookups-data 1.0.5 English lemma tables (MIT package; the tables derive from
WordNet 3.0 and carry the WordNet 3.0 licence, see en_license.txt next to them).
Usage: python3 scripts/nlp/make_lexicon.py /path/to/spacy-lookups-en data/models/en_wordnet_pos.tsv
"""
import gzip, json, sys

src, out = sys.argv[1], sys.argv[2]
bits = {"noun": 1, "verb": 2, "adj": 4, "adv": 8}
load = lambda n: json.load(gzip.open(f"{src}/{n}", "rt", encoding="utf-8"))
index, exc, lookup = load("en_lemma_index.json.gz"), load("en_lemma_exc.json.gz"), load("en_lemma_lookup.json.gz")
lex = {}
for pos, words in index.items():
    for w in words:
        w = w.lower().replace("_", " ")
        if " " not in w:
            lex[w] = lex.get(w, 0) | bits.get(pos, 0)
for pos, table in exc.items():
    for form in table:
        f = form.lower()
        if " " not in f:
            lex[f] = lex.get(f, 0) | bits.get(pos, 0)
for form, lemma in lookup.items():
    f, l = form.lower(), lemma.lower()
    if " " not in f and l in lex:
        lex[f] = lex.get(f, 0) | lex[l] | 16  # 16: inflected form
with open(out, "w", encoding="utf-8") as fh:
    fh.write("# word\tbits (1 noun, 2 verb, 4 adj, 8 adv, 16 inflected); from WordNet 3.0 via spacy-lookups-data 1.0.5\n")
    for w in sorted(lex):
        if lex[w]:
            fh.write(f"{w}\t{lex[w]}\n")

#!/usr/bin/env python3
"""Build data/models/en_wordnet_classes.tsv: word -> WordNet semantic classes for the parser.

For every single-word noun and verb lemma of WordNet 3.0 (and its inflected forms), the
lexicographer file of its most frequent sense (noun.person, noun.artifact, verb.motion, ...) and
coarse bits of the verb frames of its three most frequent senses (transitive, clausal, ...).
The parser uses them as word-class features, so that "ate pizza with a fork" and "with
anchovies" can differ even for words it never saw in the treebank.

Inputs: Debian wordnet-base 3.0 dictionary files (data.noun[.gz], data.verb, index.noun[.gz],
index.verb, noun.exc, verb.exc) and spacy-lookups-data 1.0.5's English lemma lookup table (MIT;
WordNet-derived) for inflected forms.
Usage: python3 scripts/nlp/make_wordnet_classes.py WORDNET_DIR SPACY_LOOKUPS_EN_DIR OUT.tsv
"""
import gzip, json, os, sys

wn, lookups, out = sys.argv[1:4]


def lines(name):
    path = os.path.join(wn, name)
    if os.path.exists(path):
        return open(path, encoding="latin-1")
    return gzip.open(path + ".gz", "rt", encoding="latin-1")


# Coarse verb-frame bits (WordNet's 35 generic sentence frames).
FRAME_BITS = {
    1: {1, 2, 3, 23},                      # intransitive
    2: {8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 30, 31},  # takes an object
    4: {14},                               # two objects
    8: {4, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 27, 31},  # prepositional complement
    16: {26, 29, 34},                      # clause
    32: {24, 25, 28, 29, 32, 35},          # infinitive
    64: {30, 33},                          # -ing
    128: {5, 6, 7},                        # predicative
}


def frame_bits(frames):
    bits = 0
    for bit, members in FRAME_BITS.items():
        if frames & members:
            bits |= bit
    return bits


def synsets(name, verbs):
    """offset -> (lexfile number, set of frame numbers)"""
    out = {}
    for line in lines(name):
        if line.startswith("  "):
            continue
        t = line.split(" | ")[0].split()
        off, lexfile = t[0], int(t[1])
        w_cnt = int(t[3], 16)
        i = 4 + 2 * w_cnt
        p_cnt = int(t[i])
        i += 1 + 4 * p_cnt
        frames = set()
        if verbs and i < len(t):
            f_cnt = int(t[i])
            for k in range(f_cnt):
                frames.add(int(t[i + 2 + 3 * k]))
        out[off] = (lexfile, frames)
    return out


def index(name, syn, verbs):
    """lemma -> (lexfile of first sense, frame bits of the first three senses)"""
    out = {}
    for line in lines(name):
        if line.startswith("  "):
            continue
        t = line.split()
        lemma, synset_cnt, p_cnt = t[0], int(t[2]), int(t[3])
        if "_" in lemma:
            continue
        offs = t[4 + p_cnt + 2:][:synset_cnt]
        first = syn[offs[0]][0]
        frames = set()
        if verbs:
            for o in offs[:3]:
                frames |= syn[o][1]
        out[lemma] = (first, frame_bits(frames))
    return out


nouns = index("index.noun", synsets("data.noun", False), False)
verbs = index("index.verb", synsets("data.verb", True), True)

forms = {}  # form -> set of lemmas
for lemma in list(nouns) + list(verbs):
    forms.setdefault(lemma, set()).add(lemma)
for exc in ("noun.exc", "verb.exc"):
    for line in lines(exc):
        t = line.split()
        if len(t) >= 2 and "_" not in t[0]:
            for lemma in t[1:]:
                forms.setdefault(t[0], set()).add(lemma)
lookup = json.load(gzip.open(os.path.join(lookups, "en_lemma_lookup.json.gz"), "rt", encoding="utf-8"))
for form, lemma in lookup.items():
    f, l = form.lower(), lemma.lower()
    if " " not in f and "_" not in f and (l in nouns or l in verbs):
        forms.setdefault(f, set()).add(l)

with open(out, "w", encoding="utf-8") as fh:
    fh.write("# word\tnoun lexfile\tverb lexfile\tverb frame bits; WordNet 3.0 (see en_wordnet_pos.LICENSE.txt), "
             "scripts/nlp/make_wordnet_classes.py\n")
    for f in sorted(forms):
        lemmas = sorted(forms[f], key=lambda l: (l != f, l))
        n = next((nouns[l][0] for l in lemmas if l in nouns), 0)
        v = next((verbs[l][0] for l in lemmas if l in verbs), 0)
        b = next((verbs[l][1] for l in lemmas if l in verbs), 0)
        if n or v:
            fh.write(f"{f}\t{n}\t{v}\t{b}\n")

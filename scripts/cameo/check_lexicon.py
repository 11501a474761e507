#!/usr/bin/env python3
"""Validate the trigger lexicon (data/lexicon/verbs.tsv, data/lexicon/nouns.tsv).

Checks, per file:
  - the header line is `code, pattern, flags, example`; every other non-comment line has 4 tab-separated columns
  - the code exists in data/cameo/events.tsv
  - flags are empty or a comma-separated subset of {recip, say, intent, negative}
  - the pattern is lowercase words; nouns are written in the singular (warning)
  - the example contains the pattern: the first word inflected (verbs: seize/seized/seizes/seizing and
    irregular forms from WordNet's verb.exc; nouns: plurals), then each further word (singular or plural)
    in order, with at most 3 other words between consecutive pattern words -- the matching rule the coder uses
  - the same pattern is not listed twice (with the same or a different code), unless the later line
    carries a trailing comment `# dup-ok`
  - (warning) when the example is matched against the whole file, the longest matching pattern is this
    row's pattern or one with the same code -- otherwise the example would be coded differently
Then prints coverage per CAMEO root and the list of events.tsv codes that no entry uses.

Usage: python3 scripts/cameo/check_lexicon.py [--reference DIR] [--quiet]
Exit status 1 on errors (warnings do not fail).
"""
import gzip
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FLAGS = {"recip", "say", "intent", "negative"}
HEADER = ["code", "pattern", "flags", "example"]
MAX_GAP = 3

# Irregular verb forms used when WordNet's verb.exc is not available (and always merged in).
IRREGULAR = {
    "be": "am is are was were been being", "have": "has had having", "do": "does did done doing",
    "say": "said", "tell": "told", "make": "made", "give": "gave given", "take": "took taken",
    "hold": "held", "meet": "met", "seize": "", "strike": "struck stricken", "fight": "fought",
    "shoot": "shot", "lay": "laid", "lead": "led", "send": "sent", "lend": "lent", "sell": "sold",
    "buy": "bought", "bring": "brought", "throw": "threw thrown", "blow": "blew blown",
    "break": "broke broken", "swear": "swore sworn", "rise": "rose risen", "win": "won",
    "go": "went gone", "come": "came", "fly": "flew flown", "draw": "drew drawn", "drive": "drove driven",
    "beat": "beaten", "forgive": "forgave forgiven", "slay": "slew slain", "sink": "sank sunk",
    "speak": "spoke spoken", "write": "wrote written", "keep": "kept", "leave": "left", "get": "got gotten",
    "put": "put", "set": "set", "cut": "cut", "shut": "shut", "hit": "hit", "let": "let", "cast": "cast",
    "seek": "sought", "stand": "stood", "withdraw": "withdrew withdrawn", "undertake": "undertook undertaken",
    "overrun": "overran", "stick": "stuck", "see": "saw seen", "teach": "taught", "begin": "began begun",
    "feed": "fed", "flee": "fled", "freeze": "froze frozen", "hang": "hung hanged", "mistake": "mistook",
    "pay": "paid", "ring": "rang rung", "shake": "shook shaken", "show": "shown", "steal": "stole stolen",
    "tear": "tore torn", "bear": "bore borne born", "wage": "", "stab": "", "stop": "",
}


def load_exc(reference):
    """lemma -> set of irregular forms, from WordNet verb.exc (form lemma...)."""
    forms = {k: set(v.split()) for k, v in IRREGULAR.items()}
    path = os.path.join(reference, "wordnet-3.0", "verb.exc")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            parts = line.split()
            for lemma in parts[1:]:
                forms.setdefault(lemma, set()).add(parts[0])
    return forms


def load_noun_exc(reference):
    forms = {}
    path = os.path.join(reference, "wordnet-3.0", "noun.exc")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            parts = line.split()
            for lemma in parts[1:]:
                forms.setdefault(lemma, set()).add(parts[0])
    return forms


def verb_forms(lemma, exc):
    f = {lemma} | exc.get(lemma, set())
    if lemma.endswith("e"):
        f |= {lemma + "s", lemma + "d", lemma[:-1] + "ing", lemma + "ing"}
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        f |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        es = lemma + "es" if re.search(r"(s|x|z|ch|sh)$", lemma) else lemma + "s"
        f |= {es, lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):  # stop/stopped, ban/banned, travel/travelled
            f |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith("c"):
        f |= {lemma + "ked", lemma + "king"}
    return f


def noun_forms(word, nexc):
    f = {word} | nexc.get(word, set())
    if re.search(r"(s|x|z|ch|sh)$", word):
        f.add(word + "es")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        f.add(word[:-1] + "ies")
    else:
        f.add(word + "s")
    if word.endswith("f"):
        f.add(word[:-1] + "ves")
    if word.endswith("fe"):
        f.add(word[:-2] + "ves")
    return f


def tokenize(text):
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", " ", text)
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)


class Matcher:
    def __init__(self, exc, nexc, kind):
        self.exc, self.nexc, self.kind = exc, nexc, kind
        self.cache = {}

    def forms(self, word, first):
        key = (word, first)
        if key not in self.cache:
            if first and self.kind == "verb":
                f = verb_forms(word, self.exc)
            elif first:
                f = noun_forms(word, self.nexc)
            else:  # later words: literal, plural and inflected forms tolerated
                f = noun_forms(word, self.nexc) | verb_forms(word, self.exc)
            self.cache[key] = f
        return self.cache[key]

    def match(self, words, tokens):
        """Return the start index of the first match of pattern `words` in tokens, or None."""
        def rest(i, k):
            if k == len(words):
                return True
            forms = self.forms(words[k], False)
            for j in range(i, min(len(tokens), i + MAX_GAP + 1)):
                if tokens[j] in forms and rest(j + 1, k + 1):
                    return True
            return False
        first = self.forms(words[0], True)
        for s, t in enumerate(tokens):
            if t in first and rest(s + 1, 1):
                return s
        return None


def read_codes(path):
    codes = set()
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            if line.strip():
                codes.add(line.split("\t")[0])
    return codes


def check_file(path, kind, codes, matcher, quiet):
    errors, warnings, rows = [], [], []
    seen = {}
    header_seen = False
    for n, raw in enumerate(open(path, encoding="utf-8"), start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("\t#")
        cols = body.split("\t")
        if not header_seen:
            header_seen = True
            if cols != HEADER:
                errors.append(f"{path}:{n}: header must be {HEADER}")
            continue
        where = f"{os.path.basename(path)}:{n}"
        if len(cols) != 4:
            errors.append(f"{where}: {len(cols)} columns, want 4: {line!r}")
            continue
        code, pattern, flags, example = cols
        if code not in codes:
            errors.append(f"{where}: code {code} not in events.tsv")
        for fl in filter(None, flags.split(",")):
            if fl not in FLAGS:
                errors.append(f"{where}: unknown flag '{fl}'")
        written = pattern.split()
        # Event nouns may start with [modifiers] that stand right before the noun: "[air] strike".
        modifiers = len([w for w in written if w.startswith("[")])
        if modifiers and (kind != "noun" or any(not w.startswith("[") for w in written[:modifiers])):
            errors.append(f"{where}: only event nouns take [modifiers], written first: '{pattern}'")
            continue
        words = [w.strip("[]") for w in written]
        if not words or pattern != pattern.strip() or any(not re.fullmatch(r"[a-z][a-z0-9'-]*", w) for w in words):
            errors.append(f"{where}: pattern '{pattern}' must be lowercase words")
            continue
        if kind == "noun" and re.search(r"[^aisu]s$", words[0]) and words[0] not in {"talks", "news", "arms"}:
            warnings.append(f"{where}: noun '{words[0]}' may be plural; write nouns in the singular")
        if not example.strip():
            errors.append(f"{where}: empty example")
        elif matcher.match(words, tokenize(example)) is None:
            errors.append(f"{where}: example does not contain the pattern '{pattern}': {example}")
        key = pattern
        if key in seen and "dup-ok" not in comment:
            prev_n, prev_code = seen[key]
            what = "different code" if prev_code != code else "same code"
            errors.append(f"{where}: pattern '{pattern}' already on line {prev_n} ({what} {prev_code})")
        seen.setdefault(key, (n, code))
        rows.append((n, code, words, flags, example))
    # longest-match consistency
    for n, code, words, flags, example in rows:
        toks = tokenize(example)
        best = None
        for n2, code2, words2, _, _ in rows:
            if len(words2) < (len(best[2]) if best else 0):
                continue
            s = matcher.match(words2, toks)
            if s is None:
                continue
            if best is None or len(words2) > len(best[2]):
                best = (n2, code2, words2)
        if best and best[1] != code and len(best[2]) > len(words):
            warnings.append(f"{os.path.basename(path)}:{n}: example is won by longer pattern "
                            f"'{' '.join(best[2])}' ({best[1]}), not '{' '.join(words)}' ({code})")
    return errors, warnings, rows


def main(argv):
    reference = os.environ.get("DYAD_REFERENCE", os.path.join(os.path.dirname(ROOT), "shared", "reference"))
    quiet = "--quiet" in argv
    if "--reference" in argv:
        reference = argv[argv.index("--reference") + 1]
    codes = read_codes(os.path.join(ROOT, "data", "cameo", "events.tsv"))
    exc, nexc = load_exc(reference), load_noun_exc(reference)
    all_errors, all_rows = [], {}
    for kind, name in (("verb", "verbs.tsv"), ("noun", "nouns.tsv")):
        path = os.path.join(ROOT, "data", "lexicon", name)
        if not os.path.exists(path):
            all_errors.append(f"{path}: missing")
            continue
        errors, warnings, rows = check_file(path, kind, codes, Matcher(exc, nexc, kind), quiet)
        all_errors += errors
        all_rows[name] = rows
        for e in errors:
            print("error:", e)
        if not quiet:
            for w in warnings:
                print("warning:", w)
        print(f"{name}: {len(rows)} entries, {len(errors)} error(s), {len(warnings)} warning(s)")
    # coverage
    used = {}
    for name, rows in all_rows.items():
        for _, code, _, _, _ in rows:
            used.setdefault(code, set()).add(name)
    print("\ncoverage per root (entries: verbs + nouns; non-root codes with an entry / non-root codes in events.tsv)")
    for r in range(1, 21):
        root = f"{r:02d}"
        rc = sorted(c for c in codes if c.startswith(root) and len(c) > 2)
        nv = sum(1 for row in all_rows.get("verbs.tsv", []) if row[1].startswith(root))
        nn = sum(1 for row in all_rows.get("nouns.tsv", []) if row[1].startswith(root))
        covered = [c for c in rc if c in used]
        missing = [c for c in rc if c not in used and len(c) > 2]
        print(f"  {root}: {nv:4d} + {nn:3d}  codes {len(covered):3d}/{len(rc):3d}"
              + (f"  no entry: {' '.join(missing)}" if missing else ""))
    all_missing = sorted(c for c in codes if c not in used and len(c) > 2)
    print(f"\n{len(all_missing)} non-root codes without any entry")
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

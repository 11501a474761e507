#!/usr/bin/env python3
"""Validate data/cameo/events.tsv.

Checks: header and 8 columns; codes are 2-4 digits and unique; every code's parent exists
(parent = code without its last digit, 2-digit roots 01..20 have none); goldstein is a number
in [-10, 10]; quad and penta agree with the root; plover is empty or one of the 16 PLOVER
event types; mode is lowercase (and a PLOVER mode of that event when the reference folder
is available); all 20 roots present.

Usage: python3 scripts/cameo/check_events.py [path/to/events.tsv] [--reference DIR]
Exit status 1 on any error.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = ["code", "name", "goldstein", "quad", "penta", "plover", "mode", "context"]
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def quad_of(root):
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def penta_of(root):
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def reference_modes(ref):
    """(event, mode) pairs from plover_modes.tsv + the manual's mode tables, or None."""
    tsv = os.path.join(ref, "plover", "plover_modes.tsv")
    tex = os.path.join(ref, "plover", "PLOVER_MANUAL.tex")
    if not (os.path.exists(tsv) and os.path.exists(tex)):
        return None
    pairs = set()
    with open(tsv, encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 2:
                pairs.add((p[0], p[1]))
    text = open(tex, encoding="utf-8").read()
    for m in re.finditer(r"\\caption\{(\w+) modes\}(.*?)\\end\{tabular\}", text, re.S):
        for line in m.group(2).split("\n"):
            mm = re.match(r"^\s*([a-z][\w-]*)\s*&", line)
            if mm:
                pairs.add((m.group(1), mm.group(1)))
    return pairs


def main(argv):
    path = os.path.join(ROOT, "data", "cameo", "events.tsv")
    ref = os.environ.get("DYAD_REFERENCE", os.path.join(os.path.dirname(ROOT), "shared", "reference"))
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--reference":
            ref = args.pop(0)
        else:
            path = a
    modes = reference_modes(ref)
    errors = []
    rows = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        errors.append(f"header must be: {' '.join(HEADER)}")
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != 8:
            errors.append(f"line {n}: {len(cols)} columns, want 8")
            continue
        code, name, gold, quad, penta, plover, mode, ctx = cols
        where = f"line {n} ({code})"
        if not re.fullmatch(r"\d{2,4}", code):
            errors.append(f"{where}: bad code")
            continue
        if code in rows:
            errors.append(f"{where}: duplicate code")
        rows[code] = cols
        root = int(code[:2])
        if not 1 <= root <= 20:
            errors.append(f"{where}: root {root} out of 01..20")
            continue
        if not name.strip():
            errors.append(f"{where}: empty name")
        try:
            g = float(gold)
            if not -10.0 <= g <= 10.0:
                errors.append(f"{where}: goldstein {g} outside [-10, 10]")
        except ValueError:
            errors.append(f"{where}: goldstein '{gold}' not a number")
        if quad != str(quad_of(root)):
            errors.append(f"{where}: quad {quad}, root {root:02d} wants {quad_of(root)}")
        if penta != str(penta_of(root)):
            errors.append(f"{where}: penta {penta}, root {root:02d} wants {penta_of(root)}")
        if plover and plover not in PLOVER:
            errors.append(f"{where}: plover '{plover}' not one of the 16 PLOVER types")
        if mode:
            if not plover:
                errors.append(f"{where}: mode without plover event")
            if mode != mode.lower():
                errors.append(f"{where}: mode must be lowercase")
            if modes is not None and (plover, mode) not in modes:
                errors.append(f"{where}: '{mode}' is not a PLOVER mode of {plover}")
        if ctx and not re.fullmatch(r"[a-z_]+(;[a-z_]+)*", ctx):
            errors.append(f"{where}: context '{ctx}' not ;-separated lowercase names")
        if root >= 3 and not plover:
            errors.append(f"{where}: no PLOVER event (only roots 01, 02 may lack one)")
    for code in rows:
        if len(code) > 2 and code[:-1] not in rows:
            errors.append(f"{code}: parent {code[:-1]} missing")
    for r in range(1, 21):
        if f"{r:02d}" not in rows:
            errors.append(f"root {r:02d} missing")
    for e in errors:
        print("error:", e)
    by_len = {k: sum(1 for c in rows if len(c) == k) for k in (2, 3, 4)}
    print(f"{path}: {len(rows)} codes (2-digit {by_len[2]}, 3-digit {by_len[3]}, 4-digit {by_len[4]}), "
          f"{sum(1 for r in rows.values() if r[5])} with a PLOVER type; "
          f"{'mode check against reference' if modes is not None else 'reference not found: mode names not checked'}; "
          f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

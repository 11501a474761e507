#!/usr/bin/env python3
"""Generate data/cameo/events.tsv: one row per CAMEO 1.1b3 event code.

Reads FACTS (codes, names, numbers, mappings) from the read-only reference folder
(default ../shared/reference relative to the repository root, or $DYAD_REFERENCE) and
writes dyad's own table. No reference file is copied.

Inputs
  cameo-codebook/CAMEO.goldsteinscale.gdelt.txt  GDELT's Goldstein weights (the code list's backbone)
  cameo-codebook/cameo_codes.json                 code names, parents, quad_class (gdelt-py, from the CAMEO manual)
  cameo-codebook/CAMEO_codefile.txt               CAMEO labels (fallback names)
  plover/CAMEO2PLOVER-2021.txt                    CAMEO -> PLOVER event, mode, context (OEDA, CC BY-SA 4.0)
  plover/PLOVER_MANUAL.tex, plover/plover_modes.tsv  valid PLOVER modes (the manual's mode tables)
  plover/plover_contexts.tsv                      valid PLOVER contexts

Columns: code, name, goldstein, quad, penta, plover, mode, context

Usage: python3 scripts/cameo/gen_events.py [--reference DIR] [--out data/cameo/events.tsv]
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Codes used by dyad on top of GDELT's Goldstein table (which is our CAMEO 1.1b3 code list).
# They appear in the CAMEO manual-derived code list (cameo_codes.json) with manual examples;
# GDELT has no Goldstein weight for them, so they inherit the parent's weight.
EXTRA_CODES = {
    "155": "15",    # Mobilize or increase cyber-forces
    "176": "17",    # Attack cybernetically
    "1951": "195",  # Employ precision-guided aerial munitions
    "1952": "195",  # Employ remotely piloted aerial munitions
}
# Deliberately NOT included (not CAMEO 1.1b3): 1213, 1214 (old 0.7b5 labels), ICEWS variants
# 0811i 1321i 138i 13y 1451i, gdelt-py errors 1834 and 1883.

# GDELT QuadClass by root (checked against cameo_codes.json quad_class).
QUAD = {r: (1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4) for r in range(1, 21)}
# Pentaclass as used by Multi-CoPED / Phoenix (checked against the Multi-CoPED test split:
# roots 04 and 05 are class 1, root 16 is class 3).
def penta(root):
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4

# Mode fixes: CAMEO2PLOVER-2021 uses a few mode names that the manual's mode tables
# dropped or never had. Map to the manual's mode (or to none).
MODE_FIX = {
    ("RETREAT", "ease"): "",          # table note: "ease" is no longer a mode
    ("RETREAT", "return"): "",        # commented out in the manual's RETREAT table
    ("THREATEN", "ban"): "restrict",
    ("THREATEN", "political"): "restrict",
    ("COERCE", "ban"): "restrict",    # COERCE restrict covers banning from political life
    ("ASSAULT", "seize"): "destroy",  # 1712 destroy property
    ("ASSAULT", "assassinate"): "targeted",
    ("ASSAULT", "massacre"): "targeted",  # "deliberate mass killings of defenseless actors"
    ("ASSAULT", "cleansing"): "",     # commented out in the manual
}
# Whole-row overrides (event, mode, context) where the table is missing or clearly off.
ROW_FIX = {
    "175": ("ASSAULT", "crowd-control", "repression"),  # table puts a context in the mode slot
    "195": ("ASSAULT", "aerial", "military"),
    "1951": ("ASSAULT", "aerial", "military"),
    "1952": ("ASSAULT", "drone", "military"),
    "155": ("MOBILIZE", "weapons", "cyber"),
    "176": ("COERCE", "cyber", "cyber"),
}
# Names: cameo_codes.json (CAMEO 1.1b3 manual wording) with a few truncations and typos fixed.
NAME_FIX = {
    "0214": "Appeal for intelligence cooperation",
    "125": "Reject proposal to meet, discuss, or negotiate",
    "127": "Reject plan, agreement to settle dispute",
    "128": "Defy norms, law",
}
CONTEXT_FIX = {"humanitarian": "human_security", "democracy": "pro_democracy"}

PLOVER_EVENTS = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                 "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                 "MOBILIZE", "COERCE", "ASSAULT"]


def read_goldstein(ref):
    out = {}
    with open(os.path.join(ref, "cameo-codebook", "CAMEO.goldsteinscale.gdelt.txt"), encoding="utf-8") as f:
        next(f)
        for line in f:
            line = line.strip()
            if line:
                code, val = line.split("\t")
                out[code] = float(val)
    return out


def read_codefile(ref):
    names = {}
    with open(os.path.join(ref, "cameo-codebook", "CAMEO_codefile.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^LABEL: (\d+)= ?(.*)$", line.rstrip())
            if m and m.group(1) not in names:
                names[m.group(1)] = m.group(2).strip()
    return names


def read_manual_modes(ref):
    text = open(os.path.join(ref, "plover", "PLOVER_MANUAL.tex"), encoding="utf-8").read()
    modes = {}
    for m in re.finditer(r"\\caption\{(\w+) modes\}(.*?)\\end\{tabular\}", text, re.S):
        ev = m.group(1)
        for line in m.group(2).split("\n"):
            mm = re.match(r"^\s*([a-z][\w-]*)\s*&", line)
            if mm:
                modes.setdefault(ev, set()).add(mm.group(1))
    # plover_modes.tsv (parsed from the same manual) has the modes of shared tables
    # (REQUEST/REJECT, ACCUSE) but misses multi-line rows (PROTEST demo/riot/strike).
    with open(os.path.join(ref, "plover", "plover_modes.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1]:
                modes.setdefault(parts[0], set()).add(parts[1])
    return modes


def read_contexts(ref):
    with open(os.path.join(ref, "plover", "plover_contexts.tsv"), encoding="utf-8") as f:
        next(f)
        return {line.split("\t")[0] for line in f if line.strip()}


def read_plover_map(ref):
    out = {}
    with open(os.path.join(ref, "plover", "CAMEO2PLOVER-2021.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^(\d{3,4}):\s*(.*?)(?:#.*)?$", line)
            if not m:
                continue
            code, rest = m.group(1), m.group(2)
            parts = [p.strip() for p in rest.split(",")]
            while len(parts) < 3:
                parts.append("")
            ev, mode, ctx = parts[0].upper(), parts[1], parts[2]
            ctx = ";".join(c.strip() for c in ctx.split(";") if c.strip())
            if code not in out:  # first occurrence wins (175 is listed twice, identically)
                out[code] = (ev, mode, ctx)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", default=os.environ.get("DYAD_REFERENCE",
                    os.path.join(os.path.dirname(ROOT), "shared", "reference")))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "cameo", "events.tsv"))
    args = ap.parse_args()
    ref = args.reference

    gold = read_goldstein(ref)
    cj = json.load(open(os.path.join(ref, "cameo-codebook", "cameo_codes.json"), encoding="utf-8"))
    cf = read_codefile(ref)
    modes = read_manual_modes(ref)
    contexts = read_contexts(ref)
    pmap = read_plover_map(ref)

    codes = set(gold) | set(EXTRA_CODES)
    warnings = []
    rows = []
    for code in sorted(codes, key=lambda c: (c[:2], c)):
        root = int(code[:2])
        # name
        if code in cj and cj[code].get("name"):
            name = cj[code]["name"]
        elif code in cf:
            name = cf[code]
        else:
            name = ""
            warnings.append(f"{code}: no name")
        name = NAME_FIX.get(code, name).replace("Threate n", "Threaten")
        name = re.sub(r"\s+", " ", name).strip()
        if len(code) == 2:
            name = name.upper()
        # goldstein (inherit from parent chain)
        g, c = None, code
        while g is None and c:
            g = gold.get(c)
            c = EXTRA_CODES.get(c, c[:-1] if len(c) > 2 else "")
        # quad check against cameo_codes.json
        if code in cj and cj[code].get("quad_class") not in (None, QUAD[root]):
            warnings.append(f"{code}: json quad_class {cj[code]['quad_class']} != {QUAD[root]}")
        # PLOVER
        if code in ROW_FIX:
            ev, mode, ctx = ROW_FIX[code]
        else:
            key = code + "0" if len(code) == 2 else code
            ev, mode, ctx = pmap.get(key, ("", "", ""))
            if root in (1, 2):
                ev, mode, ctx = "", "", ""   # PLOVER drops CAMEO 01 and 02
            elif not ev:
                warnings.append(f"{code}: no PLOVER mapping")
            mode = MODE_FIX.get((ev, mode), mode)
        ctx = ";".join(CONTEXT_FIX.get(c, c) for c in ctx.split(";") if c)
        if ev and ev not in PLOVER_EVENTS:
            warnings.append(f"{code}: bad PLOVER event {ev}")
        if mode and mode not in modes.get(ev, set()):
            warnings.append(f"{code}: mode {mode} not a manual mode of {ev}; dropped")
            mode = ""
        for c in ctx.split(";"):
            if c and c not in contexts:
                warnings.append(f"{code}: unknown context {c}")
        rows.append((code, name, f"{g:.1f}", str(QUAD[root]), str(penta(root)), ev, mode, ctx))

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("code\tname\tgoldstein\tquad\tpenta\tplover\tmode\tcontext\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()

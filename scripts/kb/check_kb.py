#!/usr/bin/env python3
"""Check the knowledge tables in data/kb/. Usage: python3 scripts/kb/check_kb.py  (exit 1 on errors)."""
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
KB = os.path.join(ROOT, "data", "kb")
HEADERS = {
    "countries.tsv": ["iso3", "iso2", "cameo", "fips", "name", "names", "adjectives", "people", "capital",
                      "lat", "lon", "capital_lat", "capital_lon", "region"],
    "metonyms.tsv": ["text", "code", "country", "sector", "start", "end", "note"],
    "leaders.tsv": ["name", "aliases", "country", "role", "title", "start", "end", "code", "note"],
    "igos.tsv": ["code", "names", "sector", "note"],
    "agents.tsv": ["term", "sector", "note"],
    "groups.tsv": ["code", "names", "country", "sector", "start", "end", "note"],
}
ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "other"}
SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "OPP", "CVL", "REF", "CRM", "BUS", "MED", "REL", "EDU",
           "HLH", "LAB", "AGR", "NGO", "PTY", "ELI", "UAF", "IGO", "MNC", "PKO"}
errors = []


def err(table, line, msg):
    errors.append(f"{table}:{line}: {msg}")


def load(name):
    path = os.path.join(KB, name)
    with open(path, encoding="utf-8") as f:
        lines = [(i + 1, l.rstrip("\n")) for i, l in enumerate(f)]
    lines = [(i, l) for i, l in lines if l and not l.startswith("#")]
    header = lines[0][1].split("\t")
    if header != HEADERS[name]:
        err(name, lines[0][0], f"header {header} != {HEADERS[name]}")
    rows = []
    for i, l in lines[1:]:
        cells = l.split("\t")
        if len(cells) != len(header):
            err(name, i, f"{len(cells)} cells, expected {len(header)}")
            continue
        if any(c != c.strip() for c in cells):
            err(name, i, "cell with leading/trailing space")
        rows.append((i, dict(zip(header, cells))))
    return rows


def date_ok(table, i, r):
    for k in ("start", "end"):
        v = r.get(k, "")
        if v and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            err(table, i, f"{k} {v!r} is not YYYY-MM-DD")
    if r.get("start") and r.get("end") and r["start"] > r["end"]:
        err(table, i, f"start {r['start']} after end {r['end']}")


countries = load("countries.tsv")
iso3s = {r["iso3"] for _, r in countries}
cameos = {r["cameo"] for _, r in countries}
seen = defaultdict(set)
for i, r in countries:
    if not re.fullmatch(r"[A-Z]{3}", r["iso3"]) or not re.fullmatch(r"[A-Z]{2}", r["iso2"]):
        err("countries.tsv", i, "bad iso code")
    if not re.fullmatch(r"[A-Z]{3}", r["cameo"]):
        err("countries.tsv", i, "bad cameo code")
    if r["fips"] and not re.fullmatch(r"[A-Z]{2}", r["fips"]):
        err("countries.tsv", i, "bad fips")
    for k in ("lat", "lon", "capital_lat", "capital_lon"):
        if r[k]:
            try:
                v = float(r[k])
                if abs(v) > (90 if "lat" in k else 180):
                    err("countries.tsv", i, f"{k} out of range")
            except ValueError:
                err("countries.tsv", i, f"{k} not a number")
    for n in [r["name"]] + [x for x in r["names"].split("|") if x]:
        seen[n.lower()].add(r["iso3"])
for n, who in sorted(seen.items()):
    if len(who) > 1:
        err("countries.tsv", 0, f"name {n!r} maps to {sorted(who)}")


def code_ok(code, table, i, allow_chain=False):
    if allow_chain:
        ok = re.fullmatch(r"(?:[A-Z]{3}){1,4}", code) is not None
    else:
        ok = re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})?", code) is not None and code[:3] in cameos
    if not ok:
        err(table, i, f"bad code {code!r}")


leaders = load("leaders.tsv")
for i, r in leaders:
    if r["country"] not in iso3s:
        err("leaders.tsv", i, f"unknown country {r['country']}")
    if r["role"] not in ROLES:
        err("leaders.tsv", i, f"bad role {r['role']}")
    code_ok(r["code"], "leaders.tsv", i)
    if not r["start"]:
        err("leaders.tsv", i, "no start date") if r["role"] in ("head_of_state", "head_of_government") and False else None
    date_ok("leaders.tsv", i, r)
# overlapping terms of different people in the same single-holder office
by_office = defaultdict(list)
for i, r in leaders:
    if r["role"] in ("head_of_government", "foreign_minister", "defence_minister") and r["start"]:
        by_office[(r["country"], r["role"])].append((r["start"], r["end"] or "9999-12-31", r["name"], i))
for k, terms in by_office.items():
    terms.sort()
    for a, b in zip(terms, terms[1:]):
        if b[0] < a[1] and a[2] != b[2]:
            print(f"warning: leaders.tsv:{b[3]}: {k} {b[2]} starts {b[0]} before {a[2]} ends {a[1]}", file=sys.stderr)

for i, r in load("metonyms.tsv"):
    code_ok(r["code"], "metonyms.tsv", i)
    if r["country"] and r["country"] not in iso3s:
        err("metonyms.tsv", i, f"unknown country {r['country']}")
    if r["sector"] and r["sector"] not in SECTORS:
        err("metonyms.tsv", i, f"bad sector {r['sector']}")
    date_ok("metonyms.tsv", i, r)
for i, r in load("igos.tsv"):
    code_ok(r["code"], "igos.tsv", i, allow_chain=True)
    if r["sector"] not in ("IGO", "NGO"):
        err("igos.tsv", i, "sector must be IGO or NGO")
    if not r["names"]:
        err("igos.tsv", i, "no names")
for i, r in load("groups.tsv"):
    code_ok(r["code"], "groups.tsv", i, allow_chain=True)
    if r["country"] and r["country"] not in iso3s:
        err("groups.tsv", i, f"unknown country {r['country']}")
    # Religious and ethnic groups (CAMEO codes MOS, KUR, ...) have no sector of their own.
    identity = not r["country"] and re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})?", r["code"]) and r["code"][:3] not in cameos
    if r["sector"] not in SECTORS and not (identity and not r["sector"]):
        err("groups.tsv", i, f"bad sector {r['sector']}")
    date_ok("groups.tsv", i, r)
terms = set()
for i, r in load("agents.tsv"):
    if r["term"] != r["term"].lower():
        err("agents.tsv", i, "term must be lowercase")
    if r["sector"] not in SECTORS:
        err("agents.tsv", i, f"bad sector {r['sector']}")
    if r["term"] in terms:
        err("agents.tsv", i, f"duplicate term {r['term']}")
    terms.add(r["term"])

for e in errors:
    print(e)
print(f"{len(errors)} error(s)", file=sys.stderr)
sys.exit(1 if errors else 0)

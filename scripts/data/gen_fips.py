#!/usr/bin/env python3
"""Regenerate data/geo/fips.tsv: ISO 3166-1 alpha-3 -> FIPS 10-4 country code (as GDELT uses) and English name.

Usage (from the repository root):
    python3 scripts/data/gen_fips.py [--countryinfo ../shared/reference/countryinfo-oeda/CountryInfo.120116.txt]

Facts used
  FIPS 10-4 codes: the <ISO3166-alpha3> and <FIPS-10> fields of OEDA's CountryInfo.txt (read for the code
    pairs only; nothing else from that file is used or copied).
  English names: data/kb/countries.tsv (this project's table, from GeoNames/CLDR; see data/SOURCES.md), so
    the GDELT export's FullName reads "Venezuela" rather than CountryInfo's upper-case names.

Checks: each ISO code and FIPS code appears once; every code is two capital letters; the FIPS codes are
compared with the `fips` column of data/kb/countries.tsv (GeoNames): where they differ GeoNames wins
(CountryInfo 2012 has a few slips, e.g. South Africa "SA", which is Saudi Arabia's code) and each difference
is printed; GeoNames also fills countries CountryInfo lacks. Codes used twice are printed.
Output: iso3 TAB fips TAB name, sorted by iso3, with a header line.
"""
import argparse
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_SRC = os.path.join(ROOT, "..", "shared", "reference", "countryinfo-oeda", "CountryInfo.120116.txt")
KB = os.path.join(ROOT, "data", "kb", "countries.tsv")
OUT = os.path.join(ROOT, "data", "geo", "fips.tsv")

FIELD = re.compile(r"<(CountryCode|ISO3166-alpha3|FIPS-10)>\s*([^<]*?)\s*</")


def country_blocks(text):
    """Yields the text of each <Country>...</Country> block."""
    for m in re.finditer(r"<Country>(.*?)</Country>", text, re.S):
        yield m.group(1)


def pairs(path):
    with open(path, encoding="latin-1") as f:
        text = f.read()
    out, problems = {}, []
    for block in country_blocks(text):
        fields = dict(FIELD.findall(block))
        # <CountryCode> is the CAMEO code (ISO alpha-3 for states); <ISO3166-alpha3> is wrong in a few
        # blocks (JPN says JON, GTM says GLP), so it is used only for territories (CountryCode USAASM).
        code, fips = fields.get("CountryCode", ""), fields.get("FIPS-10", "")
        iso3 = code if re.fullmatch(r"[A-Z]{3}", code) else fields.get("ISO3166-alpha3", "")
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            continue  # "---": no ISO code (e.g. historical entities)
        if not re.fullmatch(r"[A-Z]{2}", fips):
            problems.append(f"{iso3}: no usable FIPS code in CountryInfo ({fips!r})")
            continue
        if iso3 in out and out[iso3] != fips:
            problems.append(f"{iso3}: two FIPS codes {out[iso3]} and {fips}; keeping the first")
            continue
        out[iso3] = fips
    return out, problems


def kb_countries():
    with open(KB, encoding="utf-8") as f:
        return {r["iso3"]: r for r in csv.DictReader(f, delimiter="\t")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--countryinfo", default=DEFAULT_SRC)
    args = ap.parse_args()
    codes, problems = pairs(args.countryinfo)
    kb = kb_countries()
    for iso3, row in sorted(kb.items()):
        geonames = row.get("fips", "")
        if iso3 not in codes and re.fullmatch(r"[A-Z]{2}", geonames):
            codes[iso3] = geonames
            problems.append(f"{iso3}: not in CountryInfo; FIPS {geonames} from data/kb/countries.tsv")
        elif iso3 in codes and re.fullmatch(r"[A-Z]{2}", geonames) and geonames != codes[iso3]:
            # CountryInfo (2012) has a few codes of neighbouring entries (ZAF "SA" is Saudi Arabia's):
            # GeoNames is maintained, so it wins; each case is printed for review.
            problems.append(f"{iso3}: CountryInfo {codes[iso3]} vs GeoNames {geonames}; using GeoNames")
            codes[iso3] = geonames
    # CAMEO codes Kosovo KSV (dyad actors carry it); ISO/GeoNames use XKX.
    if "XKX" in codes and "KSV" not in codes:
        codes["KSV"] = codes["XKX"]
        kb.setdefault("KSV", kb.get("XKX", {}))
    by_fips = {}
    for iso3, fips in sorted(codes.items()):
        if fips in by_fips and {by_fips[fips], iso3} != {"KSV", "XKX"}:
            problems.append(f"FIPS {fips} used by {by_fips[fips]} and {iso3}")
        by_fips.setdefault(fips, iso3)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("iso3\tfips\tname\n")
        for iso3 in sorted(codes):
            name = kb.get(iso3, {}).get("name", "")
            f.write(f"{iso3}\t{codes[iso3]}\t{name}\n")
    for p in problems:
        print("note:", p, file=sys.stderr)
    print(f"wrote {len(codes)} countries to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()

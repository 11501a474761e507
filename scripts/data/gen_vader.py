#!/usr/bin/env python3
"""Regenerate data/tone/vader_lexicon.tsv (word TAB mean valence) from the PyPI package vaderSentiment.

Usage (from the repository root):
    python3 scripts/data/gen_vader.py                 # pip-downloads vaderSentiment==3.3.2 into a temp dir
    python3 scripts/data/gen_vader.py --wheel PATH    # a downloaded wheel or sdist of vaderSentiment
    python3 scripts/data/gen_vader.py --lexicon PATH  # a vader_lexicon.txt (e.g. from an installed package)

The VADER lexicon (Hutto & Gilbert 2014) is MIT-licensed; its licence text is written next to the table as
data/tone/LICENSE.vader.txt when the package provides it. Only the token and its mean valence (-4..+4) are
kept; the standard deviation and raw ratings are dropped. Rows are sorted by token so the output is
deterministic.
"""
import argparse
import glob
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "data", "tone")
VERSION = "3.3.2"


def read_archive(path):
    """Returns (lexicon text, licence text or None) from a wheel (zip) or sdist (tar.gz)."""
    lexicon, licence = None, None
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith("vaderSentiment/vader_lexicon.txt"):
                    lexicon = z.read(name).decode("utf-8")
                elif name.rsplit("/", 1)[-1].upper().startswith("LICENSE"):
                    licence = z.read(name).decode("utf-8")
    else:
        with tarfile.open(path) as t:
            for m in t.getmembers():
                f = t.extractfile(m) if m.isfile() else None
                if f is None:
                    continue
                if m.name.endswith("vaderSentiment/vader_lexicon.txt"):
                    lexicon = f.read().decode("utf-8")
                elif m.name.rsplit("/", 1)[-1].upper().startswith("LICENSE"):
                    licence = f.read().decode("utf-8")
    if lexicon is None:
        sys.exit(f"no vaderSentiment/vader_lexicon.txt in {path}")
    return lexicon, licence


def download(tmp):
    cmd = [sys.executable, "-m", "pip", "download", f"vaderSentiment=={VERSION}", "--no-deps", "-d", tmp]
    subprocess.run(cmd, check=True)
    found = glob.glob(os.path.join(tmp, "vaderSentiment-*"))
    if not found:
        sys.exit("pip download produced no vaderSentiment archive")
    return found[0]


def parse(lexicon):
    rows = {}
    for n, line in enumerate(io.StringIO(lexicon), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            sys.exit(f"line {n}: expected token TAB valence, got {line!r}")
        token, valence = parts[0].strip(), float(parts[1])
        if "\t" in token or not token:
            sys.exit(f"line {n}: bad token {token!r}")
        rows[token] = valence
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="a vaderSentiment wheel or sdist")
    ap.add_argument("--lexicon", help="a vader_lexicon.txt")
    args = ap.parse_args()
    licence = None
    if args.lexicon:
        with open(args.lexicon, encoding="utf-8") as f:
            lexicon = f.read()
    elif args.wheel:
        lexicon, licence = read_archive(args.wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            lexicon, licence = read_archive(download(tmp))
    rows = parse(lexicon)
    os.makedirs(OUT_DIR, exist_ok=True)
    out = os.path.join(OUT_DIR, "vader_lexicon.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("word\tvalence\n")
        for token in sorted(rows):
            f.write(f"{token}\t{rows[token]:g}\n")
    if licence:
        with open(os.path.join(OUT_DIR, "LICENSE.vader.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(licence)
    print(f"wrote {len(rows)} entries to {os.path.relpath(out, ROOT)}" + (" and LICENSE.vader.txt" if licence else ""))


if __name__ == "__main__":
    main()

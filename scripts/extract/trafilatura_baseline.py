#!/usr/bin/env python3
"""Score Python trafilatura on the trafilatura-eval set with the rules of `dyad eval extract`.

Not a runtime dependency of dyad: a baseline to compare `dyad_extract` against.

    python3 -m venv /work/venv-traf
    /work/venv-traf/bin/pip install trafilatura lxml_html_clean
    /work/venv-traf/bin/python scripts/extract/trafilatura_baseline.py \
        [--trafilatura ../shared/eval/extraction/trafilatura-eval] [--fast]

Scoring (same as `dyad eval extract`, after trafilatura's tests/evaluate.py):
  * body: each "with" snippet found verbatim in the extracted text is a true positive, else a false
    negative; each "without" snippet found is a false positive, else a true negative; no text at
    all counts every "with" as FN and every "without" as TN. Precision, recall, F1 = 2TP/(2TP+FP+FN),
    accuracy = (TP+TN)/all, summed over the whole set (micro average).
  * title: equal after whitespace collapsing and lower-casing (pages whose gold title is non-empty).
  * author: the sets of names are equal after splitting on ";" "," "&" " and " " und ", whitespace
    collapsing and lower-casing (pages whose gold author is non-empty).
  * date: the first ten characters (YYYY-MM-DD) of the extracted publication date equal the gold
    date (pages whose gold date is non-empty).
  * pages/s: pages divided by the wall time spent inside trafilatura (reading and gunzipping the
    files excluded), one process, one thread; pages_per_cpu_second divides by the CPU time instead
    (less sensitive to other load on the machine).
"""

import argparse
import gzip
import json
import os
import re
import sys
import time

import trafilatura


def norm(text):
    if isinstance(text, (list, tuple)):
        text = "; ".join(str(t) for t in text)
    return " ".join((text or "").split()).lower()


def author_set(text):
    parts = re.split(r";|,|&|\band\b|\bund\b", norm(text))
    return {p.strip() for p in parts if p.strip()}


def load(path):
    for candidate in (path + ".gz", path):
        if os.path.exists(candidate):
            with open(candidate, "rb") as handle:
                raw = handle.read()
            return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trafilatura", default="../shared/eval/extraction/trafilatura-eval")
    parser.add_argument("--fast", action="store_true", help="trafilatura's fast mode (no fallback extractors)")
    args = parser.parse_args()
    with open(os.path.join(args.trafilatura, "evaldata.json"), encoding="utf-8") as handle:
        gold = json.load(handle)

    tp = fn = fp = tn = 0
    meta = {"title": [0, 0], "author": [0, 0], "date": [0, 0]}
    seconds = 0.0
    cpu_seconds = 0.0
    pages = 0
    for url, item in gold.items():
        html = load(os.path.join(args.trafilatura, "html", item["file"]))
        if html is None:
            print("missing", item["file"], file=sys.stderr)
            continue
        start = time.perf_counter()
        cpu_start = time.process_time()
        doc = trafilatura.bare_extraction(
            html, url=url, fast=args.fast, include_comments=False, include_tables=True, with_metadata=True
        )
        seconds += time.perf_counter() - start
        cpu_seconds += time.process_time() - cpu_start
        pages += 1
        text = getattr(doc, "text", None) if doc is not None else None
        if text:
            for snippet in item["with"]:
                tp, fn = (tp + 1, fn) if snippet in text else (tp, fn + 1)
            for snippet in item["without"]:
                fp, tn = (fp + 1, tn) if snippet in text else (fp, tn + 1)
        else:
            fn += len(item["with"])
            tn += len(item["without"])
        got = {
            "title": getattr(doc, "title", None) or "",
            "author": getattr(doc, "author", None) or "",
            "date": getattr(doc, "date", None) or "",
        }
        for key in meta:
            expected = item.get(key) or ""
            if isinstance(expected, list):
                expected = "; ".join(expected)
            if not expected:
                continue
            meta[key][1] += 1
            if key == "title":
                ok = norm(got[key]) == norm(expected)
            elif key == "author":
                ok = author_set(got[key]) == author_set(expected)
            else:
                ok = got[key][:10] == expected[:10]
            meta[key][0] += ok

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    accuracy = (tp + tn) / (tp + tn + fp + fn) if tp + tn + fp + fn else 0.0
    result = {
        "extractor": "python-trafilatura " + trafilatura.__version__ + (" fast" if args.fast else ""),
        "set": "trafilatura-eval",
        "pages": pages,
        "tp": tp, "fn": fn, "fp": fp, "tn": tn,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "accuracy": round(accuracy, 4),
        "title_accuracy": round(meta["title"][0] / max(meta["title"][1], 1), 4),
        "author_accuracy": round(meta["author"][0] / max(meta["author"][1], 1), 4),
        "date_accuracy": round(meta["date"][0] / max(meta["date"][1], 1), 4),
        "metadata_counts": meta,
        "pages_per_second": round(pages / seconds, 2) if seconds else None,
        "pages_per_cpu_second": round(pages / cpu_seconds, 2) if cpu_seconds else None,
    }
    print(json.dumps(result))
    print(f"{'extractor':34} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'title':>6} {'author':>6} {'date':>6} {'pages/s':>8}")
    print(
        f"{result['extractor']:34} {precision:6.3f} {recall:6.3f} {f1:6.3f} {accuracy:6.3f} "
        f"{result['title_accuracy']:6.3f} {result['author_accuracy']:6.3f} {result['date_accuracy']:6.3f} "
        f"{result['pages_per_second'] or 0:8.2f}"
    )


if __name__ == "__main__":
    main()

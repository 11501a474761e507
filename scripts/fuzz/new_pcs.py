#!/usr/bin/env python3
"""Where a fuzz run found its new coverage, crate by crate, over time.

    python3 scripts/fuzz/new_pcs.py BINARY LOG [LOG...] [--then BINARY LOG [LOG...]]...

Each binary symbolises the logs that follow it (a rebuilt target moves every PC, so the logs of
each build name their own binary); across builds, reached code is matched by source location.

Reads logs written by scripts/fuzz/run.py (libFuzzer with -print_pcs=1 and ASLR off, each line
prefixed by the elapsed seconds). Several logs of processes that ran side by side on one corpus
are merged on one clock (from each log's start): a program counter counts once, at the first
time any process reached it. Every PC is
symbolised with addr2line and attributed to the crate of the innermost inlined frame that is not
the standard library's. Prints cumulative new PCs per crate at a series of times, the time of
the last new PC in dyad's own crates, and those newest PCs.

PCs reached while libFuzzer loads its corpus are not printed by libFuzzer, so the counts are the
coverage gained after loading (libFuzzer's own `cov` at load time is printed as well).
"""
import collections
import re
import subprocess
import sys

BASE = 0x555555554000  # where a PIE is loaded with ASLR off (setarch -R) on x86_64


def started(path):
    """Unix time a log was started: its START line, else the file's birth time."""
    with open(path, errors="replace") as f:
        parts = f.readline().split()
    if len(parts) == 3 and parts[1] == "START":
        return float(parts[2])
    out = subprocess.run(["stat", "-c", "%W", path], capture_output=True, text=True)
    return float(out.stdout.strip() or 0)


def read_logs(paths, origin):
    first, inited, cov = {}, [], []
    for path in paths:
        shift = started(path) - origin
        for line in open(path, errors="replace"):
            parts = line.split(None, 1)
            if len(parts) < 2:
                continue
            try:
                t = float(parts[0]) + shift
            except ValueError:
                continue
            m = re.match(r"NEW_PC: (0x[0-9a-f]+)", parts[1].strip())
            if m:
                pc = int(m.group(1), 16)
                first[pc] = min(t, first.get(pc, t))
                continue
            m = re.search(r"#(\d+)\s+(INITED|NEW|REDUCE|pulse) +cov: (\d+)", parts[1])
            if m:
                cov.append((t, int(m.group(3)), path, int(m.group(1))))
                if m.group(2) == "INITED":
                    inited.append((t, int(m.group(3))))
    return first, inited, cov


def crate_of(loc):
    m = re.search(r"/crates/(dyad-[^/]+)/", loc)
    if m:
        return m.group(1)
    if "/fuzz/" in loc and "/registry/" not in loc:
        return "fuzz harness"
    m = re.search(r"/registry/src/[^/]+/([^/]+?)-\d[^/]*/", loc)
    return m.group(1) if m else "other"


def symbolise(binary, pcs):
    text = "\n".join("%x" % (pc - BASE) for pc in pcs)
    out = subprocess.run(["addr2line", "-e", binary, "-i", "-f", "-a"], input=text,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    where, cur, frames = {}, None, []

    def flush():
        if cur is None:
            return
        owner, func, loc = "std", frames[0][0] if frames else "?", frames[0][1] if frames else "?"
        for fn, fl in frames:
            if not fl.startswith("/rustc/"):
                owner, func, loc = crate_of(fl), fn, fl
                break
        where[cur + BASE] = (owner, func, loc)

    i = 0
    while i < len(out):
        if out[i].startswith("0x"):
            flush()
            cur, frames = int(out[i], 16), []
            i += 1
        else:
            frames.append((out[i], out[i + 1] if i + 1 < len(out) else "?"))
            i += 2
    flush()
    return where


def groups(args):
    """[(binary, [logs])] from `BINARY LOG... --then BINARY LOG...`."""
    out, cur = [], None
    for i, a in enumerate(args):
        if cur is None or args[i - 1] == "--then":
            cur = (a, [])
            out.append(cur)
        elif a != "--then":
            cur[1].append(a)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    parts = groups(sys.argv[1:])
    all_logs = [log for _, logs in parts for log in logs]
    origin = min(started(p) for p in all_logs)
    first, inited, cov, where = {}, [], [], {}
    for binary, logs in parts:
        f, i, c = read_logs(logs, origin)
        w = symbolise(binary, sorted(f))
        inited += i
        cov += c
        for pc, t in f.items():
            # one key per source location, so that builds can be merged
            key = w.get(pc, ("?", "?", "%x" % pc))
            first[key] = min(t, first.get(key, t))
            where[key] = key
    own = lambda pc: where.get(pc, ("?",))[0].startswith("dyad")
    group = lambda pc: "dyad (all crates)" if own(pc) else where.get(pc, ("?",))[0]
    end = max(list(first.values()) + [c[0] for c in cov] + [0])
    marks = [t for t in (300, 900, 1800, 3600, 5400, 7200, 10800, 14400) if t < end] + [end]
    print("libFuzzer cov after loading the corpus:", ", ".join(f"{c} at {t:.0f} s" for t, c in inited))
    print("libFuzzer cov (highest of the processes) by time:",
          ", ".join(f"{max([c[1] for c in cov if c[0] <= m] or [0])} at {m:.0f} s" for m in marks))

    def execs(m):
        last = {}
        for t, _, path, n in cov:
            if t <= m:
                last[path] = max(n, last.get(path, 0))
        return sum(last.values())
    by = collections.defaultdict(list)
    for pc, t in first.items():
        by[group(pc)].append(t)
    rows = ["ALL", "dyad (all crates)"] + [g for g in sorted(by, key=lambda g: -len(by[g]))
                                         if g != "dyad (all crates)"][:12]
    print("\nnew code locations (file:line) reached by time (seconds since the first start):")
    print("%-22s" % "crate", " ".join("%8.0f" % m for m in marks))
    print("%-22s" % "executions (all)", " ".join("%8d" % execs(m) for m in marks))
    for g in rows:
        ts = list(first.values()) if g == "ALL" else by.get(g, [])
        print("%-22s" % g, " ".join("%8d" % sum(1 for x in ts if x <= m) for m in marks))
    mine = sorted((t, where[pc]) for pc, t in first.items() if own(pc))
    per = collections.Counter(w[0] for _, w in mine)
    print("\nnew code locations in dyad crates:", dict(per))
    if mine:
        print(f"last new code location in a dyad crate at {mine[-1][0]:.0f} s of {end:.0f} s")
        print("\nnewest code locations in dyad crates:")
        for t, (crate, func, loc) in mine[-15:]:
            print("%8.0f  %-14s %-40s %s" % (t, crate, func[:40], loc.split("/crates/")[-1]))


if __name__ == "__main__":
    main()

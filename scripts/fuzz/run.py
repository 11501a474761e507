#!/usr/bin/env python3
"""Run one libFuzzer process of a cargo-fuzz target for a while and log where it finds coverage.

    python3 scripts/fuzz/run.py TARGET CORPUS_DIR SECONDS LOG [extra libFuzzer flags...]

The target must have been built with `cargo +nightly fuzz build -s none` (see docs/fuzzing.md);
`FUZZ_BIN` names the binary when it is not in the default place. ASLR is switched off
(`setarch -R`) so that the program counters printed by `-print_pcs=1` can be symbolised later
by `scripts/fuzz/new_pcs.py`. Every output line is prefixed with the seconds since the start; the first line gives the start
as a Unix time, so that logs of processes started at different times can be merged.
Several processes may share one corpus directory: libFuzzer rereads it now and then.
"""
import os
import subprocess
import sys
import time

MAX_LEN = {"html": 65536, "warc": 1 << 20, "feed": 1 << 20, "markdown": 1 << 18, "dates": 4096}


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    target, corpus, seconds, log_path = sys.argv[1:5]
    here = os.path.dirname(os.path.abspath(__file__))
    fuzz_dir = os.path.join(here, "..", "..", "fuzz")
    target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(fuzz_dir, "target"))
    binary = os.environ.get(
        "FUZZ_BIN", os.path.join(target_dir, "x86_64-unknown-linux-gnu", "release", target)
    )
    dict_path = os.path.join(fuzz_dir, "dicts", f"{target}.dict")
    cmd = ["setarch", "x86_64", "-R", binary, corpus,
           f"-max_len={MAX_LEN.get(target, 65536)}", "-timeout=10", "-rss_limit_mb=2048",
           "-print_pcs=1", "-print_final_stats=1", f"-max_total_time={int(seconds)}",
           f"-artifact_prefix={os.path.dirname(os.path.abspath(log_path))}/{target}-"]
    if os.path.exists(dict_path):
        cmd.append(f"-dict={dict_path}")
    cmd += sys.argv[5:]
    start = time.time()
    with open(log_path, "w") as log:
        log.write(f"{0.0:9.1f} START {start:.1f}\n")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        print(f"pid {proc.pid}: {' '.join(cmd)}", flush=True)
        for line in proc.stdout:
            log.write(f"{time.time() - start:9.1f} {line.decode('utf-8', 'replace')}")
            log.flush()
        log.write(f"{time.time() - start:9.1f} EXIT {proc.wait()}\n")


if __name__ == "__main__":
    main()

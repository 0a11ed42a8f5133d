"""Benchmark: `swpolicy report` at its defaults, before and after the calibrated burn-in reuse.

"Before" is the code of commit 8458471 (the last one before the run platform), exported from
git into a temporary folder and run with the same interpreter and libraries; "after" is the
working tree. Both write the HTML report at the defaults (10,000 draws, every shipped setting,
256 Sobol' samples; ``--pdf`` adds the PDF to both). "After" starts with an empty disk cache, so
what it saves is reuse within one report: the calibrated ensemble of each setting is fitted
once and reused by every law, section and sensitivity analysis, where the old code fitted it
again for each (10 times for 3 settings). The last line printed is one JSON object:
``{"before_s", "after_s", "speedup"}``; the target is a speedup of at least 3.

Usage: ``.venv/bin/python benchmarks/report.py [--pdf] [--base 8458471]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = "from swpolicy.cli import main; main()"


def timed_report(code_dir: Path, out: Path, pdf: bool, cache: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(code_dir), "SWPOLICY_CACHE_DIR": str(cache)}
    args = [sys.executable, "-c", CLI, "report", "--out", str(out), *(["--pdf"] if pdf else [])]
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, cwd=code_dir, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pdf", action="store_true")
    ap.add_argument("--base", default="8458471", help="the commit before the burn-in reuse")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        old = tmp / "before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.base], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        before = timed_report(old, tmp / "out-before", args.pdf, tmp / "cache-before")
        print(f"before ({args.base}): {before:.1f} s")
        after = timed_report(ROOT, tmp / "out-after", args.pdf, tmp / "cache-after")
        print(f"after (working tree): {after:.1f} s")
    print(
        json.dumps(
            {
                "before_s": round(before, 1),
                "after_s": round(after, 1),
                "speedup": round(before / after, 2),
            }
        )
    )


if __name__ == "__main__":
    main()

"""Benchmark: how long the `swpolicy` command takes to start, against a bare Python start.

Times three commands in one run, interleaved, each several times, and reports the median:
``python -c pass`` (the floor no Python tool can beat), ``swpolicy --help`` and
``swpolicy law show nz`` (a real command that reads and prints one jurisdiction). The target is
`swpolicy --help` under 0.5 s on the project's 2-core machine. The last line printed is one
JSON object: ``{"repeats", "python_s", "help_s", "law_show_s", "help_ratio", "law_show_ratio"}``.

Usage: ``.venv/bin/python benchmarks/cli_startup.py [--repeats 7]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

# The console script runs `swpolicy.cli:main`; calling it through the same interpreter times the
# same code without depending on where the script was installed.
SWPOLICY = [sys.executable, "-c", "from swpolicy.cli import main; main()"]
COMMANDS = {
    "python_s": [sys.executable, "-c", "pass"],
    "help_s": [*SWPOLICY, "--help"],
    "law_show_s": [*SWPOLICY, "law", "show", "nz"],
}


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs of each command")
    args = parser.parse_args()
    for command in COMMANDS.values():  # warm the file cache once, untimed
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeats):  # interleaved, so machine load affects all three alike
        for name, command in COMMANDS.items():
            times[name].append(_time(command))
    result: dict[str, float] = {"repeats": args.repeats}
    for name, values in times.items():
        result[name] = round(statistics.median(values), 3)
    result["help_ratio"] = round(result["help_s"] / result["python_s"], 1)
    result["law_show_ratio"] = round(result["law_show_s"] / result["python_s"], 1)
    print(
        f"median of {args.repeats}: python -c pass {result['python_s']:.3f} s, "
        f"swpolicy --help {result['help_s']:.3f} s ({result['help_ratio']}x), "
        f"swpolicy law show nz {result['law_show_s']:.3f} s ({result['law_show_ratio']}x)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()

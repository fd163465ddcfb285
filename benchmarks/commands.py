"""Time the commands users run, as whole processes, side by side with a yardstick.

    python benchmarks/commands.py                                  # the project's own data
    python benchmarks/commands.py --league /tmp/league-100k        # a generated league too
    python benchmarks/commands.py --turbo-python /path/to/python   # + pyshacl-turbo

Each pair of commands runs in turn (A B A B ...) after one warm-up of each, so a machine whose
speed drifts slows both alike; the ratio A/B is taken pair by pair and its median quoted.
Wall seconds and the peak resident memory of each finished process are the operating system's
own accounting (wait4), so start-up, imports, loading and printing are all counted.

- project: `footballkg validate --format json` on the project's data against pyshacl-turbo
  (a Rust SHACL engine with pySHACL's API) validating the same files with the same shapes, when
  a Python with pyshacl-turbo installed is given (`--turbo-python`);
- league: `footballkg validate DIR` (text and json) against pyoxigraph's `Store.bulk_load` of
  the same files in a process of its own (the cost of reading the data at all).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# pyshacl-turbo validating the project's files: ontology + data as the data graph, the shapes
# as the shapes graph, no inference, warnings allowed (as footballkg validates).
TURBO = """
import sys
from pathlib import Path
import pyshacl_turbo
from rdflib import Graph
from rdflib.namespace import SH
root = Path(sys.argv[1])
data, shapes = Graph(), Graph()
for folder, graph in (("ontology", data), ("data", data), ("shapes", shapes)):
    for path in sorted((root / folder).rglob("*.ttl")):
        graph.parse(path, format="turtle")
conforms, report, _ = pyshacl_turbo.validate(
    data, shacl_graph=shapes, inference="none", allow_warnings=True
)
print(conforms, len(set(report.objects(None, SH.result))))
"""

BULK_LOAD = """
import sys
from pathlib import Path
import pyoxigraph as ox
formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
store = ox.Store()
for folder in sys.argv[1:]:
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix in formats:
            store.bulk_load(path=str(path), format=formats[path.suffix])
print(len(store))
"""


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run of `command` (output discarded)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = 0  # reaped by wait4
    return wall, usage.ru_maxrss / 1024


def paired(name_a: str, a: list[str], name_b: str, b: list[str], runs: int) -> list[str]:
    """Markdown rows comparing `a` with `b`: medians, ranges and the pairwise ratio."""
    run_once(a), run_once(b)  # warm-up: file cache, byte-compiled modules
    walls_a, walls_b, mem_a, mem_b, ratios = [], [], [], [], []
    for _ in range(runs):
        wall_a, peak_a = run_once(a)
        wall_b, peak_b = run_once(b)
        walls_a.append(wall_a)
        walls_b.append(wall_b)
        mem_a.append(peak_a)
        mem_b.append(peak_b)
        ratios.append(wall_a / wall_b)

    def row(name: str, walls: list[float], mems: list[float]) -> str:
        return (
            f"| {name} | {statistics.median(walls):.3f} | {min(walls):.3f} to {max(walls):.3f}"
            f" | {statistics.median(mems):.0f} |"
        )

    return [
        row(name_a, walls_a, mem_a),
        row(name_b, walls_b, mem_b),
        f"| ratio {name_a} / {name_b} (median of pairs) | {statistics.median(ratios):.2f} | "
        f"{min(ratios):.2f} to {max(ratios):.2f} | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each command")
    parser.add_argument("--league", type=Path, help="a folder from benchmarks/generate.py")
    parser.add_argument("--turbo-python", help="a Python interpreter with pyshacl-turbo")
    args = parser.parse_args()

    footballkg = [sys.executable, "-m", "footballkg"]
    lines = ["| command | median wall s | range s | peak MiB |", "|---|---:|---:|---:|"]
    if args.turbo_python:
        lines += paired(
            "footballkg validate --format json (project data)",
            [*footballkg, "validate", "--format", "json"],
            "pyshacl-turbo, same files and shapes",
            [args.turbo_python, "-c", TURBO, str(REPO)],
            args.runs,
        )
    else:
        lines += paired(
            "footballkg validate --format json (project data)",
            [*footballkg, "validate", "--format", "json"],
            "python -c pass (interpreter start-up)",
            [sys.executable, "-c", "pass"],
            args.runs,
        )
    if args.league is not None:
        league = str(args.league)
        load = [sys.executable, "-c", BULK_LOAD, str(REPO / "ontology"), league]
        for fmt in ("text", "json"):
            lines += paired(
                f"footballkg validate LEAGUE --format {fmt}",
                [*footballkg, "validate", league, "--format", fmt],
                "pyoxigraph Store.bulk_load of the same files",
                load,
                args.runs,
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()

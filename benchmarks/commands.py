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
  the same files in a process of its own (the cost of reading the data at all);
- cache (with --league): `footballkg query career DIR --store oxigraph` on the cached store,
  each case against the same command without the cache (FOOTBALLKG_NO_CACHE=1): cold (the
  cache folder removed before each run), warm (nothing changed) and one club file changed
  (a comment appended before each run, so its hash differs; the file is restored at the end).
  The cache lives in a temporary folder (FOOTBALLKG_CACHE_DIR).
- incremental (with --league): `footballkg validate DIR --format json` on a warm cache after
  one club file changed (a tenure's start date, a different one before each run, so each run
  validates a real change) against a full run without the cache (FOOTBALLKG_NO_CACHE=1); with
  `--baseline-src DIR` (the `src` folder of another footballkg version, e.g. a `git archive`
  of an older commit), against the same warm run of that version instead, each on a cache of
  its own. `--cache-from DIR` starts both from a copy of a cache already built for the league
  (building one at a million tenures takes many minutes); the copies are removed at the end.
  The league's club file is edited in place and restored: run it on a copy of the league.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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


def run_once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run of `command` (output discarded)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env} if env else None,
    )
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = 0  # reaped by wait4
    return wall, usage.ru_maxrss / 1024


@dataclass
class Case:
    """A command, its extra environment, and what to do (untimed) before each run of it."""

    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] = lambda: None

    def run(self) -> tuple[float, float]:
        self.before()
        return run_once(self.command, self.env)


def paired(
    name_a: str, a: list[str] | Case, name_b: str, b: list[str] | Case, runs: int
) -> list[str]:
    """Markdown rows comparing `a` with `b`: medians, ranges and the pairwise ratio."""
    case_a = a if isinstance(a, Case) else Case(a)
    case_b = b if isinstance(b, Case) else Case(b)
    case_a.run(), case_b.run()  # warm-up: file cache, byte-compiled modules
    walls_a, walls_b, mem_a, mem_b, ratios = [], [], [], [], []
    for _ in range(runs):
        wall_a, peak_a = case_a.run()
        wall_b, peak_b = case_b.run()
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
    parser.add_argument(
        "--baseline-src", type=Path, help="incremental: pair with this footballkg's src folder"
    )
    parser.add_argument(
        "--cache-from", type=Path, help="incremental: start from a copy of this built cache"
    )
    parser.add_argument(
        "--only",
        choices=["validate", "cache", "incremental"],
        help="run only these cases (cache and incremental need --league)",
    )
    args = parser.parse_args()

    footballkg = [sys.executable, "-m", "footballkg"]
    lines = ["| command | median wall s | range s | peak MiB |", "|---|---:|---:|---:|"]
    if args.only in ("cache", "incremental"):
        if args.league is None:
            parser.error(f"--only {args.only} needs --league")
        if args.only == "cache":
            lines += cache_rows(footballkg, args.league, args.runs)
        else:
            lines += incremental_rows(
                footballkg, args.league, args.runs, args.baseline_src, args.cache_from
            )
    elif args.turbo_python:
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
    if args.league is not None and args.only not in ("cache", "incremental"):
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
        if args.only is None:
            lines += cache_rows(footballkg, args.league, args.runs)
            lines += incremental_rows(footballkg, args.league, args.runs)
    print("\n".join(lines))


def cache_rows(footballkg: list[str], league: Path, runs: int) -> list[str]:
    """Cold, warm and one-file-changed runs of a query on the cached store, each against the
    same query without the cache."""
    person = json.loads((league / "truth.json").read_text(encoding="utf-8"))["examples"]["person"]
    query = [*footballkg, "query", "career", "-p", f"person={person}", str(league)]
    query += ["--store", "oxigraph", "--format", "csv"]
    folder = Path(tempfile.mkdtemp(prefix="footballkg-cache-"))
    # FOOTBALLKG_CACHE=1: the cold case builds the cache (a run not asked to builds none).
    cached = {"FOOTBALLKG_CACHE_DIR": str(folder / "cache"), "FOOTBALLKG_CACHE": "1"}
    memory = Case(query, {"FOOTBALLKG_NO_CACHE": "1"})
    club = min((league / "clubs").rglob("*.ttl"))
    original = club.read_bytes()
    edits = iter(range(1_000_000))

    def edit_one_club() -> None:
        club.write_bytes(original + f"# edit {next(edits)}\n".encode())

    lines: list[str] = []
    try:
        lines += paired(
            "footballkg query career LEAGUE, cold cache",
            Case(query, cached, lambda: shutil.rmtree(folder / "cache", ignore_errors=True)),
            "the same, no cache",
            memory,
            runs,
        )
        lines += paired(
            "footballkg query career LEAGUE, warm cache",
            Case(query, cached),
            "the same, no cache",
            memory,
            runs,
        )
        lines += paired(
            f"footballkg query career LEAGUE, warm cache, {club.name} changed",
            Case(query, cached, edit_one_club),
            "the same, no cache",
            memory,
            runs,
        )
    finally:
        club.write_bytes(original)
        shutil.rmtree(folder, ignore_errors=True)
    return lines


def incremental_rows(
    footballkg: list[str],
    league: Path,
    runs: int,
    baseline: Path | None = None,
    cache_from: Path | None = None,
) -> list[str]:
    """A warm incremental validation after one club file changed, against a full one (or
    against the same run of the `baseline` version)."""
    validate = [*footballkg, "validate", str(league), "--format", "json"]
    folder = Path(tempfile.mkdtemp(prefix="footballkg-cache-"))
    cached = {"FOOTBALLKG_CACHE_DIR": str(folder / "cache")}
    if baseline is not None:  # the other version on a cache of its own, with its own code
        other = {"FOOTBALLKG_CACHE_DIR": str(folder / "baseline"), "PYTHONPATH": str(baseline)}
    if cache_from is not None:
        shutil.copytree(cache_from, folder / "cache")
        if baseline is not None:
            shutil.copytree(cache_from, folder / "baseline")
    club = min((league / "clubs").rglob("*.ttl"))
    original = club.read_bytes()
    marker = b'fkg:startDate "'
    at = original.index(marker) + len(marker)  # the first tenure's start date, YYYY-MM-DD
    if original[at + 10 : at + 11] != b'"':
        raise SystemExit(f"{club}: the first start date is not a day (YYYY-MM-DD)")
    days = iter(range(1_000_000))

    def redate_one_tenure() -> None:
        day = 1 + next(days) % 28
        club.write_bytes(original[: at + 8] + f"{day:02d}".encode() + original[at + 10 :])

    lines: list[str] = []
    try:
        if cache_from is None:
            run_once([*validate, "--cache"], cached)  # builds the cache and the stored results
            if baseline is not None:
                run_once([*validate, "--cache"], other)
        versus = (
            Case(validate, other, redate_one_tenure)
            if baseline is not None
            else Case(validate, {"FOOTBALLKG_NO_CACHE": "1"})
        )
        lines += paired(
            f"footballkg validate LEAGUE --format json, warm cache, {club.name} changed",
            Case(validate, cached, redate_one_tenure),
            "the same, baseline version"
            if baseline is not None
            else "the same, no cache (full run)",
            versus,
            runs,
        )
    finally:
        club.write_bytes(original)
        shutil.rmtree(folder, ignore_errors=True)
    return lines


if __name__ == "__main__":
    main()

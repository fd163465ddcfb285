"""Time every saved query's first page as a whole process on a cached league.

    python benchmarks/first_pages.py --league /tmp/league-1m --cache-dir /tmp/fkg-cache
    python benchmarks/first_pages.py --league /tmp/league-1m --cache-dir /tmp/fkg-cache \\
        --against /path/to/another/checkout      # each query in turn with the other's whole answer

Each saved query runs as users run it, `footballkg query NAME data LEAGUE --limit 10 --store
oxigraph --format csv`, on the cached store (FOOTBALLKG_CACHE_DIR): the project's own data
beside the league, so that the required parameters take the examples in the queries' headers,
and the optional ones stay unset (the whole graph). The cache is built first (untimed) when the
folder holds none. Wall seconds and peak resident memory are the operating system's own
accounting (wait4): start-up, imports, opening the cache, the query and printing are all
counted. A run that passes --timeout is stopped and reported as such. `--limit 0` leaves paging
out (the whole answer). `--against` runs another checkout (one without paging: its whole
answer) in turn with this one, query by query (A B A B ...), and gives the ratio of each pair's
times, so that a machine whose speed drifts slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Timing:
    """One saved query's runs: wall seconds, peak MiB, rows printed, exit code."""

    walls: list[float]
    peak_mib: float
    lines: int  # CSV lines after the header (rows, unless a value spans lines)
    exit_code: int | None  # None: stopped at the timeout


def run_once(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float
) -> tuple[float, float, bytes, int | None]:
    """Wall seconds, peak resident MiB, stdout and exit code (None: killed at `timeout`)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    timed_out = not timer.is_alive()
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4
    code = None if timed_out and process.returncode < 0 else process.returncode
    return wall, usage.ru_maxrss / 1024, output, code


def required_params(query: dict[str, object]) -> list[str]:
    """`--param NAME=EXAMPLE` for each required parameter of a `footballkg queries` entry."""
    options: list[str] = []
    params = query["params"]
    assert isinstance(params, list)
    for param in params:
        if param["required"]:
            options += ["--param", f"{param['name']}={param['example']}"]
    return options


@dataclass
class Side:
    """One checkout's way of running a saved query: its folder, environment and paging."""

    repo: Path
    env: dict[str, str]
    paging: list[str]

    def command(
        self, footballkg: list[str], query: dict[str, object], data: list[str]
    ) -> list[str]:
        options = [*required_params(query), *self.paging, "--store", "oxigraph", "--format", "csv"]
        return [*footballkg, "query", str(query["name"]), *data, *options]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--league", type=Path, required=True, help="a generated league folder")
    parser.add_argument("--cache-dir", type=Path, required=True, help="FOOTBALLKG_CACHE_DIR")
    parser.add_argument("--limit", type=int, default=10, help="page size (0: the whole answer)")
    parser.add_argument("--runs", type=int, default=3, help="counted runs of each query")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a stop")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose code runs")
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout, run in turn with each query (its whole answer, no paging)",
    )
    parser.add_argument("--only", nargs="*", default=[], help="only these saved queries")
    args = parser.parse_args()

    def side(repo: Path, paging: list[str]) -> Side:
        env = {
            **os.environ,
            "PYTHONPATH": str(repo.resolve() / "src"),
            "FOOTBALLKG_CACHE_DIR": str(args.cache_dir),
        }
        return Side(repo.resolve(), env, paging)

    this = side(args.repo, ["--limit", str(args.limit)] if args.limit else [])
    sides = [this] + ([side(args.against, [])] if args.against else [])
    footballkg = [sys.executable, "-m", "footballkg"]
    listed = subprocess.run(
        [*footballkg, "queries", "--format", "json"],
        cwd=this.repo,
        env=this.env,
        check=True,
        capture_output=True,
    )
    queries = json.loads(listed.stdout)
    data = ["data", str(args.league.resolve())]
    if not (args.cache_dir / "manifest.json").is_file():
        print(f"building the cache in {args.cache_dir} (untimed)", file=sys.stderr)
        subprocess.run(
            [*footballkg, "query", "sources", *data, "--cache", "--store", "oxigraph"],
            cwd=this.repo,
            env=this.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    heading = (
        f"| query | first page s (median of {args.runs}) | range s | peak MiB | CSV lines | exit |"
    )
    if args.against:
        heading += " whole answer s, other checkout | CSV lines | ratio (median of pairs) |"
    print(heading)
    print("|---|---:|---:|---:|---:|---:|" + ("---:|---:|---:|" if args.against else ""))
    for query in queries:
        if args.only and query["name"] not in args.only:
            continue
        timings = [Timing([], 0.0, 0, 0) for _ in sides]
        for _ in range(args.runs):  # A B A B ...: a machine whose speed drifts slows both alike
            for each, timing in zip(sides, timings, strict=True):
                if timing.exit_code is None:
                    continue  # stopped once: enough to know
                command = each.command(footballkg, query, data)
                wall, peak, output, code = run_once(command, each.repo, each.env, args.timeout)
                timing.walls.append(wall)
                timing.peak_mib = max(timing.peak_mib, peak)
                timing.exit_code = code
                timing.lines = max(0, output.count(b"\n") - 1)
        row = f"| {query['name']} |" + _cells(timings[0], args.timeout)
        if args.against:
            row += _cells(timings[1], args.timeout, short=True) + _ratio(*timings)
        print(row, flush=True)


def _cells(timing: Timing, timeout: float, short: bool = False) -> str:
    if timing.exit_code is None:
        return f" > {timeout:.0f} (stopped) |" + (" |" if short else " | | | |")
    walls = timing.walls
    if short:
        return f" {statistics.median(walls):.2f} | {timing.lines} |"
    return (
        f" {statistics.median(walls):.2f} | {min(walls):.2f} to {max(walls):.2f}"
        f" | {timing.peak_mib:.0f} | {timing.lines} | {timing.exit_code} |"
    )


def _ratio(this: Timing, other: Timing) -> str:
    """This checkout's time over the other's, pair by pair (runs that both finished)."""
    pairs = [a / b for a, b in zip(this.walls, other.walls, strict=False)]
    if this.exit_code is None or other.exit_code is None or not pairs:
        return " |"
    return f" {statistics.median(pairs):.2f} |"


if __name__ == "__main__":
    main()

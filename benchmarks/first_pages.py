"""Time every saved query's first page as a whole process on a cached league.

    python benchmarks/first_pages.py --league /tmp/league-1m --cache-dir /tmp/fkg-cache
    python benchmarks/first_pages.py --league /tmp/league-1m --cache-dir /tmp/fkg-cache \\
        --limit 0 --repo /path/to/another/checkout          # whole answers, other code

Each saved query runs as users run it, `footballkg query NAME data LEAGUE --limit 10
--format csv`, on the cached store (FOOTBALLKG_CACHE_DIR): the project's own data beside the
league, so that the required parameters take the examples in the queries' headers, and the
optional ones stay unset (the whole graph). The cache is built first (untimed) when the folder
holds none. Wall seconds and peak resident memory are the operating system's own accounting
(wait4): start-up, imports, opening the cache, the query and printing are all counted. A run
that passes --timeout is stopped and reported as such. `--limit 0` leaves paging out (the whole
answer), so that a checkout without paging can be timed the same way (`--repo`).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--league", type=Path, required=True, help="a generated league folder")
    parser.add_argument("--cache-dir", type=Path, required=True, help="FOOTBALLKG_CACHE_DIR")
    parser.add_argument("--limit", type=int, default=10, help="page size (0: the whole answer)")
    parser.add_argument("--runs", type=int, default=3, help="counted runs of each query")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a stop")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose code runs")
    parser.add_argument("--only", nargs="*", default=[], help="only these saved queries")
    args = parser.parse_args()

    repo = args.repo.resolve()
    env = {
        **os.environ,
        "PYTHONPATH": str(repo / "src"),
        "FOOTBALLKG_CACHE_DIR": str(args.cache_dir),
    }
    footballkg = [sys.executable, "-m", "footballkg"]
    listed = subprocess.run(
        [*footballkg, "queries", "--format", "json"],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )
    queries = json.loads(listed.stdout)
    data = ["data", str(args.league.resolve())]
    if not (args.cache_dir / "manifest.json").is_file():
        print(f"building the cache in {args.cache_dir} (untimed)", file=sys.stderr)
        subprocess.run(
            [*footballkg, "query", "sources", *data, "--cache", "--format", "csv"],
            cwd=repo,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    paging = ["--limit", str(args.limit)] if args.limit else []
    heading = f"first page s (median of {args.runs})"
    print(f"| query | {heading} | range s | peak MiB | CSV lines | exit |")
    print("|---|---:|---:|---:|---:|---:|")
    for query in queries:
        name = query["name"]
        if args.only and name not in args.only:
            continue
        command = [*footballkg, "query", name, *data, *required_params(query)]
        command += [*paging, "--format", "csv"]
        timing = Timing([], 0.0, 0, 0)
        for _ in range(args.runs):
            wall, peak, output, code = run_once(command, repo, env, args.timeout)
            timing.walls.append(wall)
            timing.peak_mib = max(timing.peak_mib, peak)
            timing.exit_code = code
            timing.lines = max(0, output.count(b"\n") - 1)
            if code is None:
                break  # one stop is enough to know
        print(_row(name, timing, args.timeout), flush=True)


def _row(name: str, timing: Timing, timeout: float) -> str:
    if timing.exit_code is None:
        return f"| {name} | > {timeout:.0f} (stopped) | | | | |"
    walls = timing.walls
    return (
        f"| {name} | {statistics.median(walls):.2f} | {min(walls):.2f} to {max(walls):.2f}"
        f" | {timing.peak_mib:.0f} | {timing.lines} | {timing.exit_code} |"
    )


if __name__ == "__main__":
    main()

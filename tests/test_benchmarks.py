"""The benchmark's --markdown output refreshes the tables of RESULTS.md and keeps its notes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmark_scripts import BENCHMARKS, load_script


def test_markdown_replaces_only_the_tables_between_the_markers(tmp_path: Path) -> None:
    run = load_script("run")
    results = tmp_path / "RESULTS.md"
    results.write_text(
        f"# Results\n\nHow to read it.\n\n{run.BEGIN}\n\n| old | table |\n\n{run.END}\n\n"
        "## Where the time goes\n\nNotes.\n",
        encoding="utf-8",
    )
    run.write_markdown(results, "| new | table |\n")
    assert results.read_text(encoding="utf-8") == (
        f"# Results\n\nHow to read it.\n\n{run.BEGIN}\n\n| new | table |\n\n{run.END}\n\n"
        "## Where the time goes\n\nNotes.\n"
    )


def test_markdown_into_a_new_file_writes_the_markers(tmp_path: Path) -> None:
    run = load_script("run")
    results = tmp_path / "RESULTS.md"
    run.write_markdown(results, "| new | table |\n")
    run.write_markdown(results, "| newer | table |\n")  # and a second run finds them
    assert results.read_text(encoding="utf-8") == f"{run.BEGIN}\n\n| newer | table |\n\n{run.END}\n"


def test_committed_results_have_the_markers() -> None:
    run = load_script("run")
    text = (BENCHMARKS / "RESULTS.md").read_text(encoding="utf-8")
    assert text.count(run.BEGIN) == 1 and text.count(run.END) == 1
    assert text.index(run.BEGIN) < text.index(run.END)


def test_first_pages_times_saved_queries_on_a_cached_league(tmp_path: Path) -> None:
    """benchmarks/first_pages.py end to end on a small league: the cache is built, and each
    query's row says how many CSV lines its first page had (the page size, or fewer)."""
    league = tmp_path / "league"
    python = sys.executable
    subprocess.run(
        [python, str(BENCHMARKS / "generate.py"), "--tenures", "200", "--out", str(league)],
        check=True,
        capture_output=True,
    )
    script = [python, str(BENCHMARKS / "first_pages.py"), "--league", str(league)]
    script += ["--cache-dir", str(tmp_path / "cache"), "--runs", "1", "--limit", "3"]
    script += ["--only", "tenure-endings", "career"]
    done = subprocess.run(script, check=True, capture_output=True, text=True)
    rows = {line.split("|")[1].strip(): line.split("|") for line in done.stdout.splitlines()[2:]}
    assert sorted(rows) == ["career", "tenure-endings"]
    assert (tmp_path / "cache" / "manifest.json").is_file()
    # 3 rows of tenure-endings (the league has more); career with jess-thorup: 3 of 17.
    assert [rows[name][5].strip() for name in ("career", "tenure-endings")] == ["3", "3"]
    assert [rows[name][6].strip() for name in ("career", "tenure-endings")] == ["0", "0"]

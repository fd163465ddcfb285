"""The benchmark's --markdown output refreshes the tables of RESULTS.md and keeps its notes."""

from __future__ import annotations

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

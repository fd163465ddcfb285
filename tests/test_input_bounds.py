"""Small hostile files are refused quickly, in little memory, with a one-line error (exit 2).

Each file is run through the real command line in a child process, whose processor time and
peak memory are measured: unguarded, the entity file aborts after allocating 3 GB, the deep
JSON-LD overflows the stack, and the long list keeps `export` canonicalising for minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
CPU_LIMIT = 5.0  # seconds of processor time: the work done, whatever else loads the machine
WALL_LIMIT = 30.0  # seconds before the child is killed
MEMORY_LIMIT = 512 * 1024  # KiB of peak resident memory

EX = "http://example.org/"


def entity_bomb() -> str:
    """Nine levels of ten references each: 10^9 characters once expanded."""
    entities = ['<!ENTITY e0 "xxxxxxxxxx">']
    entities += [f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 9)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(entities)
        + '\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns:ex="{EX}">\n<rdf:Description rdf:about="{EX}a"><ex:p>&e8;</ex:p>'
        "</rdf:Description>\n</rdf:RDF>\n"
    )


CASES = {
    # name: (file name, text, command, expected error line)
    "rdfxml-entities": (
        "bomb.rdf",
        entity_bomb(),
        "validate",
        "Error: {path}:3: XML entity declarations (<!ENTITY ...>) are not accepted. "
        "Write the values out instead.",
    ),
    "jsonld-deep": (
        "deep.jsonld",
        f'{{"@id": "{EX}a", "{EX}p": ' + "[" * 5000 + "]" * 5000 + "}",
        "export",
        "Error: {path}:1: brackets nested more than 64 deep; such nesting is not accepted.",
    ),
    "turtle-deep-list": (
        "deep.ttl",
        f"<{EX}a> <{EX}p>\n" + "(" * 1000 + ")" * 1000 + " .\n",
        "export",
        "Error: {path}:2: brackets nested more than 64 deep; such nesting is not accepted.",
    ),
    "trig-deep-blank-nodes": (
        "deep.trig",
        f"@prefix ex: <{EX}> .\nex:g {{ ex:a ex:p " + "[ ex:p " * 1000 + "]" * 1000 + " . }\n",
        "validate",
        "Error: {path}:2: brackets nested more than 64 deep; such nesting is not accepted.",
    ),
    "turtle-long-list-export": (
        "long.ttl",
        f"<{EX}a> <{EX}p> (" + " 1" * 1000 + " ) .\n",
        "export",
        "Error: the graph links up to 1000 blank nodes together (long lists or deeply nested "
        "[ ]); giving them canonical labels would take too long. Use IRIs for some of these "
        "nodes.",
    ),
}


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="measures the child with wait4 (POSIX)")
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hostile_file_is_refused_fast_and_small(case: str, tmp_path: Path) -> None:
    name, text, command, expected = CASES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert len(text) < 12_000  # small files, all of them
    environment = {**os.environ, "PYTHONPATH": str(SRC)}
    arguments = [sys.executable, "-m", "footballkg", command, "--project", str(ROOT), str(path)]
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(arguments, stdout=stdout, stderr=stderr, env=environment)
    status, peak, cpu = _wait_measured(child, WALL_LIMIT)
    assert err.read_text() == expected.format(path=path) + "\n"
    assert out.read_bytes() == b""
    assert os.waitstatus_to_exitcode(status) == 2
    assert cpu < CPU_LIMIT, f"took {cpu:.1f} s of processor time"
    assert peak < MEMORY_LIMIT, f"peak {peak} KiB"


def _wait_measured(child: subprocess.Popen[bytes], timeout: float) -> tuple[int, int, float]:
    """Wait status, peak resident memory (KiB) and processor seconds of `child`, killed past
    `timeout` seconds of wall time."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            return status, usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        if time.monotonic() > deadline:
            child.kill()
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = -9
            raise AssertionError(f"still running after {timeout:g} s; killed")
        time.sleep(0.02)

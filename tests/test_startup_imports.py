"""`footballkg validate` and `footballkg query` on local files start without what only a server
needs: the SPARQL client (SPARQLWrapper, its HTTP layer, rdflib's SPARQL parser) and serve's pages
(matplotlib); `query` also without the validation engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

NOT_NEEDED = (
    "SPARQLWrapper",
    "matplotlib",
    "rdflib.plugins.sparql",
    "footballkg.stores.remote",
    "footballkg.stores.http_client",
    "footballkg.server.app",
)


def _imported_by(module: str, unwanted: tuple[str, ...] = NOT_NEEDED) -> list[str]:
    code = f"import sys, {module}\nprint(' '.join(m for m in {unwanted!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.split()


def test_validate_command_imports_no_server_machinery() -> None:
    assert _imported_by("footballkg.cli.validate_cmd") == []


def test_endpoint_options_import_no_client() -> None:
    assert _imported_by("footballkg.cli.endpoint") == []


def test_query_command_imports_no_client_nor_validation() -> None:
    unwanted = (*NOT_NEEDED, "pyparsing", "footballkg.validation")
    assert _imported_by("footballkg.cli.query_cmd", unwanted) == []

"""`footballkg queries`: list the saved queries, with summary and parameters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rdflib import Literal

from footballkg.cli.common import echo, format_option, open_project, project_option
from footballkg.queries.catalogue import SavedQuery, discover
from footballkg.queries.docs import queries_markdown
from footballkg.queries.output import format_result
from footballkg.queries.results import QueryResult


def _param_summary(query: SavedQuery) -> str:
    return ", ".join(
        f"{p.name} (required)" if p.required else p.name for p in query.params.values()
    )


def _describe(query: SavedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": query.tags,
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "example": p.example,
                "description": p.description,
            }
            for p in query.params.values()
        ],
        "usage": query.usage(),
    }


@click.command("queries")
@format_option(
    ("table", "json", "markdown"),
    "table",
    "Output format; markdown is the reference docs/queries.md.",
)
@project_option
def queries_command(fmt: str, project_dir: Path | None) -> None:
    """List the saved queries with their summary and parameters.

    Run one with "footballkg query NAME --param KEY=VALUE".
    """
    project = open_project(project_dir)
    queries = dict(sorted(discover(project.queries_dir).items()))
    if fmt == "json":
        echo(
            json.dumps([_describe(q) for q in queries.values()], indent=2, ensure_ascii=False)
            + "\n"
        )
        return
    if fmt == "markdown":
        echo(queries_markdown(queries.values()))
        return
    rows: list[dict[str, Any]] = [
        {
            "name": Literal(q.name),
            "summary": Literal(q.summary),
            "params": Literal(_param_summary(q)),
        }
        for q in queries.values()
    ]
    echo(format_result(QueryResult(["name", "summary", "params"], rows), "table"))

"""The saved-query reference (`docs/queries.md`), written from the queries' `#+` headers.

The headers are the one place a query is described, so the reference is generated from them
(`footballkg queries --format markdown`) and a test fails when the committed copy is stale.
"""

from __future__ import annotations

from collections.abc import Iterable

from footballkg.queries.catalogue import SavedQuery

REFRESH_COMMAND = "footballkg queries --format markdown > docs/queries.md"


def _cell(text: str) -> str:
    """Text safe inside one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _param_state(query: SavedQuery, name: str) -> str:
    param = query.params[name]
    if param.required:
        return "required"
    if param.default is not None:
        return f"default `{param.default}`"
    return "optional"


def _query_section(query: SavedQuery) -> list[str]:
    lines = [f"## `{query.name}`", "", f"**{_cell(query.summary)}**", ""]
    if query.description:
        lines += [" ".join(query.description.split()), ""]
    if query.params:
        lines += ["| parameter | type | | example | meaning |", "|---|---|---|---|---|"]
        for name, param in query.params.items():
            example = f"`{param.example}`" if param.example is not None else ""
            lines.append(
                f"| `{name}` | {param.type} | {_param_state(query, name)} | {example} "
                f"| {_cell(param.description or '')} |"
            )
        lines.append("")
    if query.tags:
        lines += ["Tags: " + ", ".join(query.tags) + ".", ""]
    lines += ["```sh", query.usage(), "```", ""]
    return lines


def queries_markdown(queries: Iterable[SavedQuery]) -> str:
    """The whole reference: an index table, then one section per query, in name order."""
    ordered = sorted(queries, key=lambda q: q.name)
    lines = [
        "# Saved queries",
        "",
        "<!-- Generated from the #+ headers of queries/*.rq; do not edit by hand.",
        f"     Refresh with: {REFRESH_COMMAND} -->",
        "",
        "Every query is one file `queries/NAME.rq`, run with `footballkg query NAME "
        "--param KEY=VALUE`, on the files or on a SPARQL server with `--endpoint URL`. "
        "How parameters are written and how days are counted: [querying.md](querying.md).",
        "",
        "| query | answers | parameters |",
        "|---|---|---|",
    ]
    for query in ordered:
        params = ", ".join(
            f"{name} (required)" if p.required else name for name, p in query.params.items()
        )
        anchor = query.name.lower()
        lines.append(f"| [`{query.name}`](#{anchor}) | {_cell(query.summary)} | {params} |")
    lines.append("")
    for query in ordered:
        lines += _query_section(query)
    return "\n".join(lines).rstrip("\n") + "\n"

"""Refuse SPARQL that would make the server contact another host: SERVICE and LOAD.

Oxigraph performs the HTTP requests for both, so anyone who reaches the server could use it
to read from or post to anything the machine can reach. Checked in two steps:

1. the keywords as a SPARQL parser sees them: after `\\uXXXX` escapes are decoded (they apply
   to the whole text), case-insensitively, outside comments, strings and IRIs;
2. text that holds either word anywhere else (a label "Load", a comment) is allowed only if
   rdflib's complete SPARQL parser finds no SERVICE pattern and no LOAD operation in it, so a
   text that a light scanner and the real parser would read differently is never let through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from footballkg.queries.sparql_text import code_only

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORD = re.compile(r"(?<![A-Za-z0-9_])(SERVICE|LOAD)(?![A-Za-z0-9_])", re.IGNORECASE)
_KEYWORD = re.compile(r"(?<![\w?$:])(SERVICE|LOAD)(?![\w:])", re.IGNORECASE)
_OUTBOUND_NODES = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


class OutboundRequest(ValueError):
    """The query or update asks the server to contact another host."""


def unescape_codepoints(text: str) -> str:
    """SPARQL's `\\uXXXX`/`\\UXXXXXXXX` escapes decoded, as the parser's first step does."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _CODEPOINT_ESCAPE.sub(decode, text)


def check_no_outbound(text: str, *, update: bool = False) -> None:
    """Raise OutboundRequest if the query (or `update`) `text` uses SERVICE or LOAD."""
    decoded = unescape_codepoints(text)
    if _WORD.search(decoded) is None:
        return  # neither word anywhere: the common case, decided without parsing
    keyword = _KEYWORD.search(code_only(decoded))
    if keyword is not None:
        raise _refusal(keyword.group(1).upper())
    try:
        parsed = parseUpdate(decoded) if update else parseQuery(decoded)
    except Exception:  # rdflib cannot tell: refuse rather than guess
        raise OutboundRequest(
            "The text mentions SERVICE or LOAD in a way this server cannot check; "
            "this server never contacts other hosts. Rephrase the text."
        ) from None
    for name in _node_names(parsed):
        if name in _OUTBOUND_NODES:
            raise _refusal(_OUTBOUND_NODES[name])


def _refusal(keyword: str) -> OutboundRequest:
    return OutboundRequest(f"{keyword} is not allowed: this server never contacts other hosts.")


def _node_names(tree: object) -> Iterator[str]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or hasattr(node, "asList"):
            stack.extend(node)  # type: ignore[arg-type]

"""Where in a query's text a parameter's VALUES block may go, found without a full parser.

A parameter is bound by a VALUES block at the top of the outer WHERE. A subquery does not
see that block: SPARQL evaluates it on its own and joins its rows in afterwards, so a
subquery that selects every team's tenures costs as much with a `team` parameter as without
(seconds on a league-sized graph). Where it is safe, the same block is repeated at the top of
the subquery's WHERE, so that the subquery only computes rows that can survive the join.

It is safe where every row the subquery could lose would have been dropped anyway, that is
where the subquery projects the variable as it is (not `(... AS ?team)`, not `*`), has no
LIMIT or OFFSET, and is reached from a group that already has the block at its top through
joins, UNION branches, GRAPH and, directly under such a group, OPTIONAL. It is not safe under
MINUS, EXISTS, SERVICE or an OPTIONAL deeper down, whose left side may lack the variable;
those are left alone, as is anything the scanner does not recognise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_IRI_TOKEN = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WHERE = re.compile(r"(?<![\w?$])WHERE(?!\w)", re.IGNORECASE)
_SELECT = re.compile(r"\s*SELECT(?!\w)", re.IGNORECASE)
_LIMIT_OFFSET = re.compile(r"(?<![\w?$])(?:LIMIT|OFFSET)(?!\w)", re.IGNORECASE)
_TOKEN = re.compile(r"[{}()]|[^\s{}()]+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_NOT_JOINED = ("VALUES", "SERVICE", "SILENT")


def code_only(text: str) -> str:
    """`text` with comments, strings and IRIs blanked out, so that indexes stay the same."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c, start = text[i], i
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
        elif c == "<" and (iri := _IRI_TOKEN.match(text, i)):
            i = iri.end()
        else:
            i += 1
            continue
        out[start:i] = " " * (min(i, n) - start)
    return "".join(out)


def outer_where_brace(code: str) -> int:
    """Index of the `{` that opens the outer WHERE clause of `code` (-1 if there is none).

    That is the first `{` after the first WHERE keyword, or the first `{` at all in a query
    without one (`SELECT * { ... }`, `ASK { ... }`), so a CONSTRUCT template is never taken
    for it. `code` is a query passed through `code_only`.
    """
    where = _WHERE.search(code)
    return code.find("{", where.end() if where else 0)


def subquery_braces(code: str, names: Iterable[str]) -> dict[int, list[str]]:
    """The subqueries that may take the VALUES block too: the index of the `{` opening each
    one's WHERE, with the parameter names it projects as they are (see the module's doc)."""
    wanted = set(names)
    closing = _matching_braces(code)
    found: dict[int, list[str]] = {}

    def visit(group: int, block_on_top: bool) -> None:
        for child in _child_groups(code, group, closing):
            kind = _kind(code, child)
            if kind == "other" or (kind == "optional" and not block_on_top):
                continue
            if not _SELECT.match(code, child + 1):
                visit(child, block_on_top=False)
                continue
            where = _subquery_where(code, child)
            if where < 0 or where not in closing:
                continue
            modifiers = code[closing[where] + 1 : closing[child]]
            projected = _projected(code[child + 1 : where]) & wanted
            if projected and not _LIMIT_OFFSET.search(modifiers):
                found[where] = sorted(projected)
                visit(where, block_on_top=True)

    outer = outer_where_brace(code)
    if outer in closing:
        visit(outer, block_on_top=True)
    return found


def _matching_braces(code: str) -> dict[int, int]:
    closing: dict[int, int] = {}
    opened: list[int] = []
    for i, c in enumerate(code):
        if c == "{":
            opened.append(i)
        elif c == "}" and opened:
            closing[opened.pop()] = i
    return closing


def _child_groups(code: str, group: int, closing: dict[int, int]) -> Iterable[int]:
    """The `{` of each group directly inside `group`."""
    i, end = group + 1, closing[group]
    while (i := code.find("{", i, end)) >= 0:
        yield i
        i = closing.get(i, end)


def _kind(code: str, brace: int) -> str:
    """How the group opening at `brace` joins its parent: by the words just before it."""
    before = [t.upper() for t in _TOKEN.findall(code[:brace].rstrip()[-200:])]  # past comments
    last = before[-1] if before else ""
    keyword = before[-2] if len(before) >= 2 else ""
    if last == "OPTIONAL":
        return "optional"
    if last in ("{", "}", ".", "UNION", "GRAPH") or keyword == "GRAPH":
        return "join"  # a plain group, a UNION branch, GRAPH <iri> / ?g / ex:g { ... }
    if last in ("MINUS", "EXISTS", "SERVICE", "SILENT", ")") or keyword in _NOT_JOINED:
        return "other"  # also a VALUES data block: VALUES ?x { ... } or VALUES (?x) { ... }
    if last[0] in "?$" or ":" in last or last == "A":
        return "join"  # right after a triple pattern: ?s ex:p ?o { ... }
    return "other"  # not recognised: left alone


def _subquery_where(code: str, group: int) -> int:
    """The `{` opening the WHERE of the subquery whose group opens at `group`: the first `{`
    after SELECT outside parentheses (a projected expression may hold EXISTS { ... })."""
    depth = 0
    for i in range(group + 1, len(code)):
        c = code[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "{" and depth == 0:
            return i
        elif c == "}" and depth == 0:
            break
    return -1


def _projected(select_clause: str) -> set[str]:
    """Variables a SELECT clause projects as they are (`?a`, `$a`; not `(expr AS ?a)`)."""
    while _PARENTHESES.search(select_clause):
        select_clause = _PARENTHESES.sub(" ", select_clause)
    return set(re.findall(r"[?$](\w+)", select_clause))

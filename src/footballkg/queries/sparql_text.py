"""Where in a query's text a parameter's VALUES block may go, found without a full parser.

A parameter is bound by a VALUES block at the top of the outer WHERE. A subquery does not
see that block: SPARQL evaluates it on its own and joins its rows in afterwards, so a
subquery that selects every team's tenures costs as much with a `team` parameter as without
(seconds on a league-sized graph). Where it is safe, the same block is repeated at the top of
the subquery's WHERE, so that the subquery only computes rows that can survive the join.

It is safe where the block only drops rows that the join with the outer block would drop
anyway, that is where the subquery
- projects the variable as it is (not `(... AS ?team)`, not `*`) and has no LIMIT or OFFSET;
- binds it in every row: in a triple pattern directly in its WHERE or in a joined subquery
  that takes the block too, and elsewhere only in such subqueries (not only in an OPTIONAL,
  a BIND or a VALUES with UNDEF);
- is reached from a group that already has the block at its top through joins, UNION
  branches, GRAPH and, directly under such a group, OPTIONAL.
It is not safe under MINUS, EXISTS, SERVICE or an OPTIONAL deeper down, whose left side may
lack the variable. Those are left alone, as is anything the scanner does not recognise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_NAME_CHAR = r"[\w\u00b7\u0300-\u036f\u203f\u2040]"  # SPARQL's VARNAME, more than \w
_ENDS_TERM = re.compile(rf"{_NAME_CHAR}|\)")
_FORM = re.compile(r"(?<![\w?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.IGNORECASE)
_WHERE_NEXT = re.compile(r"\s*WHERE(?!\w)", re.IGNORECASE)
_SELECT = re.compile(r"\s*SELECT(?!\w)", re.IGNORECASE)
_LIMIT_OFFSET = re.compile(r"(?<![\w?$])(?:LIMIT|OFFSET)(?!\w)", re.IGNORECASE)
_TOKEN = re.compile(r"[{}()]|[^\s{}()]+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_NOT_JOINED = ("VALUES", "SERVICE", "SILENT")


def code_only(text: str) -> str:
    """`text` with comments, strings, IRIs and escaped characters of prefixed names (`ex:a\\#b`)
    blanked out, so that indexes stay the same."""
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
        elif c == "\\":
            i += 2
        elif c == "<" and _may_start_iri(text, i) and (iri := _IRI.match(text, i)):
            i = iri.end()
        else:
            i += 1
            continue
        out[start:i] = " " * (min(i, n) - start)
    return "".join(out)


def _may_start_iri(text: str, i: int) -> bool:
    """Whether the `<` at `i` may open an IRI: not right after a variable, a name or `)`,
    where it compares (?a<(?b>?c) holds no IRI), unless the name is the keyword `a`."""
    if not _ENDS_TERM.match(text[i - 1 : i]):
        return True
    return re.search(r"(?<![\w?$:])a$", text[max(0, i - 2) : i]) is not None


def query_form(code: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword in `code` (not part of a
    variable or a prefixed name), None if there is none."""
    form = _FORM.search(code)
    return form.group(1).upper() if form else None


def outer_where_brace(code: str) -> int:
    """Index of the `{` that opens the outer WHERE clause of `code` (-1 if there is none).

    That is the first `{` after the query form's keyword that is not inside parentheses (a
    projected expression may hold EXISTS { ... }) or a CONSTRUCT template, with or without
    the WHERE keyword. `code` is a query passed through `code_only`.
    """
    form = _FORM.search(code)
    if form is None:
        return -1
    start = form.end()
    if form.group(1).upper() == "CONSTRUCT" and code[start:].lstrip().startswith("{"):
        template = code.index("{", start)
        start = _matching_braces(code).get(template, len(code)) + 1
    return _first_brace_outside_parentheses(code, start)


def outer_where_end(code: str) -> int:
    """Index of the `}` that closes the outer WHERE clause of `code` (-1 if there is none);
    what follows it are the solution modifiers (GROUP BY ... OFFSET) and a trailing VALUES."""
    return _matching_braces(code).get(outer_where_brace(code), -1)


def is_short_construct(code: str) -> bool:
    """Whether `code` is the short form CONSTRUCT WHERE { ... }, whose WHERE holds a template
    (triples only), so no VALUES block."""
    form = _FORM.search(code)
    return bool(
        form and form.group(1).upper() == "CONSTRUCT" and _WHERE_NEXT.match(code, form.end())
    )


def subquery_braces(code: str, names: Iterable[str]) -> dict[int, list[str]]:
    """The subqueries that may take the VALUES block too: the index of the `{` opening each
    one's WHERE, with the parameter names that may go there (see the module's doc)."""
    closing = _matching_braces(code)
    found: dict[int, list[str]] = {}

    def pushable(group: int, names: set[str]) -> tuple[int, set[str]]:
        """The `{` of the WHERE of the subquery in `group`, and which of `names` may go in."""
        where = _subquery_where(code, group)
        if (
            where not in closing
            or _LIMIT_OFFSET.search(code[closing[where] : closing[group]])
            or _SELECT.match(code, where + 1)  # WHERE { SELECT ... }: no room for a block
        ):
            return where, set()
        projected = names & _projected(code[group + 1 : where])
        return where, {name for name in projected if bound_in_every_row(where, name)}

    def bound_in_every_row(where: int, name: str) -> bool:
        """Whether every solution of the WHERE group binds ?name: a triple pattern directly in
        the group, or a joined subquery that may take the block, has it, and it occurs
        nowhere else but in such subqueries. (Bound only by an OPTIONAL, the block would turn
        a mismatch into a match.)"""
        body = code[where + 1 : closing[where]]
        if re.search(r"(?<!\w)UNDEF(?!\w)", body, re.IGNORECASE):
            return False
        nested = [(child, closing[child]) for child in _child_groups(code, where, closing)]
        bound = False
        for occurrence in re.finditer(rf"[?$]{name}(?!{_NAME_CHAR})", body):
            at = where + 1 + occurrence.start()
            inside = next((c for c, end in nested if c < at < end), None)
            if inside is None:
                before = code[where + 1 : at]
                if before.count("(") != before.count(")"):
                    return False  # in a FILTER, a BIND or another expression
            elif not (
                _kind(code, inside) == "join"
                and _SELECT.match(code, inside + 1)
                and pushable(inside, {name})[1]
            ):
                return False
            bound = True  # by a triple pattern, or a joined subquery that binds it in every row
        return bound

    def visit(group: int, names: set[str], block_on_top: bool) -> None:
        for child in _child_groups(code, group, closing):
            kind = _kind(code, child)
            if kind == "other" or (kind == "optional" and not block_on_top):
                continue
            if not _SELECT.match(code, child + 1):
                visit(child, names, block_on_top=False)
                continue
            where, pushed = pushable(child, names)
            if pushed:
                found[where] = sorted(pushed)
                visit(where, pushed, block_on_top=True)

    outer = outer_where_brace(code)
    if outer in closing:
        visit(outer, set(names), block_on_top=True)
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
    """The `{` opening the WHERE of the subquery whose group opens at `group`."""
    return _first_brace_outside_parentheses(code, group + 1)


def _first_brace_outside_parentheses(code: str, start: int) -> int:
    """The first `{` from `start` on that is not inside parentheses, -1 if a `}` comes first."""
    depth = 0
    for i in range(start, len(code)):
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
    return set(re.findall(rf"[?$]({_NAME_CHAR}+)", select_clause))

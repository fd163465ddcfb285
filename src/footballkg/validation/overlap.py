"""Interval overlap without pairwise joins: one query of the intervals, then sort-and-sweep.

The head-coach overlap constraints compare every head-coach tenure of a person (or a team)
with every other one. As SPARQL that is a self-join, quadratic in the size of each group:
seconds at a league's scale. Instead:

1. one query fetches, for every tenure whose role counts as head coach, its person (or team)
   and every date it states;
2. each tenure gets a hull: the earliest and latest day any of its dates allows, widened to
   open ends where a start or an end is missing (an ongoing or unknown end reaches "today"
   in the shapes, and the hull reaches further);
3. per person (or team), tenures sorted by the hull's first day are swept: only pairs whose
   hulls overlap are kept, which is few (successive tenures only touch);
4. the shape's own SPARQL runs once, restricted to those pairs by a VALUES block, so the
   messages and all details stay exactly those of the shape.

Pairs whose hulls do not overlap can never overlap, certainly or possibly, under the
project's half-open intervals [start, end): every bound the shapes derive lies in the hull.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable

from rdflib import URIRef
from rdflib.term import Node

from footballkg.rdf.namespaces import FKG
from footballkg.validation.terms import Row, Store

# The properties two overlapping tenures may share: the same person, the same team.
GROUPS = (str(FKG.person), str(FKG.team))

_STARTS = ("startDate", "startNotBefore", "startNotAfter")
_ENDS = ("endDate", "endNotBefore", "endNotAfter")
_EARLIEST = ""  # sorts before every day
_LATEST = "\uffff"  # sorts after every day

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")


def _first_day(text: str) -> str | None:
    """The first day a date value (day, month or year) allows, as YYYY-MM-DD."""
    if m := _DAY.fullmatch(text):
        return m.group()
    if m := _MONTH.fullmatch(text):
        return f"{m.group()}-01"
    if m := _YEAR.fullmatch(text):
        return f"{m.group()}-01-01"
    return None


def _last_day(text: str) -> str | None:
    """A day after or on the last day a date value allows (the 31st for any month)."""
    if m := _DAY.fullmatch(text):
        return m.group()
    if m := _MONTH.fullmatch(text):
        return f"{m.group()}-31"
    if m := _YEAR.fullmatch(text):
        return f"{m.group()}-12-31"
    return None


def hull(dates: dict[str, list[str]]) -> tuple[str, str]:
    """The earliest and latest day a tenure's dates allow, open where they leave it open."""
    values = [v for vs in dates.values() for v in vs]
    firsts = [_first_day(v) for v in values]
    lasts = [_last_day(v) for v in values]
    lo = min((f for f in firsts if f is not None), default=_EARLIEST)
    hi = max((x for x in lasts if x is not None), default=_LATEST)
    if None in firsts or not (dates.get("startDate") or dates.get("startNotBefore")):
        lo = _EARLIEST
    if None in lasts or not (dates.get("startDate") or dates.get("startNotAfter")):
        hi = _LATEST
    if not (dates.get("endDate") or dates.get("endNotAfter")):
        hi = _LATEST  # ongoing, unknown or open end
    return lo, hi


def sweep(items: list[tuple[str, str, str]]) -> Iterable[tuple[str, str]]:
    """Pairs of (lo, hi, key) items whose half-open [lo, hi) hulls intersect, both orders."""
    items.sort()
    for i, (lo, hi, key) in enumerate(items):
        for lo2, hi2, key2 in items[i + 1 :]:
            if lo2 >= hi:
                break
            if lo < hi2 and key != key2:
                yield key, key2
                yield key2, key


def candidate_pairs(
    store: Store, groups: Iterable[str], only: Collection[Node] | None = None
) -> dict[str, list[tuple[str, str]]] | None:
    """For each property in `groups` (person, team): the (tenure, other tenure) IRI pairs of
    head-coach tenures sharing its value whose hulls meet.

    One query serves every group: the dates and hulls are the same whichever is shared.
    None when a head-coach tenure is a blank node, which a VALUES block cannot name: the
    constraints then run as written. With `only` (IRIs), the pairs whose first tenure is one
    of them: the tenures read are those sharing a value with them, not every one.
    """
    groups = list(groups)
    names = {URIRef(FKG[p]): p for p in (*_STARTS, *_ENDS)}
    shared = " ".join(f"OPTIONAL {{ ?t <{g}> ?g{n} }}" for n, g in enumerate(groups))
    head = f"?t <{FKG.role}> ?role . ?role <{FKG.countsAsHeadCoach}> true ."
    columns = " ".join(f"?g{n}" for n in range(len(groups)))
    if only is None:
        query = f"""
            SELECT ?t {columns} ?p ?o WHERE {{
                {head}
                {shared}
                OPTIONAL {{ VALUES ?p {{ {" ".join(f"<{p}>" for p in names)} }} ?t ?p ?o }}
            }}"""
        rows = store.select(query).rows
    else:
        near = _rows_near(store, groups, only, head, shared, columns, names)
        if near is None:
            return None
        rows = near
    dates: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    members: list[dict[object, set[str]]] = [defaultdict(set) for _ in groups]
    for row in rows:
        tenure = row["t"]
        if not isinstance(tenure, URIRef):
            return None
        t = str(tenure)
        for n, by_value in enumerate(members):
            value = row.get(f"g{n}")
            if value is not None:
                by_value[value].add(t)
        stated = dates[t]
        p, o = row.get("p"), row.get("o")
        if p is not None and o is not None:
            days = stated[names[p]]  # type: ignore[index]
            if str(o) not in days:
                days.append(str(o))
    hulls = {t: hull(d) for t, d in dates.items()}
    first = {str(n) for n in only} if only is not None else None
    found: dict[str, list[tuple[str, str]]] = {}
    for group, by_value in zip(groups, members, strict=True):
        pairs: set[tuple[str, str]] = set()
        for tenures in by_value.values():
            if len(tenures) > 1:
                pairs.update(sweep([(*hulls[t], t) for t in tenures]))
        # A focus tenure's groups are complete (every tenure sharing its values was read).
        found[group] = sorted(p for p in pairs if first is None or p[0] in first)
    return found


def _rows_near(
    store: Store,
    groups: list[str],
    only: Collection[Node],
    head: str,
    shared: str,
    columns: str,
    names: dict[URIRef, str],
) -> list[Row] | None:
    """The rows `candidate_pairs` reads, for the head-coach tenures sharing a group's value
    with a head-coach tenure among `only` (None when one is a blank node). The tenures are
    found first and given as VALUES blocks, and each date property is read by a query of its
    own: as a sub-select or an OPTIONAL with a variable predicate, Oxigraph would read every
    head-coach tenure or every date of the graph before joining them."""
    focus = " ".join(f"<{n}>" for n in sorted(only, key=str) if isinstance(n, URIRef))
    shares = " UNION ".join(f"{{ ?f <{g}> ?v . ?t <{g}> ?v }}" for g in groups)
    sharing = (
        f"SELECT DISTINCT ?t WHERE {{ VALUES ?f {{ {focus} }}"
        f" ?f <{FKG.role}> ?r . ?r <{FKG.countsAsHeadCoach}> true . {shares}"
        f" ?t <{FKG.role}> ?tr . ?tr <{FKG.countsAsHeadCoach}> true }}"
    )
    sharers = [row["t"] for row in store.select(sharing).rows]
    if not all(isinstance(t, URIRef) for t in sharers):
        return None
    near = "VALUES ?t { " + " ".join(f"<{t}>" for t in sharers) + " }"
    rows = store.select(f"SELECT ?t {columns} WHERE {{ {near} {head} {shared} }}").rows
    for predicate in names:
        query = f"SELECT ?t ?o WHERE {{ {near} ?t <{predicate}> ?o }}"
        rows += [{**row, "p": predicate} for row in store.select(query).rows]
    return rows


# The first triple pattern with $this as subject: the VALUES block goes just before it, in
# the same group, so the engine starts from the pairs instead of joining them in at the end.
_FIRST_THIS = re.compile(r"[$?]this\s+(?:rdf:type|a)\b")


def restricted(select: str, pairs: list[tuple[str, str]]) -> str:
    """The overlap validator's query with ($this, ?other) limited to `pairs` by a VALUES
    block."""
    first = _FIRST_THIS.search(select)
    if first is None:
        raise ValueError("no triple pattern on $this")
    rows = " ".join(f"(<{a}> <{b}>)" for a, b in pairs)
    block = f"VALUES ($this ?other) {{ {rows} }}\n"
    return select[: first.start()] + block + select[first.start() :]

"""The names in the cache, kept as text, so that a search for part of a name reads a file
instead of lowercasing every label of the store.

A saved query whose header says `names_contain: {param: text, of: resource}` promises that each
of its rows has a ?resource with a name (one of `NAME_PREDICATES`) that contains the parameter
`text`, ignoring case, as `FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?text))))` tests it. On
a large store that filter lowercases every name for every search (28 s at a million tenures).
With the cache, `candidates` finds the resources whose names contain the text in these files
and the query runs with ?resource limited to them, so its own filter still decides every row:
the index may hold too many candidates, never too few, and the answer is the same.

`names/` in the cache folder holds a file per data file's content, named by its SHA-256: one
line per name, its lowercased form (as the store's LCASE writes it), a tab and the resource (or
`_:` for a blank node, which a VALUES block cannot name). A file's names depend on its content
alone, so a file whose hash is unchanged keeps its names file, and a names file is complete or
absent (written aside and renamed). Where a file's names file is missing, there is no index and
the query runs unnarrowed.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Identifier

if TYPE_CHECKING:
    from footballkg.queries.catalogue import SavedQuery

NAMES = "names"
NAME_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://w3id.org/footballkg/ontology#nickname",
)
BLANK = "_:"
TOGETHER = "all"  # the names files the cache holds, in one (`_all_names`)
# Past this many resources a VALUES block would not narrow much: the query runs unnarrowed.
MAX_CANDIDATES = 10_000
# A name's tab, newline, return and backslash are written escaped, so a line stays one line;
# a search text holding one of them is not looked up (the query runs unnarrowed).
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_UNSEARCHABLE = frozenset("\\\t\n\r")
_ESCAPED = re.compile(r"[\\\t\n\r]")


def names_folder(cache_folder: Path) -> Path:
    return cache_folder / NAMES


def write_names(store: ox.Store, folder: Path, digests: Mapping[ox.NamedNode, str]) -> None:
    """Write the names of each graph of `store` named in `digests` (graph -> its file's
    SHA-256) to its names file, an empty one for a graph without names."""
    lines: dict[ox.NamedNode, set[str]] = {graph: set() for graph in digests}
    found: list[tuple[set[str], str, str]] = []  # (graph's lines, resource, name)
    for predicate in NAME_PREDICATES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            names = lines.get(quad.graph_name)  # type: ignore[arg-type]
            name = quad.object
            if names is None or not isinstance(name, ox.Literal | ox.NamedNode):
                continue  # STR() of a blank node fails: no name
            subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else BLANK
            found.append((names, subject, name.value))
    lowered = _lowercased([name for _, _, name in found])
    for (names, subject, _), lowercased in zip(found, lowered, strict=True):
        if _ESCAPED.search(lowercased):
            lowercased = lowercased.translate(_ESCAPES)
        names.add(f"{lowercased}\t{subject}\n")
    folder.mkdir(parents=True, exist_ok=True)
    for graph, written in lines.items():
        path = folder / digests[graph]
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text("".join(sorted(written)), encoding="utf-8")
        temporary.replace(path)


def _lowercased(names: list[str]) -> list[str]:
    """Each name as LCASE writes it: ASCII ones by Python (the same by definition), the others
    by Oxigraph itself, as Unicode versions may differ between Python and Oxigraph (so the
    index holds, and is searched for, what the query's filter compares)."""
    others = sorted({name for name in names if not name.isascii()})
    store = ox.Store()
    subject, predicate = ox.NamedNode("urn:footballkg:name"), ox.NamedNode("urn:footballkg:n")
    store.extend(
        ox.Quad(ox.NamedNode(f"{subject.value}:{n}"), predicate, ox.Literal(name))
        for n, name in enumerate(others)
    )
    answer = store.query("SELECT ?s (LCASE(?name) AS ?lowercased) WHERE { ?s ?p ?name }")
    assert isinstance(answer, ox.QuerySolutions)
    lowered = {others[int(s.value.rsplit(":", 1)[1])]: low.value for s, low in answer}
    return [name.lower() if name.isascii() else lowered[name] for name in names]


def keep_only(folder: Path, digests: Iterable[str]) -> None:
    """Remove the names files of contents no longer cached (and any left half-written)."""
    wanted = {*digests, TOGETHER}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name not in wanted:
            # Failing that (already gone), an unlisted file is never read anyway.
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def candidates(folder: Path, digests: Iterable[str], lowercased: str) -> list[str] | None:
    """The IRIs of the resources with a name containing `lowercased` (a search text as LCASE
    writes it), sorted; None when the index cannot answer (a names file is missing, the text
    holds an escaped character, a blank node matches, or more than MAX_CANDIDATES match)."""
    if not lowercased or _UNSEARCHABLE & set(lowercased):
        return None
    together = _all_names(folder, sorted(set(digests)))
    if together is None:
        return None
    with together.open("rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return []
        # Mapped, not read: a league's names are a few hundred MB, of which a search
        # touches the pages the operating system already holds.
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as text:
            found = _resources_named(text, lowercased.encode("utf-8"))
    if found is None or BLANK.encode() in found:
        return None
    return sorted(iri.decode("utf-8") for iri in found)


def _resources_named(text: mmap.mmap, needle: bytes) -> set[bytes] | None:
    """The resources of the lines whose name holds `needle` (bytes: a UTF-8 text holds
    another as bytes exactly where it holds it as characters); None past MAX_CANDIDATES."""
    found: set[bytes] = set()
    at = text.find(needle, text.find(b"\n") + 1)  # after the first line, which names the files
    while at >= 0:
        start = text.rfind(b"\n", 0, at) + 1
        tab = text.find(b"\t", start)
        end = text.find(b"\n", tab)
        if at < tab:  # in the name, not in the resource after it
            found.add(text[tab + 1 : end])
            if len(found) > MAX_CANDIDATES:
                return None
        at = text.find(needle, end)
    return found


def _all_names(folder: Path, digests: list[str]) -> Path | None:
    """The file holding the names files of `digests` as one, after a first line that names
    them (None if one is missing): one file reads faster than thousands."""
    together = folder / TOGETHER
    key = hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest().encode("ascii") + b"\n"
    with contextlib.suppress(OSError), together.open("rb") as file:  # none yet: made below
        if file.read(len(key)) == key:
            return together
    temporary = together.with_name(f"{TOGETHER}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(key)
            for digest in digests:
                out.write((folder / digest).read_bytes())
        temporary.replace(together)
    except OSError:
        temporary.unlink(missing_ok=True)
        return None
    return together


def narrowing(
    folder: Path,
    digests: Iterable[str],
    query: SavedQuery,
    bindings: Mapping[str, Identifier],
) -> dict[str, list[Identifier]]:
    """The values a query promising `names_contain` may limit its variable to ({} for none)."""
    promise = query.names_contain
    if promise is None or promise.param not in bindings:
        return {}
    # STR() of the parameter, lowercased as the query's LCASE does it.
    text = _lowercased([str(bindings[promise.param])])[0]
    found = candidates(folder, digests, text)
    return {} if found is None else {promise.of: [URIRef(iri) for iri in found]}

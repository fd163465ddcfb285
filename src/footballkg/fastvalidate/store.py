"""Load RDF files (or an rdflib graph) into an in-memory Oxigraph store.

Files are loaded by Oxigraph's own parsers, never through rdflib: at a million tenures
that is the difference between seconds and minutes. The literal check of the rdflib path
(`footballkg.lexical`) runs on the distinct typed literals only, which are few (a date
appears on many tenures), so it costs little at any size.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from footballkg.errors import InputError
from footballkg.fastvalidate.progress import Progress
from footballkg.fastvalidate.terms import solutions
from footballkg.lexical import lexical_error
from footballkg.project import RDF_EXTENSIONS, display_path
from footballkg.terms import to_oxigraph as to_ox

_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

_TYPED_LITERALS = """
SELECT DISTINCT ?o WHERE {
  ?s ?p ?o .
  FILTER(isLiteral(?o) && LANG(?o) = "" && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#string>)
}
"""


def load_store(files: Iterable[Path], progress: Progress | None = None) -> ox.Store:
    """Bulk-load `files` into one store (named graphs merged into the default graph).

    Raises InputError with file, line and column for a syntax error, and names the literals
    whose lexical form does not fit their datatype.
    """
    store = ox.Store()
    paths = list(files)
    for n, path in enumerate(paths, 1):
        if progress:
            progress.update(f"loading {n}/{len(paths)} {display_path(path)}")
        try:
            syntax = RDF_EXTENSIONS[path.suffix.lower()]
        except KeyError:
            raise InputError(
                f"{display_path(path)}: cannot tell its RDF syntax from the file name."
            ) from None
        try:
            # Store.load, not bulk_load: into an in-memory store it is about twice as fast.
            store.load(path=str(path), format=_FORMATS[syntax], to_graph=ox.DefaultGraph())
        except SyntaxError as error:
            where = f":{error.lineno}" if error.lineno else ""
            raise InputError(f"{display_path(path)}{where}: {error.msg}") from None
        except OSError as error:
            raise InputError(f"{display_path(path)}: cannot read the file ({error}).") from None
    check_literals(store)
    return store


def check_literals(store: ox.Store) -> None:
    problems = []
    for row in solutions(store, _TYPED_LITERALS):
        literal = row["o"]
        problem = lexical_error(literal.value, literal.datatype.value)
        if problem is not None:
            problems.append(problem)
    if problems:
        shown = "\n  ".join(sorted(problems)[:20])
        raise InputError(f"{len(problems)} literals do not fit their datatype:\n  {shown}")


def store_from_graph(graph: Graph) -> ox.Store:
    """An Oxigraph copy of an rdflib graph; blank nodes keep their identifiers."""
    store = ox.Store()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
    return store

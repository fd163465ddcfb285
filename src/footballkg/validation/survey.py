"""What the data files hold besides their statements' shape, read on the second core while the
first loads the store: every typed literal (with the first file that writes it), every
predicate and every class (object of rdf:type) of their default graph.

Loading a store keeps one core busy and cannot be split (Oxigraph writes into one store in one
transaction at a time). The checks that follow it (which literals do not fit their datatype,
which ontology terms are misspelt) would each read the whole store again; parsing the files a
second time in a process of its own costs more CPU but no wall time when a core is free, and
the store is then only asked about what the files turned out to hold. When no core is free,
or the process cannot run, the caller asks the store instead (`Survey.start` gives None).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_BYTE_ORDER_MARK = b"\xef\xbb\xbf"
# Below this much RDF (about 16,000 tenures) the store answers the checks in a fraction of a
# second, less than starting a process costs where processes are spawned.
WORTH_A_PROCESS = 8_000_000


@dataclass
class Found:
    """What the files hold, as plain strings (sent between processes)."""

    # (lexical form, datatype IRI, index of the first file writing it) of each distinct
    # literal with a datatype other than xsd:string, in the order they are first written
    literals: list[tuple[str, str, int]] = field(default_factory=list)
    predicates: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)  # IRIs that are objects of rdf:type


def read_files(paths: list[str], media_types: list[str]) -> Found:
    """Parse `paths` (as `Store.load` does, into the default graph) and list what they hold."""
    first: dict[ox.Literal, int] = {}
    predicates: set[ox.NamedNode] = set()
    classes: set[object] = set()
    literal, default = ox.Literal, ox.DefaultGraph()
    for n, (path, media_type) in enumerate(zip(paths, media_types, strict=True)):
        data = Path(path).read_bytes().removeprefix(_BYTE_ORDER_MARK)
        syntax = ox.RdfFormat.from_media_type(media_type)
        assert syntax is not None  # the media type of one of Oxigraph's formats
        named_graphs = syntax.supports_datasets  # only then can a statement be outside
        for _, predicate, term, graph in ox.parse(data, format=syntax):
            if named_graphs and graph != default:  # not loaded with the rest
                continue
            predicates.add(predicate)
            if type(term) is literal:
                if term not in first and term.language is None and term.datatype != _XSD_STRING:
                    first[term] = n
            elif predicate == _RDF_TYPE:
                classes.add(term)
    return Found(
        [(term.value, term.datatype.value, n) for term, n in first.items()],
        {p.value for p in predicates},
        {c.value for c in classes if isinstance(c, ox.NamedNode)},
    )


def core_free() -> bool:
    """Whether a second core is likely idle: the survey costs more CPU than the queries it
    saves (1.6 s against 1.0 s at 100,000 tenures), so on a machine whose cores are all busy
    it only adds work (measured: 1.2 s more at load average 4.6 on 2 cores)."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))  # the cores this process may run on
    else:
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    # The load average of the last minute, this command's own earlier runs included.
    return not hasattr(os, "getloadavg") or os.getloadavg()[0] < cores - 0.5


def _read_and_send(connection: Connection, paths: list[str], media_types: list[str]) -> None:
    try:
        found: Found | None = read_files(paths, media_types)
    except BaseException:  # the parent asks the store instead (and reports a bad file itself)
        found = None
    connection.send(found)
    connection.close()


class Survey:
    """`read_files` running in a process of its own; `result()` waits for it."""

    def __init__(self, paths: list[Path], formats: list[ox.RdfFormat]) -> None:
        # fork starts at once and imports nothing again; spawn is for platforms without it
        # (or a process that already runs threads, which fork must not copy).
        methods = multiprocessing.get_all_start_methods()
        alone = threading.active_count() == 1
        context = (
            multiprocessing.get_context("fork")
            if "fork" in methods and alone
            else multiprocessing.get_context("spawn")
        )
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_and_send,
            args=(sender, [str(p) for p in paths], [f.media_type for f in formats]),
            daemon=True,
        )
        self._process.start()
        sender.close()

    @classmethod
    def start(cls, paths: list[Path], formats: list[ox.RdfFormat]) -> Survey | None:
        """A survey of `paths` under way, or None for small data, when no core is free, or
        when processes cannot be started."""
        if sum(path.stat().st_size for path in paths) < WORTH_A_PROCESS or not core_free():
            return None
        try:
            return cls(paths, formats)
        except OSError:
            return None

    def result(self) -> Found | None:
        """What the files hold, or None if the process failed."""
        try:
            found: Found | None = self._receiver.recv()
        except (EOFError, OSError):
            found = None
        self._process.join()
        return found

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()

    def __enter__(self) -> Survey:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

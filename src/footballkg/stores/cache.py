"""The loaded graph kept on disk between runs, so that a run reloads only the files that changed.

A project in git changes a few files per pull request; parsing and indexing every file on every
run is most of a command's time on large data. The cache folder (`.footballkg-cache/` at the
project root, which git should ignore; `FOOTBALLKG_CACHE_DIR` names another, and
`FOOTBALLKG_NO_CACHE=1` turns the cache off) holds

    store/          an on-disk Oxigraph store, each data file in a named graph of its own
                    (`file_graph`), read as one graph by queries (`LoadedStore.query`);
    manifest.json   the cache format, the versions of footballkg and Oxigraph, and for each
                    file its SHA-256, its graph, its ill-typed literals and the literals the
                    store keeps in another form than written;
    names/          each file's names as text, by its SHA-256, for searches (`name_index`).

A run hashes the files, reloads those whose hash changed (drop the graph, load the file), loads
new ones and drops the graphs of files no longer given. A manifest that is missing, unreadable,
of another format or version, or that disagrees with the graphs in the store is not trusted:
what it cannot vouch for is reloaded. A file leaves the manifest before its graph is touched and
comes back only once loaded, so an interrupted run leaves nothing to trust wrongly. A run that
changes nothing the manifest says (no file reloaded or dropped, no size or time refreshed)
leaves it as it is.

When the cache cannot be used (a folder that cannot be written, or a store another process has
open: RocksDB allows one process at a time) the run loads into memory and says so once on
stderr. Literals that do not fit their datatype (`footballkg.rdf.lexical`) are refused, or kept and
listed for validation; as the manifest lists each file's, a warm run refuses or lists exactly
what a cold one would.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from footballkg import __version__
from footballkg.errors import InputError
from footballkg.project import Project, display_path, resolved
from footballkg.rdf.lexical import lexical_error
from footballkg.rdf.load import oxigraph_format
from footballkg.stores import name_index

if TYPE_CHECKING:
    from rdflib.term import Identifier

    from footballkg.queries.catalogue import SavedQuery

CACHE_DIR_NAME = ".footballkg-cache"
CACHE_DIR_ENV = "FOOTBALLKG_CACHE_DIR"
NO_CACHE_ENV = "FOOTBALLKG_NO_CACHE"  # set (to anything but "" or "0"): load into memory
CACHE_ENV = "FOOTBALLKG_CACHE"  # set: build the cache when there is none (as --cache does)
CACHE_FORMAT = 2  # 2: names files (name_index)
GRAPH_PREFIX = "urn:footballkg:file:"
MANIFEST = "manifest.json"
STORE = "store"
# Files load on two threads: Oxigraph parses and indexes without holding Python's lock.
LOAD_THREADS = 2
# Above this many quads to write, RocksDB's bulk loader; below, one transaction (a chosen
# threshold, not a tuned one: a club file of a few thousand quads is far below it).
BULK_QUADS = 100_000

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Progress = Callable[[str], None]


@dataclass
class LoadedStore:
    """An Oxigraph store holding the given files, each in its graph, and what this run changed."""

    store: ox.Store
    graphs: dict[Path, ox.NamedNode]  # each file's graph
    added: list[Path] = field(default_factory=list)  # loaded this run, not in the cache before
    changed: list[Path] = field(default_factory=list)  # reloaded: their content changed
    removed: list[str] = field(default_factory=list)  # cached files no longer given (their keys)
    on_disk: bool = False  # False: an in-memory store, nothing kept for the next run
    # Literals whose lexical form does not fit their datatype, each with the first file it is
    # in (only with keep_ill_typed; otherwise open_store refuses them).
    ill_typed: dict[ox.Literal, Path] = field(default_factory=dict)
    # Literals as written that the store keeps in another (canonical) form, e.g.
    # "600000.0"^^xsd:decimal stored as "600000", each with the first file it is in.
    rewritten: dict[ox.Literal, Path] = field(default_factory=dict)
    # File key -> SHA-256 for each file the cache held before this run (an incremental
    # validation trusts its stored results only for exactly that data).
    before: dict[str, str] = field(default_factory=dict)
    # Graph -> its quads before this run, for the files changed or removed (with keep_previous).
    previous: dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]] = field(default_factory=dict)
    # The cache's names files (`name_index`) and the digests of the files' contents.
    names: Path | None = None
    digests: tuple[str, ...] = ()
    # With keep_in_memory, when every file was loaded this run: the same graphs in memory,
    # where a whole validation runs several times faster than on disk.
    in_memory: ox.Store | None = None

    def query(self, text: str, **options: Any) -> Any:
        """Run SPARQL on all the files' graphs as one (the default graph is their union)."""
        return self.store.query(text, use_default_graph_as_union=True, **options)

    def narrowing(
        self, query: SavedQuery, bindings: Mapping[str, Identifier]
    ) -> dict[str, list[Identifier]]:
        """Values the query's variables may be limited to, from the name index ({}: none)."""
        if self.names is None:
            return {}
        return name_index.narrowing(self.names, self.digests, query, bindings)

    def __len__(self) -> int:
        return len(self.store)


@dataclass(frozen=True)
class FileEntry:
    """What the manifest keeps of a loaded file besides its graph."""

    sha256: str
    ill_typed: tuple[ox.Literal, ...] = ()
    rewritten: tuple[ox.Literal, ...] = ()
    # The file's size and modification time when it was hashed (-1: not known).
    size: int = -1
    mtime_ns: int = -1
    hashed_ns: int = -1  # when it was hashed


# A file whose size and modification time are those the manifest recorded is not hashed
# again (reading 500 MB of a large league costs a warm run seconds), unless it was modified
# within this many nanoseconds before it was hashed: a later write in the same tick of a
# coarse clock would leave both unchanged ("racy" entries, as git calls them).
RACY_NS = 2_000_000_000


def cache_dir(project: Project) -> Path:
    """The cache folder: $FOOTBALLKG_CACHE_DIR when set, else .footballkg-cache/ in the project."""
    named = os.environ.get(CACHE_DIR_ENV)
    return Path(named).expanduser() if named else project.root / CACHE_DIR_NAME


def _set(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def use_cache(project: Project, asked: bool | None = None) -> bool:
    """Whether a run reads and updates the cache: never with `asked` False (--no-cache) or
    FOOTBALLKG_NO_CACHE; always with `asked` True (--cache) or FOOTBALLKG_CACHE; otherwise
    only when a cache exists. Building one costs a cold run time (RocksDB writes every index
    to disk), so a run that was not asked to never starts one."""
    if asked is False or _set(NO_CACHE_ENV):
        return False
    return bool(asked) or _set(CACHE_ENV) or (cache_dir(project) / MANIFEST).is_file()


def file_key(project: Project, path: Path) -> str:
    """How the manifest names `path`: relative to the project root when inside it, so the
    cache survives moving the project; absolute otherwise."""
    return _file_key(str(resolved(project.root)), str(resolved(path)))


@functools.lru_cache(maxsize=65536)  # asked for each of thousands of files several times
def _file_key(root: str, absolute: str) -> str:
    # Path.relative_to, as text: a tenth of its cost on thousands of files.
    inside = root if root.endswith(os.sep) else root + os.sep
    if os.path.normcase(absolute).startswith(os.path.normcase(inside)):
        absolute = absolute[len(inside) :]
    return absolute.replace(os.sep, "/")


def manifest_digests(project: Project) -> dict[str, str]:
    """File key -> SHA-256 of each file the cache's manifest lists (empty without one)."""
    recorded = _read_manifest(cache_dir(project))
    return {key: entry.sha256 for key, entry in (recorded or {}).items()}


@functools.lru_cache(maxsize=65536)  # asked for each of thousands of files several times a run
def file_graph(key: str) -> ox.NamedNode:
    """The named graph that holds the file the manifest calls `key`."""
    return ox.NamedNode(GRAPH_PREFIX + urllib.parse.quote(key, safe="/-._~"))


def open_store(
    project: Project,
    files: Iterable[Path],
    *,
    cache: bool = True,
    keep_ill_typed: bool = False,
    keep_previous: bool = False,
    keep_in_memory: bool = False,
    progress: Progress | None = None,
) -> LoadedStore:
    """A store holding `files`, from the cache where they have not changed.

    Raises InputError (file:line) for a syntax error or an unreadable file. Literals whose
    lexical form does not fit their datatype are refused (InputError naming them), or with
    `keep_ill_typed` kept in the store and listed in `LoadedStore.ill_typed` (validation
    reports them as results). With `keep_previous`, the quads of the changed and removed
    files as the cache held them are kept in `LoadedStore.previous`. With `keep_in_memory`, a
    run that loads every file keeps them in memory too (`LoadedStore.in_memory`).
    """
    paths = list(files)
    keys = {file_key(project, path): path for path in paths}
    wanted = cache and not _set(NO_CACHE_ENV)
    opened = _open_cache(cache_dir(project)) if wanted else None
    if opened is None:
        store = ox.Store()
        digests = {key: _stat_digest(path) for key, path in keys.items()}
        entries = _load_files(store, keys, digests, progress)
        return _finish(
            LoadedStore(store, {p: file_graph(k) for k, p in keys.items()}, added=paths),
            keys,
            entries,
            keep_ill_typed,
        )
    folder, store, recorded = opened
    digests = {key: _stat_digest(path, recorded.get(key)) for key, path in keys.items()}
    present = set(store.named_graphs())
    trusted = {k: e for k, e in recorded.items() if file_graph(k) in present}
    added = [k for k in keys if k not in trusted]
    changed = [k for k in keys if k in trusted and trusted[k].sha256 != digests[k].sha256]
    removed = sorted(k for k in trusted if k not in keys)
    kept = {
        k: _refreshed(trusted[k], digests[k])
        for k in keys
        if k in trusted and trusted[k].sha256 == digests[k].sha256
    }
    stale = present - {file_graph(k) for k in kept}
    previous = (
        {graph: list(store.quads_for_pattern(None, None, None, graph)) for graph in stale}
        if keep_previous
        else {}
    )
    on_disk = recorded  # what the manifest says now
    if stale:
        on_disk = kept
        _write_manifest(folder, kept)  # first forget, then touch the graphs
        for graph in sorted(stale, key=lambda g: g.value):
            store.remove_graph(graph)
    to_load = {k: keys[k] for k in (*added, *changed)}
    # Loaded into memory first, then written to disk at once: RocksDB's bulk loader has a large
    # cost per call (new sorted files for every index), which a call per file would multiply
    # by the number of files, and which a few changed files do not repay.
    staging = ox.Store()
    loaded = _load_files(staging, to_load, digests, progress)
    names = name_index.names_folder(folder)
    if to_load:
        name_index.write_names(staging, names, {file_graph(k): loaded[k].sha256 for k in to_load})
        if progress:
            progress(f"writing {len(to_load)} files to the cache")
        if len(staging) > BULK_QUADS:
            store.bulk_extend(staging)
        else:  # a few files: one ordinary transaction costs less than a bulk load's setup
            store.extend(staging)  # (its journal keeps it if the process dies; no flush)
        for key in to_load:
            store.add_graph(file_graph(key))  # an empty file is still a cached file
    in_memory = staging if keep_in_memory and not kept else None
    del staging
    entries = {**kept, **loaded}
    if entries != on_disk or not entries:  # rewriting what it says would cost a warm run 0.05 s
        _write_manifest(folder, entries)
    if stale or to_load:  # the names of contents no longer cached go with them
        name_index.keep_only(names, {entry.sha256 for entry in entries.values()})
    return _finish(
        LoadedStore(
            store,
            {p: file_graph(k) for k, p in keys.items()},
            added=[keys[k] for k in added],
            changed=[keys[k] for k in changed],
            removed=removed,
            on_disk=True,
            before={k: e.sha256 for k, e in trusted.items()},
            previous=previous,
            names=names,
            digests=tuple(sorted({entries[k].sha256 for k in keys})),
            in_memory=in_memory,
        ),
        keys,
        entries,
        keep_ill_typed,
    )


def _refreshed(entry: FileEntry, digest: FileEntry) -> FileEntry:
    """`entry` with the size and times of `digest`, a new hash of the same content."""
    if digest is entry:  # not hashed again: nothing to refresh
        return entry
    return dataclasses.replace(
        entry, size=digest.size, mtime_ns=digest.mtime_ns, hashed_ns=digest.hashed_ns
    )


def _finish(
    loaded: LoadedStore, keys: dict[str, Path], entries: dict[str, FileEntry], keep: bool
) -> LoadedStore:
    """`loaded` with the literals the files' entries list; refuses ill-typed ones unless `keep`.

    Cached files are checked from their entries, so a warm run refuses what a cold one would.
    """
    for key in keys:  # in the order the files were given
        for literal in entries[key].ill_typed:
            loaded.ill_typed.setdefault(literal, keys[key])
        for literal in entries[key].rewritten:
            loaded.rewritten.setdefault(literal, keys[key])
    if loaded.ill_typed and not keep:
        _refuse(loaded.ill_typed)
    return loaded


# ---------------------------------------------------------------------------- the cache folder


def _open_cache(folder: Path) -> tuple[Path, ox.Store, dict[str, FileEntry]] | None:
    """The cache's folder, store and trusted manifest entries (file key -> entry); None, with
    a note on stderr, when the cache cannot be used this run."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        _note(
            f"cannot write the cache folder {display_path(folder)} ({error.strerror or error}); "
            "loading into memory, nothing is kept for the next run."
        )
        return None
    try:
        store = ox.Store(str(folder / STORE))
    except (OSError, RuntimeError) as error:  # RocksDB reports corruption as RuntimeError
        if "lock" in str(error).lower():
            _note(
                f"the cache {display_path(folder)} is in use by another footballkg process; "
                "loading into memory this time."
            )
            return None
        # Not ours to read (corrupt, or written by an incompatible Oxigraph): start afresh.
        _note(f"the cache {display_path(folder)} cannot be read ({error}); rebuilding it.")
        shutil.rmtree(folder / STORE, ignore_errors=True)
        (folder / MANIFEST).unlink(missing_ok=True)
        try:
            store = ox.Store(str(folder / STORE))
        except (OSError, RuntimeError) as again:
            _note(f"cannot open the cache {display_path(folder)} ({again}); loading into memory.")
            return None
    recorded = _read_manifest(folder)
    if recorded is None:
        (folder / MANIFEST).unlink(missing_ok=True)
        store.clear()
        recorded = {}
    return folder, store, recorded


def _read_manifest(folder: Path) -> dict[str, FileEntry] | None:
    """File key -> entry from a manifest this version wrote; None for any other."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != CACHE_FORMAT:
        return None
    if manifest.get("footballkg") != __version__ or manifest.get("oxigraph") != ox.__version__:
        return None
    files = manifest.get("files")
    if not isinstance(files, dict):
        return None
    recorded: dict[str, FileEntry] = {}
    try:
        for key, entry in files.items():
            if entry["graph"] != file_graph(key).value or not isinstance(entry["sha256"], str):
                return None
            recorded[key] = FileEntry(
                entry["sha256"],
                tuple(_literal(pair) for pair in entry["ill_typed"]),
                tuple(_literal(pair) for pair in entry["rewritten"]),
                int(entry.get("size", -1)),
                int(entry.get("mtime_ns", -1)),
                int(entry.get("hashed_ns", -1)),
            )
    except (KeyError, TypeError, ValueError):
        return None
    return recorded


def _literal(pair: list[str]) -> ox.Literal:
    value, datatype = pair
    if not isinstance(value, str) or not isinstance(datatype, str):
        raise TypeError("a literal is two strings")
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def _write_manifest(folder: Path, entries: dict[str, FileEntry]) -> None:
    def pairs(literals: tuple[ox.Literal, ...]) -> list[list[str]]:
        return [[literal.value, literal.datatype.value] for literal in literals]

    manifest = {
        "format": CACHE_FORMAT,
        "footballkg": __version__,
        "oxigraph": ox.__version__,
        "files": {
            key: {
                "sha256": entry.sha256,
                "graph": file_graph(key).value,
                "ill_typed": pairs(entry.ill_typed),
                "rewritten": pairs(entry.rewritten),
                "size": entry.size,
                "mtime_ns": entry.mtime_ns,
                "hashed_ns": entry.hashed_ns,
            }
            for key, entry in sorted(entries.items())
        },
    }
    # Written aside and renamed: a reader sees the old manifest or the new, never half of one.
    temporary = folder / f"{MANIFEST}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    temporary.replace(folder / MANIFEST)


def _digest(path: Path) -> str:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read the file ({error}).") from None


def _stat_digest(path: Path, known: FileEntry | None = None) -> FileEntry:
    """The file's SHA-256 with its size and modification time: `known`'s digest when the
    size and time are those it recorded and the entry is not racy, else the file hashed."""
    try:
        stat = path.stat()
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read the file ({error}).") from None
    if (
        known is not None
        and known.size == stat.st_size
        and known.mtime_ns == stat.st_mtime_ns
        and known.hashed_ns - stat.st_mtime_ns > RACY_NS
    ):
        return known
    hashed_ns = time.time_ns()
    return FileEntry(
        _digest(path), size=stat.st_size, mtime_ns=stat.st_mtime_ns, hashed_ns=hashed_ns
    )


def _note(text: str) -> None:
    print(f"note: {text}", file=sys.stderr)


# ---------------------------------------------------------------------------- loading


def _load_files(
    store: ox.Store,
    files: dict[str, Path],
    digests: dict[str, FileEntry],
    progress: Progress | None,
) -> dict[str, FileEntry]:
    """Load each file into its graph, two at a time; each file's entry. A syntax or read
    error stops the load (InputError)."""
    items = list(files.items())
    entries: dict[str, FileEntry] = {}
    with ThreadPoolExecutor(max_workers=LOAD_THREADS) as pool:
        jobs = [pool.submit(_load_file, store, key, path) for key, path in items]
        for n, ((key, path), job) in enumerate(zip(items, jobs, strict=True), 1):
            if progress:
                progress(f"loading {n}/{len(items)} {display_path(path)}")
            ill_typed, rewritten = job.result()
            entries[key] = dataclasses.replace(
                digests[key], ill_typed=ill_typed, rewritten=rewritten
            )
    return entries


def _load_file(
    store: ox.Store, key: str, path: Path
) -> tuple[tuple[ox.Literal, ...], tuple[ox.Literal, ...]]:
    """Load `path` into its graph; its ill-typed literals and those the store rewrites, found
    by a second parse (cheap next to indexing, and it leaves the loader its own fast path)."""
    syntax = oxigraph_format(path)
    graph = file_graph(key)
    try:
        if syntax.supports_datasets:  # a file's own graphs all go to the file's graph
            store.extend(
                ox.Quad(q.subject, q.predicate, q.object, graph)
                for q in ox.parse(path=str(path), format=syntax)
            )
        else:
            store.load(path=str(path), format=syntax, to_graph=graph)
        store.add_graph(graph)  # an empty file is still a cached file
        literals: set[ox.Literal] = set()
        for quad in ox.parse(path=str(path), format=syntax):
            term = quad.object
            if type(term) is ox.Literal and term.language is None:
                literals.add(term)
    except SyntaxError as error:
        where = f":{error.lineno}" if error.lineno else ""
        raise InputError(f"{display_path(path)}{where}: {error.msg}") from None
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read the file ({error}).") from None
    typed = sorted((t for t in literals if t.datatype.value != _XSD_STRING), key=str)
    ill_typed = tuple(t for t in typed if lexical_error(t.value, t.datatype.value) is not None)
    return ill_typed, _rewritten(typed)


def _rewritten(literals: list[ox.Literal]) -> tuple[ox.Literal, ...]:
    """Those of `literals` that a store keeps in another form than written."""
    scratch = ox.Store()
    subject, predicate = ox.NamedNode("urn:footballkg:literal"), ox.NamedNode("urn:footballkg:n")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"{subject.value}:{n}"), predicate, literal)
        for n, literal in enumerate(literals)
    )
    stored = {int(q.subject.value.rsplit(":", 1)[1]): q.object for q in scratch}
    return tuple(t for n, t in enumerate(literals) if stored[n] != t)


def _refuse(problems: dict[ox.Literal, Path]) -> None:
    lines = sorted(
        f"{display_path(path)}: {lexical_error(literal.value, literal.datatype.value)}"
        for literal, path in problems.items()
    )
    shown = "\n  ".join(lines[:20])
    raise InputError(f"{len(lines)} literals do not fit their datatype:\n  {shown}")

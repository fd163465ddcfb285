"""SHACL validation: ONE engine, each constraint evaluated once for all focus nodes as SPARQL
on a `Store` (an in-memory Oxigraph store).

    data = load_for_validation(files)
    report = validate_store(data.store, shapes, ill_typed=..., as_written=data.as_written)

pyshacl checks only what the engine does not evaluate (`fallback.py`, imported then).
"""

from footballkg.progress import Progress
from footballkg.validation.engine import validate_store
from footballkg.validation.store import load_for_validation, load_store, store_from_graph
from footballkg.validation.terms import OxigraphStore, Solutions, Store

__all__ = [
    "OxigraphStore",
    "Progress",
    "Solutions",
    "Store",
    "load_for_validation",
    "load_store",
    "store_from_graph",
    "validate_store",
]

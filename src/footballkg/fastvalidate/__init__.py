"""Fast SHACL validation for large graphs: Oxigraph store, one query per constraint.

    store = load_store(files)
    report = validate_store(store, shapes)

gives the same `ValidationReport` as `footballkg.validate.validate` (pyshacl), in a
fraction of the time on large data. See `engine.py` for how, and `tests/test_fastvalidate.py`
for the proof that both engines agree.
"""

from footballkg.fastvalidate.engine import validate_store
from footballkg.fastvalidate.progress import Progress
from footballkg.fastvalidate.store import load_store, store_from_graph

__all__ = ["Progress", "load_store", "store_from_graph", "validate_store"]

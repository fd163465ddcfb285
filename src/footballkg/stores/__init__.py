"""Where the graph is kept while a command runs: Oxigraph stores, cached on disk or in memory."""

from footballkg.stores.cache import (
    CACHE_DIR_ENV,
    CACHE_DIR_NAME,
    CACHE_ENV,
    NO_CACHE_ENV,
    LoadedStore,
    cache_dir,
    file_graph,
    open_store,
    use_cache,
)

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_DIR_NAME",
    "CACHE_ENV",
    "NO_CACHE_ENV",
    "LoadedStore",
    "cache_dir",
    "file_graph",
    "open_store",
    "use_cache",
]

"""One page of a query's rows: `--limit N --offset M` gives rows [M, M+N) of the whole answer.

The page is asked of the store (LIMIT and OFFSET after the query's ORDER BY), so that a store
that can stop early does, and one row more than the page is asked for, so that the caller can
say whether more rows follow instead of cutting the answer short silently. Where the query's
own solution modifiers leave no room (it has a LIMIT or an OFFSET of its own, or a VALUES
block after them), the whole answer is fetched and sliced here: the same rows, only slower.
Either way a page is exact only as far as the query's ORDER BY orders every row, which each
saved query does (its last sort key names the row).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from footballkg.queries.catalogue import SavedQuery
from footballkg.queries.results import QueryResult
from footballkg.queries.sparql_text import code_only, outer_where_end

# The largest --limit and --offset: far beyond any answer, and within what every store parses
# (rdflib takes at most sys.maxsize, some servers a 32-bit integer).
MAX_ROWS = 1_000_000_000

# What may follow the outer WHERE group and leaves no room for LIMIT/OFFSET at the end.
_NO_ROOM = re.compile(r"(?<![\w?$:])(LIMIT|OFFSET|VALUES)(?![\w:])", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """Rows [offset, offset + limit) of an answer; limit None: every row from offset on."""

    limit: int | None = None
    offset: int = 0

    @property
    def whole(self) -> bool:
        """Whether this page is the whole answer (no paging asked for)."""
        return self.limit is None and self.offset == 0

    def query(self, query: SavedQuery) -> tuple[SavedQuery, bool]:
        """`query` asking the store for this page and one row more, and True; or `query` as it
        is and False where its own modifiers leave no room (then `rows` slices the answer)."""
        if self.whole:
            return query, False
        text = paged_text(query.text, None if self.limit is None else self.limit + 1, self.offset)
        if text is None:
            return query, False
        return dataclasses.replace(query, text=text), True

    def rows(self, result: QueryResult, paged_in_store: bool) -> tuple[QueryResult, bool]:
        """This page's rows of `result` (the answer of `query(...)`), and whether more follow."""
        rows = result.rows if paged_in_store else result.rows[self.offset :]
        if self.limit is None:
            return QueryResult(result.variables, rows), False
        more = len(rows) > self.limit
        return QueryResult(result.variables, rows[: self.limit]), more

    def next_hint(self) -> str:
        """What to add to the command line for the page after this one."""
        assert self.limit is not None
        return f"--offset {self.offset + self.limit}"


def paged_text(text: str, limit: int | None, offset: int) -> str | None:
    """`text` with `LIMIT limit OFFSET offset` after its solution modifiers; None where the
    query has a LIMIT, an OFFSET or a trailing VALUES block of its own, or no WHERE group."""
    code = code_only(text)
    end = outer_where_end(code)
    if end < 0 or _NO_ROOM.search(code, end + 1):
        return None
    modifiers = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else []
    )
    return text.rstrip() + "\n" + " ".join(modifiers) + "\n"

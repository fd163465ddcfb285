"""A one-line progress report on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._width = 0

    def update(self, text: str) -> None:
        if not self.enabled:
            return
        line = f"{time.perf_counter() - self.started:6.1f}s  {text}"
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def done(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def note(text: str) -> None:
    """A message users should see whatever the terminal (such as a fallback to pyshacl)."""
    print(f"note: {text}", file=sys.stderr)

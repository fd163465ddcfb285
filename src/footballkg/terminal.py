"""Text from data or from a server, made safe to print: nothing a terminal would interpret.

A label, a literal or a server's error page may hold escape sequences (set the window title,
clear the screen, rewrite earlier lines) or bidirectional overrides that make text read
differently from what it is. Such characters are shown as visible escapes instead.
"""

from __future__ import annotations

import re

# C0 controls (tab and line breaks included), DEL, C1 controls, and the bidirectional
# embedding, override and isolate characters.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEPING_LINES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character written as a visible `\\xNN` (or `\\uNNNN`)."""
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)


def undecodable_argument(arguments: list[str]) -> str | None:
    """The first argument holding bytes that were not UTF-8 (Python keeps them as lone
    surrogates), shown with those bytes escaped; None if all are text."""
    for argument in arguments:
        if any("\udc80" <= char <= "\udcff" for char in argument):
            raw = argument.encode("utf-8", "surrogateescape")
            return terminal_safe(raw.decode("utf-8", "backslashreplace"))
    return None

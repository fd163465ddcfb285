"""The console examples of README.md and docs/*.md, read from the Markdown so they can be run.

A ```console block holds commands (lines starting with `$ `) and, under each, the output it
must print. HTML comments between the previous block and this one prepare it:

    <!-- example: in data/people/jess-thorup.ttl replace `OLD` with `NEW` -->
        edits the temporary copy of the project first (OLD must occur exactly once);
    <!-- example: skip, REASON -->
        the block is not run (say why);
    <!-- example: file my.rq -->
        before any other fenced block: that block's text is the file my.rq, written into the
        temporary copy for every console example of the same document.

In expected output, `{days}` stands for a whole number (right-aligned like the column it is in:
the days of an ongoing tenure, which grow every day) and `{date}` for a YYYY-MM-DD day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_FENCE = re.compile(r"^(\s*)```(\S*)\s*$")  # indented blocks (in a list item) count too
_DIRECTIVE = re.compile(r"<!--\s*example:\s*(.*?)\s*-->", re.S)
_EDIT = re.compile(r"in (\S+) replace `(.+?)` with `(.*?)`$", re.S)
_PLACEHOLDER = re.compile(r" *\{(days|date)\}")
_PLACEHOLDER_PATTERNS = {"days": r" *\d+", "date": r" *\d{4}-\d{2}-\d{2}"}


@dataclass
class Edit:
    path: str
    old: str
    new: str


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Example:
    document: Path
    line: int  # the line of the opening fence, from 1
    body: str  # the block's text between the fences
    steps: list[Step]
    edits: list[Edit]
    files: dict[str, str]
    skip: str | None

    @property
    def name(self) -> str:
        return f"{self.document.relative_to(REPO_ROOT)}:{self.line}"


def documents() -> list[Path]:
    return [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]


def _steps(body: str) -> list[Step]:
    steps: list[Step] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append(Step(line[2:]))
        elif steps:
            steps[-1].expected.append(line)
        elif line.strip():
            raise ValueError(f"console block starts with output, not a command: {line!r}")
    return steps


def examples(document: Path) -> list[Example]:
    """Every console block of one Markdown document, with its set-up."""
    lines = document.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    files: dict[str, str] = {}
    pending: list[str] = []  # directive comment texts since the previous fenced block
    between: list[str] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            between.append(lines[index])
            index += 1
            continue
        pending = _DIRECTIVE.findall("\n".join(between))
        between = []
        start = index
        end = index + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        indent = len(match.group(1))
        body = "\n".join(line[indent:] for line in lines[start + 1 : end])
        language = match.group(2)
        file_names = [d.removeprefix("file ").strip() for d in pending if d.startswith("file ")]
        for name in file_names:
            files[name] = body + "\n"
        if language == "console":
            edits, skip = [], None
            for directive in pending:
                edit = _EDIT.match(directive)
                if edit:
                    edits.append(Edit(*edit.groups()))
                elif directive.startswith("skip"):
                    skip = directive.removeprefix("skip").strip(" ,:") or "no reason given"
                elif not directive.startswith("file "):
                    raise ValueError(f"{document}:{start + 1}: unknown directive {directive!r}")
            found.append(Example(document, start + 1, body, _steps(body), edits, files, skip))
        index = end + 1
    return found


def expected_pattern(lines: list[str]) -> re.Pattern[str]:
    """A regular expression for the expected output, placeholders included."""
    text = "\n".join(line.rstrip() for line in lines).rstrip("\n")
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[position : match.start()]))
        parts.append(_PLACEHOLDER_PATTERNS[match.group(1)])
        position = match.end()
    parts.append(re.escape(text[position:]))
    return re.compile("".join(parts))


def normalised(output: str) -> str:
    return "\n".join(line.rstrip() for line in output.splitlines()).rstrip("\n")


def updated_lines(expected: list[str], actual: str) -> list[str]:
    """The actual output, keeping each expected line (and its placeholders) that still matches."""
    new = normalised(actual).splitlines()
    kept = []
    for number, line in enumerate(new):
        old = expected[number] if number < len(expected) else None
        keep = old is not None and expected_pattern([old]).fullmatch(line.rstrip())
        kept.append(old.rstrip() if keep and old is not None else line)
    return kept

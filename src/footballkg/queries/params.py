"""Typed query parameters: turning a user's text into an RDF term, and an RDF term into SPARQL.

User text never reaches a query string as it is. `parse_value` checks it against the parameter's
type and makes an RDF term; `sparql_term` writes a term as SPARQL syntax, refusing IRIs with
characters that could end the IRI early and escaping everything in a literal that could end the
string early.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from footballkg.errors import InputError
from footballkg.rdf.namespaces import ALL_PREFIXES

PARAM_TYPES = ("iri", "date", "integer", "string", "language", "boolean")

# Characters RFC 3987 does not allow in an IRI and that would let text escape `<...>` in SPARQL.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SLUG = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9._~%-]*[A-Za-z0-9_~])?$")
_PREFIXED = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
# C0 controls other than tab, newline and carriage return have no place in a parameter value.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    """One parameter of a saved query, as its header declares it."""

    name: str
    type: str = "string"
    required: bool = False
    default: str | None = None
    example: str | None = None
    prefix: str | None = None  # for type iri: the prefix a bare slug is put under
    description: str | None = None

    def expected_form(self) -> str:
        """How a value of this parameter is written, in words, for error messages and help."""
        if self.type == "iri":
            slug = self.example or "a-slug"
            if self.prefix:
                full = ALL_PREFIXES.get(self.prefix, "https://example.org/") + slug
                return (
                    f"a slug such as {slug}, a prefixed name such as {self.prefix}:{slug} "
                    f"or a full IRI such as <{full}>"
                )
            return "a prefixed name such as team:krc-genk or a full IRI in <...>"
        return {
            "date": "a date as YYYY-MM-DD (or today)",
            "integer": "a whole number such as 3",
            "string": "any text",
            "language": "a language tag such as en or nl",
            "boolean": "true or false",
        }[self.type]


def check_variable_name(name: str) -> None:
    if not _VARIABLE.match(name):
        raise InputError(
            f'"{name}" is not a usable parameter name: use letters, digits and _ '
            "(it becomes the SPARQL variable ?" + name + ")."
        )


def check_iri(iri: str, what: str = "IRI") -> str:
    """Return `iri` if it is an absolute IRI that is safe inside `<...>`, else raise InputError."""
    bad = _IRI_FORBIDDEN.search(iri)
    if bad:
        raise InputError(
            f"{what} {iri!r} contains {bad.group()!r}, which is not allowed in an IRI "
            '(no spaces, line breaks or any of < > " { } | ^ ` \\).'
        )
    if not _IRI_SCHEME.match(iri):
        raise InputError(
            f"{what} {iri!r} is not an absolute IRI (it needs a scheme such as https:)."
        )
    try:
        ox.NamedNode(iri)  # RFC 3987 syntax, e.g. an unclosed [ of an IPv6 host
    except ValueError as error:
        raise InputError(f"{what} {iri!r} is not a valid IRI: {error}.") from None
    return iri


def parse_value(param: Param, raw: str, today: date | None = None) -> Identifier:
    """The RDF term for the text `raw` given to `param`; InputError says the expected form."""

    def wrong(reason: str = "") -> InputError:
        return _wrong(param, raw, reason)

    if param.type == "iri":
        return URIRef(_parse_iri(param, raw))
    if param.type == "date":
        text = raw.strip()
        if text == "today":
            return Literal((today or date.today()).isoformat(), datatype=XSD.date)
        if not _DATE.match(text):
            raise wrong()
        day = calendar_day(text, f'parameter "{param.name}"')
        return Literal(day.isoformat(), datatype=XSD.date)
    if param.type == "integer":
        text = raw.strip()
        if not _INTEGER.match(text):
            raise wrong()
        return Literal(str(int(text)), datatype=XSD.integer)
    if param.type == "language":
        text = raw.strip()
        if not _LANGUAGE.match(text):
            raise wrong()
        return Literal(text.lower(), datatype=XSD.language)
    if param.type == "boolean":
        text = raw.strip().lower()
        if text not in ("true", "false"):
            raise wrong()
        return Literal(text, datatype=XSD.boolean)
    # string: any text, kept exactly, except control characters that no source contains
    bad = _CONTROL.search(raw)
    if bad:
        raise wrong(f"control character U+{ord(bad.group()):04X} is not allowed")
    return Literal(raw)


def calendar_day(text: str, what: str) -> date:
    """The day `text` (YYYY-MM-DD) names; InputError telling a wrong form from a day that
    does not exist. `what` names the parameter or option in the message.

    Every date a user types (query parameters, --as-of) goes through here, so all say the same.
    """
    if not _DATE.match(text):
        got = text if len(text) <= 60 else text[:57] + "..."
        raise InputError(f"{what} must be a date as YYYY-MM-DD; got {got!r}.")
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        reason = f"there is no month {month}"
    elif year == 0:
        reason = "there is no year 0"
    else:
        try:
            return date(year, month, day)
        except ValueError:
            length = calendar.monthrange(year, month)[1]
            reason = f"{calendar.month_name[month]} {year} has {length} days"
    raise InputError(f"{what}: {text} is not a day in the calendar ({reason}).")


def _wrong(param: Param, raw: str, reason: str = "") -> InputError:
    got = raw if len(raw) <= 60 else raw[:57] + "..."
    extra = f" ({reason})" if reason else ""
    return InputError(
        f'parameter "{param.name}" must be {param.expected_form()}; got {got!r}{extra}.'
    )


def _parse_iri(param: Param, raw: str) -> str:
    text = raw.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif "://" in text or text.startswith("urn:"):
        iri = text
    elif (match := _PREFIXED.match(text)) is not None:
        prefix, local = match.groups()
        if prefix not in ALL_PREFIXES:
            known = ", ".join(sorted(ALL_PREFIXES))
            raise InputError(
                f'parameter "{param.name}": unknown prefix "{prefix}:" in {text!r}. '
                f"Known prefixes: {known}."
            )
        if not _SLUG.match(local):
            raise _wrong(param, raw)
        iri = ALL_PREFIXES[prefix] + local
    elif _SLUG.match(text) and param.prefix:
        iri = ALL_PREFIXES[param.prefix] + text
    else:
        raise _wrong(param, raw)
    try:
        return check_iri(iri)
    except InputError as error:
        raise _wrong(param, raw, error.message.rstrip(".")) from None


_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t]')


def sparql_term(term: Identifier) -> str:
    """`term` written as SPARQL syntax: IRIs checked, literals escaped, nothing else accepted."""
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        text = str(term)
        bad = _CONTROL.search(text)
        if bad:
            raise InputError(
                f"literal {text[:40]!r} contains control character U+{ord(bad.group()):04X}, "
                "which cannot be sent in a query."
            )
        # A backslash before "u" would be read as a \\u escape by parsers that expand those
        # before tokenising; refusing it is simpler than proving every server gets it right.
        if re.search(r"\\[uU]", text):
            raise InputError(
                f"literal {text[:40]!r} contains a backslash followed by u, which SPARQL reads "
                "as a \\u escape; it cannot be sent in a query."
            )
        body = '"' + _NEEDS_ESCAPE.sub(lambda m: _STRING_ESCAPES[m.group()], text) + '"'
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise InputError(f"language tag {term.language!r} is not a valid tag.")
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{body}^^<{check_iri(str(term.datatype), 'datatype IRI')}>"
        return body
    raise InputError(f"cannot send {term!r} as a query parameter: only IRIs and literals.")

"""Check literals against the lexical space of their XSD datatype.

RDF parsers accept `"2020-13-45"^^xsd:date` or `"64"^^xsd:gYear` without complaint; rdflib
even rewrites some lexical forms. Data with such literals is wrong, so loading rejects it.
"""

from __future__ import annotations

import calendar
import re

XSD = "http://www.w3.org/2001/XMLSchema#"

_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_DURATION_TIME = r"(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)"

# Datatype local name -> (pattern of the whole lexical form, what a valid value looks like).
_PATTERNS: dict[str, tuple[str, str]] = {
    "boolean": (r"true|false|1|0", "true, false, 1 or 0"),
    "decimal": (r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", 'a decimal number such as "2.5"'),
    "integer": (r"[+-]?[0-9]+", 'a whole number such as "42"'),
    "double": (
        r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN",
        'a number such as "2.5" or "1E3"',
    ),
    "date": (
        rf"(?P<year>{_YEAR})-(?P<month>{_MONTH})-(?P<day>{_DAY}){_TZ}?",
        'a real day written YYYY-MM-DD, such as "2020-11-02"',
    ),
    "dateTime": (
        rf"(?P<year>{_YEAR})-(?P<month>{_MONTH})-(?P<day>{_DAY})T{_TIME}{_TZ}?",
        'a moment written YYYY-MM-DDThh:mm:ss, such as "2020-11-02T14:30:00Z"',
    ),
    "dateTimeStamp": (
        rf"(?P<year>{_YEAR})-(?P<month>{_MONTH})-(?P<day>{_DAY})T{_TIME}{_TZ}",
        'a moment with a time zone, such as "2020-11-02T14:30:00Z"',
    ),
    "time": (rf"{_TIME}{_TZ}?", 'a time written hh:mm:ss, such as "14:30:00"'),
    "gYear": (rf"{_YEAR}{_TZ}?", 'a year of at least four digits, such as "1964"'),
    "gYearMonth": (rf"{_YEAR}-{_MONTH}{_TZ}?", 'a month written YYYY-MM, such as "2008-11"'),
    "gMonth": (rf"--{_MONTH}{_TZ}?", 'a month written --MM, such as "--11"'),
    "gDay": (rf"---{_DAY}{_TZ}?", 'a day of the month written ---DD, such as "---02"'),
    "gMonthDay": (
        rf"--(?P<month>{_MONTH})-(?P<day>{_DAY}){_TZ}?",
        'a day of the year written --MM-DD, such as "--11-02"',
    ),
    "duration": (
        rf"-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?{_DURATION_TIME}?",
        'a duration such as "P3Y" or "P1Y6M"',
    ),
    "yearMonthDuration": (r"-?P(?=[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?", 'a duration such as "P2Y6M"'),
    "dayTimeDuration": (
        rf"-?P(?=[0-9T])(?:[0-9]+D)?{_DURATION_TIME}?",
        'a duration such as "P10D" or "PT2H"',
    ),
    "language": (r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*", 'a language tag such as "en" or "nl"'),
}
_PATTERNS["float"] = _PATTERNS["double"]

# Integer types with a bounded range: (lowest, highest); None means unbounded.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}

# Local names of the XSD number types.
NUMERIC_TYPES = frozenset({*_INTEGER_RANGES, "decimal", "double", "float"})

_COMPILED = {name: (re.compile(pattern), hint) for name, (pattern, hint) in _PATTERNS.items()}


def lexical_error(lexical: str, datatype: str) -> str | None:
    """Why `lexical` is not a valid `datatype` literal, in plain words; None when it is valid.

    Datatypes outside XSD, and XSD string-like types, are not checked.
    """
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD) :]
    if name in _INTEGER_RANGES:
        return _integer_error(lexical, name)
    if name not in _COMPILED:
        return None
    pattern, hint = _COMPILED[name]
    match = pattern.fullmatch(lexical)
    if match is None:
        return f'"{lexical}" is not a valid xsd:{name}: expected {hint}.'
    groups = match.groupdict()
    if groups.get("day") and groups.get("month"):
        # Leap years repeat every 400 years (year 0 is one); gMonthDay allows February 29.
        year = 2000 + int(groups["year"]) % 400 if groups.get("year") else 2000
        _, last_day = calendar.monthrange(year, int(groups["month"]))
        if int(groups["day"]) > last_day:
            return f'"{lexical}" is not a valid xsd:{name}: that month has no day {groups["day"]}.'
    return None


def _integer_error(lexical: str, name: str) -> str | None:
    pattern, hint = _COMPILED["integer"]
    if pattern.fullmatch(lexical) is None:
        return f'"{lexical}" is not a valid xsd:{name}: expected {hint}.'
    low, high = _INTEGER_RANGES[name]
    value = int(lexical)
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"from {low if low is not None else '-∞'} to {high if high is not None else '∞'}"
        return f'"{lexical}" is not a valid xsd:{name}: the value must be {bounds}.'
    return None

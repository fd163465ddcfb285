"""String-based constraint components (SHACL 4.4): sh:minLength, sh:maxLength, sh:pattern,
sh:languageIn, sh:uniqueLang."""

from __future__ import annotations

from rdflib.namespace import SH

from footballkg.validation.constraints.common import failing_focus, string_literal
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus
from footballkg.validation.shapes import Component, Shape, items, literal_is_true


def min_length_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    n = comp.number(SH.minLength)
    return [f"isBlank({v}) || STRLEN(STR({v})) < {n}"] if n > 0 else []


def max_length_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    return [f"isBlank({v}) || STRLEN(STR({v})) > {comp.number(SH.maxLength)}"]


def pattern_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    flags = comp.all(SH.flags)
    flag_text = f", {string_literal(str(flags[0]))}" if flags else ""
    return [
        f"isBlank({v}) || !REGEX(STR({v}), {string_literal(str(rule))}{flag_text})"
        for rule in comp.all(SH.pattern)
    ]


def language_in_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    tests = []
    for head in comp.all(SH.languageIn):
        tags = items(ev.shapes.graph, head)
        ok = " || ".join(f"langMatches(LANG({v}), {string_literal(str(t))})" for t in tags)
        tests.append(f"!isLiteral({v}) || !({ok or 'false'})")
    return tests


def same_language(path: str, x: str) -> str:
    """A pattern matching two values of ?x on `path` that share a language tag."""
    return (
        f"?{x} {path} ?lang_a , ?lang_b . FILTER(isLiteral(?lang_a) && LANG(?lang_a) != ''"
        f" && !sameTerm(?lang_a, ?lang_b) && LCASE(LANG(?lang_a)) = LCASE(LANG(?lang_b)))"
    )


def unique_lang_on(comp: Component) -> bool:
    """Whether sh:uniqueLang is `true`: SHACL names that literal only, so "1"^^xsd:boolean
    (the same value, another term) leaves the constraint off."""
    return any(literal_is_true(rule) for rule in comp.all(SH.uniqueLang))


def unique_lang(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    """One result per focus node and language used twice, without a value."""
    if not unique_lang_on(comp) or not shape.is_property_shape:
        return []  # a node has one value, itself: no language can repeat
    # Within the focus: pairing every labelled node's labels (every tenure's, say) costs
    # more than the few persons or teams a label shape targets.
    query = (
        f"SELECT DISTINCT ?this (LCASE(LANG(?lang_a)) AS ?lang)"
        f" WHERE {{ {focus.where('this')} {same_language(ev.path(shape), 'this')} }}"
    )
    return failing_focus(ev, shape, comp, query)

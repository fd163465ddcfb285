"""Lossless, deterministic serialisation: the same graph always gives the same bytes.

The writers here are the project's own rather than rdflib's, because rdflib's output depends on
insertion order and hash seeds, and writes some literals in forms that read back differently.
Blank nodes get their RDFC-1.0 canonical labels (computed by Oxigraph), then every subject,
predicate and object is written in sorted order. Literals keep their exact lexical form and
datatype; only forms that read back identically are written bare (`42`, `true`, `2.5`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Identifier

from footballkg.rdf.input_bounds import check_canonicalisation_cost
from footballkg.rdf.namespaces import ALL_PREFIXES
from footballkg.rdf.terms import XSD_STRING, datatype_of, escape_string, nt, prefixed
from footballkg.rdf.terms import from_oxigraph as _from_ox
from footballkg.rdf.terms import to_oxigraph as _to_ox

EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
FILE_EXTENSIONS = {
    "turtle": ".ttl",
    "ntriples": ".nt",
    "nquads": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
}

XSD = "http://www.w3.org/2001/XMLSchema#"
# Lexical forms that Turtle reads back as exactly the same literal when written bare.
_BARE_FORMS = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}

Triple = tuple[Identifier, Identifier, Identifier]


def serialize(graph: Graph, fmt: str, prefixes: Mapping[str, str] = ALL_PREFIXES) -> str:
    """`graph` in format `fmt` (one of EXPORT_FORMATS), as text ending with a newline."""
    triples = canonical_triples(graph)
    if fmt in ("ntriples", "nquads"):
        # The graph is the default graph, so its N-Quads are its N-Triples.
        return "".join(sorted(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples))
    if fmt in ("turtle", "trig"):
        # Default-graph triples written as Turtle are valid TriG as they are.
        return _turtle(triples, prefixes)
    if fmt == "jsonld":
        return _jsonld(triples, prefixes)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def canonical_triples(graph: Graph) -> list[Triple]:
    """The triples of `graph`, blank nodes relabelled by RDFC-1.0 (c14n0, c14n1, ...)."""
    triples: list[Triple] = [(s, p, o) for s, p, o in graph]  # type: ignore[misc]
    if not any(isinstance(term, BNode) for triple in triples for term in triple):
        return triples
    check_canonicalisation_cost(
        (s, o) for s, _, o in triples if isinstance(s, BNode) and isinstance(o, BNode)
    )
    dataset = ox.Dataset(
        ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), ox.DefaultGraph()) for s, p, o in triples
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [(_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)) for q in dataset]


_RDF_TYPE = RDF.type
_CANONICAL_LABEL = re.compile(r"c14n(\d+)")


def _label_number(node: BNode) -> int:
    # Canonical labels sort by number: c14n2 before c14n10.
    match = _CANONICAL_LABEL.fullmatch(node)
    return int(match.group(1)) if match else -1


def _subject_key(term: Identifier) -> tuple[int, int, str]:
    if isinstance(term, BNode):
        return (1, _label_number(term), str(term))
    return (0, 0, str(term))


def _object_key(term: Identifier) -> tuple[int, int, str]:
    if isinstance(term, URIRef):
        return (0, 0, str(term))
    if isinstance(term, BNode):
        return (1, _label_number(term), str(term))
    return (2, 0, nt(term))


def _predicate_key(term: Identifier) -> tuple[int, str]:
    return (0 if term == _RDF_TYPE else 1, str(term))


def _by_subject(
    triples: Iterable[Triple],
) -> list[tuple[Identifier, list[tuple[Identifier, list[Identifier]]]]]:
    """Subjects in order, each with its predicates in order, each with its objects in order."""
    grouped: dict[Identifier, dict[Identifier, list[Identifier]]] = {}
    for s, p, o in triples:
        grouped.setdefault(s, {}).setdefault(p, []).append(o)
    return [
        (
            subject,
            [
                (predicate, sorted(objects, key=_object_key))
                for predicate, objects in sorted(
                    grouped[subject].items(), key=lambda i: _predicate_key(i[0])
                )
            ],
        )
        for subject in sorted(grouped, key=_subject_key)
    ]


# --- Turtle ---------------------------------------------------------------------------------


def _turtle_term(term: Identifier, prefixes: Mapping[str, str]) -> str:
    if isinstance(term, URIRef):
        return prefixed(str(term), prefixes) or f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        lexical = str(term)
        if term.language:
            return f'"{escape_string(lexical)}"@{term.language}'
        datatype = datatype_of(term)
        if datatype == XSD_STRING:
            return f'"{escape_string(lexical)}"'
        bare = _BARE_FORMS.get(datatype)
        if bare is not None and bare.fullmatch(lexical):
            return lexical
        written_type = prefixed(datatype, prefixes) or f"<{datatype}>"
        return f'"{escape_string(lexical)}"^^{written_type}'
    raise TypeError(f"not an RDF term: {term!r}")


def _turtle(triples: list[Triple], prefixes: Mapping[str, str]) -> str:
    width = max((len(name) for name in prefixes), default=0)
    lines = [
        f"@prefix {(name + ':').ljust(width + 1)} <{namespace}> ."
        for name, namespace in sorted(prefixes.items())
    ]
    for subject, predicates in _by_subject(triples):
        lines.append("")
        lines.append(_turtle_term(subject, prefixes))
        for index, (predicate, objects) in enumerate(predicates):
            verb = "a" if predicate == _RDF_TYPE else _turtle_term(predicate, prefixes)
            written = [_turtle_term(o, prefixes) for o in objects]
            one_line = f"    {verb} {', '.join(written)}"
            if len(one_line) > 100 and len(written) > 1:
                one_line = f"    {verb}\n        " + ",\n        ".join(written)
            end = " ." if index == len(predicates) - 1 else " ;"
            lines.append(one_line + end)
    return "\n".join(lines) + "\n"


# --- JSON-LD --------------------------------------------------------------------------------


def _jsonld_iri(term: Identifier, prefixes: Mapping[str, str]) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    return prefixed(str(term), prefixes) or str(term)


def _jsonld_value(term: Identifier, prefixes: Mapping[str, str]) -> Any:
    if isinstance(term, (URIRef, BNode)):
        return {"@id": _jsonld_iri(term, prefixes)}
    assert isinstance(term, Literal)
    if term.language:
        return {"@value": str(term), "@language": term.language}
    datatype = datatype_of(term)
    if datatype == XSD_STRING:
        return str(term)
    # The lexical form as a string with its type: JSON numbers and booleans would lose it.
    return {"@value": str(term), "@type": prefixed(datatype, prefixes) or datatype}


def _jsonld(triples: list[Triple], prefixes: Mapping[str, str]) -> str:
    nodes = []
    for subject, predicates in _by_subject(triples):
        node: dict[str, Any] = {"@id": _jsonld_iri(subject, prefixes)}
        for predicate, objects in predicates:
            if predicate == _RDF_TYPE and all(not isinstance(o, Literal) for o in objects):
                types = [_jsonld_iri(o, prefixes) for o in objects]
                node["@type"] = types[0] if len(types) == 1 else types
                continue
            values = [_jsonld_value(o, prefixes) for o in objects]
            node[_jsonld_iri(predicate, prefixes)] = values[0] if len(values) == 1 else values
        nodes.append(node)
    document = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

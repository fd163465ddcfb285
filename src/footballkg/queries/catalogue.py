"""Saved SPARQL queries: find them, read their headers, bind parameters safely, run them.

A saved query is one `queries/<name>.rq` file; the file name is the command name. Its first
lines are a grlc-style `#+` YAML header, so the file stays valid SPARQL:

    #+ summary: Head coaches of a team in order
    #+ params:
    #+   team: {type: iri, prefix: team, required: true, example: krc-genk}
    #+ tags: [team, coaches]

Parameters become RDF terms bound to the variable of the same name (`?team`): with
`initBindings` on rdflib; on Oxigraph and any other server as a `VALUES` block written from
checked, escaped terms. User text is never pasted into a query.
"""

from __future__ import annotations

import difflib
import functools
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from footballkg.errors import InputError
from footballkg.queries import sparql_text
from footballkg.queries.params import (
    PARAM_TYPES,
    Param,
    check_variable_name,
    parse_value,
    sparql_term,
)
from footballkg.queries.results import QueryResult
from footballkg.queries.sparql_text import (
    code_only,
    is_short_construct,
    outer_where_brace,
    subquery_braces,
)
from footballkg.rdf.namespaces import ALL_PREFIXES
from footballkg.rdf.terms import oxigraph_converter

# rdflib's SPARQL engine (and pyparsing under it) is imported only when a query runs on rdflib:
# a query on Oxigraph or a server, and listing the queries, start without it.
if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

__all__ = [
    "Param",
    "QueryAnswer",
    "SavedQuery",
    "answer_oxigraph",
    "answer_rdflib",
    "bind_params",
    "discover",
    "get_query",
    "is_select_distinct",
    "load_query_file",
    "query_form",
    "query_text_with_values",
    "run_oxigraph",
    "run_rdflib",
]


class _HeaderLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so a parameter may be called `on` or `no`."""


_HeaderLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_HeaderLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_HEADER_KEYS = {"summary", "description", "params", "tags", "result_types", "names_contain"}
# Declarable types of result columns (`#+ result_types: {title: boolean}`): a client reading
# a server's answer puts a value of a known non-standard form back in this type.
RESULT_TYPES = ("boolean",)
_PARAM_KEYS = {"type", "required", "default", "example", "prefix", "description"}


@dataclass
class SavedQuery:
    """A saved query: its header, parsed, and its SPARQL text (header included)."""

    name: str
    path: Path
    summary: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    params: dict[str, Param] = field(default_factory=dict)
    text: str = ""
    result_types: dict[str, str] = field(default_factory=dict)  # column -> RESULT_TYPES
    # `names_contain: {param: text, of: resource}`: every row's ?resource has a name that
    # contains the parameter, ignoring case (a name index may narrow ?resource first).
    names_contain: NamesContain | None = None

    def usage(self) -> str:
        """A command line that runs this query with its example values."""
        parts = [f"footballkg query {self.name}"]
        for param in self.params.values():
            if param.required or param.example is not None:
                value = param.example if param.example is not None else param.default or "..."
                parts.append(f"--param {param.name}={value}")
        return " ".join(parts)

    def help_text(self, width: int = 88) -> str:
        """What `footballkg query NAME --help` should say: summary, description, parameters."""
        lines = [f"{self.name}: {self.summary}", ""]
        lines += textwrap.wrap(self.description, width) or ["(no description)"]
        if self.params:
            lines += ["", "Parameters:"]
            for param in self.params.values():
                state = "required" if param.required else "optional"
                if param.default is not None:
                    state = f"default {param.default}"
                about = f"{param.description}; " if param.description else ""
                lines.append(f"  {param.name} ({param.type}, {state})")
                lines += textwrap.wrap(
                    about + param.expected_form(),
                    width,
                    initial_indent="      ",
                    subsequent_indent="      ",
                    break_on_hyphens=False,
                    break_long_words=False,
                )
        lines += ["", "Example:", f"  {self.usage()}"]
        return "\n".join(lines) + "\n"

    def params_help(self) -> list[str]:
        """One line per parameter: name, type, required or default, example, description."""
        lines = []
        for p in self.params.values():
            state = (
                "required" if p.required else f"default {p.default}" if p.default else "optional"
            )
            line = f"{p.name} ({p.type}, {state})"
            if p.example is not None:
                line += f", e.g. {p.example}"
            if p.description:
                line += f": {p.description}"
            lines.append(line)
        return lines


def load_query_file(path: Path | str) -> SavedQuery:
    """Read one .rq file and its `#+` header; InputError names the file and line on a bad header."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read the query file ({error.strerror}).") from None
    header_lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            header_lines.append(line[2:].removeprefix(" "))
        elif header_lines or line.strip():
            break
    try:
        header = yaml.load("\n".join(header_lines), Loader=_HeaderLoader) if header_lines else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"{where}: the #+ header is not valid YAML ({problem}).") from None
    if header is None:
        header = {}
    if not isinstance(header, dict):
        raise InputError(
            f"{path}:1: the #+ header must be a YAML mapping (summary:, params:, ...)."
        )
    unknown = set(header) - _HEADER_KEYS
    if unknown:
        raise InputError(
            f"{path}: unknown header key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"use {', '.join(sorted(_HEADER_KEYS))}."
        )
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InputError(f"{path}: tags must be a list of words, such as [career, coaches].")
    return SavedQuery(
        name=path.stem,
        path=path,
        summary=str(header.get("summary") or "").strip(),
        description=str(header.get("description") or "").strip(),
        tags=tags,
        params=_parse_params(path, header.get("params"), text),
        text=text,
        result_types=_parse_result_types(path, header.get("result_types"), text),
        names_contain=_parse_names_contain(path, header.get("names_contain"), text),
    )


@dataclass(frozen=True)
class NamesContain:
    """A query's promise that each row's ?`of` has a name containing the parameter `param`."""

    param: str
    of: str


def _parse_names_contain(path: Path, spec: Any, text: str) -> NamesContain | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) != {"param", "of"}:
        raise InputError(f"{path}: names_contain must be {{param: NAME, of: VARIABLE}}.")
    code = code_only(text)
    param = _used_variable(path, "names_contain", str(spec["param"]), code)
    of = _used_variable(path, "names_contain", str(spec["of"]), code)
    return NamesContain(param, of)


def _used_variable(path: Path, key: str, name: str, code: str) -> str:
    """`name`, which the header key `key` gives, checked to be a variable the query uses."""
    check_variable_name(name)
    if not re.search(rf"[?$]{name}\b", code):
        raise InputError(f"{path}: {key} names {name}, which the query does not use.")
    return name


def _parse_result_types(path: Path, spec: Any, text: str) -> dict[str, str]:
    """`result_types: {column: type}`: each column a variable of the query, each type known."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise InputError(f"{path}: result_types must be a mapping of column to type.")
    code = code_only(text)
    types: dict[str, str] = {}
    for name, kind in spec.items():
        name = str(name)
        check_variable_name(name)
        if str(kind) not in RESULT_TYPES:
            raise InputError(
                f"{path}: result column {name} has type {kind!r}; use one of "
                f"{', '.join(RESULT_TYPES)}."
            )
        types[_used_variable(path, "result_types", name, code)] = str(kind)
    return types


def _parse_params(path: Path, spec: Any, text: str) -> dict[str, Param]:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise InputError(f"{path}: params must be a mapping of name to {{type: ..., ...}}.")
    params: dict[str, Param] = {}
    for name, options in spec.items():
        name = str(name)
        check_variable_name(name)
        if options is None:
            options = {}
        if not isinstance(options, dict):
            raise InputError(f"{path}: parameter {name} must be a mapping such as {{type: iri}}.")
        unknown = set(options) - _PARAM_KEYS
        if unknown:
            raise InputError(
                f"{path}: parameter {name} has unknown key(s) {', '.join(sorted(unknown))}; "
                f"use {', '.join(sorted(_PARAM_KEYS))}."
            )
        kind = str(options.get("type", "string"))
        if kind not in PARAM_TYPES:
            raise InputError(
                f"{path}: parameter {name} has type {kind!r}; use one of {', '.join(PARAM_TYPES)}."
            )
        prefix = options.get("prefix")
        if prefix is not None and str(prefix) not in ALL_PREFIXES:
            raise InputError(
                f"{path}: parameter {name} has prefix {prefix!r}, which is not a known prefix; "
                f"use one of {', '.join(sorted(ALL_PREFIXES))}."
            )
        if not re.search(rf"[?$]{name}\b", text):
            raise InputError(f"{path}: parameter {name} is declared but ?{name} is not used.")

        def text_or_none(key: str, options: dict[str, Any] = options) -> str | None:
            value = options.get(key)
            if value is None:
                return None
            if isinstance(value, bool):
                return "true" if value else "false"
            return str(value)

        params[name] = Param(
            name=name,
            type=kind,
            required=bool(options.get("required", False)),
            default=text_or_none("default"),
            example=text_or_none("example"),
            prefix=text_or_none("prefix"),
            description=text_or_none("description"),
        )
    return params


def discover(queries_dir: Path | str) -> dict[str, SavedQuery]:
    """Every saved query in `queries_dir`, by name, in name order."""
    queries_dir = Path(queries_dir)
    if not queries_dir.is_dir():
        raise InputError(f"{queries_dir}: no such folder of saved queries.")
    return {p.stem: load_query_file(p) for p in sorted(queries_dir.glob("*.rq"))}


def get_query(queries_dir: Path | str, name: str) -> SavedQuery:
    """The saved query called `name`; InputError suggests the closest name when there is none."""
    path = Path(queries_dir) / f"{name}.rq"
    if "/" not in name and "\\" not in name and path.is_file():
        return load_query_file(path)
    names = sorted(p.stem for p in Path(queries_dir).glob("*.rq"))
    close = difflib.get_close_matches(name, names, n=1)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    raise InputError(f'unknown query "{name}".{hint} Run "footballkg queries" to list them.')


def bind_params(
    query: SavedQuery, raw: Mapping[str, str], today: date | None = None
) -> dict[str, Identifier]:
    """RDF terms for the parameters given as text, with defaults filled in.

    Unknown and missing parameters and values of the wrong form raise InputError saying how
    to fix them. A date parameter with default `today` gets `today` (the real date if None).
    Optional parameters without a default and not given are left unbound.
    """
    unknown = [key for key in raw if key not in query.params]
    if unknown:
        if query.params:
            listed = ", ".join(
                f"{p.name} (required)" if p.required else p.name for p in query.params.values()
            )
            takes = f"Its parameters: {listed}."
        else:
            takes = "It takes no parameters."
        raise InputError(f'query "{query.name}" has no parameter "{unknown[0]}". {takes}')
    bindings: dict[str, Identifier] = {}
    for param in query.params.values():
        value = raw.get(param.name, param.default)
        if value is None:
            if param.required:
                example = f"--param {param.name}={param.example or '...'}"
                raise InputError(
                    f'query "{query.name}" needs parameter "{param.name}" '
                    f"({param.expected_form()}): add {example}"
                )
            continue
        bindings[param.name] = parse_value(param, value, today)
    return bindings


def _normalise(term: Node | None) -> Identifier | None:
    # "x" and "x"^^xsd:string are the same literal in RDF 1.1; engines differ in which they
    # return, so every runner gives the plain form.
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    assert term is None or isinstance(term, Identifier)
    return term


@functools.lru_cache(maxsize=64)
def _prepared(text: str) -> Query:
    # rdflib's parser takes a second or more for the longer saved queries: parse each once.
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


QueryAnswer = QueryResult | bool | Graph
"""What a query gives: rows (SELECT), true or false (ASK), or a graph (CONSTRUCT, DESCRIBE)."""


def query_form(query: SavedQuery) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside comments and strings."""
    return sparql_text.query_form(code_only(query.text)) or "SELECT"


def run_rdflib(graph: Graph, query: SavedQuery, bindings: Mapping[str, Identifier]) -> QueryResult:
    """Run a SELECT `query` on an rdflib graph, parameters bound with initBindings."""
    return _rows_only(query, answer_rdflib(graph, query, bindings))


def answer_rdflib(
    graph: Graph, query: SavedQuery, bindings: Mapping[str, Identifier]
) -> QueryAnswer:
    """Run a query of any form on an rdflib graph, parameters bound with initBindings."""
    from pyparsing import ParseException

    try:
        prepared = _prepared(query.text)
    except ParseException as error:
        raise InputError(
            f"{query.path}:{error.lineno}:{error.col}: not valid SPARQL ({error.msg})."
        ) from None
    result = graph.query(prepared, initBindings=dict(bindings))
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return _graph_of(result.graph)
    variables = [str(v) for v in result.vars or []]
    rows: list[dict[str, Identifier | None]] = []
    for row in result:
        assert isinstance(row, tuple)  # a SELECT gives ResultRow tuples
        rows.append({name: _normalise(value) for name, value in zip(variables, row, strict=True)})
    return QueryResult(variables=variables, rows=rows)


def run_oxigraph(store: Any, query: SavedQuery, bindings: Mapping[str, Identifier]) -> QueryResult:
    """Run a SELECT `query` on a pyoxigraph Store; terms come back as rdflib terms."""
    return _rows_only(query, answer_oxigraph(store, query, bindings))


def answer_oxigraph(
    store: Any, query: SavedQuery, bindings: Mapping[str, Identifier]
) -> QueryAnswer:
    """Run a query of any form on a pyoxigraph Store; terms come back as rdflib terms.

    Parameters go in as the same VALUES block a remote server gets (Oxigraph's own
    substitutions only accept projected variables), so this path also proves that block.
    """
    import pyoxigraph as ox

    # A store that keeps a name index may narrow the query (`stores.name_index`).
    narrowing = getattr(store, "narrowing", None)
    among = narrowing(query, bindings) if narrowing is not None else {}
    try:
        answer = store.query(query_text_with_values(query, bindings, among))
    except SyntaxError as error:
        raise InputError(f"{query.path}: not valid SPARQL ({error}).") from None
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    convert = oxigraph_converter()  # Oxigraph gives xsd:string as the plain literal
    if isinstance(answer, ox.QueryTriples):
        return _graph_of(
            (convert(t.subject), convert(t.predicate), convert(t.object)) for t in answer
        )
    variables = [v.value for v in answer.variables]
    rows = [dict(zip(variables, map(convert, solution), strict=True)) for solution in answer]
    return QueryResult(variables=variables, rows=rows)


def _graph_of(triples: Iterable[Any]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for triple in triples:
        graph.add(triple)
    return graph


def _rows_only(query: SavedQuery, answer: QueryAnswer) -> QueryResult:
    if isinstance(answer, QueryResult):
        return answer
    form = "an ASK" if isinstance(answer, bool) else "a CONSTRUCT or DESCRIBE"
    raise InputError(
        f"{query.path}: {form} query gives no rows; use answer_rdflib or answer_oxigraph."
    )


def is_select_distinct(text: str) -> bool:
    """Whether the query's outer SELECT is SELECT DISTINCT (comments and strings aside)."""
    code = code_only(text)
    match = re.search(r"\bSELECT\s+(DISTINCT|REDUCED)?", code, re.IGNORECASE)
    return bool(match and (match[1] or "").upper() == "DISTINCT")


def query_text_with_values(
    query: SavedQuery,
    bindings: Mapping[str, Identifier],
    among: Mapping[str, Sequence[Identifier]] | None = None,
) -> str:
    """The query's text with its parameters as a VALUES block at the top of the outer WHERE,
    repeated in the subqueries that project them where that is safe (`sparql_text`).

    `among` limits variables to the values listed (a VALUES block of its own, in the outer
    WHERE only). For SPARQL servers that take no bindings. Every term is checked and escaped
    by `sparql_term`; a term that cannot be written safely raises InputError.
    """
    among = among or {}
    if not bindings and not among:
        return query.text
    for name in [*bindings, *among]:
        check_variable_name(name)
    terms = {name: sparql_term(value) for name, value in bindings.items()}
    lists = "".join(
        f"\n  VALUES ?{name} {{ {' '.join(sparql_term(v) for v in values)} }}"
        for name, values in among.items()
    )

    def block(names: list[str]) -> str:
        variables = " ".join(f"?{name}" for name in names)
        values = " ".join(terms[name] for name in names)
        return f"\n  VALUES ({variables}) {{ ({values}) }}\n"

    code = code_only(query.text)
    if is_short_construct(code):
        raise InputError(
            f"{query.path}: CONSTRUCT WHERE {{ ... }} takes no parameters; "
            "write CONSTRUCT { template } WHERE { ... } instead."
        )
    outer = outer_where_brace(code)
    if outer < 0:
        raise InputError(f"{query.path}: no WHERE {{ ... }} to add parameter values to.")
    blocks = {outer: list(bindings), **subquery_braces(code, bindings)}
    text = query.text
    for brace in sorted(blocks, reverse=True):  # from the end, so earlier indexes stay valid
        added = (block(blocks[brace]) if blocks[brace] else "") + (lists if brace == outer else "")
        text = text[: brace + 1] + added + text[brace + 1 :]
    return text

"""The HTML pages of `footballkg serve`: the saved queries' catalogue, a page per query with a
form built from its parameters, a page per person and per team with the timeline picture, a
page of any other node's triples, and the raw SPARQL editor.

Pages are rendered on the server with inline style; the editor's few lines are the only script.
Nothing on any page is fetched from another host (the server's Content-Security-Policy holds
every page to that). All text from the data, the query files or the request is escaped with
`html.escape`. Parameters are bound as RDF terms the way `footballkg query` binds them
(`bind_params`, `check_named`, a VALUES block), and no table shows more than `max_rows` rows:
a cut table says so, and a saved query's page links to the rows before and after it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from footballkg.errors import InputError
from footballkg.queries.catalogue import (
    SavedQuery,
    bind_params,
    query_form,
    query_text_with_values,
    run_oxigraph,
)
from footballkg.queries.output import NUMERIC_DATATYPES
from footballkg.queries.paging import MAX_ROWS
from footballkg.queries.paging import Page as RowsPage
from footballkg.queries.param_check import check_named, oxigraph_select
from footballkg.queries.params import check_iri
from footballkg.rdf.namespaces import ALL_PREFIXES
from footballkg.rdf.terms import datatype_of, oxigraph_converter, short_iri
from footballkg.server.query_guard import OutboundRequest, check_no_outbound
from footballkg.timeline.data import SavedQueries, person_timeline, team_timeline
from footballkg.timeline.model import Timeline
from footballkg.timeline.page import inline_svg

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# Resource types with a page of their own, and the saved query whose table that page shows.
_OWN_PAGES = {"person": "career", "team": "head-coaches"}
_DAY_DATATYPES = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("date", "gYearMonth")}
_TABLE_WORDS = {"person": "tenures", "team": "head coaches"}

# matplotlib's settings are process-wide: one picture is drawn at a time.
_DRAWING = threading.Lock()

_STYLE = """
body{font:15px/1.45 system-ui,"DejaVu Sans",sans-serif;color:#1f2328;margin:1.5rem auto;
max-width:80rem;padding:0 1.5rem}
nav{font-size:.9rem;margin-bottom:1rem}nav a{margin-right:1rem}
h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.8rem 0 .5rem}
.muted,small{color:#59636e}.tag{font-size:.8rem;border:1px solid #d1d9e0;border-radius:3px;
padding:0 .3em;margin-right:.3em;color:#59636e}
table{border-collapse:collapse;font-size:.9rem}
th,td{text-align:left;padding:.3rem .55rem;border-bottom:1px solid #d1d9e0;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.day{white-space:nowrap}.wide{overflow-x:auto}
.error{color:#a40e26;background:#fff0f0;border:1px solid #f1b4b4;padding:.5rem .8rem;
white-space:pre-wrap}.failed{color:#a40e26;white-space:pre-wrap}
.cut{background:#fff8c5;padding:.4rem .8rem}
form.params label{display:block;margin-top:.6rem;font-weight:600}
form.params input,form.params select{font:inherit;min-width:20rem}
textarea{width:100%;font-family:monospace}figure{margin:1rem 0}figure svg{width:100%;height:auto}
"""

EDITOR_SCRIPT = """
document.getElementById("query-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const table = document.getElementById("results"), error = document.getElementById("error");
  table.replaceChildren(); error.textContent = "";
  const answer = await fetch("/query", {method: "POST",
    headers: {"Accept": "application/sparql-results+json"},
    body: new URLSearchParams({query: document.getElementById("query").value})});
  const text = await answer.text();
  if (!answer.ok || !text.startsWith("{")) { error.textContent = text; return; }
  const data = JSON.parse(text);
  if ("boolean" in data) { error.textContent = String(data.boolean); return; }
  const head = table.createTHead().insertRow();
  for (const name of data.head.vars) head.insertCell().textContent = name;
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of data.head.vars) row.insertCell().textContent =
      binding[name] ? binding[name].value : "";
  }
});
"""
# The Content-Security-Policy lets this script run, by its hash, and no other.
EDITOR_SCRIPT_HASH = "sha256-" + base64.b64encode(
    hashlib.sha256(EDITOR_SCRIPT.encode()).digest()
).decode("ascii")

# Every request the pages may make goes to the server itself; the picture's gradients are
# data: images inside the inline SVG.
CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; script-src '{EDITOR_SCRIPT_HASH}'; style-src 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Page:
    status: HTTPStatus
    html: str


@dataclass
class Site:
    """What the pages read: the store, the saved queries, and how many rows a table may show."""

    store: ox.Store
    queries_dir: Path | None
    catalogue: dict[str, SavedQuery]
    max_rows: int

    def saved_queries(self) -> SavedQueries:
        assert self.queries_dir is not None
        store = self.store
        return SavedQueries(
            self.queries_dir,
            date.today(),
            lambda query, bindings: run_oxigraph(store, query, bindings),
            oxigraph_select(store),
        )


@dataclass
class Rows:
    """At most `max_rows` rows of an answer; `cut` when the answer had more."""

    variables: list[str]
    rows: list[dict[str, Identifier | None]]
    cut: bool


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


# --------------------------------------------------------------------------- page frame


def page(title: str, body: str, status: HTTPStatus = HTTPStatus.OK) -> Page:
    nav = (
        '<nav><a href="/">Saved queries</a><a href="/editor">SPARQL editor</a>'
        '<span class="muted">endpoint: <code>/query</code></span></nav>'
    )
    return Page(
        status,
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · footballkg</title><style>{_STYLE}</style></head>\n"
        f"<body>{nav}\n{body}\n</body></html>\n",
    )


def error_page(title: str, message: str, status: HTTPStatus) -> Page:
    return page(title, f"<h1>{esc(title)}</h1>\n{error_box(message)}", status)


def error_box(message: str) -> str:
    return f'<p class="error" id="error">Error: {esc(message)}</p>'


# --------------------------------------------------------------------------- terms and tables


def node_href(iri: str) -> str:
    """The server's page about `iri`: /person/SLUG, /team/SLUG, else /node?iri=IRI."""
    for kind in _OWN_PAGES:
        namespace = ALL_PREFIXES[kind]
        slug = iri[len(namespace) :]
        if iri.startswith(namespace) and slug and quote(slug, safe="") == slug:
            return f"/{kind}/{slug}"
    return "/node?" + urlencode({"iri": iri})


def cell(term: Identifier | None) -> str:
    """A term as HTML: a node as a link to its page under its prefixed name, a literal as
    written (a date stays 1989 or 2020-09-24), with its language marked."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        href = node_href(str(term))
        return f'<a href="{esc(href)}" title="{esc(term)}">{esc(short_iri(term))}</a>'
    if isinstance(term, BNode):
        return esc(f"_:{term}")
    if isinstance(term, Literal) and term.language:
        return f'<span lang="{esc(term.language)}">{esc(term)}</span>'
    return esc(term)


def _cell_class(term: Identifier | None) -> str:
    """Numbers right-aligned; dates kept on one line."""
    if not isinstance(term, Literal):
        return ""
    datatype = datatype_of(term)
    if datatype in NUMERIC_DATATYPES:
        return ' class="num"'
    return ' class="day"' if datatype in _DAY_DATATYPES else ""


def rows_table(rows: Rows, table_id: str = "results") -> str:
    """The rows as a table, a count above it, and a note when the answer was cut."""
    head = "".join(f"<th>{esc(name)}</th>" for name in rows.variables)
    body = []
    for row in rows.rows:
        cells = (
            f"<td{_cell_class(row.get(name))}>{cell(row.get(name))}</td>" for name in rows.variables
        )
        body.append(f"<tr>{''.join(cells)}</tr>")
    count = len(rows.rows)
    counted = f"{count} row{'' if count == 1 else 's'}"
    note = ""
    if rows.cut:
        counted = f"The first {counted} are shown"
        note = (
            f'<p class="cut" id="cut">The answer has more than {count} rows and only the first '
            f"{count} are shown. Narrow the query, or run it with <code>footballkg query</code> "
            "or on the <code>/query</code> endpoint for every row.</p>\n"
        )
    return (
        f'<p class="muted" id="{table_id}-count">{esc(counted)}.</p>\n{note}'
        f'<div class="wide"><table id="{table_id}"><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + "\n</tbody></table></div>"
    )


def run_capped(store: ox.Store, text: str, max_rows: int) -> Rows | bool:
    """Run a query, keeping at most `max_rows` rows (a graph answer: its triples as rows)."""
    try:
        check_no_outbound(text)
    except OutboundRequest as refusal:
        raise InputError(str(refusal)) from None
    answer = store.query(text)
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    convert = oxigraph_converter()
    items: Iterable[Iterable[object]]
    if isinstance(answer, ox.QueryTriples):
        variables = ["subject", "predicate", "object"]
        items = ((t.subject, t.predicate, t.object) for t in answer)
    else:
        variables = [v.value for v in answer.variables]
        items = answer
    return _take(variables, (map(convert, item) for item in items), max_rows)


def _take(
    variables: list[str], items: Iterator[Iterable[Identifier | None]], max_rows: int
) -> Rows:
    rows: list[dict[str, Identifier | None]] = []
    for item in items:
        if len(rows) == max_rows:
            return Rows(variables, rows, cut=True)
        rows.append(dict(zip(variables, item, strict=True)))
    return Rows(variables, rows, cut=False)


# The URL parameter of a saved query's page that skips rows; never a parameter of the query
# (those are SPARQL variable names, which have no hyphen).
PAGE_OFFSET = "page-offset"


def run_saved(
    site: Site, query: SavedQuery, given: Mapping[str, str], offset: int = 0
) -> Rows | bool:
    """A saved query run with the parameters bound as `footballkg query` binds them: the
    `max_rows` rows from `offset` on of a SELECT query's answer (`cut` when more follow)."""
    bindings = bind_params(query, given)
    check_named(query, bindings, oxigraph_select(site.store))
    if query_form(query) != "SELECT":
        return run_capped(site.store, query_text_with_values(query, bindings), site.max_rows)
    asked, in_store = RowsPage(limit=site.max_rows, offset=offset).query(query)
    text = query_text_with_values(asked, bindings)
    if in_store:  # LIMIT max_rows + 1: the extra row says whether more follow
        return run_capped(site.store, text, site.max_rows)
    answer = run_capped(site.store, text, offset + site.max_rows)
    assert isinstance(answer, Rows)
    return Rows(answer.variables, answer.rows[offset:], answer.cut)


def answer_html(answer: Rows | bool) -> str:
    if isinstance(answer, bool):
        return f'<p id="answer">The answer is <strong>{"true" if answer else "false"}</strong>.</p>'
    return rows_table(answer)


# --------------------------------------------------------------------------- the catalogue


def home(site: Site) -> Page:
    if not site.catalogue:
        body = "<h1>Saved queries</h1>\n<p>This server has no saved queries.</p>"
        return page("Saved queries", body)
    items = []
    for query in site.catalogue.values():
        tags = "".join(f'<span class="tag">{esc(tag)}</span>' for tag in query.tags)
        items.append(
            f'<tr id="query-{esc(query.name)}"><td><a href="/queries/{esc(quote(query.name))}">'
            f"{esc(query.name)}</a></td><td>{esc(query.summary)}</td><td>{tags}</td></tr>"
        )
    body = (
        "<h1>Saved queries</h1>\n"
        f'<p class="muted">{len(site.catalogue)} queries from the project\'s '
        "<code>queries/</code>. Open one to see what it answers and run it with your "
        "parameters; people and teams in the answers link to their own pages.</p>\n"
        '<table id="catalogue"><thead><tr><th>Query</th><th>What it answers</th><th>Tags</th>'
        "</tr></thead>\n<tbody>\n" + "\n".join(items) + "\n</tbody></table>"
    )
    return page("Saved queries", body)


def query_page(site: Site, name: str, given: Mapping[str, Sequence[str]]) -> Page:
    """A saved query's description and form; with parameters given (or none needed), its rows.

    An empty field counts as not given, so a default applies to it.
    """
    query = site.catalogue.get(name)
    if query is None:
        return error_page("No such query", f'no saved query "{name}".', HTTPStatus.NOT_FOUND)
    values: dict[str, str] = {}
    for key, sent in given.items():
        if len(sent) > 1:
            message = f'give parameter "{key}" once.'
            return _query_page(query, {}, error_box(message), HTTPStatus.BAD_REQUEST)
        if sent[0] != "":
            values[key] = sent[0]
    offset_sent = values.pop(PAGE_OFFSET, "0")
    if not (offset_sent.isascii() and offset_sent.isdigit() and int(offset_sent) <= MAX_ROWS):
        message = f"{PAGE_OFFSET} must be a whole number of rows to skip, 0 to {MAX_ROWS}."
        return _query_page(query, values, error_box(message), HTTPStatus.BAD_REQUEST)
    offset = int(offset_sent)
    needs_values = any(param.required for param in query.params.values())
    if needs_values and not any(key != PAGE_OFFSET for key in given):
        return _query_page(query, {}, "", HTTPStatus.OK)
    try:
        answer = run_saved(site, query, values, offset)
    except InputError as error:
        return _query_page(query, values, error_box(error.message), HTTPStatus.BAD_REQUEST)
    results = answer_html(answer)
    if isinstance(answer, Rows):
        results = _page_links(query, values, offset, answer, site.max_rows) + results
    return _query_page(query, values, results, HTTPStatus.OK)


def _page_links(
    query: SavedQuery, values: Mapping[str, str], offset: int, rows: Rows, max_rows: int
) -> str:
    """Which rows of the answer the table holds, with links to the rows before and after."""
    if offset == 0 and not rows.cut:
        return ""  # the whole answer
    shown = (
        f"Rows {offset + 1} to {offset + len(rows.rows)} of the answer."
        if rows.rows
        else f"No rows from row {offset + 1} on."
    )

    def link(to: int, text: str, link_id: str) -> str:
        href = f"/queries/{quote(query.name)}?" + urlencode({**values, PAGE_OFFSET: to})
        return f' <a id="{link_id}" href="{esc(href)}">{esc(text)}</a>'

    before = link(max(0, offset - max_rows), "Previous rows", "previous") if offset else ""
    after = link(offset + len(rows.rows), "Next rows", "next") if rows.cut else ""
    return f'<p id="page">{esc(shown)}{before}{after}</p>\n'


def _query_page(
    query: SavedQuery, values: Mapping[str, str], results: str, status: HTTPStatus
) -> Page:
    description = esc(query.description) if query.description else "(no description)"
    body = [
        f'<h1 id="query-name">{esc(query.name)}</h1>',
        f"<p><strong>{esc(query.summary)}</strong></p>",
        f'<p id="description">{description}</p>',
        f'<form class="params" id="params" method="get" '
        f'action="/queries/{esc(quote(query.name))}">',
    ]
    for param in query.params.values():
        state = "required" if param.required else "optional"
        if param.default is not None:
            state = f"optional, default {param.default}"
        about = f"{param.description}; " if param.description else ""
        shown = values.get(param.name, param.example or "")
        body.append(
            f'<label for="param-{esc(param.name)}">{esc(param.name)} '
            f"<small>({esc(param.type)}, {esc(state)})</small></label>"
        )
        if param.type == "boolean":
            options = "".join(
                f'<option value="{choice}"{" selected" if shown == choice else ""}>'
                f"{choice or '(not given)'}</option>"
                for choice in ("", "true", "false")
            )
            body.append(
                f'<select id="param-{esc(param.name)}" name="{esc(param.name)}">{options}</select>'
            )
        else:
            body.append(
                f'<input id="param-{esc(param.name)}" name="{esc(param.name)}" '
                f'value="{esc(shown)}"{" required" if param.required else ""}>'
            )
        body.append(f"<br><small>{esc(about + param.expected_form())}</small>")
    body += [
        '<p><button id="run" type="submit">Run</button></p></form>',
        f'<p class="muted">On the command line: <code>{esc(query.usage())}</code></p>',
        results,
    ]
    return page(query.name, "\n".join(body), status)


# --------------------------------------------------------------------------- people and teams


def resource_page(site: Site, kind: str, slug: str) -> Page:
    """A person's or a team's page: the timeline picture, then its saved query's table."""
    table_query = _OWN_PAGES[kind]
    if site.queries_dir is None or table_query not in site.catalogue:
        return node_page(site, ALL_PREFIXES[kind] + slug)
    query = site.catalogue[table_query]
    param = kind  # `career` takes person=, `head-coaches` takes team=
    try:
        answer = run_saved(site, query, {param: slug})
    except InputError as error:
        return error_page(f"{kind} {slug}", error.message, HTTPStatus.NOT_FOUND)
    iri = ALL_PREFIXES[kind] + slug
    queries = site.saved_queries()
    title = queries.name_of(URIRef(iri))
    empty = isinstance(answer, Rows) and not answer.rows
    picture = (
        f'<p class="muted" id="no-timeline">No {_TABLE_WORDS[kind]} in the data: no timeline.</p>'
        if empty
        else _picture(queries, kind, slug)
    )
    heading = "Career" if kind == "person" else "Head coaches in order"
    body = (
        f'<h1 id="title">{esc(title)}</h1>\n'
        f'<p class="muted"><code>{esc(short_iri(iri))}</code> · '
        f'<a href="{esc("/node?" + urlencode({"iri": iri}))}">all its statements</a> · '
        f'<a href="/queries/{esc(table_query)}?{esc(urlencode({param: slug}))}">'
        f"saved query {esc(table_query)}</a></p>\n"
        f"{picture}\n<h2>{heading}</h2>\n{answer_html(answer)}"
    )
    return page(title, body)


def _picture(queries: SavedQueries, kind: str, slug: str) -> str:
    """The timeline `footballkg timeline` draws, inline; a note where there is nothing to draw."""
    try:
        timeline: Timeline = (
            person_timeline(queries, slug) if kind == "person" else team_timeline(queries, slug)
        )
    except InputError as error:
        return f'<p class="muted" id="no-timeline">No timeline: {esc(error.message)}</p>'
    with _DRAWING:
        svg = inline_svg(timeline)
    return f'<figure id="timeline">{svg}</figure>'


# --------------------------------------------------------------------------- any other node


def node_page(site: Site, iri: str) -> Page:
    """The triples in which `iri` is the subject, then those in which it is the object."""
    try:
        check_iri(iri)
    except InputError as error:
        return error_page("Not an IRI", error.message, HTTPStatus.BAD_REQUEST)
    node = ox.NamedNode(iri)
    convert = oxigraph_converter()
    outgoing = _take(
        ["predicate", "object"],
        (
            (convert(quad.predicate), convert(quad.object))
            for quad in site.store.quads_for_pattern(node, None, None)
        ),
        site.max_rows,
    )
    incoming = _take(
        ["subject", "predicate"],
        (
            (convert(quad.subject), convert(quad.predicate))
            for quad in site.store.quads_for_pattern(None, None, node)
        ),
        site.max_rows,
    )
    if not outgoing.rows and not incoming.rows:
        return error_page(
            "Not in the data", f"{short_iri(iri)} occurs in no triple.", HTTPStatus.NOT_FOUND
        )
    labels = [row["object"] for row in outgoing.rows if str(row["predicate"]) == RDFS_LABEL]
    english = [label for label in labels if isinstance(label, Literal) and label.language == "en"]
    title = str((english or labels or [short_iri(iri)])[0])
    own = node_href(iri)
    also = f' · <a href="{esc(own)}">its page</a>' if not own.startswith("/node?") else ""
    body = (
        f'<h1 id="title">{esc(title)}</h1>\n'
        f'<p class="muted"><code>{esc(iri)}</code>{also}</p>\n'
        f"<h2>Statements about it</h2>\n{rows_table(outgoing, 'outgoing')}\n"
        f"<h2>Statements that point to it</h2>\n{rows_table(incoming, 'incoming')}"
    )
    return page(title, body)


# --------------------------------------------------------------------------- the SPARQL editor


def editor_page() -> Page:
    prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in ALL_PREFIXES.items())
    text = prefixes + "\nSELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
    body = (
        "<h1>SPARQL editor</h1>\n"
        '<form id="query-form" method="post" action="/query">\n'
        f'<textarea id="query" name="query" rows="24">{esc(text)}</textarea>\n'
        '<p><button id="run" type="submit">Run</button> Endpoint: <code>/query</code> '
        '<span class="muted">(read-only; SERVICE and LOAD are refused)</span></p></form>\n'
        '<p class="failed" id="error"></p><table id="results"></table>\n'
        f"<script>{EDITOR_SCRIPT}</script>"
    )
    return page("SPARQL editor", body)

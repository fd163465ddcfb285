"""`footballkg serve`'s pages, in process over http.client: the catalogue, a saved query's form
and answer, people's and teams' pages, any node's triples, the editor; escaping, errors in the
page, capped tables, and the server's Host and Origin checks on every page.

Expected rows come from the seeds: the encyclopedia's managerial table ("Genk | 24 September
2020 | 2 November 2020", "Esbjerg fB (caretaker) | 17 November 2008 | 1 January 2009") and
the Belgian article ("Thorup volgde Hannes Wolf op": Thorup followed Hannes Wolf at Genk).
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from conftest import in_process_servers
from footballkg.cli import cli
from footballkg.project import Project
from footballkg.rdf.load import LoadedGraph
from footballkg.server.app import SparqlServer

ROOT = Path(__file__).resolve().parents[2]
EVIL = URIRef("https://w3id.org/footballkg/id/person/evil")
EVIL_LABEL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def start_server(loaded: LoadedGraph, project: Project) -> Iterator[Callable[..., SparqlServer]]:
    graph = Graph()
    graph += loaded.graph
    graph.add((EVIL, RDFS.label, Literal(EVIL_LABEL, lang="en")))
    with in_process_servers(graph, project.queries_dir) as start:
        yield start


@pytest.fixture(scope="module")
def server(start_server: Callable[..., SparqlServer]) -> SparqlServer:
    return start_server()


def get(
    server: SparqlServer, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], str]:
    sent = {"Host": f"127.0.0.1:{server.settings.port}", **headers}
    connection = http.client.HTTPConnection("127.0.0.1", server.settings.port, timeout=60)
    try:
        connection.request(method, path, headers=sent)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode()
    finally:
        connection.close()


class _Tables(HTMLParser):
    """The text of every cell of the table with a given id, row by row."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.inside = False
        self.in_cell = False
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", self.table_id) in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.rows[-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.in_cell:
            self.rows[-1][-1] += data


def table(body: str, table_id: str = "results") -> list[dict[str, str]]:
    parser = _Tables(table_id)
    parser.feed(body)
    head, *rows = parser.rows
    return [dict(zip(head, row, strict=True)) for row in rows]


def test_the_home_page_lists_every_saved_query(server: SparqlServer) -> None:
    status, headers, body = get(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    listed = {row["Query"] for row in table(body, "catalogue")}
    assert listed == {path.stem for path in (ROOT / "queries").glob("*.rq")}
    assert '<a href="/queries/head-coaches">head-coaches</a>' in body
    assert '<span class="tag">coaches</span>' in body


def test_a_query_page_shows_the_form_with_the_example_and_runs_nothing(
    server: SparqlServer,
) -> None:
    status, _, body = get(server, "/queries/career")
    assert status == 200
    assert '<input id="param-person" name="person" value="jess-thorup" required>' in body
    assert 'id="results"' not in body


def test_a_submitted_query_shows_thorups_career(server: SparqlServer) -> None:
    status, _, body = get(server, "/queries/career?person=jess-thorup&as_of=2025-12-31")
    assert status == 200
    rows = table(body)
    # 6 spells as a player, 2 as assistant at Esbjerg, 9 in the managerial table.
    assert len(rows) == 17
    assert "17 rows." in body
    by_start = {row["start"]: row for row in rows}
    assert by_start["2020-09-24"]["end"] == "2020-11-02"
    assert by_start["2020-09-24"]["team_label"] == "Genk"
    assert by_start["2008-11-17"]["end"] == "2009-01-01"
    assert by_start["2008-11-17"]["role_label"] == "caretaker"
    assert by_start["1989"]["role_label"] == "player"  # a year stays a year
    # Each node is a link to its own page, under its prefixed name.
    assert (
        '<a href="/node?iri=https%3A%2F%2Fw3id.org%2Ffootballkg%2Fid%2Ftenure%2F'
        'jess-thorup-krc-genk-head-coach-2020" '
        'title="https://w3id.org/footballkg/id/tenure/jess-thorup-krc-genk-head-coach-2020">'
        "tenure:jess-thorup-krc-genk-head-coach-2020</a>"
    ) in body


def test_a_misspelt_name_gets_the_same_message_as_on_the_command_line(
    server: SparqlServer,
) -> None:
    message = "no person jess-thorp in the data; did you mean jess-thorup?"
    status, _, body = get(server, "/queries/career?person=jess-thorp")
    assert status == 400
    assert f'<p class="error" id="error">Error: {message}</p>' in body
    assert 'value="jess-thorp"' in body  # the form keeps what was sent
    result = CliRunner().invoke(
        cli, ["query", "career", "--project", str(ROOT), "-p", "person=jess-thorp"]
    )
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "persn=jess-thorup",
            'query "career" has no parameter "persn". Its parameters: person (required), as_of.',
        ),
        (
            "person=jess-thorup&as_of=2025-13-01",
            'parameter "as_of": 2025-13-01 is not a day in the calendar (there is no month 13).',
        ),
        ("person=", 'query "career" needs parameter "person"'),
        ("person=a&person=b", 'give parameter "person" once.'),
    ],
)
def test_bad_parameters_are_explained_in_the_page(
    server: SparqlServer, query: str, message: str
) -> None:
    status, _, body = get(server, f"/queries/career?{query}")
    assert status == 400
    assert "Traceback" not in body
    assert message.replace('"', "&quot;") in body


def test_a_query_without_required_parameters_runs_when_opened(server: SparqlServer) -> None:
    status, _, body = get(server, "/queries/sources")
    assert status == 200
    dates = sorted(row["date"] for row in table(body))
    # The seeds' README: the article appeared on 2020-11-02; the encyclopedia is of 2025.
    assert dates == ["2020-11-02", "2025"]


def test_text_from_the_data_and_the_request_is_escaped(server: SparqlServer) -> None:
    for path in [
        "/queries/names?of=person:evil",
        "/node?iri=https://w3id.org/footballkg/id/person/evil",
        "/queries/career?person=%3Cscript%3Ealert(1)%3C/script%3E",
        "/queries/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]:
        _, _, body = get(server, path)
        assert "<script>" not in body, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, path


def test_genks_page_shows_its_coaches_in_order_and_the_timeline(server: SparqlServer) -> None:
    status, _, body = get(server, "/team/krc-genk")
    assert status == 200
    assert [row["person_label"] for row in table(body)] == ["Hannes Wolf", "Jess Thorup"]
    assert '<figure id="timeline"><svg ' in body
    assert '<h1 id="title">Genk</h1>' in body or '<h1 id="title">KRC Genk</h1>' in body


def test_a_persons_page_shows_the_career_and_the_timeline(server: SparqlServer) -> None:
    status, _, body = get(server, "/person/jess-thorup")
    assert status == 200
    assert '<h1 id="title">Jess Thorup</h1>' in body
    assert '<figure id="timeline"><svg ' in body
    assert len(table(body)) == 17


def test_an_unknown_person_gets_a_suggestion(server: SparqlServer) -> None:
    status, _, body = get(server, "/person/jess-thorp")
    assert status == 404
    assert "no person jess-thorp in the data; did you mean jess-thorup?" in body


def test_a_nodes_page_lists_its_statements(server: SparqlServer) -> None:
    iri = "https://w3id.org/footballkg/id/tenure/jess-thorup-krc-genk-head-coach-2020"
    status, _, body = get(server, f"/node?iri={iri}")
    assert status == 200
    values = {row["predicate"]: row["object"] for row in table(body, "outgoing")}
    assert values["fkg:startDate"] == "2020-09-24"
    assert values["fkg:endDate"] == "2020-11-02"
    assert values["fkg:team"] == "team:krc-genk"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/node?iri=https://example.org/nothing", 404),
        ("/node?iri=not%20an%20iri", 400),
        ("/node", 400),
        ("/queries/no-such-query", 404),
        ("/queries/career/more", 404),
    ],
)
def test_what_is_not_there_is_said_so(server: SparqlServer, path: str, status: int) -> None:
    assert get(server, path)[0] == status


def test_the_editor_has_the_projects_prefixes(server: SparqlServer) -> None:
    status, _, body = get(server, "/editor")
    assert status == 200
    assert "PREFIX person: &lt;https://w3id.org/footballkg/id/person/&gt;" in body
    assert '<form id="query-form" method="post" action="/query">' in body


def test_a_long_answer_is_cut_and_says_so(start_server: Callable[..., SparqlServer]) -> None:
    server = start_server(max_rows_shown=5)
    _, _, body = get(server, "/queries/career?person=jess-thorup&as_of=2025-12-31")
    assert len(table(body)) == 5
    assert "The answer has more than 5 rows and only the first 5 are shown." in body
    _, _, body = get(server, "/node?iri=https://w3id.org/footballkg/id/person/jess-thorup")
    assert len(table(body, "outgoing")) == 5
    assert 'id="cut"' in body


def test_a_saved_query_s_rows_come_a_page_at_a_time_with_links(
    start_server: Callable[..., SparqlServer],
) -> None:
    server = start_server(max_rows_shown=5)
    path = "/queries/teams-played-coached?person=jess-thorup"
    _, _, first = get(server, path)
    # Thorup's twelve teams in the order he first joined them (career.yaml): Odense,
    # Uerdingen, Tirol Innsbruck, Esbjerg, HamKam; then Denmark U-21 ...; Al Ahly last.
    assert 'Rows 1 to 5 of the answer. <a id="next" ' in first
    assert 'href="/queries/teams-played-coached?person=jess-thorup&amp;page-offset=5"' in first
    _, _, second = get(server, path + "&page-offset=5")
    assert [row["team_label"] for row in table(second)] == [
        "Denmark U-21",
        "FC Midtjylland",
        "Gent",
        "Genk",
        "Copenhagen",
    ]
    assert (
        'id="previous" href="/queries/teams-played-coached?person=jess-thorup&amp;page-offset=0"'
        in second
    )
    _, _, last = get(server, path + "&page-offset=10")
    assert [row["team_label"] for row in table(last)] == ["FC Augsburg", "Al Ahly"]
    assert "Rows 11 to 12 of the answer." in last and 'id="next"' not in last
    status, _, wrong = get(server, path + "&page-offset=-1")
    assert status == 400 and "page-offset must be a whole number" in wrong


PAGES = ["/", "/queries/career", "/person/jess-thorup", "/team/krc-genk", "/node", "/editor"]


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_keep_the_host_and_origin_checks(server: SparqlServer, path: str) -> None:
    assert get(server, path, Host="attacker.example:80")[0] == 421
    assert get(server, path, Origin="http://attacker.example")[0] == 403
    assert get(server, path, method="POST")[0] == 405


@pytest.mark.parametrize("path", ["/", "/team/krc-genk", "/editor"])
def test_the_pages_may_reach_only_the_server(server: SparqlServer, path: str) -> None:
    _, headers, _ = get(server, path)
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'self';")
    assert "form-action 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_a_team_without_coaches_in_the_data_gets_a_page_without_a_picture(
    server: SparqlServer,
) -> None:
    # The seeds name Odense (OB) as Thorup's first club as a player, and none of its coaches.
    status, _, body = get(server, "/team/odense-bk")
    assert status == 200
    assert '<p class="muted" id="no-timeline">No head coaches in the data: no timeline.</p>' in body
    assert table(body) == []


def test_a_page_larger_than_the_answer_limit_is_refused(
    start_server: Callable[..., SparqlServer],
) -> None:
    server = start_server(max_answer_bytes=2000)
    status, _, body = get(server, "/queries/career?person=jess-thorup")
    assert status == 500
    assert body == (
        "The page is larger than 2000 bytes; ask for less (fewer rows or parameters that "
        "narrow the query).\n"
    )

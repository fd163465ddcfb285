"""A production client's failures, each against a real condition: one line, its own exit code.

Real Oxigraph servers (stopped, wrong path, bad query) and tiny local HTTP servers that answer
slowly, busy, cut off, with HTML, or demand a login. Nothing is mocked.
"""

from __future__ import annotations

import hashlib
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from footballkg.cli import cli
from footballkg.errors import (
    EXIT_AUTH,
    EXIT_CONNECTION,
    EXIT_SERVER,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    AuthFailed,
    ConnectionFailed,
    InputError,
    RemoteError,
    TimedOut,
)
from footballkg.stores.http_client import PASSWORD_ENV, USER_AGENT, Credentials, HttpClient
from footballkg.stores.oxigraph_server import free_port, start_oxigraph
from footballkg.stores.remote import Endpoint, SparqlClient

ONE_ROW = (
    b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", '
    b'"datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "7"}}]}}'
)
RESULTS_JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ROOT = Path(__file__).resolve().parents[2]
COUNT_FILE = Path(__file__).parent / "cases" / "count.rq"


def client(url: str, timeout: float = 5, **options: object) -> SparqlClient:
    http = HttpClient(timeout, **options)  # type: ignore[arg-type]
    return SparqlClient(Endpoint.from_url(url), http=http)


def query_cli(url: str, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run `footballkg query` with a one-line counting query on `url`; exit code and output."""
    args = ["query", "--file", str(COUNT_FILE), "--endpoint", url, "--project", str(ROOT)]
    result = CliRunner().invoke(cli, [*args, *extra], env=env)
    return result.exit_code, result.output


def single_error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: "), output
    assert "Traceback" not in output
    return lines[0]


# -- unreachable and vanishing servers --------------------------------------------------------


def test_closed_port_is_a_connection_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    code, output = query_cli(url)
    assert code == EXIT_CONNECTION
    assert single_error_line(output) == (
        f"Error: Cannot connect to {url}: connection refused. Is the server running on that port?"
    )


def test_server_stopped_mid_run(client_of: Callable[..., SparqlClient]) -> None:
    with start_oxigraph() as server:
        remote = client_of(server)
        assert remote.count_triples() == 0
        server.stop()
        with pytest.raises(ConnectionFailed, match="connection refused"):
            remote.count_triples()


def test_connection_closed_before_answering(tiny_server) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(lambda handler, n: handler.connection.shutdown(socket.SHUT_RDWR))
    with pytest.raises(ConnectionFailed, match="closed the connection before answering"):
        client(server.url).select(COUNT)


# -- deadlines --------------------------------------------------------------------------------


def test_slow_server_times_out_at_the_deadline(tiny_server) -> None:  # type: ignore[no-untyped-def]
    def slow(handler, n):  # type: ignore[no-untyped-def]
        time.sleep(3)
        handler.send(200, ONE_ROW, RESULTS_JSON)

    server = tiny_server(slow)
    code, output = query_cli(server.url, "--timeout", "0.5")
    assert code == EXIT_TIMEOUT
    assert single_error_line(output) == (
        f"Error: No complete answer from {server.url} within 0.5 s. "
        "Raise --timeout, or check that the server is not overloaded."
    )
    started = time.monotonic()
    with pytest.raises(TimedOut):
        client(server.url, timeout=0.5).select(COUNT)
    assert time.monotonic() - started < 1.5


def test_deadline_covers_the_whole_body_not_each_read(tiny_server) -> None:  # type: ignore[no-untyped-def]
    """A server trickling one byte every 50 ms never stalls a read, yet misses the deadline."""

    def trickle(handler, n):  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Type", RESULTS_JSON)
        handler.send_header("Content-Length", str(len(ONE_ROW)))
        handler.end_headers()
        for byte in ONE_ROW:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)  # the whole body takes ~8 s

    server = tiny_server(trickle)
    started = time.monotonic()
    with pytest.raises(TimedOut):
        client(server.url, timeout=1).select(COUNT)
    assert time.monotonic() - started < 1.8


# -- busy servers: bounded retries honouring Retry-After -------------------------------------


def test_503_with_retry_after_is_retried_then_succeeds(tiny_server) -> None:  # type: ignore[no-untyped-def]
    def busy_once(handler, n):  # type: ignore[no-untyped-def]
        if n == 1:
            handler.send(503, b"warming up", "text/plain", Retry_After="1")
        else:
            handler.send(200, ONE_ROW, RESULTS_JSON)

    server = tiny_server(busy_once)
    started = time.monotonic()
    result = client(server.url).select(COUNT)
    assert [int(row["n"]) for row in result.rows] == [7]  # type: ignore[arg-type]
    assert len(server.seen) == 2
    assert time.monotonic() - started >= 1.0  # it waited as asked


def test_503_gives_up_after_the_bound(tiny_server) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(lambda h, n: h.send(503, b"", "text/plain", Retry_After="0"))
    code, output = query_cli(server.url)
    assert code == EXIT_SERVER
    assert single_error_line(output) == (
        f"Error: {server.url} is busy or unavailable (HTTP 503, Service Unavailable) "
        "after 4 attempts within 60 s; try again later."
    )
    assert len(server.seen) == 4


def test_retry_after_beyond_the_deadline_gives_up_at_once(tiny_server) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(lambda h, n: h.send(429, b"slow down", "text/plain", Retry_After="120"))
    started = time.monotonic()
    with pytest.raises(RemoteError, match=r"HTTP 429.*after 1 attempt .*slow down"):
        client(server.url, timeout=5).select(COUNT)
    assert time.monotonic() - started < 1
    assert len(server.seen) == 1


# -- bodies that are cut off or not what was asked for ----------------------------------------


def test_truncated_body_is_rejected(tiny_server) -> None:  # type: ignore[no-untyped-def]
    def cut_off(handler, n):  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Type", RESULTS_JSON)
        handler.send_header("Content-Length", str(len(ONE_ROW)))
        handler.end_headers()
        handler.wfile.write(ONE_ROW[:40])
        handler.wfile.flush()
        handler.close_connection = True

    server = tiny_server(cut_off)
    code, output = query_cli(server.url)
    assert code == EXIT_SERVER
    assert single_error_line(output) == (
        f"Error: The answer from {server.url} was cut off after 40 of {len(ONE_ROW)} bytes; "
        "nothing of it was used. Try again, or check the server's logs."
    )


def test_truncated_json_with_matching_length_is_rejected(tiny_server) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(lambda h, n: h.send(200, ONE_ROW[:-5], RESULTS_JSON))
    with pytest.raises(RemoteError, match="is not complete SPARQL JSON results"):
        client(server.url).select(COUNT)


def test_html_instead_of_results(tiny_server) -> None:  # type: ignore[no-untyped-def]
    page = b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"
    server = tiny_server(lambda h, n: h.send(200, page, "text/html; charset=utf-8"))
    code, output = query_cli(server.url)
    assert code == EXIT_SERVER
    assert single_error_line(output) == (
        f"Error: {server.url} answered with text/html (a web page: is the URL the SPARQL "
        "endpoint, e.g. …/query or …/sparql?), not SPARQL JSON results."
    )


# -- errors the server states -------------------------------------------------------------------


def test_bad_query_shows_the_servers_message_and_position(oxigraph, client_of) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RemoteError) as caught:
        client_of(oxigraph).select("SELECT ?s WHERE { ?s ?p }")
    assert caught.value.exit_code == EXIT_SERVER
    assert caught.value.message.startswith("The server rejected the query (HTTP 400): error at 1:")
    assert "\n" not in caught.value.message


def test_wrong_path_is_a_404_with_advice(oxigraph) -> None:  # type: ignore[no-untyped-def]
    code, output = query_cli(oxigraph.url + "/sparql/nope")
    assert code == EXIT_SERVER
    assert "was not found (HTTP 404). Check the endpoint path" in single_error_line(output)


def test_server_error_500(tiny_server) -> None:  # type: ignore[no-untyped-def]
    page = b"<html><head><title>x</title></head><body><p>Out of\n memory</p></body></html>"
    server = tiny_server(lambda h, n: h.send(500, page, "text/html"))
    with pytest.raises(RemoteError) as caught:
        client(server.url).select(COUNT)
    assert caught.value.exit_code == EXIT_SERVER
    assert caught.value.message == (
        f"{server.url} failed on the query (HTTP 500 Internal Server Error): Out of memory"
    )


def test_user_agent_names_the_project(tiny_server) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(lambda h, n: h.send(200, ONE_ROW, RESULTS_JSON))
    client(server.url).select(COUNT)
    assert server.seen[0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("footballkg/")


# -- logins -----------------------------------------------------------------------------------

USER, PASSWORD, REALM, NONCE = "coach", "s3cret-Pa55", "footballkg", "a1b2c3d4"


def basic_login(handler, n):  # type: ignore[no-untyped-def]
    import base64

    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    if handler.headers.get("Authorization") == expected:
        handler.send(200, ONE_ROW, RESULTS_JSON)
    else:
        handler.send(401, b"login", "text/plain", WWW_Authenticate=f'Basic realm="{REALM}"')


def digest_login(handler, n):  # type: ignore[no-untyped-def]
    if digest_ok(handler.headers.get("Authorization", ""), handler.command):
        handler.send(200, ONE_ROW, RESULTS_JSON)
    else:
        challenge = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm=MD5'
        handler.send(401, b"login", "text/plain", WWW_Authenticate=challenge)


def digest_ok(header: str, method: str) -> bool:
    """Check an `Authorization: Digest ...` header (RFC 7616, MD5, qop=auth) as a server does."""
    if not header.startswith("Digest "):
        return False
    fields = {}
    for part in header[len("Digest ") :].split(","):
        key, _, value = part.strip().partition("=")
        fields[key] = value.strip('"')

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    ha1 = md5(f"{USER}:{REALM}:{PASSWORD}")
    ha2 = md5(f"{method}:{fields.get('uri', '')}")
    expected = md5(f"{ha1}:{NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
    return fields.get("username") == USER and fields.get("response") == expected


@pytest.mark.parametrize("login", [basic_login, digest_login], ids=["basic", "digest"])
def test_login_on_demand(tiny_server, login) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(login)
    remote = SparqlClient(
        Endpoint.from_url(server.url), timeout=5, credentials=Credentials(USER, PASSWORD)
    )
    assert [int(r["n"]) for r in remote.select(COUNT).rows] == [7]  # type: ignore[arg-type]
    assert [int(r["n"]) for r in remote.select(COUNT).rows] == [7]  # type: ignore[arg-type]
    # One challenge, then the login is sent straight away.
    assert [("Authorization" in s.headers) for s in server.seen] == [False, True, True]


@pytest.mark.parametrize("login", [basic_login, digest_login], ids=["basic", "digest"])
def test_wrong_password_is_an_auth_error_that_never_shows_it(tiny_server, login) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(login)
    env = {PASSWORD_ENV: "wrong-Pa55word"}
    code, output = query_cli(server.url, "--user", USER, env=env)
    assert code == EXIT_AUTH
    assert single_error_line(output) == (
        f"Error: {server.url} did not accept the login of user 'coach' (HTTP 401). "
        f"Check --user and {PASSWORD_ENV}."
    )
    assert "wrong-Pa55word" not in output


def test_login_needed_but_not_given(tiny_server) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(basic_login)
    with pytest.raises(AuthFailed, match=f"needs a login .* set the password in .*{PASSWORD_ENV}"):
        client(server.url).select(COUNT)


def test_user_without_password_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    with pytest.raises(InputError, match=f"set the environment variable {PASSWORD_ENV}"):
        Credentials.for_user("coach")


def test_credentials_are_never_part_of_a_url_or_repr() -> None:
    with pytest.raises(InputError, match="Do not put credentials in the endpoint URL"):
        Endpoint.from_url("http://coach:s3cret@127.0.0.1:7878/query")
    assert "s3cret" not in repr(Credentials("coach", "s3cret"))


def test_forbidden_is_an_auth_error_with_the_servers_words(tiny_server) -> None:  # type: ignore[no-untyped-def]
    server = tiny_server(lambda h, n: h.send(403, b"read-only dataset", "text/plain"))
    code, output = query_cli(server.url)
    assert code == EXIT_AUTH
    assert single_error_line(output) == (
        f"Error: {server.url} refused the query (HTTP 403): read-only dataset"
    )


def test_retry_after_as_an_http_date(tiny_server) -> None:  # type: ignore[no-untyped-def]
    def busy_once(handler, n):  # type: ignore[no-untyped-def]
        if n == 1:  # a date in the past: retry at once
            handler.send(503, b"", "text/plain", Retry_After="Wed, 21 Oct 2015 07:28:00 GMT")
        else:
            handler.send(200, ONE_ROW, RESULTS_JSON)

    server = tiny_server(busy_once)
    started = time.monotonic()
    assert len(client(server.url).select(COUNT).rows) == 1
    assert time.monotonic() - started < 0.5


def test_graph_must_be_an_absolute_iri() -> None:
    code, output = query_cli("http://127.0.0.1:9/query", "--graph", "my graph")
    assert code == EXIT_USAGE
    assert output == (
        "Error: --graph 'my graph' is not an absolute IRI, e.g. https://example.org/g.\n"
    )


def test_an_endpoint_at_the_root_without_a_path(tiny_server) -> None:  # type: ignore[no-untyped-def]
    """QLever-style endpoints live at the root; a long query goes by POST to `/`."""
    server = tiny_server(lambda h, n: h.send(200, ONE_ROW, RESULTS_JSON))
    root = server.url.removesuffix("/sparql")
    client(root).select(COUNT + " #" + "x" * 3000)
    assert (server.seen[0].method, server.seen[0].path) == ("POST", "/")

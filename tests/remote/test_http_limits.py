"""Answers are bounded and whole, secrets stay with the origin that asked, odd input is a
usage error: stub servers on 127.0.0.1 misbehave on purpose, and the command line's one
`Error:` line and exit code are compared exactly."""

from __future__ import annotations

import base64
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from footballkg.cli import cli
from footballkg.errors import EXIT_AUTH, EXIT_INCOMPLETE, EXIT_SERVER, EXIT_USAGE
from footballkg.stores.http_client import PASSWORD_ENV, Credentials, HttpClient

ROOT = Path(__file__).resolve().parents[2]
COUNT_FILE = Path(__file__).parent / "cases" / "count.rq"
RESULTS_JSON = "application/sparql-results+json"
TWO_ROWS = (
    b'{"head": {"vars": ["n"]}, "results": {"bindings": ['
    b'{"n": {"type": "literal", "value": "1"}}, {"n": {"type": "literal", "value": "2"}}]}}'
)
PASSWORD = "s3cret-Pa55"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--project", str(ROOT)], env=env)
    return result.exit_code, result.output


def query_cli(url: str, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    return run("query", "--file", str(COUNT_FILE), "--endpoint", url, *extra, env=env)


def error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: ") and "Traceback" not in output, output
    return lines[0]


# -- bounded and whole -----------------------------------------------------------------------


def endless(handler: Any, n: int) -> None:
    """A 200 answer that never ends: no Content-Length, bytes until the client hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", RESULTS_JSON)
    handler.end_headers()
    handler.close_connection = True
    chunk = b" " * 65536
    try:
        for _ in range(100_000):  # 6.5 GB at most, if the client never stopped reading
            handler.wfile.write(chunk)
    except OSError:
        pass


def test_an_endless_answer_stops_at_the_limit(tiny_server: Callable[..., Any]) -> None:
    server = tiny_server(endless)
    code, output = query_cli(server.url, "--max-answer-bytes", "2000000")
    assert code == EXIT_INCOMPLETE
    assert error_line(output) == (
        f"Error: The answer from {server.url} is larger than 2000000 bytes; nothing of it was "
        "used. Ask for less (LIMIT), or raise --max-answer-bytes."
    )


def test_a_declared_length_past_the_limit_is_refused_before_reading(
    tiny_server: Callable[..., Any],
) -> None:
    server = tiny_server(lambda h, n: h.send(200, TWO_ROWS, RESULTS_JSON))
    code, output = query_cli(server.url, "--max-answer-bytes", "50")
    assert code == EXIT_INCOMPLETE
    assert error_line(output).startswith(
        f"Error: The answer from {server.url} is larger than 50 bytes; nothing of it was used."
    )


def test_an_answer_capped_at_the_servers_row_limit_is_an_error(
    tiny_server: Callable[..., Any],
) -> None:
    # Virtuoso cuts a SELECT to ResultSetMaxRows rows and says so in this header.
    server = tiny_server(lambda h, n: h.send(200, TWO_ROWS, RESULTS_JSON, X_SPARQL_MaxRows="2"))
    code, output = query_cli(server.url)
    assert code == EXIT_INCOMPLETE
    assert error_line(output) == (
        f"Error: {server.url} cut its answer short at its row limit (X-SPARQL-MaxRows: 2); "
        "nothing of it was used. Ask for fewer rows (LIMIT/OFFSET pages), or raise the "
        "server's limit (Virtuoso: ResultSetMaxRows)."
    )


def test_partial_results_at_the_servers_time_limit_are_an_error(
    tiny_server: Callable[..., Any],
) -> None:
    # Virtuoso's "anytime" queries: 200, the rows found so far, and this state.
    incomplete = "RC...: Returning incomplete results, query interrupted by result timeout."
    server = tiny_server(
        lambda h, n: h.send(
            200, TWO_ROWS, RESULTS_JSON, X_SQL_State="S1TAT", X_SQL_Message=incomplete
        )
    )
    code, output = query_cli(server.url)
    assert code == EXIT_INCOMPLETE
    assert error_line(output) == (
        f"Error: {server.url} stopped the query at its time limit and sent partial results "
        "(X-SQL-State: S1TAT); nothing of it was used. Ask for less, or raise the server's "
        "limit (Virtuoso: MaxQueryExecutionTime)."
    )


def test_exit_code_7_is_documented_in_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "7 the server's answer was incomplete (cut to a row limit, or too large)," in (
        " ".join(result.output.split())
    )


# -- secrets ---------------------------------------------------------------------------------


def basic_login(handler: Any, n: int) -> None:
    if handler.headers.get("Authorization", "").startswith("Basic "):
        handler.send(200, TWO_ROWS, RESULTS_JSON)
    else:
        handler.send(401, b"login", "text/plain", WWW_Authenticate='Basic realm="r"')


def test_a_login_goes_only_to_the_origin_that_asked(tiny_server: Callable[..., Any]) -> None:
    asking = tiny_server(basic_login)
    elsewhere = tiny_server(lambda h, n: h.send(200, TWO_ROWS, RESULTS_JSON))
    http = HttpClient(5, Credentials("bob", PASSWORD))
    for url in (asking.url, elsewhere.url, asking.url):
        http.send(urllib.request.Request(url), "query")
    sent = [r.headers.get("Authorization") for r in asking.seen]
    expected = "Basic " + base64.b64encode(f"bob:{PASSWORD}".encode()).decode()
    assert sent == [None, expected, expected]  # nothing before it asked
    assert [r.headers.get("Authorization") for r in elsewhere.seen] == [None]


def test_a_password_in_a_url_is_never_printed() -> None:
    code, output = query_cli("ftp://bob:s3cret@127.0.0.1/query")
    assert code == EXIT_USAGE
    assert error_line(output) == (
        "Error: 'ftp://127.0.0.1/query' is not an http(s) URL of a SPARQL endpoint."
    )


@pytest.mark.parametrize(
    ("user", "password", "expected"),
    [
        ("bob\r\nX-Injected: 1", PASSWORD, "--user must not contain control characters"),
        ("bob", "s3cret\r\nX-Injected: 1", f"The password in {PASSWORD_ENV} must not contain"),
        ("bob:admin", PASSWORD, "--user must not contain ':'"),
        ("bob", "s3cret\udcff", f"The password in {PASSWORD_ENV} is not valid UTF-8 text."),
    ],
    ids=["crlf-user", "crlf-password", "colon-user", "not-utf8-password"],
)
def test_odd_characters_in_a_login_are_usage_errors(
    tiny_server: Callable[..., Any], user: str, password: str, expected: str
) -> None:
    server = tiny_server(basic_login)
    code, output = query_cli(server.url, "--user", user, env={PASSWORD_ENV: password})
    assert code == EXIT_USAGE
    assert error_line(output).startswith(f"Error: {expected}")
    assert "s3cret" not in output
    assert server.seen == []


def test_a_non_ascii_password_for_digest_is_a_usage_error(tiny_server: Callable[..., Any]) -> None:
    challenge = 'Digest realm="r", nonce="abc", qop="auth", algorithm=MD5'
    server = tiny_server(lambda h, n: h.send(401, b"", "text/plain", WWW_Authenticate=challenge))
    code, output = query_cli(server.url, "--user", "bob", env={PASSWORD_ENV: "pässwörd"})
    assert code == EXIT_USAGE
    assert error_line(output) == (
        f"Error: {server.url} asks for a Digest login, which needs an ASCII user name and "
        f"password (--user and {PASSWORD_ENV})."
    )
    assert "pässwörd" not in output


def test_a_token_goes_only_where_a_bearer_challenge_came_from(
    tiny_server: Callable[..., Any],
) -> None:
    def bearer(handler: Any, n: int) -> None:
        if handler.headers.get("Authorization") == "Bearer tok":
            handler.send(200, TWO_ROWS, RESULTS_JSON)
        else:
            handler.send(401, b"", "text/plain", WWW_Authenticate='Bearer realm="footballkg"')

    asking = tiny_server(bearer)
    elsewhere = tiny_server(lambda h, n: h.send(200, TWO_ROWS, RESULTS_JSON))
    http = HttpClient(5, token="tok")
    for url in (elsewhere.url, asking.url, elsewhere.url):
        http.send(urllib.request.Request(url), "query")
    assert [r.headers.get("Authorization") for r in asking.seen] == [None, "Bearer tok"]
    assert [r.headers.get("Authorization") for r in elsewhere.seen] == [None, None]
    code, output = query_cli(asking.url)  # no token given
    assert code == EXIT_AUTH
    assert error_line(output) == (
        f"Error: {asking.url} needs a write token (HTTP 401). Set FOOTBALLKG_TOKEN to the token "
        "that `footballkg serve --writable` printed."
    )


# -- odd input, terminal escapes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://127.0.0.1:1/query\r\nX-Injected: 1",
            "Error: 'http://127.0.0.1:1/query\\x0d\\x0aX-Injected: 1' is not a valid URL: "
            "it holds spaces or control characters.",
        ),
        ("http://[::1", "Error: 'http://[::1' is not a valid URL (Invalid IPv6 URL)."),
        (
            "http://127.0.0.1:99999/query",
            "Error: 'http://127.0.0.1:99999/query' is not a valid URL (Port out of range 0-65535).",
        ),
    ],
    ids=["crlf", "ipv6-unclosed", "port"],
)
def test_a_malformed_endpoint_is_a_usage_error(url: str, expected: str) -> None:
    code, output = query_cli(url)
    assert code == EXIT_USAGE
    assert error_line(output) == expected


def test_escape_sequences_from_a_server_never_reach_the_terminal(
    tiny_server: Callable[..., Any],
) -> None:
    body = b"\x1b]0;owned\x07\x1b[2Jbad query\x9b"
    server = tiny_server(lambda h, n: h.send(400, body, "text/plain; charset=latin-1"))
    code, output = query_cli(server.url)
    assert code == EXIT_SERVER
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert error_line(output) == (
        "Error: The server rejected the query (HTTP 400): \\x1b]0;owned\\x07\\x1b[2Jbad query\\x9b"
    )


def test_rdf_from_a_server_passes_the_same_input_bounds(tiny_server: Callable[..., Any]) -> None:
    # One harmless entity stands for a billion-laughs document: declarations are refused.
    document = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY e "x"> ]>\n'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        b"<ex:p>&e;</ex:p></rdf:Description></rdf:RDF>\n"
    )
    server = tiny_server(lambda h, n: h.send(200, document, "application/rdf+xml"))
    code, output = run("export", "--endpoint", server.url, "--graph", "https://example.org/g")
    assert code == EXIT_SERVER
    assert error_line(output) == (
        f"Error: the answer from {server.url}:2: XML entity declarations (<!ENTITY ...>) are "
        "not accepted. Write the values out instead. Nothing of it was used."
    )

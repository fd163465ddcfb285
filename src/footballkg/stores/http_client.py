"""HTTP for SPARQL servers, written for their failures.

- One deadline (`timeout`) covers a whole exchange: connecting, retries and reading the
  body. A watchdog shuts the socket when it passes, so a server that trickles bytes cannot
  hold a command past it.
- 429, 502 and 503 are retried a bounded number of times, waiting as long as `Retry-After`
  asks (or backing off exponentially), never past the deadline.
- A login is sent only when the server asks for one (HTTP 401), as Digest, Basic or Bearer
  (the token of `footballkg serve --writable`) according to its challenge, and only to the
  origin (scheme, host, port) that asked: a Graph Store URL elsewhere gets none. Passwords
  and tokens come from environment variables and never appear in a message; URLs are shown
  without user-info.
- Answers are read as a stream and refused past `max_answer_bytes`, and an answer the server
  says it cut short (`X-SPARQL-MaxRows`, as Virtuoso does) is an error of its own (exit 7).
- Every failure becomes one `RemoteError` (exit codes 3, 4, 5, 6) with a one-line message;
  a body that is cut off is rejected, never used in part.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from footballkg import __version__
from footballkg.errors import (
    AnswerTooLarge,
    AnswerTruncated,
    AuthFailed,
    ConnectionFailed,
    InputError,
    RemoteError,
    TimedOut,
)
from footballkg.stores.http_defaults import DEFAULT_MAX_ANSWER_BYTES, DEFAULT_TIMEOUT
from footballkg.stores.http_defaults import PASSWORD_ENV as PASSWORD_ENV  # re-exported

TOKEN_ENV = "FOOTBALLKG_TOKEN"
_READ_CHUNK = 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: what terminals interpret
USER_AGENT = f"footballkg/{__version__}"
MAX_ATTEMPTS = 4  # one try and three retries on 429/502/503
FIRST_BACKOFF = 0.5  # seconds; doubles after each retry unless the server says otherwise
RETRY_STATUSES = frozenset({429, 502, 503})


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)

    @classmethod
    def for_user(cls, user: str | None) -> Credentials | None:
        """The login for `--user`, with the password taken from $FOOTBALLKG_PASSWORD."""
        if not user:
            return None
        if _CONTROL.search(user):
            raise InputError("--user must not contain control characters (such as line breaks).")
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            raise InputError(
                f"--user {user} needs a password: set the environment variable {PASSWORD_ENV}."
            )
        if any("\udc80" <= char <= "\udcff" for char in password):
            raise InputError(f"The password in {PASSWORD_ENV} is not valid UTF-8 text.")
        if _CONTROL.search(password):
            raise InputError(
                f"The password in {PASSWORD_ENV} must not contain control characters "
                "(such as line breaks)."
            )
        if ":" in user:
            raise InputError("--user must not contain ':' (HTTP logins cannot carry it).")
        return cls(user, password)


def token_from_environment() -> str | None:
    """The write token for `footballkg serve --writable`, from $FOOTBALLKG_TOKEN if set."""
    token = os.environ.get(TOKEN_ENV)
    if not token:
        return None
    if _CONTROL.search(token) or not token.isascii():
        raise InputError(f"The token in {TOKEN_ENV} must be printable ASCII.")
    return token.strip()


def shown_url(url: str) -> str:
    """`url` as messages show it: without user-info (it may hold a password)."""
    scheme, rest = url.split("://", 1) if "://" in url else ("", url)
    authority, slash, path = rest.partition("/")
    authority = authority.rsplit("@", 1)[-1]
    shown = f"{scheme}://{authority}{slash}{path}" if scheme else f"{authority}{slash}{path}"
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", shown)


def origin_of(url: str) -> str:
    """scheme://host:port of `url`, the unit a login belongs to."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def check_url(url: str) -> None:
    """Reject URLs the client cannot use, and credentials written into a URL."""
    shown = shown_url(url)
    if _CONTROL.search(url) or " " in url:
        raise InputError(f"'{shown}' is not a valid URL: it holds spaces or control characters.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError as error:
        raise InputError(f"'{shown}' is not a valid URL ({error}).") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"'{shown}' is not an http(s) URL of a SPARQL endpoint.")
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"Do not put credentials in the endpoint URL: pass --user NAME and set {PASSWORD_ENV}."
        )


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""

    def text(self) -> str:
        charset = self.headers.get_content_charset() or "utf-8"
        return self.body.decode(charset, errors="replace")


class HttpClient:
    """HTTP with a whole-exchange deadline, bounded retries and login on demand."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        credentials: Credentials | None = None,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        first_backoff: float = FIRST_BACKOFF,
        token: str | None = None,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
    ) -> None:
        if timeout <= 0:
            raise InputError("--timeout must be a positive number of seconds.")
        self.timeout = timeout
        self.credentials = credentials
        self.token = token
        self.max_attempts = max_attempts
        self.first_backoff = first_backoff
        self.max_answer_bytes = max_answer_bytes
        self._logins: dict[str, _Login] = {}  # origin -> login learnt from its 401 challenge

    def send(
        self,
        request: urllib.request.Request,
        what: str,
        *,
        ok: tuple[int, ...] = (),
    ) -> Response:
        """Send `request` and return a 2xx response (or one whose status is in `ok`).

        `what` names the request in error messages ("query", "push", ...).
        """
        url = _shown(request.full_url)
        deadline = time.monotonic() + self.timeout
        attempt = 0
        logged_in = False
        while True:
            attempt += 1
            self._add_login(request)
            response = self._send_once(request, deadline)
            if response.status == 401 and (self.credentials or self.token) and not logged_in:
                # First contact: answer the server's challenge once, then keep the login.
                logged_in = self._accept_challenge(request, response)
                if logged_in:
                    attempt -= 1
                    continue
            if response.status in RETRY_STATUSES and attempt < self.max_attempts:
                wait = _retry_after(response)
                if wait is None:
                    wait = self.first_backoff * 2 ** (attempt - 1)
                if time.monotonic() + wait < deadline:
                    time.sleep(wait)
                    continue
            break
        if 200 <= response.status < 300 or response.status in ok:
            return response
        raise self._status_error(response, url, what, attempt)

    # -- one exchange ------------------------------------------------------------------------

    def _send_once(self, request: urllib.request.Request, deadline: float) -> Response:
        url = _shown(request.full_url)
        parts = urlsplit(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timed_out(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.hostname or "", parts.port, timeout=remaining)
        expired = threading.Event()

        def close_at_deadline() -> None:
            expired.set()
            sock = connection.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv at once

        watchdog = threading.Timer(remaining, close_at_deadline)
        watchdog.daemon = True
        watchdog.start()
        try:
            headers = dict(request.header_items())
            path = request.selector or "/"  # a URL without a path means the root
            connection.request(request.get_method(), path, request.data, headers)
            answer = connection.getresponse()
            body = self._read_bounded(answer, url)
            if expired.is_set():
                # A body read until the socket closed may look complete; it is not.
                raise self._timed_out(url)
            _check_not_capped(answer, url)
            return Response(answer.status, answer.reason, answer.headers, body)
        except http.client.IncompleteRead as error:
            if expired.is_set():
                raise self._timed_out(url) from None
            expected = f" of {error.expected + len(error.partial)}" if error.expected else ""
            raise RemoteError(
                f"The answer from {url} was cut off after {len(error.partial)}{expected} bytes; "
                "nothing of it was used. Try again, or check the server's logs."
            ) from None
        except (OSError, http.client.HTTPException) as error:
            if expired.is_set() or isinstance(error, TimeoutError):
                raise self._timed_out(url) from None
            raise _connection_error(url, error) from None
        finally:
            watchdog.cancel()
            connection.close()

    def _read_bounded(self, answer: http.client.HTTPResponse, url: str) -> bytes:
        """The whole body, read in chunks; AnswerTooLarge past max_answer_bytes."""
        declared = answer.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_answer_bytes:
            raise self._too_large(url)
        chunks: list[bytes] = []
        size = 0
        while chunk := answer.read(_READ_CHUNK):
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise self._too_large(url)
            chunks.append(chunk)
        if declared and declared.isdigit() and size < int(declared):
            raise http.client.IncompleteRead(b"".join(chunks), int(declared) - size)
        return b"".join(chunks)

    def _too_large(self, url: str) -> AnswerTooLarge:
        return AnswerTooLarge(
            f"The answer from {url} is larger than {self.max_answer_bytes} bytes; nothing of it "
            "was used. Ask for less (LIMIT), or raise --max-answer-bytes."
        )

    def _timed_out(self, url: str) -> TimedOut:
        return TimedOut(
            f"No complete answer from {url} within {self.timeout:g} s. "
            "Raise --timeout, or check that the server is not overloaded."
        )

    # -- login -------------------------------------------------------------------------------

    def _add_login(self, request: urllib.request.Request) -> None:
        login = self._logins.get(origin_of(request.full_url))
        if login is None:
            return  # this origin never asked: it gets nothing
        authorization = login.authorization
        if login.digest is not None and login.challenge is not None:
            # Digest answers depend on the request (method, path, nonce count).
            answer = login.digest.get_authorization(request, login.challenge)
            authorization = f"Digest {answer}" if answer else None
        if authorization:
            request.add_unredirected_header("Authorization", authorization)

    def _accept_challenge(self, request: urllib.request.Request, response: Response) -> bool:
        """Prepare a login for the scheme the server asked for; False if it is unusable."""
        challenges = response.headers.get_all("WWW-Authenticate") or []
        schemes = {c.split(" ", 1)[0].lower(): c for c in challenges}
        origin = origin_of(request.full_url)
        if self.credentials is not None and "digest" in schemes:
            user, password = self.credentials.user, self.credentials.password
            if not (user.isascii() and password.isascii()):
                raise InputError(
                    f"{_shown(request.full_url)} asks for a Digest login, which needs an ASCII "
                    f"user name and password (--user and {PASSWORD_ENV})."
                )
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, request.full_url, user, password)
            items = urllib.request.parse_http_list(schemes["digest"].split(" ", 1)[1])
            self._logins[origin] = _Login(
                digest=urllib.request.HTTPDigestAuthHandler(manager),
                challenge=urllib.request.parse_keqv_list([i for i in items if "=" in i]),
            )
            return True
        if self.credentials is not None and "basic" in schemes:
            pair = f"{self.credentials.user}:{self.credentials.password}".encode()
            self._logins[origin] = _Login("Basic " + base64.b64encode(pair).decode("ascii"))
            return True
        if self.token is not None and "bearer" in schemes:
            self._logins[origin] = _Login(f"Bearer {self.token}")
            return True
        return False

    # -- errors ------------------------------------------------------------------------------

    def _status_error(self, response: Response, url: str, what: str, attempts: int) -> RemoteError:
        status = f"HTTP {response.status}"
        detail = _server_message(response)
        said = f": {detail}" if detail else "."
        if response.status == 401:
            challenges = " ".join(response.headers.get_all("WWW-Authenticate") or []).lower()
            if challenges.startswith("bearer"):
                if self.token is None:
                    return AuthFailed(
                        f"{url} needs a write token ({status}). Set {TOKEN_ENV} to the token "
                        "that `footballkg serve --writable` printed."
                    )
                return AuthFailed(f"{url} did not accept the token in {TOKEN_ENV} ({status}).")
            if self.credentials is None:
                return AuthFailed(
                    f"{url} needs a login ({status}). Pass --user NAME and set the password "
                    f"in the environment variable {PASSWORD_ENV}."
                )
            return AuthFailed(
                f"{url} did not accept the login of user {self.credentials.user!r} ({status}). "
                f"Check --user and {PASSWORD_ENV}."
            )
        if response.status == 403:
            return AuthFailed(f"{url} refused the {what} ({status}){said}")
        if response.status == 404:
            return RemoteError(
                f"{url} was not found ({status}). Check the endpoint path, e.g. Fuseki "
                "/DATASET/query, GraphDB /repositories/REPO, Virtuoso /sparql, Oxigraph /query."
            )
        if response.status in (301, 302, 303, 307, 308):
            location = response.headers.get("Location", "?")
            return RemoteError(f"{url} has moved ({status}) to {location}; use that URL.")
        if response.status == 400:
            return RemoteError(f"The server rejected the {what} ({status}){said}")
        if response.status in RETRY_STATUSES:
            tries = f"{attempts} attempt" + ("s" if attempts != 1 else "")
            wait = _retry_after(response)
            asked = f" (it asks to wait {wait:g} s)" if wait else ""
            return RemoteError(
                f"{url} is busy or unavailable ({status}, {response.reason}) after {tries} "
                f"within {self.timeout:g} s{asked}; try again later{said if detail else '.'}"
            )
        return RemoteError(f"{url} failed on the {what} ({status} {response.reason}){said}")


@dataclass
class _Login:
    """What one origin asked for: a fixed Authorization value, or Digest's state."""

    authorization: str | None = field(default=None, repr=False)
    digest: urllib.request.HTTPDigestAuthHandler | None = field(default=None, repr=False)
    challenge: dict[str, str] | None = field(default=None, repr=False)


def _check_not_capped(answer: http.client.HTTPResponse, url: str) -> None:
    """A server that cut its answer short says so in a header: never use it as a full answer.

    Virtuoso sends `X-SPARQL-MaxRows` when it cut the rows to its limit, and, for an "anytime"
    query stopped at its time limit, a 200 with the rows found so far and `X-SQL-State: S1TAT`.
    """
    if (answer.getheader("X-SQL-State") or "").strip().upper() == "S1TAT":
        raise AnswerTruncated(
            f"{url} stopped the query at its time limit and sent partial results "
            "(X-SQL-State: S1TAT); nothing of it was used. Ask for less, or raise the "
            "server's limit (Virtuoso: MaxQueryExecutionTime)."
        )
    cap = answer.getheader("X-SPARQL-MaxRows")
    if cap is not None:
        raise AnswerTruncated(
            f"{url} cut its answer short at its row limit (X-SPARQL-MaxRows: "
            f"{_CONTROL.sub('?', cap.strip())[:40]}); nothing of it was used. Ask for fewer rows "
            "(LIMIT/OFFSET pages), or raise the server's limit (Virtuoso: ResultSetMaxRows)."
        )


def _shown(url: str) -> str:
    """The URL as messages show it: without user-info and query string (long, may hold a
    graph)."""
    return shown_url(url.split("?", 1)[0])


def _retry_after(response: Response) -> float | None:
    """Seconds the server asked to wait (delta-seconds or an HTTP date), if it said."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _server_message(response: Response, limit: int = 300) -> str:
    """The server's error text on one line: HTML tags dropped, whitespace collapsed."""
    text = response.text()
    if response.media_type in ("text/html", "application/xhtml+xml"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)  # no terminal escapes
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _connection_error(url: str, error: BaseException) -> ConnectionFailed:
    host = urlsplit(url).hostname
    if isinstance(error, ConnectionRefusedError):
        return ConnectionFailed(
            f"Cannot connect to {url}: connection refused. Is the server running on that port?"
        )
    if isinstance(error, socket.gaierror):
        return ConnectionFailed(f"Cannot find the host {host!r} of {url}. Check the URL.")
    if isinstance(error, ssl.SSLError):
        return ConnectionFailed(f"TLS with {url} failed: {error.reason or error}.")
    if isinstance(error, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError):
        return ConnectionFailed(
            f"{url} closed the connection before answering (was the server stopped?)."
        )
    if isinstance(error, http.client.HTTPException):
        return ConnectionFailed(f"{url} did not answer with valid HTTP ({type(error).__name__}).")
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return ConnectionFailed(f"Cannot reach {url}: {reason}.")

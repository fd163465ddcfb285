"""A real OpenLink Virtuoso server for the remote tests, when `virtuoso-t` is installed.

One server per test session: a temporary database directory, a virtuoso.ini whose only two
listeners (the SQL port and the HTTP server) are on 127.0.0.1 and free ports, and a fresh
random password for the `dba` account, set at first start. Debian: `apt-get install
virtuoso-opensource`.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from footballkg.stores.oxigraph_server import free_port

HOST = "127.0.0.1"
VIRTUOSO = "virtuoso-t"
ISQL_NAMES = ("isql-vt", "isql")  # Debian names the client isql-vt
STARTUP_SECONDS = 60

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx

[Parameters]
ServerPort          = {host}:{sql_port}
DisableUnixSocket   = 1
DisableTcpSocket    = 0
CheckpointInterval  = 0
NumberOfBuffers     = 10000
MaxDirtyBuffers     = 6000
DirsAllowed         = {db}
ThreadsPerQuery     = 1

[HTTPServer]
ServerPort          = {host}:{http_port}
ServerRoot          = {db}
ServerThreads       = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryExecutionTime      = 60
; The optimizer overestimates the shapes' SPARQL rules (one estimated at 1,200 s runs in
; milliseconds), and its estimate grows with every graph held: tests drop the graphs they push.
MaxQueryCostEstimationTime = 100000
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """Where a running Virtuoso answers, and the `dba` login it was given."""

    http_port: int
    sql_port: int
    user: str
    password: str
    version: str

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"

    @property
    def auth_url(self) -> str:
        """Queries and updates with a login (HTTP Digest)."""
        return self.url + "/sparql-auth"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol, with a login."""
        return self.url + "/sparql-graph-crud-auth"


def virtuoso_missing() -> str | None:
    """Why the Virtuoso tests cannot run here, or None when they can."""
    if shutil.which(VIRTUOSO) is None:
        return f"{VIRTUOSO} is not installed (Debian: apt-get install virtuoso-opensource)"
    if _isql() is None:
        return "Virtuoso's isql client (isql-vt) is not installed"
    return None


def _isql() -> str | None:
    return next((path for name in ISQL_NAMES if (path := shutil.which(name))), None)


@contextmanager
def start_virtuoso() -> Iterator[VirtuosoServer]:
    """Start Virtuoso in a temporary directory; stop it and remove the directory at the end."""
    with tempfile.TemporaryDirectory(prefix="footballkg-virtuoso-") as directory:
        db = Path(directory)
        sql_port, http_port = free_port(), free_port()
        (db / "virtuoso.ini").write_text(
            INI.format(db=db, host=HOST, sql_port=sql_port, http_port=http_port)
        )
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(db / "virtuoso.ini")],
            cwd=db,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_http(process, http_port, db)
            password = secrets.token_hex(16)
            # The database was just created with the well-known password "dba": replace it
            # before anything else talks to the server.
            _isql_exec(sql_port, "dba", f"USER_SET_PASSWORD('dba', '{password}');")
            version = _isql_exec(sql_port, password, "select sys_stat('st_dbms_ver');")
            yield VirtuosoServer(http_port, sql_port, "dba", password, _version(version))
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_http(process: subprocess.Popen[bytes], port: int, db: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (db / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/sparql?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"Virtuoso did not answer on port {port} within {STARTUP_SECONDS} s")


def _isql_exec(sql_port: int, password: str, statement: str) -> str:
    isql = _isql()
    assert isql is not None
    done = subprocess.run(
        [isql, f"{HOST}:{sql_port}", "dba", password, f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql failed: {done.stdout[-500:]} {done.stderr[-500:]}")
    return done.stdout


def _version(isql_output: str) -> str:
    """The version line of `select sys_stat('st_dbms_ver')`, e.g. 07.20.3229."""
    for line in isql_output.splitlines():
        text = line.strip()
        if text[:1].isdigit() and "." in text:
            return text
    return "unknown"

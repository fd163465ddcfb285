"""Errors users can act on, each with the exit code the command line returns for it."""

from __future__ import annotations

# Documented exit codes (see README, "Exit codes").
EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_USAGE = 2
EXIT_CONNECTION = 3  # server unreachable: refused, DNS failure, reset
EXIT_TIMEOUT = 4  # server did not answer within --timeout
EXIT_SERVER = 5  # server answered with an error status or an unusable body
EXIT_AUTH = 6  # 401/403 from the server
EXIT_INCOMPLETE = 7  # the server's answer is incomplete: capped rows or too large to take
EXIT_CHANGED = 8  # after a push, the server holds other triples than were sent


class FootballkgError(Exception):
    """An error with a message meant for the user and the exit code to leave with."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(FootballkgError):
    """Bad input: an unparsable file, an unknown query or parameter, a missing folder."""


class RemoteError(FootballkgError):
    """A SPARQL server could not be used; subclasses pick the exit code."""

    exit_code = EXIT_SERVER


class ConnectionFailed(RemoteError):
    exit_code = EXIT_CONNECTION


class TimedOut(RemoteError):
    exit_code = EXIT_TIMEOUT


class AuthFailed(RemoteError):
    exit_code = EXIT_AUTH


class AnswerTruncated(RemoteError):
    """The server cut its answer short (a row cap): using it would drop rows silently."""

    exit_code = EXIT_INCOMPLETE


class AnswerTooLarge(RemoteError):
    """The answer is larger than the client agreed to read."""

    exit_code = EXIT_INCOMPLETE


class ServerChangedData(RemoteError):
    """Read back after a push, the graph on the server is not the graph that was sent."""

    exit_code = EXIT_CHANGED

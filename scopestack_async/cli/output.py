"""How the CLI speaks: exit codes, one-paragraph errors, progress bars or plain lines."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TextIO

import click
import orjson

from .._core.redact import NO_SECRETS, Redactor
from ..errors import (
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    TokenStoreError,
    TransportError,
)

if TYPE_CHECKING:
    from ..export.engine import ExportProgress

__all__ = [
    "EXIT_API",
    "EXIT_AUTH",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK",
    "EXIT_OK",
    "EXIT_PERMISSION",
    "EXIT_STORE",
    "EXIT_USAGE",
    "CliError",
    "Output",
    "exit_code_for",
]

EXIT_OK: Final = 0
EXIT_API: Final = 1  # The API answered with an error (server error, conflict, ...).
EXIT_USAGE: Final = 2  # Bad flags or input: unknown resource, bad filter, unwritable path.
EXIT_AUTH: Final = 3  # Not logged in, bad credentials, token revoked.
EXIT_PERMISSION: Final = 4  # The user's role lacks the privilege (403).
EXIT_NETWORK: Final = 5  # The API could not be reached (logout: revocation not confirmed).
EXIT_STORE: Final = 6  # The token store (keyring, token file) failed to read, write or lock.
EXIT_INTERRUPTED: Final = 130  # Ctrl-C / SIGINT.


class CliError(Exception):
    """An error the CLI explains itself, with its exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def exit_code_for(exc: BaseException) -> int:
    """The documented exit code of an error."""
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, (ConfigurationError, click.UsageError)):
        return EXIT_USAGE
    if isinstance(exc, TokenStoreError):
        return EXIT_STORE
    if isinstance(exc, PermissionDeniedError):
        return EXIT_PERMISSION
    if isinstance(exc, AuthenticationError):
        return EXIT_AUTH
    if isinstance(exc, TransportError):
        return EXIT_NETWORK
    if isinstance(exc, NotFoundError):
        return EXIT_USAGE
    return EXIT_API


class Output:
    """stdout for results, stderr for messages; ``--quiet``, ``--json`` and ``--debug``."""

    def __init__(self, *, quiet: bool, as_json: bool, debug: bool) -> None:
        self.quiet = quiet
        self.as_json = as_json
        self.debug = debug
        # Everything printed passes the command's redactor: servers may echo a secret.
        self._redactor: Callable[[], Redactor] = lambda: NO_SECRETS

    def redact_with(self, source: Callable[[], Redactor]) -> None:
        """Mask the secrets ``source()`` knows (it is asked each time: it learns new tokens)."""
        self._redactor = source

    def say(self, text: str) -> None:
        """A human line on stderr (not with --quiet or --json)."""
        if not (self.quiet or self.as_json):
            click.echo(self._redactor().mask(text), err=True)

    def result(self, data: dict[str, Any], text: str) -> None:
        """The command's result: JSON with --json, else ``text`` (not with --quiet)."""
        redactor = self._redactor()
        if self.as_json:
            safe = redactor.value(data)
            click.echo(orjson.dumps(safe, option=orjson.OPT_INDENT_2).decode())
        elif not self.quiet:
            click.echo(redactor.mask(text))

    def error(self, exc: BaseException) -> int:
        """Explain ``exc`` in one paragraph on stderr; return its exit code."""
        code = exit_code_for(exc)
        redactor = self._redactor()
        message = redactor.mask(" ".join(str(exc).split()) or type(exc).__name__)
        if self.debug:
            trace = "".join(traceback.format_exception(exc))
            sys.stderr.write(redactor.mask(trace))
        if self.as_json:
            payload = {"error": message, "kind": type(exc).__name__, "exit_code": code}
            click.echo(orjson.dumps(payload).decode(), err=True)
        else:
            click.echo(f"Error: {message}", err=True)
        return code

    def progress(self, stream: TextIO | None = None) -> _Reporter:
        """A progress reporter: a rich bar on a terminal, plain lines otherwise."""
        stream = stream or sys.stderr
        if self.quiet or self.as_json:
            return _Reporter()
        if stream.isatty():
            return _RichReporter(stream)
        return _LineReporter(stream)


class _Reporter:
    """No output (``--quiet``/``--json``)."""

    def __enter__(self) -> _Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __call__(self, event: ExportProgress) -> None:
        """Take one progress event."""


def _rate(event: ExportProgress) -> float:
    # This run's own records: a resumed export must not report the checkpoint's as speed.
    fetched = event.records - event.resumed_records
    return fetched / event.elapsed if event.elapsed > 0 else 0.0


class _LineReporter(_Reporter):
    """A plain line every couple of seconds, for logs and pipes."""

    def __init__(self, stream: TextIO, every: float = 2.0) -> None:
        self._stream = stream
        self._every = every
        self._next = time.monotonic() + every

    def __call__(self, event: ExportProgress) -> None:
        done = event.pages_total is not None and event.pages >= event.pages_total
        if not done and time.monotonic() < self._next:
            return
        self._next = time.monotonic() + self._every
        total = "?" if event.pages_total is None else str(event.pages_total)
        self._stream.write(
            f"exported {event.records} records, page {event.pages}/{total}, "
            f"{_rate(event):.0f} records/s, {event.retries} retries\n"
        )
        self._stream.flush()


class _RichReporter(_Reporter):
    """A rich progress bar: pages, records, rate, ETA."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]exporting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("pages"),
            TextColumn("{task.fields[records]} records"),
            TextColumn("{task.fields[rate]:.0f}/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self._task = self._progress.add_task("export", total=None, records=0, rate=0.0)

    def __enter__(self) -> _Reporter:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, event: ExportProgress) -> None:
        self._progress.update(
            self._task, completed=event.pages, total=event.pages_total,
            records=event.records, rate=_rate(event),
        )  # fmt: skip

"""The ``scopestack`` commands: login, whoami, get, export, logout, demo.

Defining them needs click alone: the HTTP stack, the stores, the export engine and the
settings load inside the command that runs, so ``--help`` and argument errors stay fast.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import (
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    OAuthError,
    ResponseFormatError,
    ScopeStackError,
    TransportError,
)
from .output import EXIT_INTERRUPTED, EXIT_USAGE, CliError, Output, exit_code_for

if TYPE_CHECKING:
    from ..auth.grants import Authenticator
    from ..export.engine import ExportResult
    from ..jsonapi.models import Me
    from ..session import ScopeStackSession
    from .settings import Settings

__all__ = ["register"]

F = TypeVar("F", bound=Callable[..., Any])


def _common(func: F) -> F:
    """The options every command takes."""
    options = [
        click.option("--profile", help="Profile name (env SCOPESTACK_PROFILE; default 'default')."),
        click.option("--auth-url", help="OAuth host (env SCOPESTACK_AUTH_URL)."),
        click.option("--api-url", help="API host (env SCOPESTACK_API_URL)."),
        click.option("--client-id", help="OAuth client id (env SCOPESTACK_CLIENT_ID)."),
        click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors."),
        click.option("--json", "as_json", is_flag=True, help="Print results as JSON."),
        click.option("--debug", is_flag=True, help="Show tracebacks."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _output(flags: dict[str, Any]) -> Output:
    return Output(quiet=flags["quiet"], as_json=flags["as_json"], debug=flags["debug"])


def _run(flags: dict[str, Any], work: Callable[[Output], Coroutine[Any, Any, None]]) -> None:
    """Run ``work`` in a fresh loop; Ctrl-C cancels it cleanly; errors become exit codes."""
    import asyncio

    out = _output(flags)
    try:
        asyncio.run(_cancellable(work(out)))
    except (asyncio.CancelledError, KeyboardInterrupt):
        out.say("Interrupted.")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except (ScopeStackError, CliError, click.UsageError, OSError) as exc:
        raise SystemExit(out.error(exc)) from None


async def _cancellable(work: Awaitable[None]) -> None:
    import asyncio
    import signal

    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    # SIGINT cancels the work (not the loop), so every finally block runs: the export
    # saves its checkpoint and removes no file but its own partial one.
    loop.add_signal_handler(signal.SIGINT, task.cancel)
    try:
        await task
    finally:
        loop.remove_signal_handler(signal.SIGINT)


_URL_SETTINGS = (("auth_url", "--auth-url", "SCOPESTACK_AUTH_URL"),
                 ("api_url", "--api-url", "SCOPESTACK_API_URL"))  # fmt: skip


def _check_urls(settings: Settings) -> None:
    # The session's own refusal names a Python argument; a CLI user needs the flag's name.
    from .._core.urls import validate_base_url

    for name, flag, env in _URL_SETTINGS:
        validate_base_url(
            getattr(settings, name),
            name=f"{flag} (or {env})",
            allow_insecure_http=False,
            insecure_advice="Use an https URL: the CLI allows plain http only to a loopback "
            "host such as the sandbox's.",
        )


def _session_for(
    settings: Settings, authenticator: Authenticator, store: Any, out: Output
) -> ScopeStackSession:
    from .. import session as _session

    _check_urls(settings)
    session = _session.ScopeStackSession(
        client_id=settings.require_client_id(),
        client_secret=settings.client_secret,
        authenticator=authenticator,
        token_store=store,
        auth_url=settings.auth_url,
        api_url=settings.api_url,
    )
    # What the CLI prints passes the session's redactor, which knows every secret it holds.
    out.redact_with(
        lambda: session.tokens.redactor.with_lasting(settings.password, settings.client_secret)
    )
    return session


def _stored_session(settings: Settings, out: Output) -> tuple[ScopeStackSession, str]:
    from .settings import choose_store

    store, _kind, where = choose_store(_store_preference())
    return _session_for(settings, settings.stored_authenticator(), store, out), where


async def _verified_me(session: ScopeStackSession, settings: Settings) -> Me:
    """``/v1/me``, checked once against the user the profile logged in as."""
    me = await session.me()
    if settings.user_id is not None and me.user_id != settings.user_id:
        option = "" if settings.profile == "default" else f" --profile {settings.profile}"
        raise AuthenticationError(
            f"The token stored for profile {settings.profile!r} speaks for "
            f"{me.email or me.name} (user id {me.user_id}), not the user who logged in with "
            f"this profile (user id {settings.user_id}). Nothing else was sent with it. Run "
            f"`scopestack login{option}` again."
        )
    return me


def _store_preference() -> str | None:
    import os

    return os.environ.get("SCOPESTACK_TOKEN_STORE")


# -- login / whoami / logout -----------------------------------------------------------------


def _login_grant(settings: Settings, how: str) -> Authenticator:
    from ..auth.grants import PasswordGrant

    # Every grant gets the profile's own slot: two profiles never share a token.
    if how == "password":
        if not settings.username or not settings.password:
            raise ConfigurationError(
                "--password needs a user name and password: set SCOPESTACK_USERNAME and "
                "SCOPESTACK_PASSWORD (or pass --username and you will be asked)."
            )
        return PasswordGrant(
            username=settings.username, password=settings.password, subject=settings.slot
        )
    from ..auth.interactive import AuthorizationCodeGrant, OutOfBandGrant

    if how == "browser":
        return AuthorizationCodeGrant(
            redirect_uri="http://127.0.0.1:8765/callback", subject=settings.slot
        )
    return OutOfBandGrant(subject=settings.slot)


@click.command()
@click.option(
    "--password",
    "how",
    flag_value="password",
    default=True,
    help="Password grant (SCOPESTACK_USERNAME / SCOPESTACK_PASSWORD).",
)
@click.option("--browser", "how", flag_value="browser", help="Log in in a web browser.")
@click.option("--oob", "how", flag_value="oob", help="Paste a code shown by the web app.")
@click.option("--username", help="User name (env SCOPESTACK_USERNAME).")
@_common
def login(how: str, username: str | None, **flags: Any) -> None:
    """Log in and keep the token (OS keyring if one works, else the token file).

    The grant always runs, even if a valid token is stored; only a successful one replaces it."""
    if how == "password" and username and not _env_password():
        # Say what is missing before asking for a secret that could not be used anyway.
        from .settings import Settings

        try:
            Settings.resolve({**flags, "username": username}).require_client_id()
        except ConfigurationError as exc:
            raise SystemExit(_output(flags).error(exc)) from None
        flags["password_value"] = click.prompt("Password", hide_input=True, err=True)

    async def work(out: Output) -> None:
        from .settings import Settings, choose_store, write_profile

        settings = Settings.resolve({**flags, "username": username}, new_profile=True)
        store, kind, where = choose_store(_store_preference())
        grant = _login_grant(settings, how)
        async with _session_for(settings, grant, store, out) as session:
            await session.tokens.login()
            me = await session.me()
        public = {**settings.public(), "grant": how, "store": kind, "user_id": me.user_id}
        if how != "password":
            public["username"] = me.email or None
        path = write_profile(settings.profile, public)
        out.result(
            {"user": me.email or me.name, "account": me.account_slug, "store": kind,
             "token_location": where, "profile": settings.profile, "profiles_file": str(path)},
            f"Logged in as {me.email or me.name} (account {me.account_slug}).\n"
            f"Token kept in the {kind} store: {where}.\n"
            f"Profile {settings.profile!r} saved (no secrets) in {path}.",
        )  # fmt: skip

    _run(flags, work)


def _env_password() -> bool:
    import os

    return bool(os.environ.get("SCOPESTACK_PASSWORD"))


@click.command()
@_common
def whoami(**flags: Any) -> None:
    """Show the user and account the stored token speaks for."""

    async def work(out: Output) -> None:
        from .settings import Settings

        settings = Settings.resolve(flags)
        session, _where = _stored_session(settings, out)
        async with session:
            me = await _verified_me(session, settings)
        out.result(
            {"user": me.email or me.name, "name": me.name, "account": me.account_slug,
             "account_id": me.account_id},
            f"{me.name} <{me.email}> in account {me.account_slug} (id {me.account_id})",
        )  # fmt: skip

    _run(flags, work)


@click.command()
@_common
def logout(**flags: Any) -> None:
    """Revoke the stored token and forget it (the profile's secrets were never stored)."""

    async def work(out: Output) -> None:
        from .settings import Settings, forget_profile

        settings = Settings.resolve(flags)
        session, where = _stored_session(settings, out)
        try:
            async with session:
                await session.logout()
        except (TransportError, OAuthError) as exc:
            # The token is deleted here whatever the server says: say both halves plainly.
            forget_profile(settings.profile)
            out.result(
                {"logged_out": True, "revoked": False, "token_location": where},
                f"Logged out locally: the token was removed from {where}.",
            )
            raise CliError(
                f"The server did not confirm the revocation ({exc}). The local logout succeeded; "
                "the token itself may stay valid on the server until it expires: revoke it in "
                "ScopeStack's web app if that matters.",
                exit_code_for(exc),
            ) from exc
        forget_profile(settings.profile)
        out.result(
            {"logged_out": True, "revoked": True, "token_location": where},
            f"Logged out; the token was revoked and removed from {where}.",
        )

    _run(flags, work)


# -- get -------------------------------------------------------------------------------------


def _pairs(values: tuple[str, ...], what: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(
                f"{what} {value!r} is not of the form key=value (e.g. status=approved)."
            )
        pairs.append((key.strip(), rest))
    return pairs


@click.command()
@click.argument("path")
@click.option("--query", multiple=True, help="Query parameter key=value (repeatable).")
@_common
def get(path: str, query: tuple[str, ...], **flags: Any) -> None:
    """GET an API path (e.g. /v1/me) and print the JSON:API document."""

    async def work(out: Output) -> None:
        from .settings import Settings

        settings = Settings.resolve(flags)
        params = _pairs(query, "--query")
        session, _where = _stored_session(settings, out)
        async with session:
            if settings.user_id is not None:
                await _verified_me(session, settings)
            async with session.http.get(session.url(path), params=params) as resp:
                body = await resp.read()
                if resp.status >= 400:
                    raise await session.error_for("GET", resp.url, resp.status, resp.headers, body)
        import orjson

        try:
            doc = orjson.loads(body) if body.strip() else None
        except orjson.JSONDecodeError as exc:
            raise ResponseFormatError(
                f"GET {path} answered {resp.status} ({resp.headers.get('Content-Type')}) with a "
                f"body that is not JSON ({exc}). Check the path and the API URL."
            ) from None
        text = orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode()
        out.result(doc if isinstance(doc, dict) else {"data": doc}, text)

    _run(flags, work)


# -- export ----------------------------------------------------------------------------------


def _filters(values: tuple[str, ...]) -> dict[str, list[str]]:
    # On the command line a comma means OR, as in the API: --filter status=won,lost.
    return {key: value.split(",") for key, value in _pairs(values, "--filter")}


def _names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _fields(resource: str, values: tuple[str, ...]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for value in values:
        rtype, sep, names = value.partition(":")
        rtype, names = (rtype, names) if sep else (resource, value)
        fields.setdefault(rtype.strip(), []).extend(_names((names,)))
    return fields


def _checkpoint_for(out: Path) -> Path:
    return out.with_name(f".{out.name}.ckpt")


def _check_resume(checkpoint: Path, resume: bool, restart: bool) -> None:
    if resume and restart:
        raise CliError("Pass --resume or --restart, not both.", EXIT_USAGE)
    if checkpoint.exists() and not resume and not restart:
        raise CliError(
            f"An earlier export to this file stopped and left a checkpoint at {checkpoint}. "
            "Pass --resume to continue it, or --restart to discard it and start afresh.",
            EXIT_USAGE,
        )


@click.command(name="export")
@click.argument("resource")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default RESOURCE.FORMAT).",
)
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--page-size", type=click.IntRange(1, 1000), default=100, show_default=True)
@click.option("--filter", "filters", multiple=True, help="key=value; a comma means OR.")
@click.option("--include", multiple=True, help="Relations to embed (comma or repeat).")
@click.option("--fields", multiple=True, help="[type:]field,field (sparse fieldsets).")
@click.option("--sort", help="Sort keys, e.g. -created-at.")
@click.option("--resume", is_flag=True, help="Continue an interrupted export.")
@click.option(
    "--restart", is_flag=True, help="Discard an interrupted export's checkpoint; start afresh."
)
@click.option("--shard", help="Export share i of n (0-based), e.g. 0/4.")
@_common
def export_command(
    resource: str, fmt: str, out_path: Path | None, concurrency: int, page_size: int,
    filters: tuple[str, ...], include: tuple[str, ...], fields: tuple[str, ...],
    sort: str | None, resume: bool, restart: bool, shard: str | None, **flags: Any,
) -> None:  # fmt: skip
    """Export every RESOURCE (e.g. projects) of the account to JSONL or CSV."""
    target = out_path or Path(f"{resource}.{fmt}")
    checkpoint = _checkpoint_for(target)

    async def work(out: Output) -> None:
        from ..export.plan import Shard
        from .settings import Settings

        settings = Settings.resolve(flags)
        options = {
            "format": fmt, "concurrency": concurrency, "page_size": page_size,
            "filter": _filters(filters) or None, "include": _names(include) or None,
            "fields": _fields(resource, fields) or None,
            "sort": _names((sort,)) if sort else None,
            "shard": Shard.parse(shard) if shard else None, "restart": restart,
        }  # fmt: skip
        _check_resume(checkpoint, resume, restart)
        session, _where = _stored_session(settings, out)
        async with session:
            await _verified_me(session, settings)
            result = await _export_with_progress(
                session, resource, target, checkpoint, out, options
            )
        _summary(out, result, None)

    _run_export(flags, work, checkpoint)


async def _export_with_progress(
    session: ScopeStackSession,
    resource: str,
    target: Path,
    checkpoint: Path,
    out: Output,
    options: dict[str, Any],
) -> ExportResult:
    with out.progress() as report:
        try:
            return await session.export(
                resource, target, checkpoint=checkpoint, progress=report, **options
            )
        except NotFoundError as exc:
            raise CliError(
                f"Unknown resource {resource!r}: the API has no such collection ({exc}). "
                "Use a collection type such as projects, clients or project-services.",
                EXIT_USAGE,
            ) from exc


def _run_export(
    flags: dict[str, Any], work: Callable[[Output], Coroutine[Any, Any, None]], checkpoint: Path
) -> None:
    try:
        _run(flags, work)
    except SystemExit as exc:
        if exc.code == EXIT_INTERRUPTED and checkpoint.exists():
            _output(flags).say(
                f"Export stopped; no output file was written. Progress is kept in {checkpoint}: "
                "run the same command with --resume to continue."
            )
        raise


def _summary(out: Output, result: ExportResult, token: str | None) -> None:
    data = {
        "records": result.records, "pages": result.pages, "retries": result.retries,
        "duplicates": result.duplicates, "seconds": round(result.seconds, 3),
        "records_per_second": round(result.records_per_second), "bytes": result.bytes,
        "file": str(result.path) if result.path else None, "resumed_pages": result.resumed_pages,
        "record_count": result.record_count, "possibly_missed": result.possibly_missed,
        "resumed_records": result.resumed_records,
    }  # fmt: skip
    text = (
        f"Exported {result.records} records in {result.pages} pages in {result.seconds:.1f} s "
        f"({result.records_per_second:.0f} records/s, {result.retries} retries, "
        f"{result.duplicates} duplicates dropped).\nFile: {result.path} ({result.bytes} bytes)"
    )
    if result.resumed_pages:
        text += (
            f"\nResumed {result.resumed_pages} pages ({result.resumed_records} records) from the "
            f"checkpoint; this run: {result.records - result.resumed_records} records in "
            f"{result.pages - result.resumed_pages} pages (the rate counts only these)."
        )
    if result.possibly_missed:
        text += (
            f"\nWarning: the collection changed during the export (the server's record count "
            f"is now {result.record_count}): up to {result.possibly_missed} records may be "
            "missing, because deleting records moves later ones onto pages already read. "
            "Export again when the data is quiet, or see docs/export.md."
        )
    if token is not None:
        data["token_location"] = token
        text += f"\nToken: {token}"
    out.result(data, text)


# -- demo ------------------------------------------------------------------------------------


@click.command()
@click.option("--records", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the export and the token file, kept (default: a temp folder, removed).",
)
@click.option("--keep", is_flag=True, help="Keep the temp folder with the export and token file.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def demo(records: int, out_dir: Path | None, keep: bool, **flags: Any) -> None:
    """Start a local sandbox, log in, export its projects: no network, no credentials."""
    import tempfile

    folder = out_dir or Path(tempfile.mkdtemp(prefix="scopestack-demo-"))

    async def work(out: Output) -> None:
        from ..sandbox import Sandbox

        folder.mkdir(parents=True, exist_ok=True)
        out.say(f"Starting a local ScopeStack sandbox with {records} projects ...")
        async with Sandbox(records=records) as sb:
            await _demo_export(sb, folder, out)

    try:
        _run(flags, work)
    finally:
        _demo_cleanup(_output(flags), folder, remove=out_dir is None and not keep)


def _demo_cleanup(out: Output, folder: Path, *, remove: bool) -> None:
    """A demo leaves nothing behind unless asked to (every run made a new temp folder)."""
    if remove:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        out.say(f"The demo folder {folder} was removed (pass --keep to keep it).")
    else:
        out.say(f"Kept in {folder}: projects.jsonl (the export) and tokens.json (the token).")


async def _demo_export(sb: Any, folder: Path, out: Output) -> None:
    from ..stores.file import FileTokenStore

    store = FileTokenStore(folder / "tokens.json")
    session = sb.session(token_store=store)
    async with session:
        me = await session.me()
        out.say(f"Logged in (password grant) as {me.name} <{me.email}>, account {me.account_slug}.")
        with out.progress() as report:
            result = await session.export(
                "projects", folder / "projects.jsonl", concurrency=8, page_size=100,
                progress=report,
            )  # fmt: skip
    _summary(out, result, f"file store {store.path}")


def register(group: click.Group) -> None:
    """Add the commands to the ``scopestack`` group."""
    for command in (login, whoami, get, export_command, logout, demo):
        group.add_command(command)

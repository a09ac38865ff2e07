"""Generate a project document and wait for it: one call instead of create + poll + check."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any, Literal

import aiohttp
import attrs
import yarl

from .._transport import transport_error
from ..errors import ConfigurationError, JobFailedError, ResponseFormatError
from ..jsonapi.jobs import status_in, wait_until
from .client import TypedClient
from .models import ProjectDocument, ProjectDocumentFields, ProjectDocumentFilter

__all__ = ["GeneratedDocument", "ProjectDocumentsClient"]

DocumentType = Literal["sow", "pricing", "breakdown"]
_CHUNK = 64 * 1024


@attrs.frozen
class GeneratedDocument:
    """A finished document: the resource, its ``document-url``, and where it was saved."""

    document: ProjectDocument
    url: str
    path: Path | None = None


class ProjectDocumentsClient(
    TypedClient[ProjectDocument, ProjectDocumentFields, ProjectDocumentFilter]
):
    """``session.project_documents``: typed documents plus :meth:`generate`."""

    async def generate(
        self,
        project: Any,
        *,
        document_type: DocumentType = "sow",
        template: Any = None,
        generate_pdf: bool = True,
        force_regeneration: bool = True,
        timeout: float = 300.0,
        interval: float = 2.0,
        download_to: str | os.PathLike[str] | None = None,
        max_bytes: int = 200 * 1024 * 1024,
    ) -> GeneratedDocument:
        """Create the document, poll with backoff until ``finished``, return its URL.

        ``template`` (an id or a DocumentTemplate) is required for ``sow``; pricing and
        breakdown documents use their own. Raises JobFailedError with the server's
        ``error-text`` when the job ends in ``error``, JobTimeoutError after ``timeout``.
        With ``download_to`` the file is streamed there (without the bearer token: the URL
        is pre-signed), at most ``max_bytes``.
        """
        if document_type not in ("sow", "pricing", "breakdown"):
            raise ConfigurationError(
                f"document_type must be sow, pricing or breakdown, got {document_type!r}."
            )
        if document_type == "sow" and template is None:
            raise ConfigurationError("A sow document needs template= (a document template id).")
        template_id = document_type if template is None else str(getattr(template, "id", template))
        fields: ProjectDocumentFields = {
            "template_id": template_id,
            "document_type": document_type,
            "generate_pdf": generate_pdf,
            "force_regeneration": force_regeneration,
            "project": project,
        }
        created = await self.create(fields)
        done = await wait_until(
            lambda: self.get(created.id),
            status_in("finished", "error"),
            timeout=timeout,
            interval=interval,
        )
        if done.status == "error":
            raise JobFailedError(
                f"Document {done.id} of project {getattr(project, 'id', project)} failed: "
                f"{done.error_text or 'no error-text given'}. Fix the template or the project "
                "data, then generate again.",
                error_text=done.error_text,
                resource=done,
            )
        if not done.document_url:
            raise ResponseFormatError(f"Document {done.id} finished without a document-url.")
        path = None
        if download_to is not None:
            path = await download(done.document_url, Path(download_to), max_bytes=max_bytes)
        return GeneratedDocument(done, done.document_url, path)


async def download(url: str, path: Path, *, max_bytes: int) -> Path:
    """Stream ``url`` to ``path`` (written as ``path.part``, then renamed); no credentials."""
    target = yarl.URL(url)
    if target.scheme not in ("https", "http"):
        raise ResponseFormatError(f"document-url {url!r} is not an http(s) URL.")
    part = path.with_name(path.name + ".part")
    try:
        # A plain session: the pre-signed URL must never receive the bearer token.
        timeout = aiohttp.ClientTimeout(total=600, sock_read=60)
        async with aiohttp.ClientSession(timeout=timeout) as http, http.get(target) as resp:
            if resp.status != 200:
                raise ResponseFormatError(f"Downloading the document gave HTTP {resp.status}.")
            # Opened and closed here, not in a thread: a cancellation between a threaded open
            # and its await would leak the handle.
            with part.open("wb") as handle:
                await _copy(resp, handle, max_bytes)
        await asyncio.to_thread(os.replace, part, path)
    except aiohttp.ClientError as exc:
        raise transport_error(exc, method="GET", url=None, what="Downloading the document") from exc
    finally:
        part.unlink(missing_ok=True)  # synchronous: the clean-up must happen even when cancelled
    return path


async def _copy(resp: aiohttp.ClientResponse, handle: Any, max_bytes: int) -> None:
    """Write each chunk in a thread; a write in flight always finishes before the handle is
    closed (a cancelled caller waits for it), so no thread ever writes to a closed file."""
    size = 0
    pending: asyncio.Future[Any] | None = None
    try:
        async for chunk in resp.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise ResponseFormatError(f"The document is larger than max_bytes={max_bytes}.")
            pending = asyncio.ensure_future(asyncio.to_thread(handle.write, chunk))
            await asyncio.shield(pending)
    finally:
        if pending is not None and not pending.done():
            await asyncio.wait({pending})

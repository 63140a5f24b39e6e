"""Reading a request body the way Discord does: JSON, or multipart with payload_json and files."""

from __future__ import annotations

import json
from dataclasses import dataclass

from aiohttp import BodyPartReader, web


@dataclass(frozen=True, slots=True)
class UploadedFile:
    field: str  # "files[0]"
    filename: str
    content_type: str | None
    data: bytes


@dataclass(frozen=True, slots=True)
class RequestBody:
    json: object  # None when the request had no body
    files: tuple[UploadedFile, ...] = ()


class UnreadableBodyError(ValueError):
    """The body is not valid JSON; Discord answers 50109."""


async def read_body(request: web.Request) -> RequestBody:
    if not request.body_exists:
        return RequestBody(None)
    if request.content_type.startswith("multipart/"):
        return await _read_multipart(request)
    return RequestBody(_parse(await request.text()))


async def _read_multipart(request: web.Request) -> RequestBody:
    payload: object = None
    files: list[UploadedFile] = []
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            payload = _parse(await part.text())
        elif part.name is not None:
            data = bytes(await part.read())
            content_type = part.headers.get("Content-Type")
            files.append(UploadedFile(part.name, part.filename or part.name, content_type, data))
    return RequestBody(payload, tuple(files))


def _parse(text: str) -> object:
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableBodyError(str(error)) from None

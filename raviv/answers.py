"""How a route that answers a file or encodes its own JSON says so in the OpenAPI document.

Used by the domains' controllers (``operation_class=``, ``responses=``); the document itself is
assembled in :mod:`raviv.api_docs`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from litestar.openapi import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
)

#: The schema of a file answer: text (CSV, SVG) or bytes (XLSX).
TEXT_FILE = Schema(type=OpenAPIType.STRING)
BINARY_FILE = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)


def file_answer(media_types: Mapping[str, Schema | Reference]) -> type[Operation]:
    """An operation (``operation_class=``) whose 200 is a file in one of ``media_types``:
    Litestar would document ``-> Response[bytes]`` as a JSON string."""

    @dataclass
    class FileAnswer(Operation):
        def __post_init__(self) -> None:
            ok = (self.responses or {}).get("200")
            if isinstance(ok, OpenAPIResponse):
                ok.content = {kind: OpenAPIMediaType(schema=s) for kind, s in media_types.items()}

    return FileAnswer


def json_answer(shape: type[Any], description: str) -> dict[int, ResponseSpec]:
    """``responses=`` of a route that encodes its JSON itself (``-> Response[bytes]``): its 200
    has the schema of ``shape``, the Struct that says what the route writes."""
    return {
        200: ResponseSpec(data_container=shape, description=description, generate_examples=False)
    }


#: The archive answer: the published raviv-network/1 JSON Schema, its definitions as components.
ARCHIVE_ANSWER = file_answer({"application/json": Reference("#/components/schemas/Archive")})

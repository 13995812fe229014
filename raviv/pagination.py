"""Paging of list endpoints: one shape for every list the API returns."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import Parameter

T = TypeVar("T")

Limit = Annotated[int, Parameter(ge=1, le=500, description="How many items, at most 500.")]
Offset = Annotated[int, Parameter(ge=0, le=10_000_000, description="How many items to skip.")]


class Page(msgspec.Struct, Generic[T], kw_only=True):
    items: list[T]
    total: int
    limit: int
    offset: int

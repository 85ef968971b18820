"""A parsed 835 CLP loop <-> JSON, so an unmatched claim payment can be posted later exactly as
received (Decimal amounts as strings, dates as ISO). Generic over the edi dataclasses."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from rcm.edi.remittance import ClaimPayment

T = TypeVar("T")


def to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "header"
        }
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Decimal | date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


@cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return get_type_hints(cls)


def _convert(tp: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        return _convert(inner[0], raw)
    if origin in (list, tuple):
        item = get_args(tp)[0]
        converted = [_convert(item, r) for r in raw]
        return converted if origin is list else tuple(converted)
    if tp is Decimal:
        return Decimal(raw)
    if tp is date:
        return date.fromisoformat(raw)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_json(tp, raw)
    return raw


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    hints = _hints(cls)  # type: ignore[arg-type]  # dataclass types are hashable
    values = {name: _convert(hints[name], raw) for name, raw in data.items() if name in hints}
    return cls(**values)


def clp_from_json(data: dict[str, Any]) -> ClaimPayment:
    return from_json(ClaimPayment, data)

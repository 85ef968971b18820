"""Readers for segments that look the same in every transaction: NM1, N3/N4, REF, PER, CAS, AMT."""

from __future__ import annotations

from rcm.edi.common import (
    Address,
    Adjustment,
    Contact,
    Entity,
    MonetaryAmount,
    Procedure,
    Quantity,
    Reference,
)
from rcm.edi.errors import X12ElementError
from rcm.edi.x12.tokenizer import Segment
from rcm.edi.x12.values import amount, element, padded


def entity(seg: Segment) -> Entity:
    e = padded(seg, 9)
    return Entity(e[1], e[2], e[3], e[4], e[5], e[7], e[8], e[9])


def reference(seg: Segment) -> Reference:
    return Reference(element(seg, 1), element(seg, 2))


def monetary_amount(seg: Segment) -> MonetaryAmount:
    return MonetaryAmount(element(seg, 1), amount(element(seg, 2), "AMT02"))


def quantity(seg: Segment) -> Quantity:
    return Quantity(element(seg, 1), amount(element(seg, 2), "QTY02"))


def contact(seg: Segment) -> Contact:
    e = padded(seg, 8)
    numbers = tuple((e[i], e[i + 1]) for i in (3, 5, 7) if e[i] or e[i + 1])
    return Contact(e[1], e[2], numbers)


def street(seg: Segment, previous: Address | None) -> Address:
    """N3 starts an address; N4 (see `city_line`) completes it."""
    e = padded(seg, 2)
    return Address(
        e[1],
        previous.city if previous else "",
        previous.state if previous else "",
        previous.postal_code if previous else "",
        e[2],
        previous.country if previous else "",
    )


def city_line(seg: Segment, previous: Address | None) -> Address:
    e = padded(seg, 4)
    return Address(
        previous.line1 if previous else "", e[1], e[2], e[3], previous.line2 if previous else "", e[4]
    )


_CAS_NAMES = tuple(f"CAS{i:02d}" for i in range(22))


def adjustments(seg: Segment) -> list[Adjustment]:
    """All triplets of one CAS segment (one group code, up to 6 reasons)."""
    group = element(seg, 1)
    size = len(seg)
    if not group or size > 20:
        raise X12ElementError(
            "adjustment group code is missing" if not group else f"CAS has {size - 1} elements, at most 19",
            element="CAS01",
        )
    found = []
    for i in range(2, size, 3):
        reason = seg[i]
        value = seg[i + 1] if i + 1 < size else ""
        if reason:
            count = seg[i + 2] if i + 2 < size else ""
            found.append(
                Adjustment(
                    group,
                    reason,
                    amount(value, _CAS_NAMES[i + 1]),
                    amount(count, _CAS_NAMES[i + 2]) if count else None,
                )
            )
        elif value:
            raise X12ElementError("adjustment amount without a reason code", element=_CAS_NAMES[i])
    if not found:
        raise X12ElementError("CAS carries no adjustment reason", element="CAS02")
    return found


def procedure(composite: str, component: str, name: str) -> Procedure:
    """qualifier:code:mod1:mod2:mod3:mod4:description (SVC01, SVC06, SV101, SVD03...)."""
    parts = composite.split(component)
    if len(parts) < 2 or not parts[1]:
        raise X12ElementError(f"procedure composite {composite[:40]!r} has no code", element=name)
    modifiers = tuple(m for m in parts[2:6] if m)
    return Procedure(parts[1], parts[0], modifiers, parts[6] if len(parts) > 6 else "")

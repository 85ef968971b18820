"""276 (X212) builder: pyx12 has no usable map, so the output is checked against a public sample."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rcm.edi import (
    ClaimStatusInquiry,
    ClaimStatusRequest,
    Patient,
    Payer,
    Provider,
    Submitter,
    Subscriber,
    X12BuildError,
    build_276,
)
from rcm.edi.common import Address
from rcm.edi.examples import envelope
from rcm.edi.x12.tokenizer import Tokenizer
from tests.edi.samples import sample

PAYER = Payer("ABC INSURANCE", "12345")
HOSPITAL = Provider("1666666661", "HOME HOSPITAL", is_organization=True)
SUBMITTER = Submitter("XYZ SERVICE", "X67E", "", "")


def _inquiry(
    trace: str,
    account: str,
    charge: str,
    start: date,
    end: date,
    member: str,
    last: str,
    first: str,
    born: date,
    gender: str,
) -> ClaimStatusInquiry:
    subscriber = Subscriber(member, last, first, birth_date=born, gender=gender)
    return ClaimStatusInquiry(
        trace,
        account,
        Decimal(charge),
        start,
        subscriber,
        PAYER,
        HOSPITAL,
        service_end_date=end,
        type_of_bill="111",
    )


def test_matches_the_public_x212_sample_segment_for_segment() -> None:
    request = ClaimStatusRequest(
        SUBMITTER,
        (
            _inquiry(
                "ABCXYZ1",
                "SM123456",
                "8513.88",
                date(2005, 8, 31),
                date(2005, 9, 6),
                "123456789A",
                "SMITH",
                "FRED",
                date(1930, 12, 10),
                "M",
            ),
            _inquiry(
                "ABCXYZ2",
                "J0234567",
                "7599.00",
                date(2005, 7, 31),
                date(2005, 8, 9),
                "234567890A",
                "JONES",
                "MARY",
                date(1930, 11, 15),
                "F",
            ),
        ),
    )
    ours = ["*".join(s) for s in Tokenizer(build_276(request, envelope()))]
    theirs = ["*".join(s) for s in Tokenizer(sample("LinuxForHealth-x12/claim-level-status.276"))]
    start = theirs.index("HL*1**20*1")
    expected = theirs[start : theirs.index("HL*6*2*19*1")]
    got = ours[ours.index("HL*1**20*1") : ours.index("HL*1**20*1") + len(expected)]
    assert got == [s.replace("*7599.00", "*7599") for s in expected]  # we drop insignificant zeros


def test_dependent_gets_its_own_hl_23_with_demographics() -> None:
    patient = Patient("MANN", "JOSEPH", date(1995, 11, 1), "M", Address("1 A ST", "X", "OH", "43215"), "19")
    inquiry = ClaimStatusInquiry(
        "ABCXYZ3",
        "MA345678",
        Decimal("150"),
        date(2005, 5, 1),
        Subscriber("345678901", "MANN", "JOHN"),
        PAYER,
        HOSPITAL,
        patient,
    )
    segments = [
        "*".join(s) for s in Tokenizer(build_276(ClaimStatusRequest(SUBMITTER, (inquiry,)), envelope()))
    ]
    body = segments[segments.index("HL*4*3*22*1") :]
    assert body[:7] == [
        "HL*4*3*22*1",
        "NM1*IL*1*MANN*JOHN****MI*345678901",
        "HL*5*4*23",
        "DMG*D8*19951101*M",
        "NM1*QC*1*MANN*JOSEPH",
        "TRN*1*ABCXYZ3",
        "REF*EJ*MA345678",
    ]


def test_refuses_an_empty_request() -> None:
    with pytest.raises(X12BuildError):
        build_276(ClaimStatusRequest(SUBMITTER, ()), envelope())

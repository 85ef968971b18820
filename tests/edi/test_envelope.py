"""Envelope checks: each count or control-number mismatch is its own error, located precisely."""

from __future__ import annotations

import pytest

from rcm.edi import (
    UnexpectedTransactionSet,
    UnsupportedX12Version,
    X12ControlNumberMismatch,
    X12CountMismatch,
    X12EnvelopeError,
    X12StructureError,
    normalize_version,
    parse_835,
    parse_999,
    stream_835,
)
from rcm.edi.versions import TransactionKind, transaction_kind

ISA = (
    "ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       "
    "*261123*1200*^*00501*000000007*0*P*:~"
)
GS = "GS*HP*PAYER*PROVIDER*20261123*1200*42*X*005010X221A1~"
ST_BODY = (
    "ST*835*0001~BPR*I*100*C*CHK************20261123~TRN*1*T1*1234567890~N1*PR*ACME~N3*PO BOX 1~"
    "N4*COLUMBUS*OH*43215~PER*BL*EDI*TE*5551212~N1*PE*CLINIC*XX*1234567893~LX*1~"
    "CLP*PCN1*1*150*100*50*12*ICN1~NM1*QC*1*DOE*JANE~"
)
SE = "SE*12*0001~"
TAIL = "GE*1*42~IEA*1*000000007~"


def _file(se: str = SE, ge: str = "GE*1*42~", iea: str = "IEA*1*000000007~", gs: str = GS) -> str:
    return ISA + gs + ST_BODY + se + ge + iea


def test_the_reference_file_is_valid() -> None:
    [remittance] = parse_835(_file())
    assert remittance.claims[0].paid == 100


@pytest.mark.parametrize(
    ("kwargs", "error", "element", "segment_index"),
    [
        ({"se": "SE*11*0001~"}, X12CountMismatch, "SE01", 14),
        ({"se": "SE*12*0002~"}, X12ControlNumberMismatch, "SE02", 14),
        ({"ge": "GE*2*42~"}, X12CountMismatch, "GE01", 15),
        ({"ge": "GE*1*43~"}, X12ControlNumberMismatch, "GE02", 15),
        ({"iea": "IEA*2*000000007~"}, X12CountMismatch, "IEA01", 16),
        ({"iea": "IEA*1*000000008~"}, X12ControlNumberMismatch, "IEA02", 16),
    ],
)
def test_each_mismatch_is_a_specific_error_with_its_location(
    kwargs: dict[str, str], error: type[Exception], element: str, segment_index: int
) -> None:
    with pytest.raises(error) as failure:
        parse_835(_file(**kwargs))
    exc = failure.value
    assert exc.element == element  # type: ignore[attr-defined]
    assert exc.segment_index == segment_index  # type: ignore[attr-defined]
    assert exc.context["segment_id"] == element[:-2]  # type: ignore[attr-defined]
    assert f"segment {segment_index}" in str(exc) and element in str(exc)


def test_lenient_mode_records_mismatches_and_keeps_reading() -> None:
    from rcm.edi.parse_835 import _Remittance835
    from rcm.edi.x12.driver import drive

    parser = _Remittance835()
    events = list(drive(_file(se="SE*99*0001~", iea="IEA*1*000000008~"), parser, strict=False))
    assert len(events) == 3
    assert [issue.check for issue in parser.issues] == ["SE01", "IEA02"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ISA + "ST*835*0001~SE*2*0001~" + TAIL, "outside a functional group"),
        (ISA + GS + "BPR*I*1*C*CHK~" + TAIL, "outside a transaction set"),
        (ISA + GS + ST_BODY, "truncated"),
        (ISA + GS + "GS*HP*A*B*20261123*1200*43*X*005010X221A1~", "before the GE"),
        (ISA + GS + ST_BODY + SE + "IEA*1*000000007~", "before the GE"),
    ],
)
def test_broken_nesting_is_an_envelope_error(text: str, message: str) -> None:
    with pytest.raises(X12EnvelopeError, match=message):
        parse_835(text)


def test_refuses_interchange_version_other_than_5010() -> None:
    with pytest.raises(UnsupportedX12Version, match="00401") as failure:
        parse_835(_file().replace("*00501*", "*00401*"))
    assert failure.value.element == "ISA12"


@pytest.mark.parametrize("version", ["005010X220A1", "004010X091A1", "5010", ""])
def test_refuses_transaction_versions_outside_the_supported_set(version: str) -> None:
    with pytest.raises(UnsupportedX12Version, match="not supported"):
        parse_835(_file(gs=GS.replace("005010X221A1", version)))


def test_normalizes_bare_versions_and_keeps_errata() -> None:
    assert normalize_version("005010X222") == "005010X222A1"
    assert normalize_version("005010X223") == "005010X223A2"
    assert normalize_version("005010X231") == "005010X231A1"
    assert normalize_version("005010X222A2") == "005010X222A2"
    assert transaction_kind("837", "005010X223A3") is TransactionKind.claim_institutional
    [remittance] = parse_835(_file(gs=GS.replace("005010X221A1", "005010X221")))
    assert remittance.header.version == "005010X221A1"


def test_the_wrong_parser_says_which_transaction_it_found() -> None:
    with pytest.raises(UnexpectedTransactionSet, match="835"):
        parse_999(_file())


def test_structure_errors_name_the_segment() -> None:
    text = _file().replace("LX*1~", "LX*1~SVC*HC:99213*10*5~")
    with pytest.raises(X12StructureError, match="outside a claim payment") as failure:
        list(stream_835(text))
    assert failure.value.segment_id == "SVC"

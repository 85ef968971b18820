"""Fuzzing: truncated or mutated sample files only ever raise X12Error subclasses (a 422),
never IndexError/ValueError/KeyError or anything that would surface as a 500."""

from __future__ import annotations

import os
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.edi import X12Error, detect_kind, parse_277, parse_835, parse_837, parse_999, parse_ta1
from tests.edi.samples import sample

FILES = {
    "synthetic/synthetic_835_no_newlines.835": parse_835,
    "TigerShark/5010-835-example-1.txt": parse_835,
    "edi-835-parser/emedny_sample.txt": parse_835,
    "LinuxForHealth-x12/medicare-part-a.835": parse_835,
    "synthetic/synthetic_837p_secondary_cob_2320_2430.x12": parse_837,
    "synthetic/synthetic_837i_secondary_cob_2320_2430.x12": parse_837,
    "OopFactory-X12Parser/Example1_2_And_3_Combined.txt": parse_837,
    "OopFactory-X12Parser/DHS_Wisconsin_Sample.txt": parse_999,
    "imsweb-x12-parser/x12_277_x212.txt": parse_277,
    "OopFactory-X12Parser/277_Deidentified_from_nth.txt": parse_277,
    "OopFactory-X12Parser/TechnicalAcknowledgment_SampleFromJeffN825.txt": parse_ta1,
}
TEXTS = {name: sample(name).read_bytes() for name in FILES}
# Characters that hit the parser's weak spots: delimiters, digits, signs, letters, whitespace, junk bytes.
NOISE = st.sampled_from(
    [
        b"*",
        b"~",
        b":",
        b"^",
        b">",
        b"|",
        b"-",
        b".",
        b"0",
        b"9",
        b"A",
        b"Z",
        b" ",
        b"\n",
        b"\r",
        b"\x00",
        b"\xff",
        b"ST",
        b"SE",
        b"HL",
        b"CLP",
        b"ISA",
        b"GS*",
        b"~SE*1*1~",
        b"*22*",
        b"E5",
    ]
)
FUZZ = settings(
    max_examples=int(os.environ.get("RCM_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _only_x12_errors(parser: Callable[..., object], data: bytes) -> None:
    for strict in (True, False):
        try:
            parser(data, strict=strict)
        except X12Error as exc:
            assert exc.status_code == 422 and str(exc)
    assert isinstance(detect_kind(data), str)


@FUZZ
@given(name=st.sampled_from(sorted(FILES)), cut=st.floats(0, 1))
def test_truncated_files_raise_only_x12_errors(name: str, cut: float) -> None:
    data = TEXTS[name]
    _only_x12_errors(FILES[name], data[: int(len(data) * cut)])


@FUZZ
@given(
    name=st.sampled_from(sorted(FILES)),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), NOISE), min_size=1, max_size=6),
)
def test_mutated_files_raise_only_x12_errors(name: str, edits: list[tuple[float, int, bytes]]) -> None:
    data = bytearray(TEXTS[name])
    for where, drop, noise in edits:
        at = int(len(data) * where)
        data[at : at + drop] = noise
    _only_x12_errors(FILES[name], bytes(data))


@FUZZ
@given(name=st.sampled_from(sorted(FILES)), other=st.sampled_from(sorted(FILES)))
def test_any_parser_on_any_file_raises_only_x12_errors(name: str, other: str) -> None:
    _only_x12_errors(FILES[other], TEXTS[name])


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_x12_errors(data: bytes) -> None:
    header = TEXTS["synthetic/synthetic_835_no_newlines.835"][:106]
    _only_x12_errors(parse_835, header + data)

"""Tokenizer: delimiters only from ISA, whitespace hygiene, streaming, clear failures."""

from __future__ import annotations

import io

import pytest

from rcm.edi import X12MissingInterchange, X12SyntaxError
from rcm.edi.x12.tokenizer import Delimiters, Tokenizer, delimiters_from_isa

ISA = (
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
    "*261123*1200*^*00501*000000001*0*P*:~"
)
BODY = (
    "GS*HP*S*R*20261123*1200*1*X*005010X221A1~ST*835*0001~BPR*I*1*C*CHK************20261123~"
    "SE*3*0001~GE*1*1~IEA*1*000000001~"
)


def _ids(source: object, chunk_size: int = 1 << 20) -> list[str]:
    return [seg[0] for seg in Tokenizer(source, chunk_size)]  # type: ignore[arg-type]


def _with(element: str, repetition: str, component: str, terminator: str) -> str:
    text = ISA + BODY
    return (
        text.replace("*", "\x00")
        .replace("~", "\x01")
        .replace(":", "\x02")
        .replace("^", "\x03")
        .replace("\x00", element)
        .replace("\x01", terminator)
        .replace("\x02", component)
        .replace("\x03", repetition)
    )


class TestDelimiters:
    def test_reads_every_delimiter_from_its_isa_position(self) -> None:
        assert delimiters_from_isa(ISA) == Delimiters("*", "^", ":", "~")

    @pytest.mark.parametrize(
        ("element", "repetition", "component", "terminator"),
        [("|", "^", ">", "\n"), ("~", "^", "|", "_"), (">", "^", "+", "\r"), ("*", "!", ":", "~")],
    )
    def test_any_declared_delimiters_split_the_same_segments(
        self, element: str, repetition: str, component: str, terminator: str
    ) -> None:
        text = _with(element, repetition, component, terminator)
        tokens = Tokenizer(text)
        assert [seg[0] for seg in tokens] == ["ISA", "GS", "ST", "BPR", "SE", "GE", "IEA"]
        assert tokens.delimiters == Delimiters(element, repetition, component, terminator)

    def test_isa11_u_declares_no_repetition_separator(self) -> None:
        assert delimiters_from_isa(ISA.replace("*^*", "*U*")).repetition is None

    def test_refuses_an_isa_that_is_not_fixed_width(self) -> None:
        with pytest.raises(X12SyntaxError, match="not fixed-width") as failure:
            delimiters_from_isa((ISA + BODY).replace("*          *00", "*         *00", 1))
        assert failure.value.segment_id == "ISA"

    def test_refuses_a_truncated_isa(self) -> None:
        with pytest.raises(X12SyntaxError, match="truncated"):
            list(Tokenizer(ISA[:60]))


class TestHygiene:
    def test_tolerates_bom_crlf_and_indentation(self) -> None:
        text = "\ufeff" + (ISA + BODY).replace("~", "~\r\n    ")
        assert _ids(text.encode("utf-8")) == ["ISA", "GS", "ST", "BPR", "SE", "GE", "IEA"]

    def test_carriage_return_terminator_followed_by_line_feed_and_indentation(self) -> None:
        text = _with("*", "^", ":", "\r").replace("\r", "\r\n  ")
        assert _ids(text) == ["ISA", "GS", "ST", "BPR", "SE", "GE", "IEA"]

    def test_accepts_a_last_segment_without_terminator(self) -> None:
        assert _ids((ISA + BODY).rstrip("~"))[-1] == "IEA"

    def test_elements_keep_their_inner_spaces(self) -> None:
        [isa, *_] = Tokenizer(ISA + BODY)
        assert isa[2] == " " * 10 and isa[6] == "SENDER         "


class TestStreaming:
    @pytest.mark.parametrize("chunk_size", [1, 7, 64, 4096])
    def test_chunk_boundaries_do_not_change_the_segments(self, chunk_size: int) -> None:
        text = (ISA + BODY).replace("~", "~\n")
        whole = list(Tokenizer(text))
        assert list(Tokenizer(io.BytesIO(text.encode()), chunk_size)) == whole
        assert list(Tokenizer(io.StringIO(text), chunk_size)) == whole

    def test_reads_paths_bytes_and_file_objects(self, tmp_path: object) -> None:
        from pathlib import Path

        path = Path(str(tmp_path)) / "a.x12"
        path.write_text(ISA + BODY)
        expected = _ids(ISA + BODY)
        assert _ids(path) == _ids(str(path)) == _ids((ISA + BODY).encode()) == expected

    def test_segments_are_handed_out_before_the_file_is_read_whole(self) -> None:
        stream = io.BytesIO(
            ((ISA + BODY) * 50).replace("IEA*1*000000001~ISA", "IEA*1*000000001~\nISA").encode()
        )
        tokens = iter(Tokenizer(stream, chunk_size=256))
        next(tokens)
        assert stream.tell() < len(stream.getvalue()) / 4

    def test_a_later_interchange_may_declare_other_delimiters(self) -> None:
        second = _with("|", "^", ">", "\n")
        tokens = Tokenizer((ISA + BODY) + "\n" + second)
        ids = [seg[0] for seg in tokens]
        assert ids == ["ISA", "GS", "ST", "BPR", "SE", "GE", "IEA"] * 2
        assert tokens.delimiters.element == "|"


class TestFailures:
    def test_refuses_a_file_without_isa(self) -> None:
        with pytest.raises(X12MissingInterchange, match="ISA"):
            list(Tokenizer("ST*835*1234~BPR*I*1*C*CHK~SE*3*1234~"))

    def test_refuses_an_empty_file(self) -> None:
        with pytest.raises(X12SyntaxError, match="empty"):
            list(Tokenizer(b"  \n"))

    def test_names_an_invalid_segment_id_and_its_position(self) -> None:
        with pytest.raises(X12SyntaxError) as failure:
            list(Tokenizer(ISA + "GS*HP~st*835~"))
        assert (failure.value.segment_index, failure.value.segment_id) == (3, "st")

    def test_reports_undecodable_bytes_as_x12_syntax_error(self) -> None:
        with pytest.raises(X12SyntaxError, match="UTF-8"):
            list(Tokenizer((ISA + "GS*HP*\xff~").encode("latin-1")))

    def test_a_missing_file_is_an_x12_error(self, tmp_path: object) -> None:
        from pathlib import Path

        with pytest.raises(X12SyntaxError, match="cannot open"):
            list(Tokenizer(Path(str(tmp_path)) / "missing.x12"))

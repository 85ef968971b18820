"""Header aliases, delimiters, BOM, CRLF, quoting and the per-row rules. Pure, no fixtures."""

from __future__ import annotations

import io

import pytest

from rcm.claims.state_machine import ClaimStatus
from rcm.imports.columns import ALIASES, ImportField, UnreadableFile, map_headers, normalize_header
from rcm.imports.reader import count_rows, open_csv
from rcm.imports.record import ImportRecord, RowRejected, parse_record

F = ImportField


class TestHeaderAliases:
    @pytest.mark.parametrize(
        ("spellings", "field"),
        [
            (["ClaimID", "Claim ID", "claim_id", "CLAIM-ID", "claim id "], F.external_claim_id),
            (["AgingDays", "Aging Days", "aging_days"], F.aging_days),
            (["DOS", "Date of Service", "service_date"], F.service_from),
            (["Billed Amount", "TotalCharges", "charge_amount"], F.charge),
            (["Patient Resp", "patient_responsibility", "PR"], F.patient_responsibility),
            (["Payer", "Insurance", "payer_name"], F.payer_name),
        ],
    )
    def test_spellings_of_one_field(self, spellings: list[str], field: ImportField) -> None:
        for header in spellings:
            headers = [header] if field is F.external_claim_id else ["Claim ID", header]
            assert map_headers(headers).positions.get(field) == len(headers) - 1, header

    def test_every_alias_of_every_group_maps_to_its_field(self) -> None:
        for field, aliases in ALIASES.items():
            for alias in (field.value, *aliases):
                headers = ["Claim ID", alias] if field is not F.external_claim_id else [alias]
                assert field in map_headers(headers).positions, alias

    def test_normalization_ignores_case_space_and_punctuation(self) -> None:
        assert normalize_header("\ufeff Claim_ID# ") == normalize_header("claimid") == "claimid"

    def test_unknown_and_repeated_columns_are_reported_not_fatal(self) -> None:
        mapping = map_headers(["Claim ID", "Favourite Colour", "ClaimID"])
        assert mapping.unmapped == ["Favourite Colour"]
        assert mapping.duplicates == ["ClaimID"]
        assert mapping.positions[F.external_claim_id] == 0

    def test_a_file_without_a_claim_id_column_is_unreadable(self) -> None:
        with pytest.raises(UnreadableFile, match="no claim id column"):
            map_headers(["Patient", "Billed"])


def _rows(data: bytes) -> list[tuple[int, list[str]]]:
    return list(open_csv(io.BytesIO(data)).rows)


class TestReader:
    def test_bom_and_crlf(self) -> None:
        source = open_csv(io.BytesIO(b"\xef\xbb\xbfClaim ID,Billed\r\nA1,10.00\r\nA2,20.00\r\n"))
        assert source.header.positions[F.external_claim_id] == 0
        assert list(source.rows) == [(2, ["A1", "10.00"]), (3, ["A2", "20.00"])]

    @pytest.mark.parametrize("delimiter", [";", "\t", "|"])
    def test_sniffs_the_delimiter(self, delimiter: str) -> None:
        data = f"Claim ID{delimiter}Billed{delimiter}Paid\nA1{delimiter}1,200.00{delimiter}\n".encode()
        source = open_csv(io.BytesIO(data))
        assert source.delimiter == delimiter
        assert list(source.rows) == [(2, ["A1", "1,200.00", ""])]

    def test_quoted_fields_keep_their_commas(self) -> None:
        rows = _rows(b'Claim ID,Patient Name,Billed\nA1,"Doe, Jane","$3,033.66"\n')
        assert rows == [(2, ["A1", "Doe, Jane", "$3,033.66"])]

    def test_blank_lines_are_skipped_but_keep_row_numbers(self) -> None:
        assert [n for n, _ in _rows(b"Claim ID\nA1\n\n,\nA2\n")] == [2, 5]

    def test_windows_1252_text_is_read(self) -> None:
        rows = _rows("Claim ID,Patient Name\nA1,Müller\n".encode("cp1252"))
        assert rows == [(2, ["A1", "Müller"])]

    def test_empty_file_is_unreadable(self) -> None:
        with pytest.raises(UnreadableFile, match="empty file"):
            open_csv(io.BytesIO(b""))

    def test_count_rows(self) -> None:
        assert count_rows(io.BytesIO(b"Claim ID\nA1\nA2\n\nA3\n")) == 3


HEADER = map_headers(
    [
        "Claim ID",
        "DOS",
        "CPT",
        "Billed",
        "Paid",
        "Adjustment",
        "Patient Resp",
        "Balance",
        "Status",
        "Patient Name",
    ]
)


def _record(**cells: str) -> ImportRecord:
    values = {"Claim ID": "A1", "DOS": "09/01/2026", "CPT": "99213", "Billed": "100.00", "Status": "Paid"}
    values.update(cells)
    return parse_record(7, [values.get(h, "") for h in HEADER.headers], HEADER)


def _refusal(**cells: str) -> RowRejected:
    with pytest.raises(RowRejected) as caught:
        _record(**cells)
    return caught.value


class TestRowRules:
    def test_a_good_row(self) -> None:
        rec = _record(Paid="$80.00", Adjustment="(5.00)", **{"Patient Resp": "25.00", "Balance": "0"})
        assert rec.charge_cents == 10000 and rec.paid_cents == 8000 and rec.adjustment_cents == -500
        assert rec.status is ClaimStatus.paid

    def test_patient_name_last_comma_first(self) -> None:
        rec = _record(**{"Patient Name": "Doe, Jane"})
        assert (rec.first_name, rec.last_name) == ("Jane", "Doe")

    def test_missing_claim_id(self) -> None:
        assert _refusal(**{"Claim ID": " "}).code == "missing_field"

    def test_bad_money_names_the_column(self) -> None:
        refusal = _refusal(Paid="12,34.00")
        assert refusal.code == "bad_money" and refusal.reason.startswith(
            "Paid: misplaced thousands separator"
        )

    def test_bad_date(self) -> None:
        assert _refusal(DOS="31/31/2026").code == "bad_date"

    def test_bad_code(self) -> None:
        assert _refusal(CPT="9921X1").code == "bad_code"

    def test_several_codes_without_per_code_charges(self) -> None:
        refusal = _refusal(CPT="99213;85025")
        assert refusal.code == "charge_split" and "99213:125.00" in refusal.reason

    def test_per_code_charges_must_add_up_to_the_billed_amount(self) -> None:
        assert _refusal(CPT="99213:80.00;85025:25.00").code == "charge_mismatch"

    def test_per_code_charges_without_a_billed_amount(self) -> None:
        rec = _record(CPT="99213:80.00;85025:25.00", Billed="")
        assert rec.charge_cents == 10500 and rec.line_charges == [8000, 2500]

    def test_money_must_balance_when_the_balance_is_given(self) -> None:
        refusal = _refusal(Paid="50.00", Balance="40.00")
        assert refusal.code == "balance_mismatch" and "off by 10.00" in refusal.reason

    def test_blank_balance_is_computed_later(self) -> None:
        assert _record(Paid="50.00").balance_cents is None

    def test_unknown_status(self) -> None:
        assert _refusal(Status="Lost in mail").code == "bad_status"

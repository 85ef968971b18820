"""837 claim-level loops for the parser: 2300 claim, 2310 providers, 2320/2330 other payers,
2400 service lines and 2430 line adjudication. Frozen inputs are grown with `replace`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar, cast

from rcm.edi.claim_input import (
    BillingProvider,
    Claim,
    ClaimBatch,
    ClaimType,
    LineAdjudication,
    OtherPayer,
    Patient,
    Payer,
    Provider,
    ServiceFacility,
    ServiceLine,
    Subscriber,
)
from rcm.edi.common import Address
from rcm.edi.errors import X12StructureError
from rcm.edi.x12 import segments as sg
from rcm.edi.x12.driver import SegmentParser
from rcm.edi.x12.tokenizer import Segment
from rcm.edi.x12.values import amount, d8, padded, period

T = TypeVar("T")
_NO_DATE = date.min  # placeholder until the required DTP arrives; checked when the loop closes
_EMPTY_ADDRESS = Address("", "", "", "")
_DIAGNOSIS = {
    "ABK": "principal",
    "BK": "principal",
    "ABF": "other",
    "BF": "other",
    "ABJ": "admitting",
    "BJ": "admitting",
}
_CLAIM_REFS = {"9F": "referral_number", "G1": "prior_authorization", "F8": "payer_claim_control_number"}
_PROVIDER_FIELDS = {"DN": "referring_provider", "82": "rendering_provider", "71": "attending_provider"}


class ClaimLoops(SegmentParser[ClaimBatch]):
    claim_type: ClaimType

    def start(self, claim_type: ClaimType, component: str) -> None:
        self.claim_type, self.component = claim_type, component
        self.claims: list[Claim] = []
        self.claim: Claim | None = None
        self.loop = ""

    def parties(self) -> tuple[BillingProvider, Subscriber, Payer, dict[str, object]]:
        raise NotImplementedError

    def claim_handlers(self) -> dict[str, Callable[[Segment], None]]:
        return {
            "CLM": self.clm,
            "DTP": self.dtp,
            "CL1": self.cl1,
            "HI": self.hi,
            "LX": self.lx,
            "SV1": self.sv1,
            "SV2": self.sv2,
            "SVD": self.svd,
            "CAS": self.cas,
            "AMT": self.amt,
            "OI": self.oi,
        }

    def in_claim(self) -> bool:
        return self.claim is not None

    # -- 2300 -------------------------------------------------------------------------------------
    def clm(self, seg: Segment) -> None:
        self.close_claim()
        e = padded(seg, 9)
        provider, subscriber, payer, patient_fields = self.parties()
        facility, _, frequency = [*e[5].split(self.component), "", ""][:3]
        institutional = self.claim_type is ClaimType.institutional
        self.claim = Claim(
            e[1],
            amount(e[2], "CLM02"),
            (),
            (),
            provider,
            subscriber,
            payer,
            _patient(patient_fields),
            claim_type=self.claim_type,
            place_of_service="" if institutional else facility,
            facility_type_code=facility if institutional else "",
            frequency_code=frequency,
            provider_signature=e[6] != "N",
            assignment=e[7],
            benefits_assignment=e[8],
            release_of_information=e[9],
        )
        self.diagnoses: list[str] = []
        self.lines: list[ServiceLine] = []
        self.others: list[OtherPayer] = []
        self.line: ServiceLine | None = None
        self.other: OtherPayer | None = None
        self.adjudication: LineAdjudication | None = None
        self.loop = "2300"

    def cl1(self, seg: Segment) -> None:
        e = padded(seg, 3)
        self.claim = replace(
            self._claim("CL1"), admission_type=e[1], admission_source=e[2], patient_status=e[3]
        )

    def hi(self, seg: Segment) -> None:
        claim = self._claim("HI")
        for composite in seg[1:]:
            qualifier, _, code = composite.partition(self.component)
            kind = _DIAGNOSIS.get(qualifier)
            code = _dotted(code) if qualifier.startswith("AB") else code.partition(self.component)[0]
            if kind == "principal":
                self.diagnoses.insert(0, code)
            elif kind == "other":
                self.diagnoses.append(code)
            elif kind == "admitting":
                self.claim = replace(claim, admitting_diagnosis=code)

    def claim_ref(self, e: Segment) -> None:
        if self.loop == "2300" and e[1] in _CLAIM_REFS:
            self.claim = _with(self._claim("REF"), _CLAIM_REFS[e[1]], e[2])
        elif self.loop == "2400" and e[1] == "6R" and self.line is not None:
            self.line = replace(self.line, line_control_number=e[2])

    def claim_nm1(self, e: Segment) -> None:
        code = e[1]
        if self.loop in ("2400", "2430", "2420"):
            self.loop = "2420"  # line-level providers are not modeled
            return
        if code in _PROVIDER_FIELDS:
            provider = Provider(e[9], e[3], e[4], "", e[2] == "2")
            self.claim = _with(self._claim("NM1"), _PROVIDER_FIELDS[code], provider)
        elif code == "77":
            self.claim = replace(
                self._claim("NM1"), service_facility=ServiceFacility(e[3], e[9], _EMPTY_ADDRESS)
            )
        elif code in ("IL", "PR") and self.other is not None:
            self._other_party(code, e)
            self.loop = f"2330{code}"
            return
        self.loop = f"2310{code}"

    def provider_taxonomy(self, taxonomy: str) -> None:
        field = _PROVIDER_FIELDS.get(self.loop.removeprefix("2310"))
        claim = self._claim("PRV")
        current = getattr(claim, field) if field else None
        if field and isinstance(current, Provider):
            self.claim = _with(claim, field, replace(current, taxonomy=taxonomy))

    def claim_address(self, seg: Segment) -> None:
        e = padded(seg, 4)
        if self.loop == "231077":
            facility = self._claim(seg[0]).service_facility
            assert facility is not None
            self.claim = replace(
                self._claim(seg[0]),
                service_facility=replace(facility, address=merge_address(facility.address, seg[0], e)),
            )
        elif self.loop == "2330IL" and self.other is not None:
            sub = self.other.subscriber
            self.other = replace(
                self.other, subscriber=replace(sub, address=merge_address(sub.address, seg[0], e))
            )
        elif self.loop == "2330PR" and self.other is not None:
            payer = self.other.payer
            self.other = replace(
                self.other, payer=replace(payer, address=merge_address(payer.address, seg[0], e))
            )

    def dtp(self, seg: Segment) -> None:
        e = padded(seg, 3)
        qualifier, loop = e[1], self.loop
        if loop == "2400" and qualifier == "472" and self.line is not None:
            start, end = period(e[2], e[3], "DTP03")
            self.line = replace(self.line, service_date=start, service_end_date=end if end != start else None)
        elif loop == "2430" and qualifier == "573" and self.adjudication is not None:
            self.adjudication = replace(self.adjudication, adjudication_date=d8(e[3], "DTP03"))
        elif loop == "2330PR" and qualifier == "573" and self.other is not None:
            self.other = replace(self.other, adjudication_date=d8(e[3], "DTP03"))
        elif loop == "2300" and qualifier == "434":
            start, end = period(e[2], e[3], "DTP03")
            self.claim = replace(self._claim("DTP"), statement_from=start, statement_to=end)
        elif loop == "2300" and qualifier == "435":
            hour = e[3][8:12] if e[2] == "DT" else ""
            self.claim = replace(
                self._claim("DTP"), admission_date=d8(e[3][:8], "DTP03"), admission_hour=hour
            )

    # -- 2320 / 2330 --------------------------------------------------------------------------------
    def subscriber_from(self, e: Segment, sbr: Segment) -> Subscriber:
        s = padded(sbr, 9)
        return Subscriber(
            e[9],
            e[3],
            e[4],
            e[5],
            e[7],
            group_number=s[3],
            group_name=s[4],
            payer_responsibility=s[1],
            claim_filing_indicator=s[9],
            insurance_type=s[5],
        )

    def other_sbr(self, s: Segment) -> None:
        self._close_line()
        self._close_other()
        subscriber = Subscriber(
            "", "", group_number=s[3], group_name=s[4], payer_responsibility=s[1], claim_filing_indicator=s[9]
        )
        self.other = OtherPayer(Payer("", ""), subscriber, s[1], s[2])
        self.loop = "2320"

    def _other_party(self, code: str, e: Segment) -> None:
        assert self.other is not None
        if code == "IL":
            sub = replace(
                self.other.subscriber,
                member_id=e[9],
                last_name=e[3],
                first_name=e[4],
                middle_name=e[5],
                suffix=e[7],
            )
            self.other = replace(self.other, subscriber=sub)
        else:
            self.other = replace(self.other, payer=Payer(e[3], e[9]))

    def oi(self, seg: Segment) -> None:
        e = padded(seg, 6)
        if self.other is not None:
            self.other = replace(self.other, benefits_assignment=e[3], release_of_information=e[6])

    def cas(self, seg: Segment) -> None:
        found = tuple(sg.adjustments(seg))
        if self.loop == "2430" and self.adjudication is not None:
            self.adjudication = replace(self.adjudication, adjustments=self.adjudication.adjustments + found)
        elif self.loop == "2320" and self.other is not None:
            self.other = replace(self.other, adjustments=self.other.adjustments + found)

    def amt(self, seg: Segment) -> None:
        e = padded(seg, 2)
        if self.loop == "2320" and self.other is not None and e[1] in ("D", "EAF"):
            field = "paid_amount" if e[1] == "D" else "remaining_patient_liability"
            self.other = _with(self.other, field, amount(e[2], "AMT02"))
        elif self.loop == "2430" and self.adjudication is not None and e[1] == "EAF":
            self.adjudication = replace(self.adjudication, remaining_patient_liability=amount(e[2], "AMT02"))

    # -- 2400 / 2430 --------------------------------------------------------------------------------
    def lx(self, seg: Segment) -> None:
        self._claim("LX")
        self._close_line()
        self._close_other()
        self.loop = "2400"

    def sv1(self, seg: Segment) -> None:
        e = padded(seg, 7)
        procedure = sg.procedure(e[1], self.component, "SV101")
        pointers = tuple(int(p) for p in e[7].split(self.component) if p.isdigit())
        self.line = ServiceLine(
            procedure.code,
            amount(e[2], "SV102"),
            _NO_DATE,
            amount(e[4] or "1", "SV104"),
            procedure.modifiers,
            pointers,
            unit_basis=e[3],
            place_of_service=e[5],
            procedure_qualifier=procedure.qualifier,
        )

    def sv2(self, seg: Segment) -> None:
        e = padded(seg, 5)
        procedure = sg.procedure(e[2], self.component, "SV202") if e[2] else None
        self.line = ServiceLine(
            procedure.code if procedure else "",
            amount(e[3], "SV203"),
            _NO_DATE,
            amount(e[5] or "1", "SV205"),
            procedure.modifiers if procedure else (),
            (),
            unit_basis=e[4],
            revenue_code=e[1],
            procedure_qualifier=procedure.qualifier if procedure else "HC",
        )

    def svd(self, seg: Segment) -> None:
        e = padded(seg, 5)
        self._close_adjudication()
        procedure = sg.procedure(e[3], self.component, "SVD03")
        revenue = e[4] if self.claim_type is ClaimType.institutional else ""
        self.adjudication = LineAdjudication(
            e[1],
            amount(e[2], "SVD02"),
            procedure.code,
            amount(e[5], "SVD05"),
            _NO_DATE,
            procedure.modifiers,
            (),
            procedure.qualifier,
            revenue,
        )
        self.loop = "2430"

    def close_claim(self) -> None:
        if self.claim is None:
            return
        self._close_line()
        self._close_other()
        if not self.diagnoses and self.claim_type is ClaimType.professional:
            raise X12StructureError(f"claim {self.claim.patient_control_number} has no HI diagnosis")
        self.claims.append(
            replace(
                self.claim,
                diagnoses=tuple(self.diagnoses),
                lines=tuple(self.lines),
                other_payers=tuple(self.others),
            )
        )
        self.claim = None
        self.loop = ""

    def _close_line(self) -> None:
        self._close_adjudication()
        if self.line is not None:
            if self.line.service_date is _NO_DATE and self.claim_type is ClaimType.professional:
                raise X12StructureError("service line without its DTP*472 service date")
            self.lines.append(self.line)
        self.line = None

    def _close_adjudication(self) -> None:
        adjudication = self.adjudication
        if adjudication is not None and self.line is not None:
            if adjudication.adjudication_date is _NO_DATE:
                raise X12StructureError("line adjudication (SVD) without its DTP*573 date")
            self.line = replace(self.line, adjudications=(*self.line.adjudications, adjudication))
        self.adjudication = None

    def _close_other(self) -> None:
        if self.other is not None:
            self.others.append(self.other)
        self.other = None

    def _claim(self, segment_id: str) -> Claim:
        if self.claim is None:
            raise X12StructureError(f"{segment_id} outside a claim (CLM) loop")
        return self.claim


def _with(value: T, field: str, new: object) -> T:
    changes: dict[str, Any] = {field: new}
    return cast(T, replace(cast(Any, value), **changes))


def _patient(fields: dict[str, object]) -> Patient | None:
    if not fields:
        return None
    missing = [name for name in ("last_name", "birth_date", "address") if not fields.get(name)]
    if missing:
        raise X12StructureError(f"patient loop 2010CA lacks {', '.join(missing)}")
    values: dict[str, Any] = {"first_name": "", "gender": "U", **fields}
    return Patient(**values)


def _dotted(code: str) -> str:
    # ICD-10-CM puts the period after the third character.
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


def merge_address(previous: Address | None, segment_id: str, e: Segment) -> Address:
    """Fold N3 (street) or N4 (city, state, ZIP, country) into an address."""
    base = previous or _EMPTY_ADDRESS
    if segment_id == "N3":
        return replace(base, line1=e[1], line2=e[2])
    return replace(base, city=e[1], state=e[2], postal_code=e[3], country=padded(e, 4)[4])

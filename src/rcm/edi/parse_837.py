"""837P/837I parser into the same `claim_input` dataclasses the builders take.

Used by the payer simulator, tests (build -> parse round trips) and `rcm edi parse`. Loops we
do not model (ambulance CR1, repricing HCP, 2420 line providers, ...) are skipped. ICD-10 codes
come back dotted (J069 -> J06.9), as the code sets store them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from rcm.edi.claim_input import (
    BillingProvider,
    ClaimBatch,
    ClaimType,
    Payer,
    Receiver,
    Submitter,
    Subscriber,
)
from rcm.edi.common import Address
from rcm.edi.errors import UnexpectedTransactionSet, X12StructureError
from rcm.edi.parse_837_claim import ClaimLoops, merge_address
from rcm.edi.versions import TransactionKind
from rcm.edi.x12.driver import drive
from rcm.edi.x12.envelope import TransactionSet
from rcm.edi.x12.source import X12Source
from rcm.edi.x12.tokenizer import Delimiters, Segment
from rcm.edi.x12.values import d8, padded

_KINDS = {
    TransactionKind.claim_professional: ClaimType.professional,
    TransactionKind.claim_institutional: ClaimType.institutional,
}
_EMPTY_ADDRESS = Address("", "", "", "")


def parse_837(source: X12Source, *, strict: bool = True) -> list[ClaimBatch]:
    """Every 837 transaction set of `source` as a `ClaimBatch`."""
    return list(iter_837(source, strict=strict))


def iter_837(source: X12Source, *, strict: bool = True) -> Iterator[ClaimBatch]:
    return drive(source, _Claims837(), strict=strict)


class _Claims837(ClaimLoops):
    """Header and HL levels; claim, line and COB loops live in `ClaimLoops`."""

    def handlers(self) -> dict[str, Callable[[Segment], None]]:
        return {
            "BHT": self.bht,
            "HL": self.hl,
            "PRV": self.prv,
            "NM1": self.nm1,
            "PER": self.per,
            "N3": self.n3,
            "N4": self.n4,
            "REF": self.ref,
            "DMG": self.dmg,
            "SBR": self.sbr,
            "PAT": self.pat,
            **self.claim_handlers(),
        }

    def begin(self, transaction: TransactionSet, delimiters: Delimiters) -> None:
        claim_type = _KINDS.get(transaction.kind)
        if claim_type is None:
            raise UnexpectedTransactionSet(f"expected an 837 claim, found {transaction.kind.value}")
        self.start(claim_type, delimiters.component)
        self.reference_id = self.transaction_type = ""
        self.submitter = Submitter("", "", "", "")
        self.receiver = Receiver("", "")
        self.provider: BillingProvider | None = None
        self.taxonomy = ""
        self.subscriber_sbr: Segment = []
        self.subscriber: Subscriber | None = None
        self.payer: Payer | None = None
        self.patient_fields: dict[str, object] = {}

    def end(self) -> None:
        self.close_claim()
        self.out.append(
            ClaimBatch(
                self.submitter,
                self.receiver,
                tuple(self.claims),
                self.claim_type,
                self.reference_id,
                self.transaction_type,
            )
        )

    def bht(self, seg: Segment) -> None:
        e = padded(seg, 6)
        self.reference_id, self.transaction_type = e[3], e[6]

    def hl(self, seg: Segment) -> None:
        self.close_claim()
        level = padded(seg, 3)[3]
        self.loop = f"HL{level}"
        if level == "20":
            self.provider, self.taxonomy = None, ""
        elif level == "22":
            self.subscriber = self.payer = None
            self.patient_fields = {}
        elif level == "23":
            self.patient_fields = {"relationship": ""}
        else:
            raise X12StructureError(f"unexpected HL level code {level!r} in an 837")

    def prv(self, seg: Segment) -> None:
        taxonomy = padded(seg, 3)[3]
        if self.loop == "HL20":
            self.taxonomy = taxonomy
        else:
            self.provider_taxonomy(taxonomy)

    def nm1(self, seg: Segment) -> None:
        e = padded(seg, 9)
        code = e[1]
        if self.in_claim():
            self.claim_nm1(e)
            return
        if code == "41":
            self.submitter = replace(self.submitter, name=e[3], identifier=e[9])
        elif code == "40":
            self.receiver = Receiver(e[3], e[9])
        elif code == "85":
            self.provider = BillingProvider(e[3], e[9], "", _EMPTY_ADDRESS, self.taxonomy, e[4], e[2] == "1")
        elif code == "87":
            self.provider = replace(self._provider(), pay_to_address=_EMPTY_ADDRESS)
        elif code == "IL":
            self.subscriber = self.subscriber_from(e, self.subscriber_sbr)
        elif code == "PR":
            self.payer = Payer(e[3], e[9])
        elif code == "QC":
            self.patient_fields.update(last_name=e[3], first_name=e[4], middle_name=e[5], suffix=e[7])
        self.loop = f"NM1{code}"

    def per(self, seg: Segment) -> None:
        if self.loop == "NM141":
            e = padded(seg, 8)
            numbers = {e[i]: e[i + 1] for i in (3, 5, 7) if e[i]}
            self.submitter = replace(
                self.submitter, contact_name=e[2], phone=numbers.get("TE", ""), email=numbers.get("EM", "")
            )

    def n3(self, seg: Segment) -> None:
        self._address(seg)

    def n4(self, seg: Segment) -> None:
        self._address(seg)

    def _address(self, seg: Segment) -> None:
        if self.in_claim():
            self.claim_address(seg)
            return
        e = padded(seg, 4)
        loop = self.loop
        if loop == "NM185":
            provider = self._provider()
            self.provider = replace(provider, address=merge_address(provider.address, seg[0], e))
        elif loop == "NM187":
            provider = self._provider()
            self.provider = replace(
                provider, pay_to_address=merge_address(provider.pay_to_address, seg[0], e)
            )
        elif loop == "NM1IL" and self.subscriber is not None:
            self.subscriber = replace(
                self.subscriber, address=merge_address(self.subscriber.address, seg[0], e)
            )
        elif loop == "NM1PR" and self.payer is not None:
            self.payer = replace(self.payer, address=merge_address(self.payer.address, seg[0], e))
        elif loop == "NM1QC":
            previous = self.patient_fields.get("address")
            self.patient_fields["address"] = merge_address(
                previous if isinstance(previous, Address) else None, seg[0], e
            )

    def ref(self, seg: Segment) -> None:
        e = padded(seg, 2)
        if self.in_claim():
            self.claim_ref(e)
        elif self.loop == "NM185" and e[1] in ("EI", "SY"):
            self.provider = replace(self._provider(), tax_id=e[2])

    def dmg(self, seg: Segment) -> None:
        e = padded(seg, 3)
        birth = d8(e[2], "DMG02") if e[2] else None
        if self.loop == "NM1IL" and self.subscriber is not None:
            self.subscriber = replace(self.subscriber, birth_date=birth, gender=e[3] or "U")
        elif self.loop == "NM1QC":
            self.patient_fields.update(birth_date=birth, gender=e[3])

    def sbr(self, seg: Segment) -> None:
        if self.in_claim():
            self.other_sbr(padded(seg, 9))
        else:
            self.subscriber_sbr = padded(seg, 9)

    def pat(self, seg: Segment) -> None:
        self.patient_fields["relationship"] = padded(seg, 1)[1]

    # -- parties handed to the claim loops ----------------------------------------------------
    def parties(self) -> tuple[BillingProvider, Subscriber, Payer, dict[str, object]]:
        if self.provider is None or self.subscriber is None or self.payer is None:
            raise X12StructureError(
                "CLM before its billing provider (2010AA), subscriber (2010BA) and payer (2010BB)"
            )
        return self.provider, self.subscriber, self.payer, self.patient_fields

    def _provider(self) -> BillingProvider:
        if self.provider is None:
            raise X12StructureError("billing provider details before NM1*85")
        return self.provider

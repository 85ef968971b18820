from __future__ import annotations

import dataclasses
from datetime import date

from rcm.scrubbing.lookups import InMemoryPriorAuth, Lookups, PriorAuthList
from rcm.scrubbing.rules.prior_auth import PRIOR_AUTH_INVALID, PRIOR_AUTH_MISSING, check_prior_auth
from tests.scrubbing.builders import make_claim, make_line

LISTS = [
    PriorAuthList(frozenset({"70553", "72148"}), payer_ids=frozenset({"60054"})),
    PriorAuthList(frozenset({"97110"}), payer_types=frozenset({"medicaid"}), effective_from=date(2026, 7, 1)),
]
LOOKUPS = dataclasses.replace(Lookups(), prior_auth=InMemoryPriorAuth(LISTS))
MRI = (make_line(1, "99213"), make_line(2, "70553"))


def test_listed_code_with_authorization_passes() -> None:
    assert check_prior_auth(make_claim(lines=MRI, prior_authorization_number="PA-2026-0042"), LOOKUPS) == []


def test_listed_code_without_authorization_fails_on_its_line() -> None:
    findings = check_prior_auth(make_claim(lines=MRI), LOOKUPS)
    assert [(f.rule_id, f.line_number, f.carc) for f in findings] == [(PRIOR_AUTH_MISSING, 2, "197")]


def test_other_payers_and_unlisted_codes_need_nothing() -> None:
    assert check_prior_auth(make_claim(lines=MRI, payer_id="87726"), LOOKUPS) == []
    assert check_prior_auth(make_claim(), LOOKUPS) == []


def test_list_applies_only_from_its_effective_date() -> None:
    therapy = (make_line(code="97110"),)
    assert check_prior_auth(make_claim(lines=therapy, payer_type="medicaid"), LOOKUPS) == []
    july = (make_line(code="97110", service_date=date(2026, 7, 2)),)
    claim = make_claim(lines=july, payer_type="medicaid", today=date(2026, 7, 10))
    assert [f.rule_id for f in check_prior_auth(claim, LOOKUPS)] == [PRIOR_AUTH_MISSING]


def test_malformed_authorization_number() -> None:
    findings = check_prior_auth(make_claim(prior_authorization_number="PA 123"), LOOKUPS)
    assert [(f.rule_id, f.carc) for f in findings] == [(PRIOR_AUTH_INVALID, "15")]

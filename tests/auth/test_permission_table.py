"""The permission table itself: hard rules of SPEC section 5, and every role x action decided."""

from __future__ import annotations

import pytest

from rcm.auth.permissions import PERMISSIONS, ROLE_LEVELS, Action, Role, _parse, is_allowed


def test_levels_match_the_spec() -> None:
    assert [ROLE_LEVELS[r] for r in Role] == [10, 30, 40, 50, 60, 70, 80, 90]


@pytest.mark.parametrize("role", list(Role))
def test_only_level_70_and_above_submit_and_appeal(role: Role) -> None:
    assert is_allowed(role, Action.claims_submit) is (ROLE_LEVELS[role] >= 70)
    assert is_allowed(role, Action.appeals_submit) is (ROLE_LEVELS[role] >= 70)


@pytest.mark.parametrize("role", list(Role))
def test_only_level_80_and_above_approve_write_offs(role: Role) -> None:
    assert is_allowed(role, Action.writeoffs_approve) is (ROLE_LEVELS[role] >= 80)


def test_clinician_signs_off_but_does_not_edit_codes() -> None:
    assert is_allowed(Role.clinician, Action.claims_sign_off)
    assert not is_allowed(Role.clinician, Action.claims_write)
    assert not is_allowed(Role.biller, Action.claims_sign_off)


def test_patient_sees_only_own_records() -> None:
    granted = {a for a in Action if is_allowed(Role.patient, a)}
    assert granted == {
        Action.claims_read_own,
        Action.payments_read_own,
        Action.statements_read_own,
        Action.statements_pay,
    }


def test_every_action_has_a_row() -> None:
    assert set(PERMISSIONS) == set(Action)


def test_table_granting_submit_below_70_is_refused_at_import() -> None:
    import rcm.auth.permissions as perms

    broken = perms._TABLE.replace(
        "claims.submit            .   .   .   .   .   x", "claims.submit            .   .   .   x   .   x"
    )
    parsed = _parse(broken)
    assert Role.biller in parsed[Action.claims_submit]
    original = dict(perms.PERMISSIONS)
    perms.PERMISSIONS.clear()
    perms.PERMISSIONS.update(parsed)
    try:
        with pytest.raises(ValueError, match=r"claims\.submit needs level >= 70"):
            perms._check_hard_rules()
        # and even if the table slipped through, is_allowed applies the floor
        assert not is_allowed(Role.biller, Action.claims_submit)
    finally:
        perms.PERMISSIONS.clear()
        perms.PERMISSIONS.update(original)

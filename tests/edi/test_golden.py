"""Golden files: our builders' output, regenerated and compared byte for byte.

Set RCM_UPDATE_GOLDEN=1 to rewrite them after an intended change (and review the diff).
"""

from __future__ import annotations

import os

import pytest

from rcm.edi import X12ValidationUnavailable, validate_x12
from tests.edi.golden_inputs import GOLDEN
from tests.edi.samples import GOLDEN as GOLDEN_DIR


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_output_matches_the_golden_file_byte_for_byte(name: str) -> None:
    text = GOLDEN[name]()
    path = GOLDEN_DIR / name
    if os.environ.get("RCM_UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("ascii"))
    assert path.read_bytes() == text.encode("ascii")


@pytest.mark.parametrize("name", sorted(n for n in GOLDEN if not n.startswith("276")))
def test_golden_files_pass_pyx12(name: str) -> None:
    result = validate_x12(GOLDEN_DIR / name)
    assert result.valid and result.issues == [], result.errors[:5]


def test_276_has_no_pyx12_map() -> None:
    with pytest.raises(X12ValidationUnavailable):
        validate_x12(GOLDEN_DIR / "276_claim_status.x12")

"""Rule packs: YAML payer rules compiled against the typed claim context.

`default.yaml` ships with the package; per-org and per-payer packs are stored by the service
layer and loaded with the same `load_pack`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from rcm.scrubbing.packs.loader import RulePackInvalid, load_pack, load_pack_file
from rcm.scrubbing.packs.model import CodeSelector, PackRule, PayerSelector, RulePack, RuleScope

DEFAULT_PACK_RESOURCE = "default.yaml"


@cache
def load_default_pack() -> RulePack:
    text = resources.files("rcm.scrubbing.packs").joinpath(DEFAULT_PACK_RESOURCE).read_text(encoding="utf-8")
    return load_pack(text, source=DEFAULT_PACK_RESOURCE)


__all__ = [
    "CodeSelector",
    "PackRule",
    "PayerSelector",
    "RulePack",
    "RulePackInvalid",
    "RuleScope",
    "load_default_pack",
    "load_pack",
    "load_pack_file",
]

from __future__ import annotations

from rcm.errors import BusinessRuleViolation, Conflict


class ClaimNotEditable(Conflict):
    """Only Draft, Scrubbed and Rejected claims can be edited."""


class ClaimReferenceInvalid(BusinessRuleViolation):
    """A claim refers to a coverage, encounter or provider that does not fit it."""

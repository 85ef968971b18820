from __future__ import annotations

from rcm.errors import BusinessRuleViolation, Conflict, InvalidInput


class ClaimsNotSubmittable(Conflict):
    """Only Scrubbed claims (or Denied ones being resubmitted) can go out in an 837."""


class CodingSignOffRequired(BusinessRuleViolation):
    """The organization requires a clinician's coding sign-off before submission."""


class OutboundBatchInvalid(InvalidInput):
    """The built 837 failed implementation-guide validation; nothing was submitted."""


class InboundFileUnreadable(InvalidInput):
    """An inbound file is not X12 we can process; it is stored and marked failed, not lost."""

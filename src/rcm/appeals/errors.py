"""What can go wrong with an appeal, each with its status code (rendered by the one error handler)."""

from __future__ import annotations

from rcm.errors import BusinessRuleViolation, Conflict, InvalidInput, NotFound


class AppealDeadlinePassed(BusinessRuleViolation):
    """The payer's appeal window is closed: the appeal can no longer be opened or sent."""


class AppealDeadlineUnknown(BusinessRuleViolation):
    """The denial has no appeal deadline (e.g. self-pay), so there is no appeal right to exercise."""


class DenialNotOpen(Conflict):
    """The denial is closed; reopen it first (PATCH /denials/{id})."""


class AppealAlreadyOpen(Conflict):
    """The denial already has an appeal in progress."""


class AppealNotPending(Conflict):
    """The appeal already has its outcome (Won, Lost or Expired)."""


class AppealAlreadySubmitted(Conflict):
    """The appeal went to the payer: its letter and attachments are frozen."""


class AppealNotSubmitted(Conflict):
    """An outcome can only be recorded for an appeal the payer received."""


class AttachmentRejected(InvalidInput):
    """Empty, too large, or one too many."""


class RecoveredAmountInvalid(InvalidInput):
    """The recovered amount must be zero for a lost appeal and at most the denied amount."""


class LetterNotGenerated(NotFound):
    """No letter has been generated for the appeal yet (POST /appeals/{id}/letter)."""

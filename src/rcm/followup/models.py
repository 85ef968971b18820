"""AR follow-up: per-payer collection strategies and the follow-up actions logged on claims."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped
from rcm.payers.models import PayerType


class FollowUpChannel(StrEnum):
    phone = "phone"
    portal = "portal"
    email = "email"
    fax = "fax"
    appeal = "appeal"


class FollowUpOutcome(StrEnum):
    left_voicemail = "left_voicemail"
    payer_says_in_process = "payer_says_in_process"
    payer_says_paid = "payer_says_paid"
    resubmission_needed = "resubmission_needed"
    promised_payment_date = "promised_payment_date"
    no_claim_on_file = "no_claim_on_file"
    denied_by_payer = "denied_by_payer"
    other = "other"


class CollectionStrategy(Base, OrgScoped):
    """How to chase a payer: a payer's own strategy beats its payer type's, which beats the org default."""

    __tablename__ = "collection_strategies"
    __table_args__ = (Index("ix_collection_strategies_scope", "org_id", "payer_id", "payer_type"),)

    name: Mapped[str] = mapped_column(String(120))
    payer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payers.id"), default=None)
    payer_type: Mapped[PayerType | None] = mapped_column(EnumText(PayerType, 24), default=None)
    cadence_days: Mapped[int] = mapped_column(default=14)
    channel: Mapped[FollowUpChannel] = mapped_column(
        EnumText(FollowUpChannel, 16), default=FollowUpChannel.phone
    )
    # Past this age (days since the date of service) an open follow-up is escalated.
    escalate_after_days: Mapped[int] = mapped_column(default=90)
    notes: Mapped[str] = mapped_column(String(4000), default="")
    is_active: Mapped[bool] = mapped_column(default=True)


class FollowUpAction(Base, OrgScoped):
    __tablename__ = "follow_up_actions"
    __table_args__ = (Index("ix_follow_up_actions_claim", "org_id", "claim_id", "performed_at"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    work_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_items.id"), default=None)
    channel: Mapped[FollowUpChannel] = mapped_column(EnumText(FollowUpChannel, 16))
    outcome: Mapped[FollowUpOutcome] = mapped_column(EnumText(FollowUpOutcome, 32))
    note: Mapped[str] = mapped_column(String(2000), default="")
    # The day the claim comes back for follow-up (None: the strategy's cadence from this action).
    next_follow_up_on: Mapped[date | None] = mapped_column(default=None)
    promised_payment_on: Mapped[date | None] = mapped_column(default=None)
    performed_at: Mapped[datetime]
    performed_by: Mapped[uuid.UUID | None] = mapped_column(default=None)

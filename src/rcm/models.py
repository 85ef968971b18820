"""Imports every model so metadata (Alembic, tests) sees the whole schema."""

from rcm.alerts.models import AlertEvent, AlertRule
from rcm.analytics.models import ClaimRollup, PaymentTimeHistogram
from rcm.audit.models import AuditChainHead, AuditEvent
from rcm.auth.models import User
from rcm.batches.models import Batch, BatchClaim, ClaimAcknowledgment, ControlNumberCounter
from rcm.claims.models import Claim, ClaimLine
from rcm.db import Base
from rcm.denials.models import Appeal, AppealAttachment, Denial, DenialMappingOverride
from rcm.encounters.models import Encounter
from rcm.followup.models import CollectionStrategy, FollowUpAction
from rcm.jobs.models import Job
from rcm.orgs.models import Organization
from rcm.patients.models import Coverage, Patient
from rcm.payers.models import Payer
from rcm.payments.models import (
    Payment,
    PaymentAdjustment,
    ProviderAdjustment,
    Remittance,
    UnmatchedRemittanceClaim,
)
from rcm.providers.models import Provider
from rcm.scrubbing.models import (
    CodeSetLoad,
    HcpcsCode,
    LicensedCptCode,
    MueRecord,
    NcciEdit,
    PriorAuthRequirement,
    RulePackRecord,
    ScrubFinding,
)
from rcm.statements.models import PatientStatement
from rcm.workqueues.models import AssignmentRule, WorkItem
from rcm.writeoffs.models import WriteOff

__all__ = [
    "AlertEvent",
    "AlertRule",
    "Appeal",
    "AppealAttachment",
    "AssignmentRule",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "Batch",
    "BatchClaim",
    "Claim",
    "ClaimAcknowledgment",
    "ClaimLine",
    "ClaimRollup",
    "CodeSetLoad",
    "CollectionStrategy",
    "ControlNumberCounter",
    "Coverage",
    "Denial",
    "DenialMappingOverride",
    "Encounter",
    "FollowUpAction",
    "HcpcsCode",
    "Job",
    "LicensedCptCode",
    "MueRecord",
    "NcciEdit",
    "Organization",
    "Patient",
    "PatientStatement",
    "Payer",
    "Payment",
    "PaymentAdjustment",
    "PaymentTimeHistogram",
    "PriorAuthRequirement",
    "Provider",
    "ProviderAdjustment",
    "Remittance",
    "RulePackRecord",
    "ScrubFinding",
    "UnmatchedRemittanceClaim",
    "User",
    "WorkItem",
    "WriteOff",
]

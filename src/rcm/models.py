"""Imports every model so metadata (Alembic, tests) sees the whole schema."""

from rcm.audit.models import AuditChainHead, AuditEvent
from rcm.auth.models import User
from rcm.batches.models import Batch, BatchClaim, ClaimAcknowledgment, ControlNumberCounter
from rcm.claims.models import Claim, ClaimLine
from rcm.db import Base
from rcm.denials.models import Denial
from rcm.encounters.models import Encounter
from rcm.jobs.models import Job
from rcm.orgs.models import Organization
from rcm.patients.models import Coverage, Patient
from rcm.payers.models import Payer
from rcm.payments.models import Payment, PaymentAdjustment
from rcm.providers.models import Provider
from rcm.statements.models import PatientStatement

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "Batch",
    "BatchClaim",
    "Claim",
    "ClaimAcknowledgment",
    "ClaimLine",
    "ControlNumberCounter",
    "Coverage",
    "Denial",
    "Encounter",
    "Job",
    "Organization",
    "Patient",
    "PatientStatement",
    "Payer",
    "Payment",
    "PaymentAdjustment",
    "Provider",
    "User",
]

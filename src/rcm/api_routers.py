"""Every router the API mounts, in the order they appear in the docs."""

from rcm.alerts.routes import router as alerts_router
from rcm.analytics.routes import router as analytics_router
from rcm.appeals.routes import router as appeals_router
from rcm.audit.routes import router as audit_router
from rcm.auth.routes import router as auth_router
from rcm.batches.routes import router as batches_router
from rcm.claims.routes import router as claims_router
from rcm.dashboard.routes import router as dashboard_router
from rcm.denials.routes import router as denials_router
from rcm.encounters.routes import router as encounters_router
from rcm.exports.routes import router as exports_router
from rcm.followup.routes import router as followup_router
from rcm.imports.routes import router as imports_router
from rcm.orgs.routes import router as org_router
from rcm.patients.routes import router as patients_router
from rcm.payers.routes import router as payers_router
from rcm.payments.routes import router as payments_router
from rcm.providers.routes import router as providers_router
from rcm.scrubbing.routes import router as scrubbing_router
from rcm.writeoffs.routes import router as writeoffs_router

ROUTERS = [
    auth_router,
    org_router,
    patients_router,
    providers_router,
    payers_router,
    encounters_router,
    claims_router,
    scrubbing_router,
    batches_router,
    payments_router,
    writeoffs_router,
    denials_router,
    appeals_router,
    followup_router,
    analytics_router,
    alerts_router,
    imports_router,
    exports_router,
    audit_router,
    dashboard_router,
]

from __future__ import annotations

from rcm.pagination import Page, PageParams
from rcm.providers.models import Provider
from rcm.tenancy import OrgRepository


class ProviderRepository(OrgRepository[Provider]):
    model = Provider
    not_found = "provider"

    def by_npi(self, npi: str) -> Provider | None:
        return self.session.scalars(self.base().where(Provider.npi == npi)).first()

    def search(self, params: PageParams, billing_only: bool) -> Page[Provider]:
        filters = [Provider.is_billing.is_(True)] if billing_only else []
        return self.page(params, *filters, order_by=Provider.name)

    def all(self) -> list[Provider]:
        return list(self.session.scalars(self.base().order_by(Provider.name)))

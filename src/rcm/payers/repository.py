from __future__ import annotations

from rcm.pagination import Page, PageParams
from rcm.payers.models import Payer, PayerType
from rcm.tenancy import OrgRepository


class PayerRepository(OrgRepository[Payer]):
    model = Payer
    not_found = "payer"

    def by_code(self, payer_code: str) -> Payer | None:
        return self.session.scalars(self.base().where(Payer.payer_code == payer_code)).first()

    def search(self, params: PageParams, payer_type: PayerType | None) -> Page[Payer]:
        filters = [Payer.payer_type == payer_type] if payer_type else []
        return self.page(params, *filters, order_by=Payer.name)

    def all(self) -> list[Payer]:
        return list(self.session.scalars(self.base().order_by(Payer.name)))

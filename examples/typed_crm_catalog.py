"""CRM and catalog: sync an opportunity from a CRM, upsert a product and a sales executive.

    python examples/typed_crm_catalog.py

Runs on the embedded sandbox. Each upsert is safe to retry: the second run of the same
data reports ``unchanged`` and writes nothing.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

from scopestack_async.resources.models import CrmOpportunityFields, ProductFields
from scopestack_async.sandbox import Sandbox


async def main() -> dict[str, str]:
    async with Sandbox(records=50) as sandbox, sandbox.session() as session:
        opportunity: CrmOpportunityFields = {
            "opportunity_id": "0065g00000TYPED",
            "name": "Network refresh",
            "display_name": "Vandelay / Network refresh",
            "amount": Decimal("25000.00"),
            "stage": "Proposal",
            "account_id": "0015g00000VAND",
            "account_name": "Vandelay Industries",
        }
        first = await session.crm_opportunities.upsert(opportunity)
        second = await session.crm_opportunities.upsert(opportunity)
        print(f"opportunity: {first.action}, then {second.action}")
        staged = await session.crm_opportunities.upsert({**opportunity, "stage": "Closed Won"})
        print(f"stage moved: {staged.action} {staged.changes}")

        product: ProductFields = {"sku": "SW-48-TYPED", "name": "48-port switch",
                                  "unit_price": Decimal("1200.00"), "category": "Network"}  # fmt: skip
        made = await session.products.upsert(product)
        priced = await session.products.upsert({**product, "unit_price": Decimal("1150.00")})
        print(f"product: {made.action}, then {priced.action} {priced.changes}")

        seller = await session.sales_executives.upsert(
            {"name": "Nia Seller", "email": "nia.seller@acme.example", "title": "AE"}
        )
        print(f"sales executive: {seller.action}")
        vendor = await session.vendors.find_one(name="cisco")
        print(f"vendor: {vendor.name} in {vendor.city}")
        return {"opportunity": second.action, "stage": staged.action, "product": priced.action,
                "seller": seller.action}  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())

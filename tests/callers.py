"""Picking a realistic caller from a demo database, shared by the UI tests."""

from __future__ import annotations

import sqlalchemy as sa

from agent_desk.data import models as m
from agent_desk.data.db import make_engine


def single_owner_number(url: str, *, tiers: tuple[str, ...] | None = ("gold", "platinum"),
                        customer_before: str | None = "2024-01-01", language: str | None = None) -> str:
    """The number (E.164) of a customer who alone owns it and has an active subscription:
    by default a long-standing gold or platinum one, who gets offers; the first by account."""
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    conditions = [m.CustomerPhone.e164.in_(owners), m.Subscription.status == "active"]
    if tiers:
        conditions.append(m.Customer.value_tier.in_(tiers))
    if customer_before:
        conditions.append(m.Customer.customer_since < customer_before)
    if language:
        conditions.append(m.Customer.preferred_language == language)
    with engine.connect() as connection:
        e164 = connection.scalar(
            sa.select(m.CustomerPhone.e164)
            .join(m.Customer, m.Customer.id == m.CustomerPhone.customer_id)
            .join(m.Subscription, m.Subscription.customer_id == m.Customer.id)
            .where(*conditions).order_by(m.Customer.account_number).limit(1))
    engine.dispose()
    assert e164, "the demo database has no such caller"
    return e164

"""What a script knows about the call: :class:`ScriptFacts`, built from the caller 360.

The facts feed both the branch conditions (:mod:`agent_desk.scripts.conditions`) and the
variables of the texts (:mod:`agent_desk.scripts.variables`). They are a frozen snapshot
taken when the script starts, so the same facts and the same answers always walk the same
path. Qt-free; reads the frozen dataclasses of :mod:`agent_desk.data.queries`, never a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from agent_desk.data.queries import CustomerHistory, CustomerProfile, SubscriptionLine
from agent_desk.data.reference import PRODUCTS
from agent_desk.domain import SubscriptionStatus

# English and Hebrew product names -> product code, for subscription lines without a code.
_CODE_BY_NAME = {name: code for code, _cat, he, en, *_ in PRODUCTS for name in (he, en)}


@dataclass(frozen=True)
class ScriptFacts:
    """The customer and call facts a script may branch on or say.

    Attributes:
        first_name, last_name: as the customer writes them (usually Hebrew).
        first_name_latin, last_name_latin: Latin spelling, said in the English script.
        agent_name: the agent's name as they introduce themselves.
        plan: product code of the main active subscription (conditions).
        plan_he, plan_en: its name (the ``{plan}`` variable).
        plan_category: its category (mobile, internet, tv...).
        tenure_years: years as a customer.
        value_tier: bronze, silver, gold or platinum.
        risk: churn-risk probability 0..1, None when not scored yet.
        reason: the cancellation reason code chosen for the call.
        open_incident: an outage affecting the customer is open now.
        open_complaint: the customer has an open complaint or ticket.
        contract_end: when the main subscription's commitment ends (None: no commitment left).
        days_to_contract_end: days from today to ``contract_end``.
        monthly_price: the main subscription's monthly price in ₪.
        monthly_total: what the customer pays a month for every subscription still running.
        competitor: the competitor the customer named, if any.
        agent_gender, customer_gender: "male", "female" or None (unknown): which form of a
            gendered text (``{agent:...|...}``, ``{customer:...|...}``) is said.
    """

    first_name: str = ""
    last_name: str = ""
    first_name_latin: str | None = None
    last_name_latin: str | None = None
    agent_name: str = ""
    plan: str | None = None
    plan_he: str | None = None
    plan_en: str | None = None
    plan_category: str | None = None
    tenure_years: float = 0.0
    value_tier: str | None = None
    risk: float | None = None
    reason: str | None = None
    open_incident: bool = False
    open_complaint: bool = False
    contract_end: date | None = None
    days_to_contract_end: int | None = None
    monthly_price: Decimal | None = None
    competitor: str | None = None
    monthly_total: Decimal | None = None
    agent_gender: str | None = None
    customer_gender: str | None = None

    def condition_values(self) -> dict[str, object]:
        """The facts as the condition language names them."""
        return {
            "tenure_years": self.tenure_years,
            "plan": self.plan,
            "plan_category": self.plan_category,
            "value_tier": self.value_tier,
            "risk": self.risk,
            "reason": self.reason,
            "open_incident": self.open_incident,
            "open_complaint": self.open_complaint,
            "days_to_contract_end": self.days_to_contract_end,
            "monthly_price": self.monthly_price,
        }


def main_subscription(profile: CustomerProfile) -> SubscriptionLine | None:
    """The holding a retention call is most likely about: the dearest one still running."""
    running = [s for s in profile.subscriptions if s.status != SubscriptionStatus.CANCELLED]
    if not running:
        return None
    # Active before paused or pending cancellation; then the highest price; then the oldest.
    return min(running, key=lambda s: (s.status != SubscriptionStatus.ACTIVE, -s.monthly_price, s.started_on))


def _plan_code(line: SubscriptionLine) -> str | None:
    # Lines built without a product code (older callers, tests) fall back to the catalogue names.
    return line.code or _CODE_BY_NAME.get(line.product_en) or _CODE_BY_NAME.get(line.product_he)


def facts_from_profile(
    profile: CustomerProfile,
    history: CustomerHistory | None,
    today: date,
    reason: str | None,
    agent_name: str,
    open_incident: bool = False,
    competitor: str | None = None,
    agent_gender: str | None = None,
) -> ScriptFacts:
    """The facts of a call with this customer on ``today``.

    ``history`` may be None while the 360 is still loading: risk and open complaints are
    then unknown (None / False). A commitment that already ended counts as none.
    ``agent_gender``: "male"/"female" when known (``agents.gender``).
    """
    main = main_subscription(profile)
    contract_end = main.commitment_end if main and main.commitment_end and main.commitment_end >= today else None
    return ScriptFacts(
        first_name=profile.first_name,
        last_name=profile.last_name,
        first_name_latin=profile.first_name_latin,
        last_name_latin=profile.last_name_latin,
        agent_name=agent_name,
        plan=_plan_code(main) if main else None,
        plan_he=main.product_he if main else None,
        plan_en=main.product_en if main else None,
        plan_category=str(main.category) if main else None,
        tenure_years=max(profile.tenure_years_on(today), 0.0),
        value_tier=str(profile.value_tier),
        risk=history.risk.probability if history is not None else None,
        reason=reason,
        open_incident=open_incident,
        open_complaint=bool(history and history.open_cases),
        contract_end=contract_end,
        days_to_contract_end=(contract_end - today).days if contract_end else None,
        monthly_price=main.monthly_price if main else None,
        competitor=competitor or None,
        monthly_total=profile.monthly_revenue if main else None,
        agent_gender=_gender(agent_gender),
        customer_gender=_gender(str(profile.gender)),
    )


def _gender(value: str | None) -> str | None:
    return value if value in ("male", "female") else None

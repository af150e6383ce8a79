"""The retention desk's vocabulary as plain Python: kinds, statuses, roles.

Qt-free and database-free; the models store these values and the UI shows their
translated labels.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"


class ValueTier(StrEnum):
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"
    PLATINUM = "platinum"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class FamilyStatus(StrEnum):
    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"
    UNKNOWN = "unknown"


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    LANDLINE = "landline"
    VOIP = "voip"
    WORK = "work"


class ProductCategory(StrEnum):
    MOBILE = "mobile"
    INTERNET = "internet"
    TV = "tv"
    INSURANCE = "insurance"
    CLUB = "club"
    BUNDLE = "bundle"


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    PENDING_CANCELLATION = "pending_cancellation"
    CANCELLED = "cancelled"


class BillingKind(StrEnum):
    INVOICE = "invoice"
    PAYMENT = "payment"
    LATE_PAYMENT = "late_payment"
    PRICE_CHANGE = "price_change"
    CREDIT = "credit"
    REFUND = "refund"


class InteractionKind(StrEnum):
    CALL = "call"
    COMPLAINT = "complaint"
    TICKET = "ticket"
    PURCHASE = "purchase"
    PLAN_CHANGE = "plan_change"
    OUTREACH = "outreach"
    NOTE = "note"
    SURVEY = "survey"
    RETENTION = "retention"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    SMS = "sms"
    STORE = "store"
    WEB = "web"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CaseStatus(StrEnum):
    """Status of a complaint or a ticket."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class SurveyKind(StrEnum):
    CSAT = "csat"
    NPS = "nps"


class OfferKind(StrEnum):
    PERCENT_DISCOUNT = "percent_discount"
    FIXED_DISCOUNT = "fixed_discount"
    ONE_OFF_CREDIT = "one_off_credit"
    FREE_MONTHS = "free_months"
    UPGRADE_SAME_PRICE = "upgrade_same_price"
    ADD_ON = "add_on"
    DEVICE = "device"
    DOWNGRADE = "downgrade"
    PAUSE = "pause"
    RENEWAL_DISCOUNT = "renewal_discount"
    OUTAGE_GOODWILL = "outage_goodwill"
    LOYALTY_GIFT = "loyalty_gift"


class OfferResponse(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    PENDING_APPROVAL = "pending_approval"
    WITHDRAWN = "withdrawn"


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class CallbackStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ReferralStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    CONVERTED = "converted"
    DECLINED = "declined"


class IncidentSeverity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class CallDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"

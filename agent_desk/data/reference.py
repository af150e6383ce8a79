"""Reference data every database starts with: reasons, dispositions, products, churn weights.

Admins change these later in the database; this is the starting point that ``demo-data``
and a fresh installation write. Codes are stable identifiers used by scripts and offers.
"""

from __future__ import annotations

from decimal import Decimal

# code, parent, Hebrew, English, no_save_attempt
CANCELLATION_REASONS = (
    ("price", None, "מחיר", "Price", False),
    ("too_expensive", "price", "יקר מדי", "Too expensive", False),
    ("price_rise", "price", "העלאת מחיר", "Price went up", False),
    ("competitor", None, "הצעה של מתחרה", "Competitor's offer", False),
    ("service", None, "שירות", "Service", False),
    ("poor_service", "service", "שירות לקוי", "Poor service", False),
    ("unresolved_complaint", "service", "תלונה שלא טופלה", "Unresolved complaint", False),
    ("technical", None, "תקלה טכנית", "Technical problem", False),
    ("technical_fault", "technical", "תקלות חוזרות", "Recurring faults", False),
    ("outage", "technical", "תקלה נרחבת", "Outage", False),
    ("moving", None, "מעבר דירה", "Moving home", False),
    ("no_longer_needed", None, "כבר אין צורך בשירות", "No longer needed", False),
    ("financial_hardship", None, "קושי כלכלי", "Financial hardship", False),
    ("purchase_doubt", None, "התלבטות אחרי רכישה", "Doubts after a purchase", False),
    ("just_cancel", None, "רוצה לבטל בלי לפרט", "Only wants to cancel", False),
    ("death", None, "פטירה", "Death of the account holder", True),
    ("business_closure", None, "סגירת עסק", "Business closure", True),
)

# code, Hebrew, English, counts_as_save, is_cancellation
DISPOSITIONS = (
    ("saved", "שימור", "Saved", True, False),
    ("saved_with_offer", "שימור עם הצעה", "Saved with an offer", True, False),
    ("downgraded", "מעבר לחבילה זולה", "Downgraded", True, False),
    ("cancelled", "בוטל", "Cancelled", False, True),
    ("callback_scheduled", "נקבעה שיחה חוזרת", "Callback scheduled", False, False),
    ("transferred", "העברה לגורם אחר", "Transferred", False, False),
    ("escalated", "הסלמה", "Escalated", False, False),
    ("undecided", "ללא החלטה", "Undecided", False, False),
    ("not_account_holder", "לא מבעלי החשבון", "Not the account holder", False, False),
    # Calls we make (the work queue): the customer was reached, or was not.
    ("reached", "שיחה התקיימה", "Reached: we talked", False, False),
    ("no_answer", "אין מענה", "No answer", False, False),
    ("left_message", "הושארה הודעה", "Left a message", False, False),
)

# code, category, Hebrew, English, list price, commitment months
PRODUCTS = (
    ("MOB-BASIC", "mobile", "סלולר בסיסי 15GB", "Mobile Basic 15GB", Decimal("29.90"), 0),
    ("MOB-PLUS", "mobile", "סלולר פלוס 100GB", "Mobile Plus 100GB", Decimal("49.90"), 12),
    ("MOB-FAMILY", "mobile", "חבילה משפחתית 4 קווים", "Family plan, 4 lines", Decimal("139.90"), 24),
    ("MOB-ABROAD", "mobile", "סלולר עם חו\"ל", "Mobile with roaming", Decimal("79.90"), 12),
    ("NET-500", "internet", "סיבים 500 מגה", "Fibre 500 Mbps", Decimal("99.90"), 12),
    ("NET-1000", "internet", "סיבים 1 ג'יגה", "Fibre 1 Gbps", Decimal("129.90"), 24),
    ("NET-100", "internet", "אינטרנט 100 מגה", "Internet 100 Mbps", Decimal("69.90"), 0),
    ("TV-BASIC", "tv", "טלוויזיה בסיסית", "TV Basic", Decimal("59.90"), 12),
    ("TV-SPORT", "tv", "טלוויזיה + ספורט", "TV with sports", Decimal("109.90"), 24),
    ("INS-DEVICE", "insurance", "ביטוח מכשיר", "Device insurance", Decimal("24.90"), 0),
    ("CLUB-PLUS", "club", "מועדון הטבות פלוס", "Benefits club Plus", Decimal("14.90"), 0),
    ("BUNDLE-TRIPLE", "bundle", "טריפל: סיבים, טלוויזיה וסלולר", "Triple: fibre, TV and mobile",
     Decimal("229.90"), 36),
)

# factor, weight, Hebrew, English. Weights of a logistic score; positive raises the risk.
CHURN_WEIGHTS = (
    ("intercept", -2.2, "בסיס", "Baseline"),
    ("commitment_ends_30d", 1.4, "ההתחייבות מסתיימת בקרוב", "Contract ends soon"),
    ("complaints_60d", 0.7, "תלונות ב-60 הימים האחרונים", "Complaints in the last 60 days"),
    ("contacts_30d", 0.25, "פניות ב-30 הימים האחרונים", "Contacts in the last 30 days"),
    ("price_rise_pct", 0.05, "העלאת מחיר אחרונה (באחוזים)", "Last price rise (percent)"),
    ("late_payments_12m", 0.3, "איחורים בתשלום בשנה האחרונה", "Late payments in the last year"),
    ("low_satisfaction", 0.9, "שביעות רצון נמוכה", "Low satisfaction"),
    ("tenure_years", -0.12, "ותק בשנים", "Tenure in years"),
    ("offers_accepted_12m", 0.35, "הצעות שימור שהתקבלו בשנה האחרונה", "Save offers taken in the last year"),
)

TEAMS = (
    ("שימור ירושלים", "Jerusalem"),
    ("שימור תל אביב", "Tel Aviv"),
    ("שימור חיפה והצפון", "Haifa"),
    ("שימור מהבית", "Remote"),
)

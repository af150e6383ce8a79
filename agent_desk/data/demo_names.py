"""Word lists for demo data: names, places, occupations and note templates.

Each name is (as written in the CRM, in Latin letters). Israeli CRMs keep names in Hebrew
letters for Hebrew, Arab and Russian speakers and in Latin letters for English speakers.
"""

from __future__ import annotations

# (group, preferred language, share of the customer base)
GROUPS = (
    ("hebrew", "he", 0.60),
    ("arab", "ar", 0.20),
    ("russian", "ru", 0.12),
    ("english", "en", 0.08),
)

FIRST_NAMES = {
    ("hebrew", "female"): [
        ("נועה", "Noa"), ("מיכל", "Michal"), ("תמר", "Tamar"), ("שירה", "Shira"), ("יעל", "Yael"),
        ("רחל", "Rachel"), ("אורית", "Orit"), ("הילה", "Hila"), ("ענבל", "Inbal"), ("ליאת", "Liat"),
        ("אסתר", "Esther"), ("מאיה", "Maya"), ("רוני", "Roni"), ("שרה", "Sara"), ("דנה", "Dana"),
        ("אביגיל", "Avigail"), ("טליה", "Talia"), ("עדי", "Adi"), ("קרן", "Keren"), ("חנה", "Hana"),
    ],
    ("hebrew", "male"): [
        ("יוסף", "Yosef"), ("דוד", "David"), ("משה", "Moshe"), ("אברהם", "Avraham"), ("יצחק", "Yitzhak"),
        ("אורי", "Uri"), ("איתי", "Itai"), ("נועם", "Noam"), ("עומר", "Omer"), ("אריאל", "Ariel"),
        ("יונתן", "Yonatan"), ("אלון", "Alon"), ("רון", "Ron"), ("גיל", "Gil"), ("עמית", "Amit"),
        ("שלמה", "Shlomo"), ("חיים", "Haim"), ("מאיר", "Meir"), ("אליהו", "Eliyahu"), ("בנימין", "Binyamin"),
    ],
    ("arab", "female"): [
        ("פאטמה", "Fatma"), ("מרים", "Maryam"), ("נור", "Nur"), ("ליאן", "Layan"), ("רנא", "Rana"),
        ("סמאח", "Samah"), ("היבא", "Hiba"), ("אמל", "Amal"), ("יאסמין", "Yasmin"), ("סועאד", "Suad"),
    ],
    ("arab", "male"): [
        ("מוחמד", "Muhammad"), ("אחמד", "Ahmad"), ("מחמוד", "Mahmoud"), ("עלי", "Ali"), ("יוסוף", "Yusuf"),
        ("עומר", "Omar"), ("חסן", "Hassan"), ("איברהים", "Ibrahim"), ("חאלד", "Khaled"), ("סאמי", "Sami"),
    ],
    ("russian", "female"): [
        ("אולגה", "Olga"), ("נטליה", "Natalia"), ("יקטרינה", "Ekaterina"), ("אירינה", "Irina"),
        ("סבטלנה", "Svetlana"), ("אנה", "Anna"), ("מרינה", "Marina"), ("יוליה", "Yulia"),
        ("טטיאנה", "Tatiana"), ("אלנה", "Elena"),
    ],
    ("russian", "male"): [
        ("דמיטרי", "Dmitri"), ("סרגיי", "Sergei"), ("אלכסנדר", "Alexander"), ("איגור", "Igor"),
        ("ולדימיר", "Vladimir"), ("מקסים", "Maxim"), ("אנדריי", "Andrei"), ("יבגני", "Evgeni"),
        ("מיכאיל", "Mikhail"), ("בוריס", "Boris"),
    ],
    ("english", "female"): [
        ("Sarah", "Sarah"), ("Rebecca", "Rebecca"), ("Emily", "Emily"), ("Rachel", "Rachel"),
        ("Hannah", "Hannah"), ("Jessica", "Jessica"), ("Laura", "Laura"), ("Naomi", "Naomi"),
    ],
    ("english", "male"): [
        ("Daniel", "Daniel"), ("Michael", "Michael"), ("Jonathan", "Jonathan"), ("Benjamin", "Benjamin"),
        ("Joshua", "Joshua"), ("Adam", "Adam"), ("Samuel", "Samuel"), ("Ethan", "Ethan"),
    ],
}

LAST_NAMES = {
    "hebrew": [
        ("כהן", "Cohen"), ("לוי", "Levi"), ("מזרחי", "Mizrahi"), ("פרץ", "Peretz"), ("ביטון", "Biton"),
        ("דהן", "Dahan"), ("אברהם", "Avraham"), ("פרידמן", "Friedman"), ("אזולאי", "Azulay"),
        ("מלכה", "Malka"), ("כץ", "Katz"), ("שפירא", "Shapira"), ("גולן", "Golan"), ("בן דוד", "Ben David"),
        ("אוחיון", "Ohayon"), ("יוסף", "Yosef"), ("חדד", "Hadad"), ("גבאי", "Gabay"), ("רוזנברג", "Rosenberg"),
        ("ברק", "Barak"),
    ],
    "arab": [
        ("חורי", "Khoury"), ("עבאס", "Abbas"), ("מסארווה", "Masarwa"), ("ג'בארין", "Jabareen"),
        ("עיסא", "Issa"), ("חביב", "Habib"), ("נסאר", "Nassar"), ("סעדי", "Saadi"), ("זועבי", "Zoabi"),
        ("אבו ראס", "Abu Ras"),
    ],
    "russian": [
        ("איבנוב", "Ivanov"), ("סמירנוב", "Smirnov"), ("קוזנצוב", "Kuznetsov"), ("פופוב", "Popov"),
        ("וסילייב", "Vasiliev"), ("פטרוב", "Petrov"), ("סוקולוב", "Sokolov"), ("מיכאילוב", "Mikhailov"),
        ("נוביקוב", "Novikov"), ("פדורוב", "Fedorov"),
    ],
    "english": [
        ("Smith", "Smith"), ("Goldberg", "Goldberg"), ("Miller", "Miller"), ("Brown", "Brown"),
        ("Stein", "Stein"), ("Green", "Green"), ("Wilson", "Wilson"), ("Klein", "Klein"),
    ],
}

# (city, region) with rough weights through repetition.
CITIES = (
    ("ירושלים", "jerusalem"), ("ירושלים", "jerusalem"), ("תל אביב-יפו", "tel_aviv"),
    ("תל אביב-יפו", "tel_aviv"), ("חיפה", "haifa"), ("ראשון לציון", "center"), ("פתח תקווה", "center"),
    ("אשדוד", "south"), ("נתניה", "center"), ("באר שבע", "south"), ("חולון", "tel_aviv"),
    ("בני ברק", "tel_aviv"), ("רמת גן", "tel_aviv"), ("אשקלון", "south"), ("רחובות", "center"),
    ("בת ים", "tel_aviv"), ("כפר סבא", "center"), ("הרצליה", "tel_aviv"), ("חדרה", "haifa"),
    ("מודיעין", "center"), ("נצרת", "north"), ("אום אל-פחם", "haifa"), ("רהט", "south"),
    ("עכו", "north"), ("כרמיאל", "north"), ("טבריה", "north"), ("אילת", "south"), ("שפרעם", "north"),
)
ARAB_CITIES = (("נצרת", "north"), ("אום אל-פחם", "haifa"), ("רהט", "south"), ("שפרעם", "north"),
               ("טייבה", "center"), ("סח'נין", "north"), ("חיפה", "haifa"), ("עכו", "north"))

OCCUPATIONS = (
    # Fields of work rather than job titles: a title in Hebrew is gendered (מהנדס, מהנדסת).
    "הוראה", "הנדסת תוכנה", "סיעוד", "ראיית חשבון", "הובלה ונהיגה", "עסק עצמאי", "לימודים", "פנסיה",
    "שירות המדינה", "ניהול מכירות", "טכנאות", "רפואה", "עריכת דין", "מסחר קמעונאי", "שירות קבע",
    "עסק קטן", "עיצוב גרפי", "בישול מקצועי", "מזכירות", "חשמלאות",
)

INTERESTS = (
    "sport", "football", "music", "movies", "travel", "cooking", "gaming", "tech", "reading",
    "fashion", "kids", "pets", "gardening", "news", "series",
)

# (kind, weight)
INTERACTION_KINDS = (
    ("call", 40), ("complaint", 9), ("ticket", 10), ("purchase", 6), ("plan_change", 6),
    ("outreach", 10), ("note", 8), ("survey", 6), ("retention", 5),
)

SUBJECTS = {
    "call": (
        "שאלה על החשבונית", "בירור חיוב כפול", "בקשה לעדכון פרטי תשלום", "שאלה על חבילת הגלישה",
        "בירור מועד סיום התחייבות", "עדכון כתובת", "בקשה לפירוט שיחות", "שאלה על נקודות מועדון",
    ),
    "complaint": (
        "תלונה על ניתוקים חוזרים באינטרנט", "תלונה על חיוב שלא אושר", "תלונה על יחס נציג",
        "תלונה על זמן המתנה ארוך במוקד", "תלונה על טכנאי שלא הגיע", "תלונה על העלאת מחיר ללא הודעה",
        "תלונה על קליטה חלשה בבית",
    ),
    "ticket": (
        "תקלה בנתב", "אין שידור בממיר", "מהירות גלישה נמוכה", "החלפת כרטיס SIM", "תקלה בתא קולי",
        "הגדרת דואר קולי", "תיאום ביקור טכנאי",
    ),
    "purchase": (
        "רכישת מכשיר חדש בתשלומים", "הוספת קו לבן משפחה", "רכישת חבילת חו\"ל", "הוספת ערוצי ספורט",
        "שדרוג לסיבים",
    ),
    "plan_change": (
        "מעבר לחבילה זולה יותר", "שדרוג חבילת גלישה", "מעבר לחבילה משפחתית", "הורדת ערוצי פרימיום",
    ),
    "outreach": (
        "ברכה ליום ההולדת", "ברכת שנה טובה", "ברכת חג שמח", "שיחת מעקב אחרי רכישה", "הצעה ללקוחות ותיקים",
        "סקר שביעות רצון", "עדכון על תקלה באזור",
    ),
    "note": (
        "בקשה לשיחות בערבים בלבד", "העדפה למסרונים על פני שיחות", "רגישות גבוהה למחיר",
        "ותק רב, לשמור על קשר אישי", "שימוש נמוך בחבילה בחודשים האחרונים",
    ),
    "survey": ("סקר שביעות רצון לאחר שיחה", "סקר NPS שנתי"),
    "retention": (
        "שיחת ניתוק - מחיר גבוה", "שיחת ניתוק - הצעה של מתחרה", "שיחת ניתוק - מעבר דירה",
        "שיחת ניתוק - שירות לקוי", "שיחת ניתוק - תקלות חוזרות",
    ),
}

BODIES = (
    "הבעיה הוסברה בסבלנות; הובטחה חזרה תוך 48 שעות.",
    "בוצע בירור מול מחלקת חיובים: החיוב תקין וניתן הסבר.",
    "הוצע זיכוי חלקי והתקבל.",
    "הועבר לטיפול טכנאי שטח.",
    "עלה שיקול לעבור לחברה אחרת.",
    "Customer asked for the conversation summary by email.",
)

COMPETITORS = ("פרטנר", "סלקום", "הוט", "גולן טלקום", "we4G", "בזק", "yes")

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="he">
  <context>
    <name>AgentView</name>
    <message>
      <source>This is not a phone number we can use: %1</source>
      <translation>זה אינו מספר טלפון תקין: %1</translation>
    </message>
    <message>
      <source>%1 customers share the number %2. Who is calling?</source>
      <translation>%1 לקוחות משתפים את המספר %2. מי מתקשר?</translation>
    </message>
    <message>
      <source>Caller's phone, or a name, account, email or ID digits</source>
      <translation>טלפון הפונה, או שם, מספר חשבון, דוא"ל או ספרות ת"ז</translation>
    </message>
    <message>
      <source>&amp;End call</source>
      <translation>&amp;סיום שיחה</translation>
    </message>
    <message>
      <source>End the call and start the wrap-up (Ctrl+E)</source>
      <translation>סיום השיחה ומעבר לסיכום (Ctrl+E)</translation>
    </message>
    <message>
      <source>Wrap-up %1</source>
      <translation>סיכום %1</translation>
    </message>
    <message>
      <source>Caller:</source>
      <translation>פונה:</translation>
    </message>
    <message>
      <source>&amp;Call now</source>
      <translation>&amp;התקשרות עכשיו</translation>
    </message>
    <message>
      <source>Waiting for a call.
Type or paste the caller's number above (Ctrl+L) and press Enter, or search by name, account, email or ID.</source>
      <translation>ממתין לשיחה.
הקלידו או הדביקו את מספר הפונה למעלה (Ctrl+L) והקישו Enter, או חפשו לפי שם, חשבון, דוא"ל או ת"ז.</translation>
    </message>
    <message>
      <source>Scr&amp;ipt</source>
      <translation>תס&amp;ריט</translation>
    </message>
    <message>
      <source>&amp;Wrap-up</source>
      <translation>סי&amp;כום שיחה</translation>
    </message>
    <message>
      <source>An offer could not be recorded yet: %1 It is kept and sent again shortly.</source>
      <translation>עדיין לא ניתן היה לרשום את ההצעה: %1 היא נשמרת ותישלח שוב בעוד רגע.</translation>
    </message>
    <message>
      <source>Fin&amp;d</source>
      <translation>&amp;חיפוש</translation>
    </message>
    <message>
      <source>Re&amp;place it</source>
      <translation>להחל&amp;יף</translation>
    </message>
    <message>
      <source>&amp;Keep the current call</source>
      <translation>להש&amp;איר את השיחה הנוכחית</translation>
    </message>
    <message>
      <source>Call&amp;back done</source>
      <translation>שיחה חוזרת: &amp;טופלה</translation>
    </message>
    <message>
      <source>The callback was dealt with: take it off the list</source>
      <translation>השיחה החוזרת טופלה: להוריד אותה מהרשימה</translation>
    </message>
    <message>
      <source>&amp;Offers</source>
      <translation>ה&amp;צעות</translation>
    </message>
    <message>
      <source>Reason for leaving (F7):</source>
      <translation>סיבת העזיבה (F7):</translation>
    </message>
    <message>
      <source>Choose the reason…</source>
      <translation>בחרו סיבה…</translation>
    </message>
    <message>
      <source>Callback overdue since %1: %2</source>
      <translation>שיחה חוזרת באיחור מאז %1: %2</translation>
    </message>
    <message>
      <source>Callback due at %1: %2</source>
      <translation>שיחה חוזרת ב-%1: %2</translation>
    </message>
    <message>
      <source>(team queue)</source>
      <translation>(תור הצוות)</translation>
    </message>
    <message>
      <source>and %1 more</source>
      <translation>ועוד %1</translation>
    </message>
    <message>
      <source>The national ID could not be shown: %1</source>
      <translation>לא ניתן להציג את מספר תעודת הזהות: %1</translation>
    </message>
    <message>
      <source>Finish the wrap-up of the call on screen first.</source>
      <translation>קודם השלימו את סיכום השיחה שעל המסך.</translation>
    </message>
    <message>
      <source>Outbound call: %1</source>
      <translation>שיחה יוצאת: %1</translation>
    </message>
    <message>
      <source>Your unfinished call was restored: finish its wrap-up.</source>
      <translation>השיחה שלא הסתיימה שוחזרה: השלימו את הסיכום שלה.</translation>
    </message>
    <message>
      <source>Unfinished call with %1: finish its wrap-up.</source>
      <translation>שיחה שלא הסתיימה עם %1: השלימו את הסיכום שלה.</translation>
    </message>
    <message>
      <source>A call with %1 is not wrapped up yet. Replace it?</source>
      <translation>השיחה עם %1 עדיין לא סוכמה. להחליף אותה?</translation>
    </message>
    <message numerus="yes">
      <source>A search takes at most %n words: a name, a number or an email.</source>
      <translation>
        <numerusform>חיפוש יכול לכלול מילה אחת לכל היותר: שם, מספר או דוא״ל.</numerusform>
        <numerusform>חיפוש יכול לכלול עד %n מילים: שם, מספר או דוא״ל.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>A search takes at most %n characters.</source>
      <translation>
        <numerusform>חיפוש יכול לכלול תו אחד לכל היותר.</numerusform>
        <numerusform>חיפוש יכול לכלול עד %n תווים.</numerusform>
      </translation>
    </message>
    <message>
      <source>The lookup failed: %1</source>
      <translation>החיפוש נכשל: %1</translation>
    </message>
    <message>
      <source>The server cannot be reached, and the caller %1 is not among the customers kept on this desk.
Take the call and log it in the wrap-up: it is kept against the number and sent when the server answers.</source>
      <translation>אין גישה לשרת, והמתקשר %1 אינו בין הלקוחות השמורים בעמדה הזו.
קבלו את השיחה ותעדו אותה בסיכום: היא נשמרת לפי המספר ותישלח כשהשרת יענה.</translation>
    </message>
    <message>
      <source>The caller is not on this desk, and the server cannot be reached now.</source>
      <translation>פרטי המתקשר לא שמורים בעמדה, ואין כרגע גישה לשרת.</translation>
    </message>
    <message>
      <source>The caller %1 could not be looked up.
Take the call and log it in the wrap-up: it is kept against the number.</source>
      <translation>לא ניתן היה לאתר את המתקשר %1.
קבלו את השיחה ותעדו אותה בסיכום: היא נשמרת לפי המספר.</translation>
    </message>
    <message>
      <source>The caller could not be looked up: %1</source>
      <translation>לא ניתן היה לאתר את המתקשר: %1</translation>
    </message>
    <message>
      <source>New caller: no customer has the number %1.
Take the call; if you find who it is (search above), the call is linked to them.</source>
      <translation>פונה חדש: אין לקוח עם המספר %1.
נהלו את השיחה; אם תמצאו את הכרטיס של הפונה (חיפוש למעלה), השיחה תקושר אליו.</translation>
    </message>
    <message>
      <source>%1 customers match “%2”. Choose one:</source>
      <translation>%1 לקוחות מתאימים ל"%2". בחרו אחד:</translation>
    </message>
    <message>
      <source>No customer matches “%2”.</source>
      <translation>אין לקוח שמתאים ל"%2".</translation>
    </message>
    <message>
      <source>The server cannot be reached: only the customers kept on this desk were searched.</source>
      <translation>אין גישה לשרת: החיפוש נעשה רק בלקוחות השמורים בעמדה.</translation>
    </message>
    <message>
      <source>That customer no longer exists.</source>
      <translation>הלקוח הזה כבר אינו קיים.</translation>
    </message>
  </context>
  <context>
    <name>AuditView</name>
    <message>
      <source>Added</source>
      <translation>נוסף</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>שונה</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>נמחק</translation>
    </message>
    <message>
      <source>Revealed an ID number</source>
      <translation>הצגת מספר זהות</translation>
    </message>
    <message>
      <source>Searched by ID number</source>
      <translation>חיפוש לפי מספר זהות</translation>
    </message>
    <message>
      <source>Submitted a call</source>
      <translation>שליחת סיכום שיחה</translation>
    </message>
    <message>
      <source>Amended a call</source>
      <translation>עדכון סיכום שיחה</translation>
    </message>
    <message>
      <source>Corrected a call</source>
      <translation>תיקון שיחה</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>שיחה</translation>
    </message>
    <message>
      <source>Offer presented</source>
      <translation>הצגת הצעה</translation>
    </message>
    <message>
      <source>Approval request</source>
      <translation>בקשת אישור</translation>
    </message>
    <message>
      <source>Callback</source>
      <translation>שיחה חוזרת</translation>
    </message>
    <message>
      <source>Referral</source>
      <translation>המלצה</translation>
    </message>
    <message>
      <source>QA review</source>
      <translation>בקרת איכות</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>פנייה</translation>
    </message>
    <message>
      <source>Survey answer</source>
      <translation>תשובה לסקר</translation>
    </message>
    <message>
      <source>Incident</source>
      <translation>תקלה</translation>
    </message>
    <message>
      <source>Offer</source>
      <translation>הצעה</translation>
    </message>
    <message>
      <source>Call script</source>
      <translation>תסריט שיחה</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>משתמש</translation>
    </message>
    <message>
      <source>Team</source>
      <translation>צוות</translation>
    </message>
    <message>
      <source>Risk weight</source>
      <translation>משקל סיכון</translation>
    </message>
    <message>
      <source>Subscription</source>
      <translation>מינוי</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>לקוח</translation>
    </message>
    <message>
      <source>Mutation %1</source>
      <translation>מזהה שינוי %1</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>כולם</translation>
    </message>
    <message>
      <source>Search: a name, an action, a value…</source>
      <translation>חיפוש: שם, פעולה, ערך…</translation>
    </message>
    <message>
      <source>&amp;Show</source>
      <translation>&amp;הצגה</translation>
    </message>
    <message>
      <source>P&amp;erson:</source>
      <translation>מ&amp;שתמש:</translation>
    </message>
    <message>
      <source>U&amp;ntil:</source>
      <translation>עד תא&amp;ריך:</translation>
    </message>
    <message>
      <source>Fro&amp;m:</source>
      <translation>מ&amp;תאריך:</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>בטעינה…</translation>
    </message>
    <message>
      <source>Nothing recorded for these filters.</source>
      <translation>אין רישומים לסינון הזה.</translation>
    </message>
    <message numerus="yes">
      <source>The newest %n events; narrow the filters to see older ones.</source>
      <translation>
        <numerusform>רק האירוע האחרון; כדי לראות ישנים יותר יש לצמצם את הסינון.</numerusform>
        <numerusform>%n האירועים האחרונים; כדי לראות ישנים יותר יש לצמצם את הסינון.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n events</source>
      <translation>
        <numerusform>אירוע אחד</numerusform>
        <numerusform>%n אירועים</numerusform>
      </translation>
    </message>
    <message>
      <source>The audit could not be loaded: %1</source>
      <translation>לא ניתן לטעון את יומן הביקורת: %1</translation>
    </message>
  </context>
  <context>
    <name>CallDetailView</name>
    <message>
      <source>Outcome</source>
      <translation>תוצאה</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>סיבה</translation>
    </message>
    <message>
      <source>Competitor</source>
      <translation>מתחרה</translation>
    </message>
    <message>
      <source>New address</source>
      <translation>כתובת חדשה</translation>
    </message>
    <message>
      <source>Moving day</source>
      <translation>תאריך המעבר</translation>
    </message>
    <message>
      <source>← &amp;Back to the list</source>
      <translation>→ &amp;חזרה לרשימה</translation>
    </message>
    <message>
      <source>Why (required; kept with the correction)</source>
      <translation>למה (חובה; נשמר עם התיקון)</translation>
    </message>
    <message>
      <source>&amp;Save correction</source>
      <translation>&amp;שמירת התיקון</translation>
    </message>
    <message>
      <source>Correct this call</source>
      <translation>תיקון השיחה</translation>
    </message>
    <message>
      <source>Fi&amp;eld</source>
      <translation>שד&amp;ה</translation>
    </message>
    <message>
      <source>&amp;New value</source>
      <translation>ע&amp;רך חדש</translation>
    </message>
    <message>
      <source>&amp;Why</source>
      <translation>&amp;נימוק</translation>
    </message>
    <message>
      <source>Script path</source>
      <translation>מהלך התסריט</translation>
    </message>
    <message>
      <source>Offers</source>
      <translation>הצעות</translation>
    </message>
    <message>
      <source>Approval requests</source>
      <translation>בקשות אישור</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>הערות</translation>
    </message>
    <message>
      <source>Corrections</source>
      <translation>תיקונים</translation>
    </message>
    <message>
      <source>This call is no longer on record.</source>
      <translation>השיחה הזאת כבר לא שמורה במערכת.</translation>
    </message>
    <message>
      <source>unknown caller</source>
      <translation>פונה לא מזוהה</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1, %2</translation>
    </message>
    <message>
      <source>Captured: %1</source>
      <translation>נאסף בשיחה: %1</translation>
    </message>
    <message>
      <source>Nothing captured on this call.</source>
      <translation>לא נאספו פרטים בשיחה הזאת.</translation>
    </message>
    <message>
      <source>account %1</source>
      <translation>חשבון %1</translation>
    </message>
    <message>
      <source>from %1</source>
      <translation>ממספר %1</translation>
    </message>
    <message>
      <source>agent %1</source>
      <translation>בעמדה: %1</translation>
    </message>
    <message>
      <source>team %1</source>
      <translation>צוות %1</translation>
    </message>
    <message>
      <source>talked %1</source>
      <translation>משך שיחה %1</translation>
    </message>
    <message>
      <source>reason: %1</source>
      <translation>סיבה: %1</translation>
    </message>
    <message>
      <source>none</source>
      <translation>אין</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>עדיין אין</translation>
    </message>
    <message>
      <source>%1 (corrected)</source>
      <translation>%1 (תוקן)</translation>
    </message>
    <message>
      <source>outcome: %1</source>
      <translation>תוצאה: %1</translation>
    </message>
    <message>
      <source>competitor: %1</source>
      <translation>מתחרה: %1</translation>
    </message>
    <message>
      <source>script %1, version %2</source>
      <translation>תסריט %1, גרסה %2</translation>
    </message>
    <message>
      <source>during %1</source>
      <translation>בזמן %1</translation>
    </message>
    <message>
      <source>confirmation %1</source>
      <translation>אישור %1</translation>
    </message>
    <message>
      <source>Write why the call is corrected.</source>
      <translation>כתבו למה השיחה מתוקנת.</translation>
    </message>
    <message>
      <source>Choose a value other than the current one.</source>
      <translation>בחרו ערך שונה מהערך הנוכחי.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>בשמירה…</translation>
    </message>
    <message>
      <source>Correction saved.</source>
      <translation>התיקון נשמר.</translation>
    </message>
    <message>
      <source>You may not correct this call: only a team lead of the agent's team or an admin may, and not on their own calls.</source>
      <translation>אין לך הרשאה לתקן את השיחה הזאת: רק ראש הצוות של הנציג או מנהל מערכת יכולים, ולא בשיחות של עצמם.</translation>
    </message>
    <message>
      <source>The correction was not saved: %1</source>
      <translation>התיקון לא נשמר: %1</translation>
    </message>
  </context>
  <context>
    <name>CallLogModel</name>
    <message>
      <source>%1 (corrected)</source>
      <translation>%1 (תוקן)</translation>
    </message>
    <message>
      <source>Click to sort the whole log by this column</source>
      <translation>לחיצה ממיינת את כל יומן השיחות לפי העמודה הזאת</translation>
    </message>
    <message numerus="yes">
      <source>Corrected %n times; Enter opens the call and its corrections</source>
      <translation>
        <numerusform>תוקנה פעם אחת; Enter פותח את השיחה ואת התיקונים</numerusform>
        <numerusform>תוקנה %n פעמים; Enter פותח את השיחה ואת התיקונים</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CallLogView</name>
    <message>
      <source>All teams</source>
      <translation>כל הצוותים</translation>
    </message>
    <message>
      <source>All agents</source>
      <translation>כל העמדות</translation>
    </message>
    <message>
      <source>All reasons</source>
      <translation>כל הסיבות</translation>
    </message>
    <message>
      <source>All outcomes</source>
      <translation>כל התוצאות</translation>
    </message>
    <message>
      <source>Any offer</source>
      <translation>כל הצעה</translation>
    </message>
    <message>
      <source>Any incident</source>
      <translation>כל תקלה</translation>
    </message>
    <message>
      <source>Any script version</source>
      <translation>כל גרסת תסריט</translation>
    </message>
    <message>
      <source>Text in the notes</source>
      <translation>טקסט בהערות</translation>
    </message>
    <message>
      <source>&amp;Apply</source>
      <translation>&amp;סינון</translation>
    </message>
    <message>
      <source>Cl&amp;ear</source>
      <translation>&amp;ניקוי</translation>
    </message>
    <message>
      <source>Fro&amp;m</source>
      <translation>מ&amp;תאריך</translation>
    </message>
    <message>
      <source>U&amp;ntil</source>
      <translation>עד תא&amp;ריך</translation>
    </message>
    <message>
      <source>Saved f&amp;ilters</source>
      <translation>&amp;הסינונים השמורים</translation>
    </message>
    <message>
      <source>Name to save this filter as</source>
      <translation>שם לשמירת הסינון</translation>
    </message>
    <message>
      <source>&amp;Save filter</source>
      <translation>&amp;שמירת סינון</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>מחיקה</translation>
    </message>
    <message>
      <source>The start date is after the end date.</source>
      <translation>תאריך ההתחלה אחרי תאריך הסיום.</translation>
    </message>
    <message>
      <source>A search in the notes covers at most a year: narrow the dates.</source>
      <translation>חיפוש בהערות מכסה עד שנה אחת: צמצמו את טווח התאריכים.</translation>
    </message>
    <message>
      <source>The filter cannot be used: %1</source>
      <translation>אי אפשר להשתמש בסינון: %1</translation>
    </message>
    <message>
      <source>Type a name for the filter first.</source>
      <translation>קודם הקלידו שם לסינון.</translation>
    </message>
    <message>
      <source>Filter “%1” saved.</source>
      <translation>הסינון „%1” נשמר.</translation>
    </message>
    <message>
      <source>Loading calls…</source>
      <translation>השיחות נטענות…</translation>
    </message>
    <message>
      <source>No calls match this filter.</source>
      <translation>אין שיחות שמתאימות לסינון.</translation>
    </message>
    <message numerus="yes">
      <source>%n calls shown; scroll down for more</source>
      <translation>
        <numerusform>מוצגת שיחה אחת; גללו למטה לעוד</numerusform>
        <numerusform>מוצגות %n שיחות; גללו למטה לעוד</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n calls, all shown</source>
      <translation>
        <numerusform>שיחה אחת, מוצגת במלואה</numerusform>
        <numerusform>%n שיחות, כולן מוצגות</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Caller360View</name>
    <message>
      <source>All kinds</source>
      <translation>כל הסוגים</translation>
    </message>
    <message>
      <source>Search the history (Ctrl+F)</source>
      <translation>חיפוש בהיסטוריה (Ctrl+F)</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>הצגה:</translation>
    </message>
    <message>
      <source>&amp;Timeline</source>
      <translation>ציר &amp;זמן</translation>
    </message>
    <message>
      <source>Products</source>
      <translation>מוצרים</translation>
    </message>
    <message>
      <source>Billing</source>
      <translation>חיובים</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>שביעות רצון</translation>
    </message>
    <message>
      <source>Earlier saves</source>
      <translation>שימורים קודמים</translation>
    </message>
    <message>
      <source>Open cases</source>
      <translation>פניות פתוחות</translation>
    </message>
    <message>
      <source>Pinned notes</source>
      <translation>הערות נעוצות</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>סיכון</translation>
    </message>
    <message>
      <source>More details</source>
      <translation>פרטים נוספים</translation>
    </message>
  </context>
  <context>
    <name>CallerChooser</name>
    <message numerus="yes">
      <source>%n years old</source>
      <translation>
        <numerusform>גיל %n</numerusform>
        <numerusform>גיל %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more</source>
      <translation>
        <numerusform>ועוד אחד</numerusform>
        <numerusform>ועוד %n</numerusform>
      </translation>
    </message>
    <message>
      <source>last contact %1</source>
      <translation>פנייה אחרונה %1</translation>
    </message>
    <message numerus="yes">
      <source>%n open cases</source>
      <translation>
        <numerusform>פנייה פתוחה אחת</numerusform>
        <numerusform>%n פניות פתוחות</numerusform>
      </translation>
    </message>
    <message>
      <source>no open cases</source>
      <translation>אין פניות פתוחות</translation>
    </message>
  </context>
  <context>
    <name>CallerHeader</name>
    <message>
      <source>Cancellation requested</source>
      <translation>בקשת ניתוק</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>שפה</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>גיל</translation>
    </message>
    <message>
      <source>Customer for</source>
      <translation>ותק</translation>
    </message>
    <message>
      <source>Value tier</source>
      <translation>דרגת ערך</translation>
    </message>
    <message>
      <source>Monthly revenue</source>
      <translation>הכנסה חודשית</translation>
    </message>
    <message>
      <source>Lifetime value</source>
      <translation>ערך לקוח מצטבר</translation>
    </message>
    <message>
      <source>Phones</source>
      <translation>טלפונים</translation>
    </message>
    <message>
      <source>City</source>
      <translation>עיר</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>ת"ז</translation>
    </message>
    <message>
      <source>Consent</source>
      <translation>הסכמות</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>פניות</translation>
    </message>
    <message>
      <source>Family, work</source>
      <translation>משפחה, עיסוק</translation>
    </message>
    <message>
      <source>Reve&amp;al</source>
      <translation>הצגת המס&amp;פר</translation>
    </message>
    <message>
      <source>Show the full ID number for this call (asks why; the reveal is recorded)</source>
      <translation>הצגת מספר הזהות המלא לשיחה הזו (נדרשת סיבה; ההצגה נרשמת)</translation>
    </message>
    <message>
      <source>Account %1</source>
      <translation>חשבון %1</translation>
    </message>
    <message>
      <source>marketing</source>
      <translation>שיווק</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>מסרונים</translation>
    </message>
    <message>
      <source>email</source>
      <translation>דוא"ל</translation>
    </message>
    <message>
      <source>calls</source>
      <translation>שיחות</translation>
    </message>
    <message>
      <source>none</source>
      <translation>אין</translation>
    </message>
    <message>
      <source>Churn risk …</source>
      <translation>סיכון נטישה …</translation>
    </message>
    <message>
      <source>Loading the history…</source>
      <translation>טוען את ההיסטוריה…</translation>
    </message>
    <message>
      <source>none on file</source>
      <translation>לא רשום</translation>
    </message>
    <message>
      <source>Revealed for this call; the reveal is recorded</source>
      <translation>מוצג לשיחה הזו בלבד; ההצגה נרשמה</translation>
    </message>
    <message>
      <source>Revealed</source>
      <translation>מוצג</translation>
    </message>
    <message numerus="yes">
      <source>%n months</source>
      <translation>
        <numerusform>חודש אחד</numerusform>
        <numerusform>%n חודשים</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n years</source>
      <translation>
        <numerusform>שנה אחת</numerusform>
        <numerusform>%n שנים</numerusform>
      </translation>
    </message>
    <message>
      <source>%1 in total, %2 open</source>
      <translation>%1 בסך הכול, %2 פתוחות</translation>
    </message>
    <message>
      <source>Churn risk %1%</source>
      <translation>סיכון נטישה %1%</translation>
    </message>
    <message>
      <source>No warning signs</source>
      <translation>אין סימני אזהרה</translation>
    </message>
    <message numerus="yes">
      <source>%n months of commitment left</source>
      <translation>
        <numerusform>נותר חודש התחייבות אחד</numerusform>
        <numerusform>נותרו %n חודשי התחייבות</numerusform>
      </translation>
    </message>
    <message>
      <source>monthly bill %1</source>
      <translation>חשבון חודשי %1</translation>
    </message>
    <message>
      <source>complaints in 60 days: %1</source>
      <translation>תלונות ב-60 יום: %1</translation>
    </message>
    <message>
      <source>contacts in 30 days: %1</source>
      <translation>פניות ב-30 יום: %1</translation>
    </message>
    <message>
      <source>late payments this year: %1</source>
      <translation>איחורים בתשלום השנה: %1</translation>
    </message>
    <message>
      <source>save offers taken this year: %1</source>
      <translation>הצעות שימור שהתקבלו השנה: %1</translation>
    </message>
    <message>
      <source>live products: %1</source>
      <translation>מוצרים פעילים: %1</translation>
    </message>
    <message>
      <source>price rose %1% lately</source>
      <translation>המחיר עלה לאחרונה ב-%1%</translation>
    </message>
    <message numerus="yes">
      <source>contract ends in %n days</source>
      <translation>
        <numerusform>ההתחייבות מסתיימת בעוד יום אחד</numerusform>
        <numerusform>ההתחייבות מסתיימת בעוד %n ימים</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>contract ended %n days ago</source>
      <translation>
        <numerusform>ההתחייבות הסתיימה לפני יום אחד</numerusform>
        <numerusform>ההתחייבות הסתיימה לפני %n ימים</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>customer for %n years</source>
      <translation>
        <numerusform>בחברה שנה אחת</numerusform>
        <numerusform>בחברה %n שנים</numerusform>
      </translation>
    </message>
    <message>
      <source>unhappy in the last survey</source>
      <translation>לא מרוצה בסקר האחרון</translation>
    </message>
  </context>
  <context>
    <name>CatalogView</name>
    <message>
      <source> a month</source>
      <translation> לחודש</translation>
    </message>
    <message>
      <source>&amp;Import a catalog file…</source>
      <translation>&amp;ייבוא קובץ קטלוג…</translation>
    </message>
    <message>
      <source>E&amp;xport to a file…</source>
      <translation>יי&amp;צוא לקובץ…</translation>
    </message>
    <message>
      <source>&amp;Take off / put back</source>
      <translation>&amp;הסרה / החזרה</translation>
    </message>
    <message>
      <source>Agents stop (or start again) seeing the selected offer</source>
      <translation>הנציגים יפסיקו (או יחזרו) לראות את ההצעה שנבחרה</translation>
    </message>
    <message>
      <source>The save offers agents can make. An offer shows to an agent only for the reasons, customers and dates it is made for; one that costs more than the agent's authority goes to the team lead. To change offers, export the catalog, edit the file and import it; to stop offering one, select it and press Take off.</source>
      <translation>הצעות השימור שנציגים יכולים להציע. הצעה מוצגת לנציג רק לסיבות, ללקוחות ולתאריכים שהיא מיועדת להם; הצעה שעולה יותר מהסמכות של הנציג עוברת לאישור ראש הצוות. כדי לשנות הצעות: מייצאים את הקטלוג, עורכים את הקובץ ומייבאים אותו; כדי להפסיק להציע הצעה: בוחרים אותה ולוחצים על „הסרה / החזרה”.</translation>
    </message>
    <message>
      <source>Team leads take offers off and on; only admins import a catalog.</source>
      <translation>ראשי צוות מוציאים הצעות ומחזירים אותן; רק מנהלי מערכת מייבאים קטלוג.</translation>
    </message>
    <message numerus="yes">
      <source>%n offers added</source>
      <translation>
        <numerusform>נוספה הצעה אחת</numerusform>
        <numerusform>נוספו %n הצעות</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n updated.</source>
      <translation>
        <numerusform>הצעה אחת עודכנה.</numerusform>
        <numerusform>%n הצעות עודכנו.</numerusform>
      </translation>
    </message>
    <message>
      <source>Only admins and team leads change the catalog.</source>
      <translation>רק מנהלי מערכת וראשי צוות משנים את הקטלוג.</translation>
    </message>
    <message>
      <source>Import a catalog file</source>
      <translation>ייבוא קובץ קטלוג</translation>
    </message>
    <message>
      <source>Export the catalog</source>
      <translation>ייצוא הקטלוג</translation>
    </message>
    <message>
      <source>Nothing was imported. Fix these in the file:</source>
      <translation>דבר לא יובא. תקנו את אלה בקובץ:</translation>
    </message>
    <message>
      <source>Exported to %1.</source>
      <translation>יוצא אל %1.</translation>
    </message>
  </context>
  <context>
    <name>Coaching</name>
    <message>
      <source>waiting for the agent</source>
      <translation>ממתינה לתשובה</translation>
    </message>
    <message>
      <source>acknowledged</source>
      <translation>התקבלה</translation>
    </message>
    <message>
      <source>disputed</source>
      <translation>בערעור</translation>
    </message>
    <message>
      <source>dispute resolved</source>
      <translation>הערעור נסגר</translation>
    </message>
    <message>
      <source>Score %1 / 100 by %2, %3</source>
      <translation>ציון %1 מתוך 100, בקרה: %2, %3</translation>
    </message>
    <message>
      <source>The agent wrote: %1</source>
      <translation>תגובה לבקרה: %1</translation>
    </message>
    <message>
      <source>Not allowed: leads review their team's calls, never their own, and only the call's agent answers a review.</source>
      <translation>אין הרשאה: ראשי צוות בודקים שיחות של הצוות שלהם ולא את השיחות של עצמם, ורק מי שניהל את השיחה עונה על הבקרה.</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>לא נשמר: %1</translation>
    </message>
  </context>
  <context>
    <name>CoachingView</name>
    <message>
      <source>&amp;Mark the dispute resolved</source>
      <translation>&amp;סגירת הערעור</translation>
    </message>
    <message>
      <source>Review this &amp;call…</source>
      <translation>בקרת ה&amp;שיחה…</translation>
    </message>
    <message>
      <source>Agents of my team</source>
      <translation>הנציגים בצוות שלי</translation>
    </message>
    <message>
      <source>Reviews</source>
      <translation>בקרות</translation>
    </message>
    <message>
      <source>Newest calls (Enter reviews the chosen one)</source>
      <translation>השיחות האחרונות (Enter פותח בקרה על השיחה שנבחרה)</translation>
    </message>
    <message>
      <source>Choose a call in the list first.</source>
      <translation>קודם יש לבחור שיחה ברשימה.</translation>
    </message>
  </context>
  <context>
    <name>DashboardColumns</name>
    <message>
      <source>From</source>
      <translation>מתאריך</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>קבוצה</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>שיחות</translation>
    </message>
    <message>
      <source>Saves</source>
      <translation>שימורים</translation>
    </message>
    <message>
      <source>Save rate</source>
      <translation>שיעור שימור</translation>
    </message>
    <message>
      <source>Average handle time (min)</source>
      <translation>משך טיפול ממוצע (דק׳)</translation>
    </message>
    <message>
      <source>Average wrap-up time (min)</source>
      <translation>זמן סיכום ממוצע (דק׳)</translation>
    </message>
    <message>
      <source>Checked at 90 days</source>
      <translation>נבדקו אחרי 90 יום</translation>
    </message>
    <message>
      <source>Still active</source>
      <translation>עדיין פעילים</translation>
    </message>
    <message>
      <source>Kept</source>
      <translation>שיעור החזקה</translation>
    </message>
    <message>
      <source>Saves with the offer</source>
      <translation>שימורים עם ההצעה</translation>
    </message>
    <message>
      <source>Offer cost</source>
      <translation>עלות ההצעה</translation>
    </message>
    <message>
      <source>Retained revenue (12 months)</source>
      <translation>הכנסה שנשמרה (12 חודשים)</translation>
    </message>
    <message>
      <source>Net</source>
      <translation>נטו</translation>
    </message>
    <message>
      <source>Repeat contacts</source>
      <translation>פניות חוזרות</translation>
    </message>
    <message>
      <source>Repeat rate</source>
      <translation>שיעור פניות חוזרות</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>שלב</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>תשובה</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>ניתוקים</translation>
    </message>
    <message>
      <source>Ended here</source>
      <translation>הסתיימו כאן</translation>
    </message>
  </context>
  <context>
    <name>DashboardView</name>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>חוברת Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>CSV, UTF-8 (*.csv)</source>
      <translation>CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>ייצוא</translation>
    </message>
    <message>
      <source>Save rate</source>
      <translation>שיעור שימור</translation>
    </message>
    <message>
      <source>Handle time</source>
      <translation>משך טיפול</translation>
    </message>
    <message>
      <source>Saves kept at 90 days</source>
      <translation>שימורים שהחזיקו 90 יום</translation>
    </message>
    <message>
      <source>Offer cost and revenue</source>
      <translation>עלות הצעות מול הכנסה</translation>
    </message>
    <message>
      <source>Repeat contacts</source>
      <translation>פניות חוזרות</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>ימים</translation>
    </message>
    <message>
      <source>Weeks</source>
      <translation>שבועות</translation>
    </message>
    <message>
      <source>Months</source>
      <translation>חודשים</translation>
    </message>
    <message>
      <source>Whole team</source>
      <translation>כל הצוות</translation>
    </message>
    <message>
      <source>By agent</source>
      <translation>לפי נציג</translation>
    </message>
    <message>
      <source>By team</source>
      <translation>לפי צוות</translation>
    </message>
    <message>
      <source>By reason</source>
      <translation>לפי סיבה</translation>
    </message>
    <message>
      <source>By offer</source>
      <translation>לפי הצעה</translation>
    </message>
    <message>
      <source>&amp;Show</source>
      <translation>&amp;הצגה</translation>
    </message>
    <message>
      <source>Fro&amp;m</source>
      <translation>מ&amp;תאריך</translation>
    </message>
    <message>
      <source>U&amp;ntil</source>
      <translation>עד תא&amp;ריך</translation>
    </message>
    <message>
      <source>&amp;Group by</source>
      <translation>&amp;פילוח</translation>
    </message>
    <message>
      <source>P&amp;eriod</source>
      <translation>&amp;חלוקה לפי</translation>
    </message>
    <message>
      <source>Script funnel</source>
      <translation>משפך התסריט</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>בטעינה…</translation>
    </message>
    <message>
      <source>The start date is after the end date.</source>
      <translation>תאריך ההתחלה אחרי תאריך הסיום.</translation>
    </message>
    <message>
      <source>Days cover at most a year: pick weeks or months.</source>
      <translation>תצוגה לפי ימים מוגבלת לשנה: בחרו שבועות או חודשים.</translation>
    </message>
    <message>
      <source>That range is too long for a dashboard: at most three years.</source>
      <translation>הטווח ארוך מדי ללוח הבקרה: עד שלוש שנים.</translation>
    </message>
    <message>
      <source>Offer cost</source>
      <translation>עלות ההצעות</translation>
    </message>
    <message>
      <source>Retained revenue</source>
      <translation>הכנסה שנשמרה</translation>
    </message>
    <message numerus="yes">
      <source>%n calls; save rate %1.</source>
      <translation>
        <numerusform>שיחה אחת; שיעור שימור %1.</numerusform>
        <numerusform>%n שיחות; שיעור שימור %1.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ExportButtons</name>
    <message>
      <source>Export CSV</source>
      <translation>ייצוא ל-CSV</translation>
    </message>
    <message>
      <source>Export Excel</source>
      <translation>ייצוא ל-Excel</translation>
    </message>
    <message>
      <source>Nothing to export yet.</source>
      <translation>עדיין אין מה לייצא.</translation>
    </message>
    <message numerus="yes">
      <source>%n rows are more than an Excel sheet holds: export as CSV.</source>
      <translation>
        <numerusform>%n שורות הן יותר ממה שגיליון Excel יכול להכיל: ייצאו ל-CSV.</numerusform>
        <numerusform>%n שורות הן יותר ממה שגיליון Excel יכול להכיל: ייצאו ל-CSV.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Exported %n rows to %1.</source>
      <translation>
        <numerusform>שורה אחת יוצאה אל %1.</numerusform>
        <numerusform>%n שורות יוצאו אל %1.</numerusform>
      </translation>
    </message>
    <message>
      <source>The export was not written: %1</source>
      <translation>קובץ הייצוא לא נשמר: %1</translation>
    </message>
  </context>
  <context>
    <name>FunnelView</name>
    <message>
      <source>&amp;Compare</source>
      <translation>ה&amp;שוואה</translation>
    </message>
    <message>
      <source>Version &amp;A</source>
      <translation>גרסה &amp;A</translation>
    </message>
    <message>
      <source>Version &amp;B</source>
      <translation>גרסה &amp;B</translation>
    </message>
    <message>
      <source>Funnel %1 v%2</source>
      <translation>משפך %1, גרסה %2</translation>
    </message>
    <message>
      <source>%1 v%2</source>
      <translation>%1, גרסה %2</translation>
    </message>
    <message>
      <source>Pick two script versions to compare.</source>
      <translation>בחרו שתי גרסאות תסריט להשוואה.</translation>
    </message>
    <message numerus="yes">
      <source>%1 v%2: %n calls, save rate %3</source>
      <translation>
        <numerusform>%1, גרסה %2: שיחה אחת, שיעור שימור %3</numerusform>
        <numerusform>%1, גרסה %2: %n שיחות, שיעור שימור %3</numerusform>
      </translation>
    </message>
    <message>
      <source>A: calls reaching the step (%)</source>
      <translation>גרסה A: שיחות שהגיעו לשלב (%)</translation>
    </message>
    <message>
      <source>B: calls reaching the step (%)</source>
      <translation>גרסה B: שיחות שהגיעו לשלב (%)</translation>
    </message>
    <message>
      <source>Both versions need calls with an outcome in this range to compare them.</source>
      <translation>כדי להשוות, בשתי הגרסאות צריכות להיות שיחות עם תוצאה בטווח הזה.</translation>
    </message>
    <message>
      <source>A: %1 of %2 calls saved; B: %3 of %4.</source>
      <translation>גרסה A: ⁦%1⁩ מתוך ⁦%2⁩ שיחות הסתיימו בשימור; גרסה B: ⁦%3⁩ מתוך ⁦%4⁩.</translation>
    </message>
    <message>
      <source>B's save rate minus A's: %1 points (95% confidence interval %2 to %3).</source>
      <translation>ההפרש בשיעור השימור בין גרסה B לגרסה A: ⁦%1⁩ נקודות אחוז (רווח סמך 95%: ⁦%2⁩ עד ⁦%3⁩).</translation>
    </message>
    <message>
      <source>The difference is unlikely to be chance.</source>
      <translation>לא סביר שההפרש מקרי.</translation>
    </message>
    <message>
      <source>Not enough evidence of a difference yet.</source>
      <translation>עדיין אין מספיק נתונים כדי לקבוע שיש הפרש.</translation>
    </message>
  </context>
  <context>
    <name>HandleClock</name>
    <message>
      <source>On call %1</source>
      <translation>בשיחה %1</translation>
    </message>
  </context>
  <context>
    <name>ImportView</name>
    <message>
      <source>Bring customers, subscriptions or contacts from the company's CRM or billing system: choose the export (CSV or Excel) and the mapping file that says which column is which. Rows with a problem are set aside in a rejects file; the rest are imported. A dry run checks everything and changes nothing.</source>
      <translation>ייבוא לקוחות, מנויים או פניות ממערכת ה-CRM או ממערכת החיוב של החברה: בוחרים את קובץ הייצוא (CSV או Excel) ואת קובץ המיפוי שקובע איזו עמודה היא מה. שורות עם בעיה מועברות לקובץ דחיות, והשאר מיובאות. הרצת ניסיון בודקת הכול ולא משנה דבר.</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>לקוחות</translation>
    </message>
    <message>
      <source>Subscriptions</source>
      <translation>מנויים</translation>
    </message>
    <message>
      <source>Contacts and complaints</source>
      <translation>פניות ותלונות</translation>
    </message>
    <message>
      <source>customers.csv or .xlsx</source>
      <translation>customers.csv או xlsx</translation>
    </message>
    <message>
      <source>mapping.toml</source>
      <translation>mapping.toml</translation>
    </message>
    <message>
      <source>&amp;Browse…</source>
      <translation>&amp;בחירה…</translation>
    </message>
    <message>
      <source>B&amp;rowse…</source>
      <translation>ב&amp;חירה…</translation>
    </message>
    <message>
      <source>&amp;What the file holds:</source>
      <translation>&amp;תוכן הקובץ:</translation>
    </message>
    <message>
      <source>&amp;Export file:</source>
      <translation>קובץ היי&amp;צוא:</translation>
    </message>
    <message>
      <source>&amp;Mapping file:</source>
      <translation>קובץ ה&amp;מיפוי:</translation>
    </message>
    <message>
      <source>&amp;Dry run</source>
      <translation>הרצת &amp;ניסיון</translation>
    </message>
    <message>
      <source>Check the file and the mapping; write nothing</source>
      <translation>בדיקת הקובץ והמיפוי, בלי לכתוב דבר</translation>
    </message>
    <message>
      <source>&amp;Import</source>
      <translation>&amp;ייבוא</translation>
    </message>
    <message>
      <source>&amp;Open the rejects file</source>
      <translation>&amp;פתיחת קובץ הדחיות</translation>
    </message>
    <message>
      <source>Choose the export</source>
      <translation>בחירת קובץ הייצוא</translation>
    </message>
    <message>
      <source>Exports (*.csv *.xlsx *.xlsm *.xls *.ods)</source>
      <translation>קובצי ייצוא (*.csv *.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
    <message>
      <source>Choose the mapping file</source>
      <translation>בחירת קובץ המיפוי</translation>
    </message>
    <message>
      <source>Mapping files (*.toml)</source>
      <translation>קובצי מיפוי (*.toml)</translation>
    </message>
    <message>
      <source>Choose the export file and its mapping file first.</source>
      <translation>יש לבחור קודם את קובץ הייצוא ואת קובץ המיפוי שלו.</translation>
    </message>
    <message>
      <source>The database is not ready yet; try again in a moment.</source>
      <translation>מסד הנתונים עדיין לא מוכן; נסו שוב בעוד רגע.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>בודקים…</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>מייבאים…</translation>
    </message>
    <message numerus="yes">
      <source>%n rows read</source>
      <translation>
        <numerusform>שורה אחת נקראה</numerusform>
        <numerusform>%n שורות נקראו</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n would be added</source>
      <translation>
        <numerusform>שורה אחת תתווסף</numerusform>
        <numerusform>%n שורות יתווספו</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n would be updated</source>
      <translation>
        <numerusform>שורה אחת תעודכן</numerusform>
        <numerusform>%n שורות יעודכנו</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n rejected</source>
      <translation>
        <numerusform>שורה אחת נדחתה</numerusform>
        <numerusform>%n שורות נדחו</numerusform>
      </translation>
    </message>
    <message>
      <source>Dry run, nothing was written: %1.</source>
      <translation>הרצת ניסיון, דבר לא נכתב: %1.</translation>
    </message>
    <message numerus="yes">
      <source>%n added</source>
      <translation>
        <numerusform>שורה אחת נוספה</numerusform>
        <numerusform>%n שורות נוספו</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n updated</source>
      <translation>
        <numerusform>שורה אחת עודכנה</numerusform>
        <numerusform>%n שורות עודכנו</numerusform>
      </translation>
    </message>
    <message>
      <source>Import finished: %1.</source>
      <translation>הייבוא הסתיים: %1.</translation>
    </message>
    <message>
      <source>Each rejected row, with its line, column and reason, is in %1.</source>
      <translation>כל שורה שנדחתה, עם מספר השורה, העמודה והסיבה, רשומה בקובץ %1.</translation>
    </message>
    <message>
      <source>The mapping file cannot be used: %1</source>
      <translation>אי אפשר להשתמש בקובץ המיפוי: %1</translation>
    </message>
    <message>
      <source>The export cannot be read: %1</source>
      <translation>אי אפשר לקרוא את קובץ הייצוא: %1</translation>
    </message>
    <message>
      <source>The database needs an upgrade first (agent-desk db upgrade).</source>
      <translation>יש לשדרג קודם את מסד הנתונים (agent-desk db upgrade).</translation>
    </message>
    <message>
      <source>No such file: %1</source>
      <translation>הקובץ לא נמצא: %1</translation>
    </message>
  </context>
  <context>
    <name>IncidentBanner</name>
    <message>
      <source>Outage: %1</source>
      <translation>תקלה נרחבת: %1</translation>
    </message>
    <message>
      <source>expected fix %1</source>
      <translation>צפי לתיקון %1</translation>
    </message>
    <message>
      <source>no fix time yet</source>
      <translation>אין עדיין צפי לתיקון</translation>
    </message>
    <message>
      <source>Tell the caller: %1</source>
      <translation>מה לומר לפונה: %1</translation>
    </message>
    <message>
      <source>, </source>
      <translation>, </translation>
    </message>
    <message>
      <source>This caller is affected by the outage: %1</source>
      <translation>התקלה משפיעה על הפונה שעל הקו: %1</translation>
    </message>
  </context>
  <context>
    <name>IncidentForm</name>
    <message>
      <source>Affected products (none ticked: all)</source>
      <translation>מוצרים מושפעים (בלי סימון: כולם)</translation>
    </message>
    <message>
      <source>Affected areas (none ticked: all)</source>
      <translation>אזורים מושפעים (בלי סימון: כולם)</translation>
    </message>
    <message>
      <source>Known</source>
      <translation>ידוע</translation>
    </message>
    <message>
      <source>Minor</source>
      <translation>קלה</translation>
    </message>
    <message>
      <source>Major</source>
      <translation>משמעותית</translation>
    </message>
    <message>
      <source>Critical</source>
      <translation>קריטית</translation>
    </message>
    <message>
      <source>Title (Hebrew):</source>
      <translation>כותרת (עברית):</translation>
    </message>
    <message>
      <source>Title (English):</source>
      <translation>כותרת (אנגלית):</translation>
    </message>
    <message>
      <source>Severity:</source>
      <translation>חומרה:</translation>
    </message>
    <message>
      <source>Expected fix (Israel time):</source>
      <translation>צפי לתיקון (שעון ישראל):</translation>
    </message>
    <message>
      <source>Talking points (Hebrew):</source>
      <translation>מסרים לפונים (עברית):</translation>
    </message>
    <message>
      <source>Talking points (English):</source>
      <translation>מסרים לפונים (אנגלית):</translation>
    </message>
    <message>
      <source>&amp;Declare the incident</source>
      <translation>&amp;הכרזה על התקלה</translation>
    </message>
    <message>
      <source>Send the &amp;update</source>
      <translation>&amp;שליחת העדכון</translation>
    </message>
    <message>
      <source>&amp;Resolved: end it</source>
      <translation>התקלה טופלה: &amp;סיום</translation>
    </message>
    <message>
      <source>&amp;New incident</source>
      <translation>תקלה &amp;חדשה</translation>
    </message>
    <message>
      <source>Incidents (team leads declare them)</source>
      <translation>תקלות (ראשי צוות מכריזים עליהן)</translation>
    </message>
    <message>
      <source>Update the incident</source>
      <translation>עדכון התקלה</translation>
    </message>
    <message>
      <source>Declare an incident</source>
      <translation>הכרזה על תקלה</translation>
    </message>
    <message>
      <source>Give the incident a title, in Hebrew or in English.</source>
      <translation>יש לתת לתקלה כותרת, בעברית או באנגלית.</translation>
    </message>
    <message>
      <source>The title is too long (200 characters at most).</source>
      <translation>הכותרת ארוכה מדי (עד 200 תווים).</translation>
    </message>
    <message>
      <source>Check the field: %1</source>
      <translation>יש לבדוק את השדה: %1</translation>
    </message>
  </context>
  <context>
    <name>IncidentLabels</name>
    <message>
      <source>Mobile</source>
      <translation>סלולר</translation>
    </message>
    <message>
      <source>Internet</source>
      <translation>אינטרנט</translation>
    </message>
    <message>
      <source>TV</source>
      <translation>טלוויזיה</translation>
    </message>
    <message>
      <source>Insurance</source>
      <translation>ביטוח</translation>
    </message>
    <message>
      <source>Club</source>
      <translation>מועדון</translation>
    </message>
    <message>
      <source>Bundle</source>
      <translation>חבילה משולבת</translation>
    </message>
    <message>
      <source>North</source>
      <translation>צפון</translation>
    </message>
    <message>
      <source>Haifa</source>
      <translation>חיפה</translation>
    </message>
    <message>
      <source>Center</source>
      <translation>מרכז</translation>
    </message>
    <message>
      <source>Tel Aviv</source>
      <translation>תל אביב</translation>
    </message>
    <message>
      <source>Jerusalem</source>
      <translation>ירושלים</translation>
    </message>
    <message>
      <source>South</source>
      <translation>דרום</translation>
    </message>
    <message>
      <source>, </source>
      <translation>, </translation>
    </message>
    <message>
      <source>all products</source>
      <translation>כל המוצרים</translation>
    </message>
    <message>
      <source>all areas</source>
      <translation>כל האזורים</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>פתוחה</translation>
    </message>
    <message>
      <source>Resolved %1</source>
      <translation>טופלה ב־%1</translation>
    </message>
  </context>
  <context>
    <name>IncidentView</name>
    <message>
      <source>Outage mode</source>
      <translation>מצב תקלה נרחבת</translation>
    </message>
    <message>
      <source>Incidents of the last 7 days (open first):</source>
      <translation>תקלות ב-7 הימים האחרונים (הפתוחות קודם):</translation>
    </message>
    <message>
      <source>Callers to call back first appear here during an incident.</source>
      <translation>בזמן תקלה יופיעו כאן הפונים שכדאי לחזור אליהם קודם.</translation>
    </message>
    <message>
      <source>Called two or more times in 24 hours during “%1”: call them back first</source>
      <translation>פנו פעמיים או יותר ב-24 שעות בזמן „%1”: לחזור אליהם קודם</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>לא נשמר: %1</translation>
    </message>
  </context>
  <context>
    <name>KeyboardMapOverlay</name>
    <message>
      <source>Keyboard map</source>
      <translation>מפת מקשים</translation>
    </message>
    <message>
      <source>Esc or F1 closes this map.</source>
      <translation>Esc או F1 סוגרים את המפה.</translation>
    </message>
  </context>
  <context>
    <name>Keymap</name>
    <message>
      <source>Everywhere</source>
      <translation>בכל מקום</translation>
    </message>
    <message>
      <source>Agent view</source>
      <translation>מסך נציג</translation>
    </message>
    <message>
      <source>Script</source>
      <translation>תסריט</translation>
    </message>
    <message>
      <source>Offers (under the script step, and the Offers tab)</source>
      <translation>הצעות (מתחת לשלב בתסריט, ובלשונית ההצעות)</translation>
    </message>
    <message>
      <source>Wrap-up</source>
      <translation>סיכום שיחה</translation>
    </message>
    <message>
      <source>Work queue</source>
      <translation>תור משימות</translation>
    </message>
    <message>
      <source>Team lead view</source>
      <translation>מסך ראש צוות</translation>
    </message>
    <message>
      <source>Show or hide this keyboard map</source>
      <translation>הצגה או הסתרה של מפת המקשים</translation>
    </message>
    <message>
      <source>Offer catalog</source>
      <translation>קטלוג הצעות</translation>
    </message>
    <message>
      <source>Referrals</source>
      <translation>המלצות</translation>
    </message>
    <message>
      <source>Incidents (outage mode)</source>
      <translation>תקלות (מצב תקלה נרחבת)</translation>
    </message>
    <message>
      <source>My reviews: your QA reviews, to acknowledge or dispute</source>
      <translation>הבקרות שלי: בקרות האיכות שלך, לאישור קבלה או לערעור</translation>
    </message>
    <message>
      <source>Import customers (admins)</source>
      <translation>ייבוא לקוחות (מנהלי מערכת)</translation>
    </message>
    <message>
      <source>Refresh the lists</source>
      <translation>רענון הרשימות</translation>
    </message>
    <message>
      <source>Quit (an unsent wrap-up is kept)</source>
      <translation>יציאה (סיכום שיחה שלא נשלח נשמר)</translation>
    </message>
    <message>
      <source>With the underlined letter: press that button or open that tab</source>
      <translation>עם האות המסומנת בקו: לחיצה על הכפתור או פתיחת הלשונית</translation>
    </message>
    <message>
      <source>Next control (tables are one stop; the arrows move inside them)</source>
      <translation>לפקד הבא (טבלה היא עצירה אחת; החצים זזים בתוכה)</translation>
    </message>
    <message>
      <source>Caller's number or a search</source>
      <translation>מספר המתקשר או חיפוש</translation>
    </message>
    <message>
      <source>Find the caller; in a list, open the chosen customer</source>
      <translation>איתור המתקשר; ברשימה: פתיחת הלקוח שנבחר</translation>
    </message>
    <message>
      <source>Search the customer's history</source>
      <translation>חיפוש בהיסטוריה של הלקוח</translation>
    </message>
    <message>
      <source>Alt+1 to Alt+9: the customer's history tabs, Timeline to More details</source>
      <translation>Alt+1 עד Alt+9: לשוניות ההיסטוריה של הלקוח, מ„ציר זמן” עד „פרטים נוספים”</translation>
    </message>
    <message>
      <source>Go to the script</source>
      <translation>מעבר לתסריט</translation>
    </message>
    <message>
      <source>The reason for leaving (script, offers and wrap-up follow)</source>
      <translation>סיבת העזיבה (התסריט, ההצעות והסיכום מתעדכנים בהתאם)</translation>
    </message>
    <message>
      <source>The script's objection library (arrows and Enter choose)</source>
      <translation>ספריית ההתנגדויות של התסריט (בחירה בחצים וב-Enter)</translation>
    </message>
    <message>
      <source>Cancel now: the customer wants to leave, the script goes straight to the cancellation</source>
      <translation>ביטול מיידי: כשרוצים לעזוב, התסריט עובר ישר לניתוק</translation>
    </message>
    <message>
      <source>End the call and start the wrap-up</source>
      <translation>סיום השיחה ומעבר לסיכום</translation>
    </message>
    <message>
      <source>1 to 9: the numbered answer</source>
      <translation>1 עד 9: התשובה הממוספרת</translation>
    </message>
    <message>
      <source>Back one step</source>
      <translation>צעד אחד אחורה</translation>
    </message>
    <message>
      <source>Ctrl+Down and Ctrl+Up: choose an offer (it is outlined)</source>
      <translation>Ctrl+חץ למטה ו-Ctrl+חץ למעלה: בחירת הצעה (היא מוקפת במסגרת)</translation>
    </message>
    <message>
      <source>Alt+1 to Alt+5: the tabs, Results, Call log, Dashboards, Coaching and Audit</source>
      <translation>Alt+1 עד Alt+5: הלשוניות תוצאות, יומן שיחות, לוחות בקרה, אימון וביקורת</translation>
    </message>
    <message>
      <source>In the call log: apply the filter (in the filter bar) or open the chosen call</source>
      <translation>ביומן השיחות: החלת הסינון (בשורת הסינון) או פתיחת השיחה שנבחרה</translation>
    </message>
    <message>
      <source>From a call's detail back to the call log, on the same call</source>
      <translation>מפרטי השיחה חזרה ליומן השיחות, לאותה שיחה</translation>
    </message>
    <message>
      <source>Present the chosen offer</source>
      <translation>הצגת ההצעה שנבחרה</translation>
    </message>
    <message>
      <source>The customer accepted it (the script moves on)</source>
      <translation>ההצעה התקבלה (התסריט ממשיך)</translation>
    </message>
    <message>
      <source>The customer declined it</source>
      <translation>ההצעה נדחתה</translation>
    </message>
    <message>
      <source>Ask the team lead (above your authority)</source>
      <translation>בקשת אישור מראש הצוות (מעל הסמכות שלכם)</translation>
    </message>
    <message>
      <source>Submit the wrap-up</source>
      <translation>שליחת סיכום השיחה</translation>
    </message>
    <message>
      <source>Next task: take the most urgent one and call the customer</source>
      <translation>המשימה הבאה: לקיחת הדחופה ביותר והתקשרות ללקוח</translation>
    </message>
    <message>
      <source>Call the chosen task's customer</source>
      <translation>התקשרות ללקוח של המשימה שנבחרה</translation>
    </message>
    <message>
      <source>Skip the chosen task (with a reason)</source>
      <translation>ויתור על המשימה שנבחרה (עם סיבה)</translation>
    </message>
    <message>
      <source>Up and Down: choose a request</source>
      <translation>למעלה ולמטה: בחירת בקשה</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <source>Call</source>
      <translation>שיחה</translation>
    </message>
    <message>
      <source>Complaint</source>
      <translation>תלונה</translation>
    </message>
    <message>
      <source>Ticket</source>
      <translation>קריאת שירות</translation>
    </message>
    <message>
      <source>Purchase</source>
      <translation>רכישה</translation>
    </message>
    <message>
      <source>Plan change</source>
      <translation>שינוי חבילה</translation>
    </message>
    <message>
      <source>Outreach</source>
      <translation>פנייה יזומה</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>הערה</translation>
    </message>
    <message>
      <source>Survey</source>
      <translation>סקר</translation>
    </message>
    <message>
      <source>Retention call</source>
      <translation>שיחת שימור</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>טלפון</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>דוא"ל</translation>
    </message>
    <message>
      <source>Chat</source>
      <translation>צ'אט</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>מסרון</translation>
    </message>
    <message>
      <source>Store</source>
      <translation>חנות</translation>
    </message>
    <message>
      <source>Web</source>
      <translation>אתר</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>פתוחה</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>בטיפול</translation>
    </message>
    <message>
      <source>Resolved</source>
      <translation>נפתרה</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>סגורה</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>פעיל</translation>
    </message>
    <message>
      <source>Paused</source>
      <translation>מושהה</translation>
    </message>
    <message>
      <source>Cancellation requested</source>
      <translation>בקשת ניתוק</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>בוטל</translation>
    </message>
    <message>
      <source>Suspended</source>
      <translation>מושעה</translation>
    </message>
    <message>
      <source>Bronze</source>
      <translation>ארד</translation>
    </message>
    <message>
      <source>Silver</source>
      <translation>כסף</translation>
    </message>
    <message>
      <source>Gold</source>
      <translation>זהב</translation>
    </message>
    <message>
      <source>Platinum</source>
      <translation>פלטינום</translation>
    </message>
    <message>
      <source>Invoice</source>
      <translation>חשבונית</translation>
    </message>
    <message>
      <source>Payment</source>
      <translation>תשלום</translation>
    </message>
    <message>
      <source>Late payment</source>
      <translation>תשלום באיחור</translation>
    </message>
    <message>
      <source>Price change</source>
      <translation>שינוי מחיר</translation>
    </message>
    <message>
      <source>Credit</source>
      <translation>זיכוי</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>החזר</translation>
    </message>
    <message>
      <source>CSAT</source>
      <translation>CSAT</translation>
    </message>
    <message>
      <source>NPS</source>
      <translation>NPS</translation>
    </message>
    <message>
      <source>Offered</source>
      <translation>הוצעה</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>התקבלה</translation>
    </message>
    <message>
      <source>Declined</source>
      <translation>נדחתה</translation>
    </message>
    <message>
      <source>Waiting for approval</source>
      <translation>ממתינה לאישור</translation>
    </message>
    <message>
      <source>Withdrawn</source>
      <translation>בוטלה</translation>
    </message>
    <message>
      <source>Waiting for an answer</source>
      <translation>ממתינה לתשובה</translation>
    </message>
    <message>
      <source>Approved</source>
      <translation>אושרה</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>פג תוקפה</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>כן</translation>
    </message>
    <message>
      <source>No</source>
      <translation>לא</translation>
    </message>
    <message>
      <source>Percent discount</source>
      <translation>הנחה באחוזים</translation>
    </message>
    <message>
      <source>Fixed discount</source>
      <translation>הנחה בסכום קבוע</translation>
    </message>
    <message>
      <source>One-off credit</source>
      <translation>זיכוי חד-פעמי</translation>
    </message>
    <message>
      <source>Free months</source>
      <translation>חודשים חינם</translation>
    </message>
    <message>
      <source>Upgrade, same price</source>
      <translation>שדרוג באותו מחיר</translation>
    </message>
    <message>
      <source>Add-on</source>
      <translation>תוספת</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>מכשיר</translation>
    </message>
    <message>
      <source>Downgrade</source>
      <translation>מעבר לחבילה זולה</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>הקפאה</translation>
    </message>
    <message>
      <source>Renewal discount</source>
      <translation>הנחת חידוש</translation>
    </message>
    <message>
      <source>Outage goodwill</source>
      <translation>פיצוי על תקלה</translation>
    </message>
    <message>
      <source>Loyalty gift</source>
      <translation>מתנת נאמנות</translation>
    </message>
    <message>
      <source>Single</source>
      <translation>רווק או רווקה</translation>
    </message>
    <message>
      <source>Married</source>
      <translation>נשוי או נשואה</translation>
    </message>
    <message>
      <source>Divorced</source>
      <translation>גרוש או גרושה</translation>
    </message>
    <message>
      <source>Widowed</source>
      <translation>אלמן או אלמנה</translation>
    </message>
    <message>
      <source>Unknown</source>
      <translation>לא ידוע</translation>
    </message>
    <message>
      <source>Hebrew</source>
      <translation>עברית</translation>
    </message>
    <message>
      <source>Arabic</source>
      <translation>ערבית</translation>
    </message>
    <message>
      <source>Russian</source>
      <translation>רוסית</translation>
    </message>
    <message>
      <source>English</source>
      <translation>אנגלית</translation>
    </message>
  </context>
  <context>
    <name>LabelsFemale</name>
    <message>
      <source>Single</source>
      <translation>רווקה</translation>
    </message>
    <message>
      <source>Married</source>
      <translation>נשואה</translation>
    </message>
    <message>
      <source>Divorced</source>
      <translation>גרושה</translation>
    </message>
    <message>
      <source>Widowed</source>
      <translation>אלמנה</translation>
    </message>
  </context>
  <context>
    <name>LabelsMale</name>
    <message>
      <source>Single</source>
      <translation>רווק</translation>
    </message>
    <message>
      <source>Married</source>
      <translation>נשוי</translation>
    </message>
    <message>
      <source>Divorced</source>
      <translation>גרוש</translation>
    </message>
    <message>
      <source>Widowed</source>
      <translation>אלמן</translation>
    </message>
  </context>
  <context>
    <name>LeadView</name>
    <message>
      <source>Last 30 days</source>
      <translation>30 הימים האחרונים</translation>
    </message>
    <message>
      <source>Outcomes</source>
      <translation>תוצאות שיחה</translation>
    </message>
    <message>
      <source>Latest calls</source>
      <translation>שיחות אחרונות</translation>
    </message>
    <message>
      <source>Reason (the agent sees it)</source>
      <translation>נימוק (יוצג בעמדה המבקשת)</translation>
    </message>
    <message>
      <source>A&amp;pprove</source>
      <translation>&amp;אישור</translation>
    </message>
    <message>
      <source>&amp;Decline</source>
      <translation>&amp;דחייה</translation>
    </message>
    <message>
      <source>Resul&amp;ts</source>
      <translation>תו&amp;צאות</translation>
    </message>
    <message>
      <source>Call &amp;log</source>
      <translation>&amp;יומן שיחות</translation>
    </message>
    <message>
      <source>Dashboa&amp;rds</source>
      <translation>&amp;לוחות בקרה</translation>
    </message>
    <message>
      <source>C&amp;oaching</source>
      <translation>אי&amp;מון</translation>
    </message>
    <message>
      <source>A&amp;udit</source>
      <translation>&amp;ביקורת</translation>
    </message>
    <message>
      <source>live</source>
      <translation>בזמן אמת</translation>
    </message>
    <message numerus="yes">
      <source>checking every %n seconds</source>
      <translation>
        <numerusform>בדיקה כל שנייה</numerusform>
        <numerusform>בדיקה כל %n שניות</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The call log and the dashboards are read from a copy of the database that is %n seconds behind: the newest calls may be missing.</source>
      <translation>
        <numerusform>יומן השיחות ולוחות הבקרה נקראים מעותק של מסד הנתונים שמתעדכן באיחור של שנייה אחת: ייתכן שהשיחות האחרונות חסרות.</numerusform>
        <numerusform>יומן השיחות ולוחות הבקרה נקראים מעותק של מסד הנתונים שמתעדכן באיחור של %n שניות: ייתכן שהשיחות האחרונות חסרות.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Waiting for your approval: %n requests</source>
      <translation>
        <numerusform>בקשה אחת ממתינה לאישורך</numerusform>
        <numerusform>%n בקשות ממתינות לאישורך</numerusform>
      </translation>
    </message>
    <message>
      <source>customer since %1</source>
      <translation>בחברה מאז %1</translation>
    </message>
    <message>
      <source>pays %1 a month</source>
      <translation>תשלום חודשי %1</translation>
    </message>
    <message numerus="yes">
      <source>%n products</source>
      <translation>
        <numerusform>מוצר אחד</numerusform>
        <numerusform>%n מוצרים</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n open cases</source>
      <translation>
        <numerusform>פנייה פתוחה אחת</numerusform>
        <numerusform>%n פניות פתוחות</numerusform>
      </translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1: %2</translation>
    </message>
    <message>
      <source>unknown caller</source>
      <translation>מתקשר לא מזוהה</translation>
    </message>
    <message>
      <source>%1 may give up to %2 alone</source>
      <translation>הסמכות של %1: עד %2 בלי אישור</translation>
    </message>
    <message>
      <source>; this asks %1, %2 more</source>
      <translation>; הבקשה היא %1, %2 מעבר לסמכות</translation>
    </message>
    <message>
      <source>Choose a request in the list first.</source>
      <translation>קודם יש לבחור בקשה ברשימה.</translation>
    </message>
    <message>
      <source>Write the reason the agent will see.</source>
      <translation>כתבו את הנימוק שיוצג בעמדה המבקשת.</translation>
    </message>
    <message>
      <source>Sent to the agent.</source>
      <translation>נשלח לעמדה המבקשת.</translation>
    </message>
    <message numerus="yes">
      <source>%Ln calls</source>
      <translation>
        <numerusform>שיחה אחת</numerusform>
        <numerusform>%Ln שיחות</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%Ln saved</source>
      <translation>
        <numerusform>שימור אחד</numerusform>
        <numerusform>%Ln שימורים</numerusform>
      </translation>
    </message>
    <message>
      <source>save rate %1%</source>
      <translation>שיעור שימור %1%</translation>
    </message>
    <message>
      <source>no calls yet</source>
      <translation>עדיין אין שיחות</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>agent-desk: retention desk</source>
      <translation>agent-desk: מוקד שימור</translation>
    </message>
    <message>
      <source>&amp;Retry</source>
      <translation>&amp;ניסיון חוזר</translation>
    </message>
    <message>
      <source>Preparing agent-desk</source>
      <translation>מכין את agent-desk</translation>
    </message>
    <message>
      <source>&amp;Agent view</source>
      <translation>מסך &amp;נציג</translation>
    </message>
    <message>
      <source>Team &amp;lead view</source>
      <translation>מסך &amp;ראש צוות</translation>
    </message>
    <message>
      <source>Offer &amp;catalog</source>
      <translation>&amp;קטלוג הצעות</translation>
    </message>
    <message>
      <source>&amp;Work queue</source>
      <translation>תור &amp;משימות</translation>
    </message>
    <message>
      <source>&amp;Referrals</source>
      <translation>&amp;המלצות</translation>
    </message>
    <message>
      <source>&amp;Incidents</source>
      <translation>&amp;תקלות</translation>
    </message>
    <message>
      <source>&amp;My reviews</source>
      <translation>הבקרות &amp;שלי</translation>
    </message>
    <message>
      <source>Im&amp;port customers</source>
      <translation>&amp;ייבוא לקוחות</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>ר&amp;ענון</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;יציאה</translation>
    </message>
    <message>
      <source>Views</source>
      <translation>תצוגות</translation>
    </message>
    <message>
      <source>&amp;Keyboard map</source>
      <translation>&amp;מפת מקשים</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;קובץ</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>תצו&amp;גה</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;עזרה</translation>
    </message>
    <message>
      <source>Connecting to the database…</source>
      <translation>מתחבר למסד הנתונים…</translation>
    </message>
    <message>
      <source>Opening this desk's copy…</source>
      <translation>פותח את העותק המקומי של העמדה…</translation>
    </message>
    <message>
      <source>Getting this desk's copy from the server…</source>
      <translation>מוריד מהשרת עותק של הנתונים לעמדה…</translation>
    </message>
    <message>
      <source>This desk has no copy of the data yet, and the server cannot be reached (%1). It starts as soon as the server answers.</source>
      <translation>לעמדה הזו עדיין אין עותק של הנתונים, ואין גישה לשרת (%1). העבודה תתחיל ברגע שהשרת יענה.</translation>
    </message>
    <message>
      <source>Updating the local database (a backup copy is kept)…</source>
      <translation>מעדכן את מסד הנתונים המקומי (נשמר עותק גיבוי)…</translation>
    </message>
    <message>
      <source>First run: creating demo customers (%1 of %2)…</source>
      <translation>הפעלה ראשונה: יוצר לקוחות לדוגמה (%1 מתוך %2)…</translation>
    </message>
    <message>
      <source>Connected</source>
      <translation>מחובר</translation>
    </message>
    <message>
      <source>The call from your last session had already been saved.</source>
      <translation>השיחה מההפעלה הקודמת כבר נשמרה.</translation>
    </message>
    <message>
      <source>An unfinished wrap-up could not be read: %1</source>
      <translation>לא ניתן לקרוא סיכום שיחה שלא הושלם: %1</translation>
    </message>
    <message>
      <source>no desk user</source>
      <translation>אין משתמש מוגדר</translation>
    </message>
    <message>
      <source>Agent: %1</source>
      <translation>בעמדה: %1</translation>
    </message>
    <message>
      <source>Reports read the main database: %1</source>
      <translation>הדוחות נקראים ממסד הנתונים הראשי: %1</translation>
    </message>
    <message>
      <source>The database cannot be reached (%1). Working offline; press Retry when the network is back.</source>
      <translation>אין גישה למסד הנתונים (%1). עובדים במצב לא מקוון; כשהרשת תחזור, לחצו על „ניסיון חוזר”.</translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>לא מקוון</translation>
    </message>
    <message>
      <source>The database is not ready for this version: %1</source>
      <translation>מסד הנתונים אינו מוכן לגרסה זו: %1</translation>
    </message>
    <message>
      <source>Database needs an upgrade</source>
      <translation>מסד הנתונים דורש שדרוג</translation>
    </message>
    <message>
      <source>The database could not be opened: %1</source>
      <translation>לא ניתן לפתוח את מסד הנתונים: %1</translation>
    </message>
    <message>
      <source>Database error</source>
      <translation>שגיאת מסד נתונים</translation>
    </message>
    <message>
      <source>Offline: the database is not answering</source>
      <translation>לא מחובר: מסד הנתונים אינו עונה</translation>
    </message>
    <message>
      <source>Something went wrong while loading: %1</source>
      <translation>משהו השתבש בטעינה: %1</translation>
    </message>
    <message>
      <source>Local database: %1</source>
      <translation>מסד נתונים מקומי: %1</translation>
    </message>
    <message>
      <source>Server: %1/%2</source>
      <translation>שרת: %1/%2</translation>
    </message>
  </context>
  <context>
    <name>MyReviewsView</name>
    <message>
      <source>My reviews</source>
      <translation>הבקרות שלי</translation>
    </message>
    <message>
      <source>Your comment (needed to dispute)</source>
      <translation>התגובה שלך (חובה לערעור)</translation>
    </message>
    <message>
      <source>&amp;Acknowledge</source>
      <translation>&amp;אישור קבלה</translation>
    </message>
    <message>
      <source>D&amp;ispute</source>
      <translation>ע&amp;רעור</translation>
    </message>
    <message numerus="yes">
      <source>My reviews: %n waiting for your answer</source>
      <translation>
        <numerusform>הבקרות שלי: אחת ממתינה לתשובתך</numerusform>
        <numerusform>הבקרות שלי: %n ממתינות לתשובתך</numerusform>
      </translation>
    </message>
    <message>
      <source>Choose a review in the list first.</source>
      <translation>קודם יש לבחור בקרה ברשימה.</translation>
    </message>
    <message>
      <source>Write why you dispute the review.</source>
      <translation>יש לכתוב נימוק לערעור.</translation>
    </message>
    <message>
      <source>Your answer was sent to your team lead.</source>
      <translation>התשובה שלך נשלחה לראש הצוות.</translation>
    </message>
  </context>
  <context>
    <name>OfferCard</name>
    <message>
      <source>Presented: what did the customer say?</source>
      <translation>הוצגה: מה הייתה תשובת הפונה?</translation>
    </message>
    <message numerus="yes">
      <source>Saves %1 of such calls (%n on record) · keeps %2 a year · costs %3 · worth %4</source>
      <translation>
        <numerusform>מצליחה ב-%1 מהשיחות כאלה (לפי שיחה אחת בתיעוד) · משאירה %2 בשנה · עולה %3 · שווי %4</numerusform>
        <numerusform>מצליחה ב-%1 מהשיחות כאלה (לפי %n שיחות בתיעוד) · משאירה %2 בשנה · עולה %3 · שווי %4</numerusform>
      </translation>
    </message>
    <message>
      <source>Saves about %1 of such calls (an estimate: none on record yet) · keeps %2 a year · costs %3 · worth %4</source>
      <translation>מצליחה בכ-%1 מהשיחות כאלה (הערכה: אין עדיין שיחות בתיעוד) · משאירה %2 בשנה · עולה %3 · שווי %4</translation>
    </message>
    <message>
      <source>Present (P)</source>
      <translation>הצגה ללקוח (P)</translation>
    </message>
    <message>
      <source>Accepted (A)</source>
      <translation>התקבלה (A)</translation>
    </message>
    <message>
      <source>Declined (D)</source>
      <translation>נדחתה (D)</translation>
    </message>
    <message>
      <source>Ask team lead (T)</source>
      <translation>בקשת אישור מראש הצוות (T)</translation>
    </message>
    <message>
      <source>Recording…</source>
      <translation>נרשם…</translation>
    </message>
    <message>
      <source>This kind of offer needs your team lead: ask them</source>
      <translation>הצעה מסוג זה דורשת אישור של ראש הצוות</translation>
    </message>
    <message>
      <source>%1 above your authority: ask your team lead</source>
      <translation>%1 מעל הסמכות שלך: נדרש אישור של ראש הצוות</translation>
    </message>
    <message>
      <source>Asking the team lead…</source>
      <translation>הבקשה נשלחת לראש הצוות…</translation>
    </message>
    <message>
      <source>Waiting for %1 (team lead): %2 left</source>
      <translation>ממתינים לתשובה של %1 (ראש הצוות): נותרו %2</translation>
    </message>
    <message>
      <source>Waiting for the team lead: %2 left</source>
      <translation>ממתינים לתשובה של ראש הצוות: נותרו %2</translation>
    </message>
    <message>
      <source>Approved by %1: %2</source>
      <translation>אושרה על ידי %1: %2</translation>
    </message>
    <message>
      <source>Declined by %1: %2</source>
      <translation>נדחתה על ידי %1: %2</translation>
    </message>
    <message>
      <source>No answer in time: offer one within your authority instead</source>
      <translation>לא התקבלה תשובה בזמן: אפשר להציע הצעה שבסמכותך</translation>
    </message>
    <message>
      <source>Accepted by the customer</source>
      <translation>ההצעה התקבלה</translation>
    </message>
    <message>
      <source>Declined by the customer</source>
      <translation>ההצעה נדחתה</translation>
    </message>
  </context>
  <context>
    <name>OffersPanel</name>
    <message>
      <source>Choose the reason to see the offers this customer can get.</source>
      <translation>בחרו את הסיבה כדי לראות לאילו הצעות יש לפונה זכאות.</translation>
    </message>
    <message>
      <source>All offers</source>
      <translation>כל ההצעות</translation>
    </message>
    <message>
      <source>A&amp;ll offers</source>
      <translation>כ&amp;ל ההצעות</translation>
    </message>
    <message>
      <source>Show every offer this customer can get, whatever the script step</source>
      <translation>כל ההצעות שהלקוח יכול לקבל, בלי קשר לשלב בתסריט</translation>
    </message>
    <message numerus="yes">
      <source>%n offers fit, best first. Best within your authority: %1.</source>
      <translation>
        <numerusform>הצעה אחת מתאימה. הטובה ביותר בסמכותך: %1.</numerusform>
        <numerusform>%n הצעות מתאימות, הטובה ביותר ראשונה. הטובה ביותר בסמכותך: %1.</numerusform>
      </translation>
    </message>
    <message>
      <source>none</source>
      <translation>אין</translation>
    </message>
    <message>
      <source>No offer of the kinds this step suggests fits. See all offers.</source>
      <translation>אין הצעה מהסוגים שהשלב הזה מציע. אפשר לעבור לכל ההצעות.</translation>
    </message>
    <message>
      <source>No offer fits this customer and reason. Honour the decision and help them leave.</source>
      <translation>אין הצעה שמתאימה לפונה ולסיבה. כבדו את ההחלטה ועזרו בתהליך העזיבה.</translation>
    </message>
  </context>
  <context>
    <name>QaReviewDialog</name>
    <message>
      <source>QA review</source>
      <translation>בקרת איכות</translation>
    </message>
  </context>
  <context>
    <name>QaReviewForm</name>
    <message>
      <source>What went well, what to work on (the agent reads this)</source>
      <translation>מה היה טוב ומה כדאי לשפר (יוצג בעמדה)</translation>
    </message>
    <message>
      <source>&amp;Comments</source>
      <translation>&amp;הערות</translation>
    </message>
    <message>
      <source>&amp;Save review</source>
      <translation>&amp;שמירת הבקרה</translation>
    </message>
    <message>
      <source>Ctrl+Enter</source>
      <translation>Ctrl+Enter</translation>
    </message>
    <message>
      <source>Loading the call…</source>
      <translation>השיחה נטענת…</translation>
    </message>
    <message>
      <source>Call of %1 with %2, %3: %4, %5</source>
      <translation>שיחה של %1 עם %2, %3: %4, %5</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>לא ידוע</translation>
    </message>
    <message>
      <source>no reason</source>
      <translation>ללא סיבה</translation>
    </message>
    <message>
      <source>no outcome</source>
      <translation>ללא תוצאה</translation>
    </message>
    <message>
      <source>Notes: %1</source>
      <translation>הערות השיחה: %1</translation>
    </message>
    <message>
      <source>weight %1</source>
      <translation>משקל %1</translation>
    </message>
    <message>
      <source>Editing your review of this call (the agent has not answered yet).</source>
      <translation>עריכת הבקרה שלך על השיחה הזו (עדיין אין תגובה).</translation>
    </message>
    <message>
      <source>Total: %1 / 100</source>
      <translation>סך הכול: %1 מתוך 100</translation>
    </message>
    <message numerus="yes">
      <source>(%n criteria not scored)</source>
      <translation>
        <numerusform>(קריטריון אחד ללא ציון)</numerusform>
        <numerusform>(%n קריטריונים ללא ציון)</numerusform>
      </translation>
    </message>
    <message>
      <source>Score every criterion first.</source>
      <translation>קודם יש לתת ציון לכל קריטריון.</translation>
    </message>
    <message>
      <source>Saved. The agent sees it in My reviews.</source>
      <translation>נשמר. הבקרה תוצג בעמדה תחת „הבקרות שלי”.</translation>
    </message>
  </context>
  <context>
    <name>QuitQuestion</name>
    <message>
      <source>Quit agent-desk?</source>
      <translation>לצאת מ-agent-desk?</translation>
    </message>
    <message>
      <source>The wrap-up of the call with %1 is not submitted yet.</source>
      <translation>סיכום השיחה עם %1 עדיין לא נשלח.</translation>
    </message>
    <message>
      <source>If you quit now, what you typed is kept and reopens the next time you start agent-desk.</source>
      <translation>אם תצאו עכשיו, מה שהקלדתם נשמר וייפתח שוב בהפעלה הבאה של agent-desk.</translation>
    </message>
    <message>
      <source>&amp;Quit, keep the draft</source>
      <translation>&amp;יציאה, שמירת הטיוטה</translation>
    </message>
    <message>
      <source>&amp;Stay and finish it</source>
      <translation>&amp;להישאר ולסיים</translation>
    </message>
  </context>
  <context>
    <name>ReasonChangeDialog</name>
    <message>
      <source>Change the reason?</source>
      <translation>לשנות את הסיבה?</translation>
    </message>
    <message>
      <source>The reason changes from “%1” to “%2”. The script starts again for the new reason and the steps walked so far are dropped; offers already made stay on the call.</source>
      <translation>הסיבה משתנה מ"%1" ל"%2". התסריט יתחיל מחדש לפי הסיבה החדשה, והשלבים שכבר עברתם בו יימחקו; הצעות שכבר הוצגו נשארות רשומות בשיחה.</translation>
    </message>
    <message>
      <source>Change the reason</source>
      <translation>שינוי הסיבה</translation>
    </message>
    <message>
      <source>Keep the script</source>
      <translation>השארת התסריט</translation>
    </message>
  </context>
  <context>
    <name>ReferralsView</name>
    <message>
      <source>Only people who agreed to be &amp;called</source>
      <translation>רק מי שהסכימו ל&amp;שיחה</translation>
    </message>
    <message>
      <source>&amp;Export for sales…</source>
      <translation>&amp;ייצוא למכירות…</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>&amp;רענון</translation>
    </message>
    <message numerus="yes">
      <source>%n referrals</source>
      <translation>
        <numerusform>המלצה אחת</numerusform>
        <numerusform>%n המלצות</numerusform>
      </translation>
    </message>
    <message>
      <source>Export referrals</source>
      <translation>ייצוא המלצות</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
      <translation>חוברת Excel (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
    <message numerus="yes">
      <source>Exported %n referrals to %1</source>
      <translation>
        <numerusform>המלצה אחת יוצאה אל %1</numerusform>
        <numerusform>%n המלצות יוצאו אל %1</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>RejectedDialog</name>
    <message>
      <source>A call's wrap-up</source>
      <translation>סיכום שיחה</translation>
    </message>
    <message>
      <source>An offer presented</source>
      <translation>הצגת הצעה</translation>
    </message>
    <message>
      <source>A customer's answer</source>
      <translation>תשובת לקוח להצעה</translation>
    </message>
    <message>
      <source>A request to the team lead</source>
      <translation>בקשה לראש הצוות</translation>
    </message>
    <message>
      <source>A note</source>
      <translation>הערה</translation>
    </message>
    <message>
      <source>A callback</source>
      <translation>שיחה חוזרת</translation>
    </message>
    <message>
      <source>A callback marked done</source>
      <translation>סימון שיחה חוזרת כטופלה</translation>
    </message>
    <message>
      <source>A change to a customer's details</source>
      <translation>שינוי בפרטי לקוח</translation>
    </message>
    <message>
      <source>Refused by the server</source>
      <translation>נדחו בשרת</translation>
    </message>
    <message>
      <source>The server refused these for good. They are kept here and on the server, where your team lead can see them; nothing was thrown away.</source>
      <translation>השרת דחה את הפעולות האלה סופית. הן שמורות כאן ובשרת, וגלויות לראש הצוות שלך; שום דבר לא נמחק.</translation>
    </message>
    <message>
      <source>What</source>
      <translation>מה</translation>
    </message>
    <message>
      <source>Customer or call</source>
      <translation>לקוח או שיחה</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>סיבה</translation>
    </message>
  </context>
  <context>
    <name>RevealReasonDialog</name>
    <message>
      <source>Reveal the ID number</source>
      <translation>הצגת מספר הזהות</translation>
    </message>
    <message>
      <source>The full ID number is shown for this call only. Revealing it is recorded with your name and the reason.</source>
      <translation>מספר הזהות המלא יוצג לשיחה הזו בלבד. ההצגה נרשמת עם שמך והסיבה.</translation>
    </message>
    <message>
      <source>Choose a reason…</source>
      <translation>בחירת סיבה…</translation>
    </message>
    <message>
      <source>Verifying the caller's identity</source>
      <translation>אימות זהות הפונה</translation>
    </message>
    <message>
      <source>The cancellation needs the ID number</source>
      <translation>הניתוק דורש את מספר הזהות</translation>
    </message>
    <message>
      <source>Billing or payment check</source>
      <translation>בדיקת חיוב או תשלום</translation>
    </message>
    <message>
      <source>The customer asked what ID we hold</source>
      <translation>בקשה לברר איזה מספר זהות רשום אצלנו</translation>
    </message>
    <message>
      <source>Other (write it below)</source>
      <translation>אחר (לפרט למטה)</translation>
    </message>
    <message>
      <source>Details (required for Other)</source>
      <translation>פירוט (חובה כשבוחרים 'אחר')</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>&amp;סיבה:</translation>
    </message>
    <message>
      <source>&amp;Details:</source>
      <translation>&amp;פירוט:</translation>
    </message>
    <message>
      <source>&amp;Show the ID</source>
      <translation>&amp;הצגת המספר</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>ביטול</translation>
    </message>
  </context>
  <context>
    <name>SatisfactionTrend</name>
    <message>
      <source>Satisfaction over time: NPS 0-10, CSAT 1-5 shown on the same scale</source>
      <translation>שביעות רצון לאורך זמן: NPS 0-10, CSAT 1-5 מוצגים על אותו סולם</translation>
    </message>
    <message>
      <source>No surveys yet</source>
      <translation>עדיין אין סקרים</translation>
    </message>
  </context>
  <context>
    <name>ScriptPanel</name>
    <message>
      <source>Back</source>
      <translation>חזרה</translation>
    </message>
    <message>
      <source>Undo the last answer (Alt+Left)</source>
      <translation>ביטול התשובה האחרונה (Alt+חץ שמאלה)</translation>
    </message>
    <message>
      <source>Objections</source>
      <translation>התנגדויות</translation>
    </message>
    <message>
      <source>What to say to an objection; the script returns here (F8)</source>
      <translation>מה לענות על התנגדות; התסריט יחזור לכאן (F8)</translation>
    </message>
    <message>
      <source>Cancel now</source>
      <translation>ביטול מיידי</translation>
    </message>
    <message>
      <source>The customer wants to leave: honour it at once (F9)</source>
      <translation>רוצים לעזוב: מכבדים את זה מיד (F9)</translation>
    </message>
    <message>
      <source>The script starts when a customer is on screen.</source>
      <translation>התסריט מתחיל כשלקוח מוצג על המסך.</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>התחלה</translation>
    </message>
    <message>
      <source>Script finished: %1</source>
      <translation>התסריט הסתיים: %1</translation>
    </message>
    <message>
      <source>In the objection library: the script returns here</source>
      <translation>בתוך ספריית ההתנגדויות: התסריט יחזור לכאן</translation>
    </message>
    <message>
      <source>Type it, then Enter</source>
      <translation>מקלידים ולוחצים Enter</translation>
    </message>
  </context>
  <context>
    <name>SignIn</name>
    <message>
      <source>Importing customers is for admins.</source>
      <translation>ייבוא לקוחות מותר רק למנהלי מערכת.</translation>
    </message>
    <message>
      <source>The team-lead view is for team leads and admins; you are signed in as an agent.</source>
      <translation>תצוגת ראש הצוות פתוחה רק לראשי צוות ולמנהלי מערכת; לחשבון הזה יש הרשאת נציג.</translation>
    </message>
  </context>
  <context>
    <name>SignInDialog</name>
    <message>
      <source>Sign in to agent-desk</source>
      <translation>כניסה ל-agent-desk</translation>
    </message>
    <message>
      <source>&amp;Remember password on this computer</source>
      <translation>&amp;זכירת הסיסמה במחשב הזה</translation>
    </message>
    <message>
      <source>Looking for this computer's keyring…</source>
      <translation>מחפשים את מנהל הסיסמאות של המחשב…</translation>
    </message>
    <message>
      <source>Signing in…</source>
      <translation>מתחברים…</translation>
    </message>
    <message>
      <source>Server:</source>
      <translation>שרת:</translation>
    </message>
    <message>
      <source>&amp;User name:</source>
      <translation>&amp;שם משתמש:</translation>
    </message>
    <message>
      <source>&amp;Password:</source>
      <translation>&amp;סיסמה:</translation>
    </message>
    <message>
      <source>&amp;Sign in</source>
      <translation>&amp;כניסה</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>ביטול</translation>
    </message>
    <message>
      <source>This computer has no keyring service to keep a password safely, so it cannot be remembered here. Type it each time.</source>
      <translation>במחשב הזה אין מנהל סיסמאות שיכול לשמור סיסמה בבטחה, ולכן אי אפשר לזכור אותה כאן. יש להקליד אותה בכל כניסה.</translation>
    </message>
    <message>
      <source>Kept in this computer's keyring, never in a file</source>
      <translation>נשמרת במנהל הסיסמאות של המחשב, אף פעם לא בקובץ</translation>
    </message>
    <message>
      <source>Type your user name and password.</source>
      <translation>יש להקליד שם משתמש וסיסמה.</translation>
    </message>
    <message>
      <source>Wrong user name or password.</source>
      <translation>שם המשתמש או הסיסמה שגויים.</translation>
    </message>
    <message>
      <source>This login is disabled; ask your admin.</source>
      <translation>החשבון הזה הושבת; יש לפנות למנהל המערכת.</translation>
    </message>
    <message>
      <source>This login is not a desk user; ask your admin.</source>
      <translation>החשבון הזה אינו משתמש של המוקד; יש לפנות למנהל המערכת.</translation>
    </message>
    <message>
      <source>The database does not accept sign-ins from this computer; ask your admin.</source>
      <translation>מסד הנתונים אינו מקבל כניסות מהמחשב הזה; יש לפנות למנהל המערכת.</translation>
    </message>
    <message>
      <source>The database server cannot be reached. Check the network and try again.</source>
      <translation>אין חיבור לשרת מסד הנתונים. יש לבדוק את הרשת ולנסות שוב.</translation>
    </message>
    <message>
      <source>The server cannot be reached. To work offline, type the password you last signed in with on this computer.</source>
      <translation>אין חיבור לשרת. כדי לעבוד במצב לא מקוון, יש להקליד את הסיסמה של הכניסה האחרונה במחשב הזה.</translation>
    </message>
    <message>
      <source>The database refused the sign-in: %1</source>
      <translation>מסד הנתונים דחה את הכניסה: %1</translation>
    </message>
  </context>
  <context>
    <name>SkipDialog</name>
    <message>
      <source>Skip the task</source>
      <translation>ויתור על המשימה</translation>
    </message>
    <message>
      <source>For example: wrong number, asked not to be called</source>
      <translation>לדוגמה: מספר שגוי, בקשה שלא להתקשר</translation>
    </message>
    <message>
      <source>Skip the call to %1 for good?</source>
      <translation>לוותר לצמיתות על השיחה אל %1?</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>&amp;סיבה:</translation>
    </message>
  </context>
  <context>
    <name>SnoozeDialog</name>
    <message>
      <source>Snooze the task</source>
      <translation>השהיית המשימה</translation>
    </message>
    <message>
      <source>For example: asked to call after four</source>
      <translation>לדוגמה: בקשה להתקשר אחרי ארבע</translation>
    </message>
    <message>
      <source>Call %1 later:</source>
      <translation>להתקשר אל %1 מאוחר יותר:</translation>
    </message>
    <message>
      <source>&amp;Until:</source>
      <translation>&amp;עד:</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>&amp;סיבה:</translation>
    </message>
  </context>
  <context>
    <name>SyncIndicator</name>
    <message>
      <source>Online</source>
      <translation>מחובר</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>מסנכרן…</translation>
    </message>
    <message>
      <source>Not syncing</source>
      <translation>הסנכרון לא פועל</translation>
    </message>
    <message>
      <source>Offline: working on this desk</source>
      <translation>לא מקוון: העבודה נשמרת בעמדה</translation>
    </message>
    <message numerus="yes">
      <source>%n waiting to be sent</source>
      <translation>
        <numerusform>פעולה אחת ממתינה לשליחה</numerusform>
        <numerusform>%n פעולות ממתינות לשליחה</numerusform>
      </translation>
    </message>
    <message>
      <source>everything sent</source>
      <translation>הכול נשלח</translation>
    </message>
    <message>
      <source>last synced %1</source>
      <translation>סנכרון אחרון %1</translation>
    </message>
    <message numerus="yes">
      <source>%n refused by the server</source>
      <translation>
        <numerusform>פעולה אחת נדחתה בשרת</numerusform>
        <numerusform>%n פעולות נדחו בשרת</numerusform>
      </translation>
    </message>
    <message>
      <source>Last synced: %1</source>
      <translation>סנכרון אחרון: %1</translation>
    </message>
    <message>
      <source>not yet</source>
      <translation>עדיין לא</translation>
    </message>
    <message>
      <source>Click to see what the server refused.</source>
      <translation>לחיצה מציגה מה השרת דחה.</translation>
    </message>
  </context>
  <context>
    <name>SyncWorker</name>
    <message>
      <source>The server refused this sign-in (a changed password, or a disabled login). Your work is kept on this desk: quit and sign in again to send it.</source>
      <translation>השרת דחה את הכניסה הזו (הסיסמה שונתה, או שהחשבון הושבת). העבודה שלכם שמורה בעמדה: צאו והיכנסו שוב כדי לשלוח אותה.</translation>
    </message>
    <message>
      <source>The server is not ready for this version: %1</source>
      <translation>השרת אינו מוכן לגרסה הזו: %1</translation>
    </message>
  </context>
  <context>
    <name>TableHeaders</name>
    <message>
      <source>When</source>
      <translation>מתי</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>מי</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>פעולה</translation>
    </message>
    <message>
      <source>What</source>
      <translation>מה</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>מאיפה</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>סוג</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>ערוץ</translation>
    </message>
    <message>
      <source>Subject</source>
      <translation>נושא</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>סטטוס</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>מוצר</translation>
    </message>
    <message>
      <source>Monthly price</source>
      <translation>מחיר חודשי</translation>
    </message>
    <message>
      <source>Incident</source>
      <translation>תקלה</translation>
    </message>
    <message>
      <source>Affects</source>
      <translation>היקף</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>מתאריך</translation>
    </message>
    <message>
      <source>Expected fix</source>
      <translation>צפי לתיקון</translation>
    </message>
    <message>
      <source>State</source>
      <translation>מצב</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>טלפון</translation>
    </message>
    <message>
      <source>Area</source>
      <translation>אזור</translation>
    </message>
    <message>
      <source>Contacts in 24 h</source>
      <translation>פניות ב-24 שעות</translation>
    </message>
    <message>
      <source>Last contact</source>
      <translation>פנייה אחרונה</translation>
    </message>
    <message>
      <source>Commitment ends</source>
      <translation>סוף התחייבות</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>סכום</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>שינוי</translation>
    </message>
    <message>
      <source>Days late</source>
      <translation>ימי איחור</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>תיאור</translation>
    </message>
    <message>
      <source>Survey</source>
      <translation>סקר</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>פרט</translation>
    </message>
    <message>
      <source>Reviews</source>
      <translation>בקרות</translation>
    </message>
    <message>
      <source>Average</source>
      <translation>ממוצע</translation>
    </message>
    <message>
      <source>Disputes open</source>
      <translation>ערעורים פתוחים</translation>
    </message>
    <message>
      <source>Not answered</source>
      <translation>ללא תשובה</translation>
    </message>
    <message>
      <source>Last review</source>
      <translation>בקרה אחרונה</translation>
    </message>
    <message>
      <source>Reviewed</source>
      <translation>תאריך הבקרה</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>שיחה</translation>
    </message>
    <message>
      <source>Score</source>
      <translation>ציון</translation>
    </message>
    <message>
      <source>Agent's comment</source>
      <translation>תגובה לבקרה</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>הערה</translation>
    </message>
    <message>
      <source>Offers</source>
      <translation>הצעות</translation>
    </message>
    <message>
      <source>Still a customer 90 days later</source>
      <translation>חשבון פעיל אחרי 90 יום</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>הערות</translation>
    </message>
    <message>
      <source>Factor</source>
      <translation>גורם</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>ערך</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>משקל</translation>
    </message>
    <message>
      <source>Adds to the risk</source>
      <translation>תרומה לסיכון</translation>
    </message>
    <message>
      <source>Started</source>
      <translation>התחלה</translation>
    </message>
    <message>
      <source>Agent</source>
      <translation>בעמדה</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>פונה</translation>
    </message>
    <message>
      <source>Corrected to</source>
      <translation>תוקן ל</translation>
    </message>
    <message>
      <source>Asked</source>
      <translation>התבקש</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>קוד</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>שלב</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>תשובה</translation>
    </message>
    <message>
      <source>At</source>
      <translation>בשעה</translation>
    </message>
    <message>
      <source>Took</source>
      <translation>משך</translation>
    </message>
    <message>
      <source>Offer</source>
      <translation>הצעה</translation>
    </message>
    <message>
      <source>Presented</source>
      <translation>הוצגה</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>עלות</translation>
    </message>
    <message>
      <source>Decided by</source>
      <translation>הוחלט על ידי</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>למה</translation>
    </message>
    <message>
      <source>By</source>
      <translation>על ידי</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>שדה</translation>
    </message>
    <message>
      <source>From</source>
      <translation>מ-</translation>
    </message>
    <message>
      <source>To</source>
      <translation>ל-</translation>
    </message>
    <message>
      <source>Needs authority</source>
      <translation>סמכות נדרשת</translation>
    </message>
    <message>
      <source>Valid</source>
      <translation>בתוקף</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>פעילה</translation>
    </message>
    <message>
      <source>Answer by</source>
      <translation>לענות עד</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>סיבה</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>תוצאה</translation>
    </message>
    <message>
      <source>Handle time</source>
      <translation>משך טיפול</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>שיחות</translation>
    </message>
  </context>
  <context>
    <name>TaskRunner</name>
    <message>
      <source>This customer's details are not on this desk, and the server cannot be reached now.</source>
      <translation>פרטי הלקוח הזה לא שמורים בעמדה, ואין כרגע גישה לשרת.</translation>
    </message>
    <message>
      <source>This needs the server, which cannot be reached now; it works again as soon as the server answers.</source>
      <translation>הפעולה הזו דורשת את השרת, ואין אליו גישה כרגע; היא תעבוד שוב ברגע שהשרת יענה.</translation>
    </message>
    <message>
      <source>The database did not answer in time.</source>
      <translation>מסד הנתונים לא ענה בזמן.</translation>
    </message>
    <message>
      <source>The database refused the connection.</source>
      <translation>מסד הנתונים סירב להתחברות.</translation>
    </message>
    <message>
      <source>The connection to the database was lost.</source>
      <translation>החיבור למסד הנתונים אבד.</translation>
    </message>
    <message>
      <source>The database is busy with another program. Try again in a moment.</source>
      <translation>מסד הנתונים תפוס על ידי תוכנה אחרת. נסו שוב בעוד רגע.</translation>
    </message>
    <message>
      <source>The database refused the change: it conflicts with data already saved.</source>
      <translation>מסד הנתונים דחה את השינוי: הוא סותר נתונים שכבר נשמרו.</translation>
    </message>
    <message>
      <source>The database reported an error.</source>
      <translation>מסד הנתונים דיווח על שגיאה.</translation>
    </message>
    <message>
      <source>A file could not be written: %1</source>
      <translation>לא ניתן היה לכתוב קובץ: %1</translation>
    </message>
    <message>
      <source>Something unexpected went wrong (%1).</source>
      <translation>משהו השתבש באופן לא צפוי (%1).</translation>
    </message>
  </context>
  <context>
    <name>TaskTableModel</name>
    <message>
      <source>Priority</source>
      <translation>עדיפות</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>סיבה</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>לקוח</translation>
    </message>
    <message>
      <source>Occasion</source>
      <translation>אירוע</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>מועד</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>סטטוס</translation>
    </message>
    <message>
      <source>New</source>
      <translation>חדשה</translation>
    </message>
    <message>
      <source>Mine now</source>
      <translation>אצלי</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>מושהית</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>בוצעה</translation>
    </message>
    <message>
      <source>Skipped</source>
      <translation>הוסרה</translation>
    </message>
  </context>
  <context>
    <name>WorkQueueView</name>
    <message>
      <source>&amp;Next task</source>
      <translation>המשימה ה&amp;באה</translation>
    </message>
    <message>
      <source>Take the most urgent task and call the customer (Ctrl+N)</source>
      <translation>לקיחת המשימה הדחופה ביותר והתקשרות ללקוח (Ctrl+N)</translation>
    </message>
    <message>
      <source>S&amp;kip…</source>
      <translation>&amp;ויתור…</translation>
    </message>
    <message>
      <source>Sn&amp;ooze…</source>
      <translation>&amp;השהיה…</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>&amp;רענון</translation>
    </message>
    <message>
      <source>Your queue is empty.</source>
      <translation>התור שלך ריק.</translation>
    </message>
    <message numerus="yes">
      <source>%n tasks in your queue.</source>
      <translation>
        <numerusform>משימה אחת בתור שלך.</numerusform>
        <numerusform>%n משימות בתור שלך.</numerusform>
      </translation>
    </message>
    <message>
      <source>No proactive calls now: outside calling hours, Shabbat or a holiday.</source>
      <translation>אין עכשיו שיחות יזומות: מחוץ לשעות החיוג, שבת או חג.</translation>
    </message>
    <message>
      <source>Nothing to call now: your queue is empty.</source>
      <translation>אין למי להתקשר עכשיו: התור שלך ריק.</translation>
    </message>
    <message>
      <source>Calling %1: %2</source>
      <translation>בחיוג אל %1: %2</translation>
    </message>
    <message>
      <source>Take the task first (Next task), then skip or snooze it.</source>
      <translation>קודם יש לקחת את המשימה („המשימה הבאה”), ורק אז לוותר עליה או להשהות אותה.</translation>
    </message>
    <message>
      <source>Skipped: %1</source>
      <translation>המשימה של %1 הוסרה מהתור.</translation>
    </message>
    <message>
      <source>Snoozed: %1</source>
      <translation>המשימה של %1 הושהתה.</translation>
    </message>
    <message>
      <source>Done. Press Ctrl+N for the next task.</source>
      <translation>בוצע. למשימה הבאה: Ctrl+N.</translation>
    </message>
  </context>
  <context>
    <name>WrapUpPanel</name>
    <message>
      <source>What the customer said, what you did, what was promised</source>
      <translation>דברי הפונה, מה עשיתם, מה הובטח</translation>
    </message>
    <message>
      <source>Cancellation</source>
      <translation>ניתוק</translation>
    </message>
    <message>
      <source>Schedule a callback</source>
      <translation>לקבוע שיחה חוזרת</translation>
    </message>
    <message>
      <source>Me</source>
      <translation>אני</translation>
    </message>
    <message>
      <source>My team's queue</source>
      <translation>התור של הצוות שלי</translation>
    </message>
    <message>
      <source>Callback</source>
      <translation>שיחה חוזרת</translation>
    </message>
    <message>
      <source>Not asked</source>
      <translation>לא נשאל</translation>
    </message>
    <message>
      <source>Satisfaction 1-5 (CSAT)</source>
      <translation>שביעות רצון 1-5 (CSAT)</translation>
    </message>
    <message>
      <source>Would recommend 0-10 (NPS)</source>
      <translation>היו ממליצים 0-10 (NPS)</translation>
    </message>
    <message>
      <source>Why that score, in the customer's words</source>
      <translation>למה הציון הזה, במילים שנאמרו בשיחה</translation>
    </message>
    <message>
      <source>They agreed to be contacted</source>
      <translation>הסכימו שניצור קשר</translation>
    </message>
    <message>
      <source>Survey answer and referral</source>
      <translation>תשובה לסקר והמלצה</translation>
    </message>
    <message>
      <source>A satisfied customer: ask for a survey answer and a referral</source>
      <translation>פונה מרוצה: בקשו תשובה לסקר והמלצה</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>סי&amp;בה:</translation>
    </message>
    <message>
      <source>Second reason:</source>
      <translation>סיבה נוספת:</translation>
    </message>
    <message>
      <source>Co&amp;mpetitor:</source>
      <translation>&amp;מתחרה:</translation>
    </message>
    <message>
      <source>&amp;Notes:</source>
      <translation>הערו&amp;ת:</translation>
    </message>
    <message>
      <source>Takes effect on:</source>
      <translation>בתוקף מ:</translation>
    </message>
    <message>
      <source>Owner:</source>
      <translation>באחריות:</translation>
    </message>
    <message>
      <source>Note:</source>
      <translation>הערה:</translation>
    </message>
    <message>
      <source>Survey:</source>
      <translation>סקר:</translation>
    </message>
    <message>
      <source>Score:</source>
      <translation>ציון:</translation>
    </message>
    <message>
      <source>Comment:</source>
      <translation>הערה:</translation>
    </message>
    <message>
      <source>Referral's name:</source>
      <translation>שם להמלצה:</translation>
    </message>
    <message>
      <source>Referral's phone:</source>
      <translation>טלפון להמלצה:</translation>
    </message>
    <message>
      <source>&amp;Submit (Ctrl+Enter)</source>
      <translation>&amp;שמירה (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>בחרו…</translation>
    </message>
    <message>
      <source>None</source>
      <translation>אין</translation>
    </message>
    <message>
      <source>None: they did not ask to leave</source>
      <translation>אין: לא הייתה בקשה לעזוב</translation>
    </message>
    <message>
      <source>Wrap-up: %1</source>
      <translation>סיכום שיחה: %1</translation>
    </message>
    <message>
      <source>New address: %1</source>
      <translation>כתובת חדשה: %1</translation>
    </message>
    <message>
      <source>Moving day: %1</source>
      <translation>יום המעבר: %1</translation>
    </message>
    <message>
      <source>Noted in the script: %1</source>
      <translation>נרשם בתסריט: %1</translation>
    </message>
    <message>
      <source>Carry out by %1 (%2 hours left)</source>
      <translation>לבצע עד %1 (נותרו %2 שעות)</translation>
    </message>
    <message>
      <source>The cancellation request cannot be in the future.</source>
      <translation>בקשת הביטול לא יכולה להיות בעתיד.</translation>
    </message>
    <message>
      <source>The request is more than 30 days before the call: check the date.</source>
      <translation>הבקשה מוקדמת ביותר מ-30 יום לשיחה: בדקו את התאריך.</translation>
    </message>
    <message>
      <source>The effective date must be within a year.</source>
      <translation>תאריך התחולה חייב להיות בתוך שנה.</translation>
    </message>
    <message>
      <source>The callback must be within a year.</source>
      <translation>השיחה החוזרת חייבת להיות בתוך שנה.</translation>
    </message>
    <message>
      <source>That outcome is for calls we make, not for a call we took.</source>
      <translation>התוצאה הזו מיועדת לשיחות יוצאות, לא לשיחה נכנסת.</translation>
    </message>
    <message>
      <source>Choose how the call ended.</source>
      <translation>בחרו איך הסתיימה השיחה.</translation>
    </message>
    <message>
      <source>Choose why the customer wanted to leave.</source>
      <translation>בחרו את סיבת העזיבה.</translation>
    </message>
    <message>
      <source>The second reason repeats the first.</source>
      <translation>הסיבה הנוספת זהה לראשונה.</translation>
    </message>
    <message>
      <source>Name the competitor.</source>
      <translation>ציינו את המתחרה.</translation>
    </message>
    <message>
      <source>The notes are too long (4,000 characters at most).</source>
      <translation>ההערות ארוכות מדי (עד 4,000 תווים).</translation>
    </message>
    <message>
      <source>When did the customer ask to cancel?</source>
      <translation>מתי הוגשה בקשת הניתוק?</translation>
    </message>
    <message>
      <source>The date must be today or later.</source>
      <translation>התאריך חייב להיות היום או מאוחר יותר.</translation>
    </message>
    <message>
      <source>Not saved: %1 Your wrap-up is kept; try again.</source>
      <translation>לא נשמר: %1 הסיכום שלכם נשמר; נסו שוב.</translation>
    </message>
    <message>
      <source>Set a time in the future to call back.</source>
      <translation>קבעו מועד עתידי לשיחה החוזרת.</translation>
    </message>
    <message>
      <source>O&amp;utcome:</source>
      <translation>ת&amp;וצאה:</translation>
    </message>
    <message>
      <source>Asked to cancel at (Israel time):</source>
      <translation>מועד בקשת הניתוק (שעון ישראל):</translation>
    </message>
    <message>
      <source>Due (Israel time):</source>
      <translation>מועד (שעון ישראל):</translation>
    </message>
    <message>
      <source>Set when to call back.</source>
      <translation>קבעו מתי לחזור ללקוח.</translation>
    </message>
    <message>
      <source>The referral needs a name and a valid phone number.</source>
      <translation>להמלצה נדרשים שם ומספר טלפון תקין.</translation>
    </message>
    <message>
      <source>The score is out of range for this survey.</source>
      <translation>הציון מחוץ לטווח של הסקר הזה.</translation>
    </message>
    <message>
      <source>The draft could not be saved: %1</source>
      <translation>לא ניתן לשמור את הטיוטה: %1</translation>
    </message>
    <message>
      <source>The call's start or end time is not possible: check the computer's date and clock.</source>
      <translation>שעת ההתחלה או הסיום של השיחה אינה אפשרית: בדקו את התאריך והשעון של המחשב.</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>שולח…</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>נשמר.</translation>
    </message>
    <message>
      <source>Saved. Cancellation confirmation for the customer: %1. Carry it out by %2.</source>
      <translation>נשמר. אישור ניתוק לפונה: %1. לבצע עד %2.</translation>
    </message>
  </context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
  <context>
    <name>AgentView</name>
    <message>
      <source>This is not a phone number we can use: %1</source>
      <translation>This is not a phone number we can use: %1</translation>
    </message>
    <message>
      <source>%1 customers share the number %2. Who is calling?</source>
      <translation>%1 customers share the number %2. Who is calling?</translation>
    </message>
    <message>
      <source>Caller's phone, or a name, account, email or ID digits</source>
      <translation>Caller's phone, or a name, account, email or ID digits</translation>
    </message>
    <message>
      <source>&amp;End call</source>
      <translation>&amp;End call</translation>
    </message>
    <message>
      <source>End the call and start the wrap-up (Ctrl+E)</source>
      <translation>End the call and start the wrap-up (Ctrl+E)</translation>
    </message>
    <message>
      <source>Wrap-up %1</source>
      <translation>Wrap-up %1</translation>
    </message>
    <message>
      <source>Caller:</source>
      <translation>Caller:</translation>
    </message>
    <message>
      <source>&amp;Call now</source>
      <translation>&amp;Call now</translation>
    </message>
    <message>
      <source>Waiting for a call.
Type or paste the caller's number above (Ctrl+L) and press Enter, or search by name, account, email or ID.</source>
      <translation>Waiting for a call.
Type or paste the caller's number above (Ctrl+L) and press Enter, or search by name, account, email or ID.</translation>
    </message>
    <message>
      <source>Scr&amp;ipt</source>
      <translation>Scr&amp;ipt</translation>
    </message>
    <message>
      <source>&amp;Wrap-up</source>
      <translation>&amp;Wrap-up</translation>
    </message>
    <message>
      <source>An offer could not be recorded yet: %1 It is kept and sent again shortly.</source>
      <translation>An offer could not be recorded yet: %1 It is kept and sent again shortly.</translation>
    </message>
    <message>
      <source>Fin&amp;d</source>
      <translation>Fin&amp;d</translation>
    </message>
    <message>
      <source>Re&amp;place it</source>
      <translation>Re&amp;place it</translation>
    </message>
    <message>
      <source>&amp;Keep the current call</source>
      <translation>&amp;Keep the current call</translation>
    </message>
    <message>
      <source>Call&amp;back done</source>
      <translation>Call&amp;back done</translation>
    </message>
    <message>
      <source>The callback was dealt with: take it off the list</source>
      <translation>The callback was dealt with: take it off the list</translation>
    </message>
    <message>
      <source>&amp;Offers</source>
      <translation>&amp;Offers</translation>
    </message>
    <message>
      <source>Reason for leaving (F7):</source>
      <translation>Reason for leaving (F7):</translation>
    </message>
    <message>
      <source>Choose the reason…</source>
      <translation>Choose the reason…</translation>
    </message>
    <message>
      <source>Callback overdue since %1: %2</source>
      <translation>Callback overdue since %1: %2</translation>
    </message>
    <message>
      <source>Callback due at %1: %2</source>
      <translation>Callback due at %1: %2</translation>
    </message>
    <message>
      <source>(team queue)</source>
      <translation>(team queue)</translation>
    </message>
    <message>
      <source>and %1 more</source>
      <translation>and %1 more</translation>
    </message>
    <message>
      <source>The national ID could not be shown: %1</source>
      <translation>The national ID could not be shown: %1</translation>
    </message>
    <message>
      <source>Finish the wrap-up of the call on screen first.</source>
      <translation>Finish the wrap-up of the call on screen first.</translation>
    </message>
    <message>
      <source>Outbound call: %1</source>
      <translation>Outbound call: %1</translation>
    </message>
    <message>
      <source>Your unfinished call was restored: finish its wrap-up.</source>
      <translation>Your unfinished call was restored: finish its wrap-up.</translation>
    </message>
    <message>
      <source>Unfinished call with %1: finish its wrap-up.</source>
      <translation>Unfinished call with %1: finish its wrap-up.</translation>
    </message>
    <message>
      <source>A call with %1 is not wrapped up yet. Replace it?</source>
      <translation>A call with %1 is not wrapped up yet. Replace it?</translation>
    </message>
    <message numerus="yes">
      <source>A search takes at most %n words: a name, a number or an email.</source>
      <translation>
        <numerusform>A search takes at most %n word: a name, a number or an email.</numerusform>
        <numerusform>A search takes at most %n words: a name, a number or an email.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>A search takes at most %n characters.</source>
      <translation>
        <numerusform>A search takes at most %n character.</numerusform>
        <numerusform>A search takes at most %n characters.</numerusform>
      </translation>
    </message>
    <message>
      <source>The lookup failed: %1</source>
      <translation>The lookup failed: %1</translation>
    </message>
    <message>
      <source>The server cannot be reached, and the caller %1 is not among the customers kept on this desk.
Take the call and log it in the wrap-up: it is kept against the number and sent when the server answers.</source>
      <translation>The server cannot be reached, and the caller %1 is not among the customers kept on this desk.
Take the call and log it in the wrap-up: it is kept against the number and sent when the server answers.</translation>
    </message>
    <message>
      <source>The caller is not on this desk, and the server cannot be reached now.</source>
      <translation>The caller is not on this desk, and the server cannot be reached now.</translation>
    </message>
    <message>
      <source>The caller %1 could not be looked up.
Take the call and log it in the wrap-up: it is kept against the number.</source>
      <translation>The caller %1 could not be looked up.
Take the call and log it in the wrap-up: it is kept against the number.</translation>
    </message>
    <message>
      <source>The caller could not be looked up: %1</source>
      <translation>The caller could not be looked up: %1</translation>
    </message>
    <message>
      <source>New caller: no customer has the number %1.
Take the call; if you find who it is (search above), the call is linked to them.</source>
      <translation>New caller: no customer has the number %1.
Take the call; if you find who it is (search above), the call is linked to them.</translation>
    </message>
    <message>
      <source>%1 customers match “%2”. Choose one:</source>
      <translation>%1 customers match “%2”. Choose one:</translation>
    </message>
    <message>
      <source>No customer matches “%2”.</source>
      <translation>No customer matches “%2”.</translation>
    </message>
    <message>
      <source>The server cannot be reached: only the customers kept on this desk were searched.</source>
      <translation>The server cannot be reached: only the customers kept on this desk were searched.</translation>
    </message>
    <message>
      <source>That customer no longer exists.</source>
      <translation>That customer no longer exists.</translation>
    </message>
  </context>
  <context>
    <name>AuditView</name>
    <message>
      <source>Added</source>
      <translation>Added</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>Changed</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>Removed</translation>
    </message>
    <message>
      <source>Revealed an ID number</source>
      <translation>Revealed an ID number</translation>
    </message>
    <message>
      <source>Searched by ID number</source>
      <translation>Searched by ID number</translation>
    </message>
    <message>
      <source>Submitted a call</source>
      <translation>Submitted a call</translation>
    </message>
    <message>
      <source>Amended a call</source>
      <translation>Amended a call</translation>
    </message>
    <message>
      <source>Corrected a call</source>
      <translation>Corrected a call</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>Call</translation>
    </message>
    <message>
      <source>Offer presented</source>
      <translation>Offer presented</translation>
    </message>
    <message>
      <source>Approval request</source>
      <translation>Approval request</translation>
    </message>
    <message>
      <source>Callback</source>
      <translation>Callback</translation>
    </message>
    <message>
      <source>Referral</source>
      <translation>Referral</translation>
    </message>
    <message>
      <source>QA review</source>
      <translation>QA review</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>Survey answer</source>
      <translation>Survey answer</translation>
    </message>
    <message>
      <source>Incident</source>
      <translation>Incident</translation>
    </message>
    <message>
      <source>Offer</source>
      <translation>Offer</translation>
    </message>
    <message>
      <source>Call script</source>
      <translation>Call script</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>Person</translation>
    </message>
    <message>
      <source>Team</source>
      <translation>Team</translation>
    </message>
    <message>
      <source>Risk weight</source>
      <translation>Risk weight</translation>
    </message>
    <message>
      <source>Subscription</source>
      <translation>Subscription</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Customer</translation>
    </message>
    <message>
      <source>Mutation %1</source>
      <translation>Mutation %1</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>Everyone</translation>
    </message>
    <message>
      <source>Search: a name, an action, a value…</source>
      <translation>Search: a name, an action, a value…</translation>
    </message>
    <message>
      <source>&amp;Show</source>
      <translation>&amp;Show</translation>
    </message>
    <message>
      <source>P&amp;erson:</source>
      <translation>P&amp;erson:</translation>
    </message>
    <message>
      <source>U&amp;ntil:</source>
      <translation>U&amp;ntil:</translation>
    </message>
    <message>
      <source>Fro&amp;m:</source>
      <translation>Fro&amp;m:</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>Nothing recorded for these filters.</source>
      <translation>Nothing recorded for these filters.</translation>
    </message>
    <message numerus="yes">
      <source>The newest %n events; narrow the filters to see older ones.</source>
      <translation>
        <numerusform>The newest %n event; narrow the filters to see older ones.</numerusform>
        <numerusform>The newest %n events; narrow the filters to see older ones.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n events</source>
      <translation>
        <numerusform>%n event</numerusform>
        <numerusform>%n events</numerusform>
      </translation>
    </message>
    <message>
      <source>The audit could not be loaded: %1</source>
      <translation>The audit could not be loaded: %1</translation>
    </message>
  </context>
  <context>
    <name>CallDetailView</name>
    <message>
      <source>Outcome</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>Competitor</source>
      <translation>Competitor</translation>
    </message>
    <message>
      <source>New address</source>
      <translation>New address</translation>
    </message>
    <message>
      <source>Moving day</source>
      <translation>Moving day</translation>
    </message>
    <message>
      <source>← &amp;Back to the list</source>
      <translation>← &amp;Back to the list</translation>
    </message>
    <message>
      <source>Why (required; kept with the correction)</source>
      <translation>Why (required; kept with the correction)</translation>
    </message>
    <message>
      <source>&amp;Save correction</source>
      <translation>&amp;Save correction</translation>
    </message>
    <message>
      <source>Correct this call</source>
      <translation>Correct this call</translation>
    </message>
    <message>
      <source>Fi&amp;eld</source>
      <translation>Fi&amp;eld</translation>
    </message>
    <message>
      <source>&amp;New value</source>
      <translation>&amp;New value</translation>
    </message>
    <message>
      <source>&amp;Why</source>
      <translation>&amp;Why</translation>
    </message>
    <message>
      <source>Script path</source>
      <translation>Script path</translation>
    </message>
    <message>
      <source>Offers</source>
      <translation>Offers</translation>
    </message>
    <message>
      <source>Approval requests</source>
      <translation>Approval requests</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>Corrections</source>
      <translation>Corrections</translation>
    </message>
    <message>
      <source>This call is no longer on record.</source>
      <translation>This call is no longer on record.</translation>
    </message>
    <message>
      <source>unknown caller</source>
      <translation>unknown caller</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1, %2</translation>
    </message>
    <message>
      <source>Captured: %1</source>
      <translation>Captured: %1</translation>
    </message>
    <message>
      <source>Nothing captured on this call.</source>
      <translation>Nothing captured on this call.</translation>
    </message>
    <message>
      <source>account %1</source>
      <translation>account %1</translation>
    </message>
    <message>
      <source>from %1</source>
      <translation>from %1</translation>
    </message>
    <message>
      <source>agent %1</source>
      <translation>agent %1</translation>
    </message>
    <message>
      <source>team %1</source>
      <translation>team %1</translation>
    </message>
    <message>
      <source>talked %1</source>
      <translation>talked %1</translation>
    </message>
    <message>
      <source>reason: %1</source>
      <translation>reason: %1</translation>
    </message>
    <message>
      <source>none</source>
      <translation>none</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>none yet</translation>
    </message>
    <message>
      <source>%1 (corrected)</source>
      <translation>%1 (corrected)</translation>
    </message>
    <message>
      <source>outcome: %1</source>
      <translation>outcome: %1</translation>
    </message>
    <message>
      <source>competitor: %1</source>
      <translation>competitor: %1</translation>
    </message>
    <message>
      <source>script %1, version %2</source>
      <translation>script %1, version %2</translation>
    </message>
    <message>
      <source>during %1</source>
      <translation>during %1</translation>
    </message>
    <message>
      <source>confirmation %1</source>
      <translation>confirmation %1</translation>
    </message>
    <message>
      <source>Write why the call is corrected.</source>
      <translation>Write why the call is corrected.</translation>
    </message>
    <message>
      <source>Choose a value other than the current one.</source>
      <translation>Choose a value other than the current one.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Saving…</translation>
    </message>
    <message>
      <source>Correction saved.</source>
      <translation>Correction saved.</translation>
    </message>
    <message>
      <source>You may not correct this call: only a team lead of the agent's team or an admin may, and not on their own calls.</source>
      <translation>You may not correct this call: only a team lead of the agent's team or an admin may, and not on their own calls.</translation>
    </message>
    <message>
      <source>The correction was not saved: %1</source>
      <translation>The correction was not saved: %1</translation>
    </message>
  </context>
  <context>
    <name>CallLogModel</name>
    <message>
      <source>%1 (corrected)</source>
      <translation>%1 (corrected)</translation>
    </message>
    <message>
      <source>Click to sort the whole log by this column</source>
      <translation>Click to sort the whole log by this column</translation>
    </message>
    <message numerus="yes">
      <source>Corrected %n times; Enter opens the call and its corrections</source>
      <translation>
        <numerusform>Corrected once; Enter opens the call and its corrections</numerusform>
        <numerusform>Corrected %n times; Enter opens the call and its corrections</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CallLogView</name>
    <message>
      <source>All teams</source>
      <translation>All teams</translation>
    </message>
    <message>
      <source>All agents</source>
      <translation>All agents</translation>
    </message>
    <message>
      <source>All reasons</source>
      <translation>All reasons</translation>
    </message>
    <message>
      <source>All outcomes</source>
      <translation>All outcomes</translation>
    </message>
    <message>
      <source>Any offer</source>
      <translation>Any offer</translation>
    </message>
    <message>
      <source>Any incident</source>
      <translation>Any incident</translation>
    </message>
    <message>
      <source>Any script version</source>
      <translation>Any script version</translation>
    </message>
    <message>
      <source>Text in the notes</source>
      <translation>Text in the notes</translation>
    </message>
    <message>
      <source>&amp;Apply</source>
      <translation>&amp;Apply</translation>
    </message>
    <message>
      <source>Cl&amp;ear</source>
      <translation>Cl&amp;ear</translation>
    </message>
    <message>
      <source>Fro&amp;m</source>
      <translation>Fro&amp;m</translation>
    </message>
    <message>
      <source>U&amp;ntil</source>
      <translation>U&amp;ntil</translation>
    </message>
    <message>
      <source>Saved f&amp;ilters</source>
      <translation>Saved f&amp;ilters</translation>
    </message>
    <message>
      <source>Name to save this filter as</source>
      <translation>Name to save this filter as</translation>
    </message>
    <message>
      <source>&amp;Save filter</source>
      <translation>&amp;Save filter</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>The start date is after the end date.</source>
      <translation>The start date is after the end date.</translation>
    </message>
    <message>
      <source>A search in the notes covers at most a year: narrow the dates.</source>
      <translation>A search in the notes covers at most a year: narrow the dates.</translation>
    </message>
    <message>
      <source>The filter cannot be used: %1</source>
      <translation>The filter cannot be used: %1</translation>
    </message>
    <message>
      <source>Type a name for the filter first.</source>
      <translation>Type a name for the filter first.</translation>
    </message>
    <message>
      <source>Filter “%1” saved.</source>
      <translation>Filter “%1” saved.</translation>
    </message>
    <message>
      <source>Loading calls…</source>
      <translation>Loading calls…</translation>
    </message>
    <message>
      <source>No calls match this filter.</source>
      <translation>No calls match this filter.</translation>
    </message>
    <message numerus="yes">
      <source>%n calls shown; scroll down for more</source>
      <translation>
        <numerusform>%n call shown; scroll down for more</numerusform>
        <numerusform>%n calls shown; scroll down for more</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n calls, all shown</source>
      <translation>
        <numerusform>%n call, all shown</numerusform>
        <numerusform>%n calls, all shown</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Caller360View</name>
    <message>
      <source>All kinds</source>
      <translation>All kinds</translation>
    </message>
    <message>
      <source>Search the history (Ctrl+F)</source>
      <translation>Search the history (Ctrl+F)</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>Show:</translation>
    </message>
    <message>
      <source>&amp;Timeline</source>
      <translation>&amp;Timeline</translation>
    </message>
    <message>
      <source>Products</source>
      <translation>Products</translation>
    </message>
    <message>
      <source>Billing</source>
      <translation>Billing</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>Satisfaction</translation>
    </message>
    <message>
      <source>Earlier saves</source>
      <translation>Earlier saves</translation>
    </message>
    <message>
      <source>Open cases</source>
      <translation>Open cases</translation>
    </message>
    <message>
      <source>Pinned notes</source>
      <translation>Pinned notes</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>Risk</translation>
    </message>
    <message>
      <source>More details</source>
      <translation>More details</translation>
    </message>
  </context>
  <context>
    <name>CallerChooser</name>
    <message numerus="yes">
      <source>%n years old</source>
      <translation>
        <numerusform>%n year old</numerusform>
        <numerusform>%n years old</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more</source>
      <translation>
        <numerusform>%n more</numerusform>
        <numerusform>%n more</numerusform>
      </translation>
    </message>
    <message>
      <source>last contact %1</source>
      <translation>last contact %1</translation>
    </message>
    <message numerus="yes">
      <source>%n open cases</source>
      <translation>
        <numerusform>%n open case</numerusform>
        <numerusform>%n open cases</numerusform>
      </translation>
    </message>
    <message>
      <source>no open cases</source>
      <translation>no open cases</translation>
    </message>
  </context>
  <context>
    <name>CallerHeader</name>
    <message>
      <source>Cancellation requested</source>
      <translation>Cancellation requested</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Age</translation>
    </message>
    <message>
      <source>Customer for</source>
      <translation>Customer for</translation>
    </message>
    <message>
      <source>Value tier</source>
      <translation>Value tier</translation>
    </message>
    <message>
      <source>Monthly revenue</source>
      <translation>Monthly revenue</translation>
    </message>
    <message>
      <source>Lifetime value</source>
      <translation>Lifetime value</translation>
    </message>
    <message>
      <source>Phones</source>
      <translation>Phones</translation>
    </message>
    <message>
      <source>City</source>
      <translation>City</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>ID number</translation>
    </message>
    <message>
      <source>Consent</source>
      <translation>Consent</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>Contacts</translation>
    </message>
    <message>
      <source>Family, work</source>
      <translation>Family, work</translation>
    </message>
    <message>
      <source>Reve&amp;al</source>
      <translation>Reve&amp;al</translation>
    </message>
    <message>
      <source>Show the full ID number for this call (asks why; the reveal is recorded)</source>
      <translation>Show the full ID number for this call (asks why; the reveal is recorded)</translation>
    </message>
    <message>
      <source>Account %1</source>
      <translation>Account %1</translation>
    </message>
    <message>
      <source>marketing</source>
      <translation>marketing</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>SMS</translation>
    </message>
    <message>
      <source>email</source>
      <translation>email</translation>
    </message>
    <message>
      <source>calls</source>
      <translation>calls</translation>
    </message>
    <message>
      <source>none</source>
      <translation>none</translation>
    </message>
    <message>
      <source>Churn risk …</source>
      <translation>Churn risk …</translation>
    </message>
    <message>
      <source>Loading the history…</source>
      <translation>Loading the history…</translation>
    </message>
    <message>
      <source>none on file</source>
      <translation>none on file</translation>
    </message>
    <message>
      <source>Revealed for this call; the reveal is recorded</source>
      <translation>Revealed for this call; the reveal is recorded</translation>
    </message>
    <message>
      <source>Revealed</source>
      <translation>Revealed</translation>
    </message>
    <message numerus="yes">
      <source>%n months</source>
      <translation>
        <numerusform>%n month</numerusform>
        <numerusform>%n months</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n years</source>
      <translation>
        <numerusform>%n year</numerusform>
        <numerusform>%n years</numerusform>
      </translation>
    </message>
    <message>
      <source>%1 in total, %2 open</source>
      <translation>%1 in total, %2 open</translation>
    </message>
    <message>
      <source>Churn risk %1%</source>
      <translation>Churn risk %1%</translation>
    </message>
    <message>
      <source>No warning signs</source>
      <translation>No warning signs</translation>
    </message>
    <message numerus="yes">
      <source>%n months of commitment left</source>
      <translation>
        <numerusform>%n month of commitment left</numerusform>
        <numerusform>%n months of commitment left</numerusform>
      </translation>
    </message>
    <message>
      <source>monthly bill %1</source>
      <translation>monthly bill %1</translation>
    </message>
    <message>
      <source>complaints in 60 days: %1</source>
      <translation>complaints in 60 days: %1</translation>
    </message>
    <message>
      <source>contacts in 30 days: %1</source>
      <translation>contacts in 30 days: %1</translation>
    </message>
    <message>
      <source>late payments this year: %1</source>
      <translation>late payments this year: %1</translation>
    </message>
    <message>
      <source>save offers taken this year: %1</source>
      <translation>save offers taken this year: %1</translation>
    </message>
    <message>
      <source>live products: %1</source>
      <translation>live products: %1</translation>
    </message>
    <message>
      <source>price rose %1% lately</source>
      <translation>price rose %1% lately</translation>
    </message>
    <message numerus="yes">
      <source>contract ends in %n days</source>
      <translation>
        <numerusform>contract ends in %n day</numerusform>
        <numerusform>contract ends in %n days</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>contract ended %n days ago</source>
      <translation>
        <numerusform>contract ended %n day ago</numerusform>
        <numerusform>contract ended %n days ago</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>customer for %n years</source>
      <translation>
        <numerusform>customer for %n year</numerusform>
        <numerusform>customer for %n years</numerusform>
      </translation>
    </message>
    <message>
      <source>unhappy in the last survey</source>
      <translation>unhappy in the last survey</translation>
    </message>
  </context>
  <context>
    <name>CatalogView</name>
    <message>
      <source> a month</source>
      <translation> a month</translation>
    </message>
    <message>
      <source>&amp;Import a catalog file…</source>
      <translation>&amp;Import a catalog file…</translation>
    </message>
    <message>
      <source>E&amp;xport to a file…</source>
      <translation>E&amp;xport to a file…</translation>
    </message>
    <message>
      <source>&amp;Take off / put back</source>
      <translation>&amp;Take off / put back</translation>
    </message>
    <message>
      <source>Agents stop (or start again) seeing the selected offer</source>
      <translation>Agents stop (or start again) seeing the selected offer</translation>
    </message>
    <message>
      <source>The save offers agents can make. An offer shows to an agent only for the reasons, customers and dates it is made for; one that costs more than the agent's authority goes to the team lead. To change offers, export the catalog, edit the file and import it; to stop offering one, select it and press Take off.</source>
      <translation>The save offers agents can make. An offer shows to an agent only for the reasons, customers and dates it is made for; one that costs more than the agent's authority goes to the team lead. To change offers, export the catalog, edit the file and import it; to stop offering one, select it and press Take off.</translation>
    </message>
    <message>
      <source>Team leads take offers off and on; only admins import a catalog.</source>
      <translation>Team leads take offers off and on; only admins import a catalog.</translation>
    </message>
    <message numerus="yes">
      <source>%n offers added</source>
      <translation>
        <numerusform>%n offer added</numerusform>
        <numerusform>%n offers added</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n updated.</source>
      <translation>
        <numerusform>%n updated.</numerusform>
        <numerusform>%n updated.</numerusform>
      </translation>
    </message>
    <message>
      <source>Only admins and team leads change the catalog.</source>
      <translation>Only admins and team leads change the catalog.</translation>
    </message>
    <message>
      <source>Import a catalog file</source>
      <translation>Import a catalog file</translation>
    </message>
    <message>
      <source>Export the catalog</source>
      <translation>Export the catalog</translation>
    </message>
    <message>
      <source>Nothing was imported. Fix these in the file:</source>
      <translation>Nothing was imported. Fix these in the file:</translation>
    </message>
    <message>
      <source>Exported to %1.</source>
      <translation>Exported to %1.</translation>
    </message>
  </context>
  <context>
    <name>Coaching</name>
    <message>
      <source>waiting for the agent</source>
      <translation>waiting for the agent</translation>
    </message>
    <message>
      <source>acknowledged</source>
      <translation>acknowledged</translation>
    </message>
    <message>
      <source>disputed</source>
      <translation>disputed</translation>
    </message>
    <message>
      <source>dispute resolved</source>
      <translation>dispute resolved</translation>
    </message>
    <message>
      <source>Score %1 / 100 by %2, %3</source>
      <translation>Score %1 / 100 by %2, %3</translation>
    </message>
    <message>
      <source>The agent wrote: %1</source>
      <translation>The agent wrote: %1</translation>
    </message>
    <message>
      <source>Not allowed: leads review their team's calls, never their own, and only the call's agent answers a review.</source>
      <translation>Not allowed: leads review their team's calls, never their own, and only the call's agent answers a review.</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Not saved: %1</translation>
    </message>
  </context>
  <context>
    <name>CoachingView</name>
    <message>
      <source>&amp;Mark the dispute resolved</source>
      <translation>&amp;Mark the dispute resolved</translation>
    </message>
    <message>
      <source>Review this &amp;call…</source>
      <translation>Review this &amp;call…</translation>
    </message>
    <message>
      <source>Agents of my team</source>
      <translation>Agents of my team</translation>
    </message>
    <message>
      <source>Reviews</source>
      <translation>Reviews</translation>
    </message>
    <message>
      <source>Newest calls (Enter reviews the chosen one)</source>
      <translation>Newest calls (Enter reviews the chosen one)</translation>
    </message>
    <message>
      <source>Choose a call in the list first.</source>
      <translation>Choose a call in the list first.</translation>
    </message>
  </context>
  <context>
    <name>DashboardColumns</name>
    <message>
      <source>From</source>
      <translation>From</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>Group</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>Calls</translation>
    </message>
    <message>
      <source>Saves</source>
      <translation>Saves</translation>
    </message>
    <message>
      <source>Save rate</source>
      <translation>Save rate</translation>
    </message>
    <message>
      <source>Average handle time (min)</source>
      <translation>Average handle time (min)</translation>
    </message>
    <message>
      <source>Average wrap-up time (min)</source>
      <translation>Average wrap-up time (min)</translation>
    </message>
    <message>
      <source>Checked at 90 days</source>
      <translation>Checked at 90 days</translation>
    </message>
    <message>
      <source>Still active</source>
      <translation>Still active</translation>
    </message>
    <message>
      <source>Kept</source>
      <translation>Kept</translation>
    </message>
    <message>
      <source>Saves with the offer</source>
      <translation>Saves with the offer</translation>
    </message>
    <message>
      <source>Offer cost</source>
      <translation>Offer cost</translation>
    </message>
    <message>
      <source>Retained revenue (12 months)</source>
      <translation>Retained revenue (12 months)</translation>
    </message>
    <message>
      <source>Net</source>
      <translation>Net</translation>
    </message>
    <message>
      <source>Repeat contacts</source>
      <translation>Repeat contacts</translation>
    </message>
    <message>
      <source>Repeat rate</source>
      <translation>Repeat rate</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>Step</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>Answer</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>Ended here</source>
      <translation>Ended here</translation>
    </message>
  </context>
  <context>
    <name>DashboardView</name>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <source>CSV, UTF-8 (*.csv)</source>
      <translation>CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>Save rate</source>
      <translation>Save rate</translation>
    </message>
    <message>
      <source>Handle time</source>
      <translation>Handle time</translation>
    </message>
    <message>
      <source>Saves kept at 90 days</source>
      <translation>Saves kept at 90 days</translation>
    </message>
    <message>
      <source>Offer cost and revenue</source>
      <translation>Offer cost and revenue</translation>
    </message>
    <message>
      <source>Repeat contacts</source>
      <translation>Repeat contacts</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>Days</translation>
    </message>
    <message>
      <source>Weeks</source>
      <translation>Weeks</translation>
    </message>
    <message>
      <source>Months</source>
      <translation>Months</translation>
    </message>
    <message>
      <source>Whole team</source>
      <translation>Whole team</translation>
    </message>
    <message>
      <source>By agent</source>
      <translation>By agent</translation>
    </message>
    <message>
      <source>By team</source>
      <translation>By team</translation>
    </message>
    <message>
      <source>By reason</source>
      <translation>By reason</translation>
    </message>
    <message>
      <source>By offer</source>
      <translation>By offer</translation>
    </message>
    <message>
      <source>&amp;Show</source>
      <translation>&amp;Show</translation>
    </message>
    <message>
      <source>Fro&amp;m</source>
      <translation>Fro&amp;m</translation>
    </message>
    <message>
      <source>U&amp;ntil</source>
      <translation>U&amp;ntil</translation>
    </message>
    <message>
      <source>&amp;Group by</source>
      <translation>&amp;Group by</translation>
    </message>
    <message>
      <source>P&amp;eriod</source>
      <translation>P&amp;eriod</translation>
    </message>
    <message>
      <source>Script funnel</source>
      <translation>Script funnel</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>The start date is after the end date.</source>
      <translation>The start date is after the end date.</translation>
    </message>
    <message>
      <source>Days cover at most a year: pick weeks or months.</source>
      <translation>Days cover at most a year: pick weeks or months.</translation>
    </message>
    <message>
      <source>That range is too long for a dashboard: at most three years.</source>
      <translation>That range is too long for a dashboard: at most three years.</translation>
    </message>
    <message>
      <source>Offer cost</source>
      <translation>Offer cost</translation>
    </message>
    <message>
      <source>Retained revenue</source>
      <translation>Retained revenue</translation>
    </message>
    <message numerus="yes">
      <source>%n calls; save rate %1.</source>
      <translation>
        <numerusform>%n call; save rate %1.</numerusform>
        <numerusform>%n calls; save rate %1.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ExportButtons</name>
    <message>
      <source>Export CSV</source>
      <translation>Export CSV</translation>
    </message>
    <message>
      <source>Export Excel</source>
      <translation>Export Excel</translation>
    </message>
    <message>
      <source>Nothing to export yet.</source>
      <translation>Nothing to export yet.</translation>
    </message>
    <message numerus="yes">
      <source>%n rows are more than an Excel sheet holds: export as CSV.</source>
      <translation>
        <numerusform>%n row is more than an Excel sheet holds: export as CSV.</numerusform>
        <numerusform>%n rows are more than an Excel sheet holds: export as CSV.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Exported %n rows to %1.</source>
      <translation>
        <numerusform>Exported %n row to %1.</numerusform>
        <numerusform>Exported %n rows to %1.</numerusform>
      </translation>
    </message>
    <message>
      <source>The export was not written: %1</source>
      <translation>The export was not written: %1</translation>
    </message>
  </context>
  <context>
    <name>FunnelView</name>
    <message>
      <source>&amp;Compare</source>
      <translation>&amp;Compare</translation>
    </message>
    <message>
      <source>Version &amp;A</source>
      <translation>Version &amp;A</translation>
    </message>
    <message>
      <source>Version &amp;B</source>
      <translation>Version &amp;B</translation>
    </message>
    <message>
      <source>Funnel %1 v%2</source>
      <translation>Funnel %1 v%2</translation>
    </message>
    <message>
      <source>%1 v%2</source>
      <translation>%1 v%2</translation>
    </message>
    <message>
      <source>Pick two script versions to compare.</source>
      <translation>Pick two script versions to compare.</translation>
    </message>
    <message numerus="yes">
      <source>%1 v%2: %n calls, save rate %3</source>
      <translation>
        <numerusform>%1 v%2: %n call, save rate %3</numerusform>
        <numerusform>%1 v%2: %n calls, save rate %3</numerusform>
      </translation>
    </message>
    <message>
      <source>A: calls reaching the step (%)</source>
      <translation>A: calls reaching the step (%)</translation>
    </message>
    <message>
      <source>B: calls reaching the step (%)</source>
      <translation>B: calls reaching the step (%)</translation>
    </message>
    <message>
      <source>Both versions need calls with an outcome in this range to compare them.</source>
      <translation>Both versions need calls with an outcome in this range to compare them.</translation>
    </message>
    <message>
      <source>A: %1 of %2 calls saved; B: %3 of %4.</source>
      <translation>A: %1 of %2 calls saved; B: %3 of %4.</translation>
    </message>
    <message>
      <source>B's save rate minus A's: %1 points (95% confidence interval %2 to %3).</source>
      <translation>B's save rate minus A's: %1 points (95% confidence interval %2 to %3).</translation>
    </message>
    <message>
      <source>The difference is unlikely to be chance.</source>
      <translation>The difference is unlikely to be chance.</translation>
    </message>
    <message>
      <source>Not enough evidence of a difference yet.</source>
      <translation>Not enough evidence of a difference yet.</translation>
    </message>
  </context>
  <context>
    <name>HandleClock</name>
    <message>
      <source>On call %1</source>
      <translation>On call %1</translation>
    </message>
  </context>
  <context>
    <name>ImportView</name>
    <message>
      <source>Bring customers, subscriptions or contacts from the company's CRM or billing system: choose the export (CSV or Excel) and the mapping file that says which column is which. Rows with a problem are set aside in a rejects file; the rest are imported. A dry run checks everything and changes nothing.</source>
      <translation>Bring customers, subscriptions or contacts from the company's CRM or billing system: choose the export (CSV or Excel) and the mapping file that says which column is which. Rows with a problem are set aside in a rejects file; the rest are imported. A dry run checks everything and changes nothing.</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>Customers</translation>
    </message>
    <message>
      <source>Subscriptions</source>
      <translation>Subscriptions</translation>
    </message>
    <message>
      <source>Contacts and complaints</source>
      <translation>Contacts and complaints</translation>
    </message>
    <message>
      <source>customers.csv or .xlsx</source>
      <translation>customers.csv or .xlsx</translation>
    </message>
    <message>
      <source>mapping.toml</source>
      <translation>mapping.toml</translation>
    </message>
    <message>
      <source>&amp;Browse…</source>
      <translation>&amp;Browse…</translation>
    </message>
    <message>
      <source>B&amp;rowse…</source>
      <translation>B&amp;rowse…</translation>
    </message>
    <message>
      <source>&amp;What the file holds:</source>
      <translation>&amp;What the file holds:</translation>
    </message>
    <message>
      <source>&amp;Export file:</source>
      <translation>&amp;Export file:</translation>
    </message>
    <message>
      <source>&amp;Mapping file:</source>
      <translation>&amp;Mapping file:</translation>
    </message>
    <message>
      <source>&amp;Dry run</source>
      <translation>&amp;Dry run</translation>
    </message>
    <message>
      <source>Check the file and the mapping; write nothing</source>
      <translation>Check the file and the mapping; write nothing</translation>
    </message>
    <message>
      <source>&amp;Import</source>
      <translation>&amp;Import</translation>
    </message>
    <message>
      <source>&amp;Open the rejects file</source>
      <translation>&amp;Open the rejects file</translation>
    </message>
    <message>
      <source>Choose the export</source>
      <translation>Choose the export</translation>
    </message>
    <message>
      <source>Exports (*.csv *.xlsx *.xlsm *.xls *.ods)</source>
      <translation>Exports (*.csv *.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
    <message>
      <source>Choose the mapping file</source>
      <translation>Choose the mapping file</translation>
    </message>
    <message>
      <source>Mapping files (*.toml)</source>
      <translation>Mapping files (*.toml)</translation>
    </message>
    <message>
      <source>Choose the export file and its mapping file first.</source>
      <translation>Choose the export file and its mapping file first.</translation>
    </message>
    <message>
      <source>The database is not ready yet; try again in a moment.</source>
      <translation>The database is not ready yet; try again in a moment.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>Importing…</translation>
    </message>
    <message numerus="yes">
      <source>%n rows read</source>
      <translation>
        <numerusform>%n row read</numerusform>
        <numerusform>%n rows read</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n would be added</source>
      <translation>
        <numerusform>%n would be added</numerusform>
        <numerusform>%n would be added</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n would be updated</source>
      <translation>
        <numerusform>%n would be updated</numerusform>
        <numerusform>%n would be updated</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n rejected</source>
      <translation>
        <numerusform>%n rejected</numerusform>
        <numerusform>%n rejected</numerusform>
      </translation>
    </message>
    <message>
      <source>Dry run, nothing was written: %1.</source>
      <translation>Dry run, nothing was written: %1.</translation>
    </message>
    <message numerus="yes">
      <source>%n added</source>
      <translation>
        <numerusform>%n added</numerusform>
        <numerusform>%n added</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n updated</source>
      <translation>
        <numerusform>%n updated</numerusform>
        <numerusform>%n updated</numerusform>
      </translation>
    </message>
    <message>
      <source>Import finished: %1.</source>
      <translation>Import finished: %1.</translation>
    </message>
    <message>
      <source>Each rejected row, with its line, column and reason, is in %1.</source>
      <translation>Each rejected row, with its line, column and reason, is in %1.</translation>
    </message>
    <message>
      <source>The mapping file cannot be used: %1</source>
      <translation>The mapping file cannot be used: %1</translation>
    </message>
    <message>
      <source>The export cannot be read: %1</source>
      <translation>The export cannot be read: %1</translation>
    </message>
    <message>
      <source>The database needs an upgrade first (agent-desk db upgrade).</source>
      <translation>The database needs an upgrade first (agent-desk db upgrade).</translation>
    </message>
    <message>
      <source>No such file: %1</source>
      <translation>No such file: %1</translation>
    </message>
  </context>
  <context>
    <name>IncidentBanner</name>
    <message>
      <source>Outage: %1</source>
      <translation>Outage: %1</translation>
    </message>
    <message>
      <source>expected fix %1</source>
      <translation>expected fix %1</translation>
    </message>
    <message>
      <source>no fix time yet</source>
      <translation>no fix time yet</translation>
    </message>
    <message>
      <source>Tell the caller: %1</source>
      <translation>Tell the caller: %1</translation>
    </message>
    <message>
      <source>, </source>
      <translation>, </translation>
    </message>
    <message>
      <source>This caller is affected by the outage: %1</source>
      <translation>This caller is affected by the outage: %1</translation>
    </message>
  </context>
  <context>
    <name>IncidentForm</name>
    <message>
      <source>Affected products (none ticked: all)</source>
      <translation>Affected products (none ticked: all)</translation>
    </message>
    <message>
      <source>Affected areas (none ticked: all)</source>
      <translation>Affected areas (none ticked: all)</translation>
    </message>
    <message>
      <source>Known</source>
      <translation>Known</translation>
    </message>
    <message>
      <source>Minor</source>
      <translation>Minor</translation>
    </message>
    <message>
      <source>Major</source>
      <translation>Major</translation>
    </message>
    <message>
      <source>Critical</source>
      <translation>Critical</translation>
    </message>
    <message>
      <source>Title (Hebrew):</source>
      <translation>Title (Hebrew):</translation>
    </message>
    <message>
      <source>Title (English):</source>
      <translation>Title (English):</translation>
    </message>
    <message>
      <source>Severity:</source>
      <translation>Severity:</translation>
    </message>
    <message>
      <source>Expected fix (Israel time):</source>
      <translation>Expected fix (Israel time):</translation>
    </message>
    <message>
      <source>Talking points (Hebrew):</source>
      <translation>Talking points (Hebrew):</translation>
    </message>
    <message>
      <source>Talking points (English):</source>
      <translation>Talking points (English):</translation>
    </message>
    <message>
      <source>&amp;Declare the incident</source>
      <translation>&amp;Declare the incident</translation>
    </message>
    <message>
      <source>Send the &amp;update</source>
      <translation>Send the &amp;update</translation>
    </message>
    <message>
      <source>&amp;Resolved: end it</source>
      <translation>&amp;Resolved: end it</translation>
    </message>
    <message>
      <source>&amp;New incident</source>
      <translation>&amp;New incident</translation>
    </message>
    <message>
      <source>Incidents (team leads declare them)</source>
      <translation>Incidents (team leads declare them)</translation>
    </message>
    <message>
      <source>Update the incident</source>
      <translation>Update the incident</translation>
    </message>
    <message>
      <source>Declare an incident</source>
      <translation>Declare an incident</translation>
    </message>
    <message>
      <source>Give the incident a title, in Hebrew or in English.</source>
      <translation>Give the incident a title, in Hebrew or in English.</translation>
    </message>
    <message>
      <source>The title is too long (200 characters at most).</source>
      <translation>The title is too long (200 characters at most).</translation>
    </message>
    <message>
      <source>Check the field: %1</source>
      <translation>Check the field: %1</translation>
    </message>
  </context>
  <context>
    <name>IncidentLabels</name>
    <message>
      <source>Mobile</source>
      <translation>Mobile</translation>
    </message>
    <message>
      <source>Internet</source>
      <translation>Internet</translation>
    </message>
    <message>
      <source>TV</source>
      <translation>TV</translation>
    </message>
    <message>
      <source>Insurance</source>
      <translation>Insurance</translation>
    </message>
    <message>
      <source>Club</source>
      <translation>Club</translation>
    </message>
    <message>
      <source>Bundle</source>
      <translation>Bundle</translation>
    </message>
    <message>
      <source>North</source>
      <translation>North</translation>
    </message>
    <message>
      <source>Haifa</source>
      <translation>Haifa</translation>
    </message>
    <message>
      <source>Center</source>
      <translation>Center</translation>
    </message>
    <message>
      <source>Tel Aviv</source>
      <translation>Tel Aviv</translation>
    </message>
    <message>
      <source>Jerusalem</source>
      <translation>Jerusalem</translation>
    </message>
    <message>
      <source>South</source>
      <translation>South</translation>
    </message>
    <message>
      <source>, </source>
      <translation>, </translation>
    </message>
    <message>
      <source>all products</source>
      <translation>all products</translation>
    </message>
    <message>
      <source>all areas</source>
      <translation>all areas</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>Resolved %1</source>
      <translation>Resolved %1</translation>
    </message>
  </context>
  <context>
    <name>IncidentView</name>
    <message>
      <source>Outage mode</source>
      <translation>Outage mode</translation>
    </message>
    <message>
      <source>Incidents of the last 7 days (open first):</source>
      <translation>Incidents of the last 7 days (open first):</translation>
    </message>
    <message>
      <source>Callers to call back first appear here during an incident.</source>
      <translation>Callers to call back first appear here during an incident.</translation>
    </message>
    <message>
      <source>Called two or more times in 24 hours during “%1”: call them back first</source>
      <translation>Called two or more times in 24 hours during “%1”: call them back first</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Not saved: %1</translation>
    </message>
  </context>
  <context>
    <name>KeyboardMapOverlay</name>
    <message>
      <source>Keyboard map</source>
      <translation>Keyboard map</translation>
    </message>
    <message>
      <source>Esc or F1 closes this map.</source>
      <translation>Esc or F1 closes this map.</translation>
    </message>
  </context>
  <context>
    <name>Keymap</name>
    <message>
      <source>Everywhere</source>
      <translation>Everywhere</translation>
    </message>
    <message>
      <source>Agent view</source>
      <translation>Agent view</translation>
    </message>
    <message>
      <source>Script</source>
      <translation>Script</translation>
    </message>
    <message>
      <source>Offers (under the script step, and the Offers tab)</source>
      <translation>Offers (under the script step, and the Offers tab)</translation>
    </message>
    <message>
      <source>Wrap-up</source>
      <translation>Wrap-up</translation>
    </message>
    <message>
      <source>Work queue</source>
      <translation>Work queue</translation>
    </message>
    <message>
      <source>Team lead view</source>
      <translation>Team lead view</translation>
    </message>
    <message>
      <source>Show or hide this keyboard map</source>
      <translation>Show or hide this keyboard map</translation>
    </message>
    <message>
      <source>Offer catalog</source>
      <translation>Offer catalog</translation>
    </message>
    <message>
      <source>Referrals</source>
      <translation>Referrals</translation>
    </message>
    <message>
      <source>Incidents (outage mode)</source>
      <translation>Incidents (outage mode)</translation>
    </message>
    <message>
      <source>My reviews: your QA reviews, to acknowledge or dispute</source>
      <translation>My reviews: your QA reviews, to acknowledge or dispute</translation>
    </message>
    <message>
      <source>Import customers (admins)</source>
      <translation>Import customers (admins)</translation>
    </message>
    <message>
      <source>Refresh the lists</source>
      <translation>Refresh the lists</translation>
    </message>
    <message>
      <source>Quit (an unsent wrap-up is kept)</source>
      <translation>Quit (an unsent wrap-up is kept)</translation>
    </message>
    <message>
      <source>With the underlined letter: press that button or open that tab</source>
      <translation>With the underlined letter: press that button or open that tab</translation>
    </message>
    <message>
      <source>Next control (tables are one stop; the arrows move inside them)</source>
      <translation>Next control (tables are one stop; the arrows move inside them)</translation>
    </message>
    <message>
      <source>Caller's number or a search</source>
      <translation>Caller's number or a search</translation>
    </message>
    <message>
      <source>Find the caller; in a list, open the chosen customer</source>
      <translation>Find the caller; in a list, open the chosen customer</translation>
    </message>
    <message>
      <source>Search the customer's history</source>
      <translation>Search the customer's history</translation>
    </message>
    <message>
      <source>Alt+1 to Alt+9: the customer's history tabs, Timeline to More details</source>
      <translation>Alt+1 to Alt+9: the customer's history tabs, Timeline to More details</translation>
    </message>
    <message>
      <source>Go to the script</source>
      <translation>Go to the script</translation>
    </message>
    <message>
      <source>The reason for leaving (script, offers and wrap-up follow)</source>
      <translation>The reason for leaving (script, offers and wrap-up follow)</translation>
    </message>
    <message>
      <source>The script's objection library (arrows and Enter choose)</source>
      <translation>The script's objection library (arrows and Enter choose)</translation>
    </message>
    <message>
      <source>Cancel now: the customer wants to leave, the script goes straight to the cancellation</source>
      <translation>Cancel now: the customer wants to leave, the script goes straight to the cancellation</translation>
    </message>
    <message>
      <source>End the call and start the wrap-up</source>
      <translation>End the call and start the wrap-up</translation>
    </message>
    <message>
      <source>1 to 9: the numbered answer</source>
      <translation>1 to 9: the numbered answer</translation>
    </message>
    <message>
      <source>Back one step</source>
      <translation>Back one step</translation>
    </message>
    <message>
      <source>Ctrl+Down and Ctrl+Up: choose an offer (it is outlined)</source>
      <translation>Ctrl+Down and Ctrl+Up: choose an offer (it is outlined)</translation>
    </message>
    <message>
      <source>Alt+1 to Alt+5: the tabs, Results, Call log, Dashboards, Coaching and Audit</source>
      <translation>Alt+1 to Alt+5: the tabs, Results, Call log, Dashboards, Coaching and Audit</translation>
    </message>
    <message>
      <source>In the call log: apply the filter (in the filter bar) or open the chosen call</source>
      <translation>In the call log: apply the filter (in the filter bar) or open the chosen call</translation>
    </message>
    <message>
      <source>From a call's detail back to the call log, on the same call</source>
      <translation>From a call's detail back to the call log, on the same call</translation>
    </message>
    <message>
      <source>Present the chosen offer</source>
      <translation>Present the chosen offer</translation>
    </message>
    <message>
      <source>The customer accepted it (the script moves on)</source>
      <translation>The customer accepted it (the script moves on)</translation>
    </message>
    <message>
      <source>The customer declined it</source>
      <translation>The customer declined it</translation>
    </message>
    <message>
      <source>Ask the team lead (above your authority)</source>
      <translation>Ask the team lead (above your authority)</translation>
    </message>
    <message>
      <source>Submit the wrap-up</source>
      <translation>Submit the wrap-up</translation>
    </message>
    <message>
      <source>Next task: take the most urgent one and call the customer</source>
      <translation>Next task: take the most urgent one and call the customer</translation>
    </message>
    <message>
      <source>Call the chosen task's customer</source>
      <translation>Call the chosen task's customer</translation>
    </message>
    <message>
      <source>Skip the chosen task (with a reason)</source>
      <translation>Skip the chosen task (with a reason)</translation>
    </message>
    <message>
      <source>Up and Down: choose a request</source>
      <translation>Up and Down: choose a request</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <source>Call</source>
      <translation>Call</translation>
    </message>
    <message>
      <source>Complaint</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <source>Ticket</source>
      <translation>Ticket</translation>
    </message>
    <message>
      <source>Purchase</source>
      <translation>Purchase</translation>
    </message>
    <message>
      <source>Plan change</source>
      <translation>Plan change</translation>
    </message>
    <message>
      <source>Outreach</source>
      <translation>Outreach</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>Survey</source>
      <translation>Survey</translation>
    </message>
    <message>
      <source>Retention call</source>
      <translation>Retention call</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>Email</translation>
    </message>
    <message>
      <source>Chat</source>
      <translation>Chat</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>SMS</translation>
    </message>
    <message>
      <source>Store</source>
      <translation>Store</translation>
    </message>
    <message>
      <source>Web</source>
      <translation>Web</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>In progress</translation>
    </message>
    <message>
      <source>Resolved</source>
      <translation>Resolved</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>Closed</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>Paused</source>
      <translation>Paused</translation>
    </message>
    <message>
      <source>Cancellation requested</source>
      <translation>Cancellation requested</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>Suspended</source>
      <translation>Suspended</translation>
    </message>
    <message>
      <source>Bronze</source>
      <translation>Bronze</translation>
    </message>
    <message>
      <source>Silver</source>
      <translation>Silver</translation>
    </message>
    <message>
      <source>Gold</source>
      <translation>Gold</translation>
    </message>
    <message>
      <source>Platinum</source>
      <translation>Platinum</translation>
    </message>
    <message>
      <source>Invoice</source>
      <translation>Invoice</translation>
    </message>
    <message>
      <source>Payment</source>
      <translation>Payment</translation>
    </message>
    <message>
      <source>Late payment</source>
      <translation>Late payment</translation>
    </message>
    <message>
      <source>Price change</source>
      <translation>Price change</translation>
    </message>
    <message>
      <source>Credit</source>
      <translation>Credit</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>Refund</translation>
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
      <translation>Offered</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>Declined</source>
      <translation>Declined</translation>
    </message>
    <message>
      <source>Waiting for approval</source>
      <translation>Waiting for approval</translation>
    </message>
    <message>
      <source>Withdrawn</source>
      <translation>Withdrawn</translation>
    </message>
    <message>
      <source>Waiting for an answer</source>
      <translation>Waiting for an answer</translation>
    </message>
    <message>
      <source>Approved</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>Expired</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>Yes</translation>
    </message>
    <message>
      <source>No</source>
      <translation>No</translation>
    </message>
    <message>
      <source>Percent discount</source>
      <translation>Percent discount</translation>
    </message>
    <message>
      <source>Fixed discount</source>
      <translation>Fixed discount</translation>
    </message>
    <message>
      <source>One-off credit</source>
      <translation>One-off credit</translation>
    </message>
    <message>
      <source>Free months</source>
      <translation>Free months</translation>
    </message>
    <message>
      <source>Upgrade, same price</source>
      <translation>Upgrade, same price</translation>
    </message>
    <message>
      <source>Add-on</source>
      <translation>Add-on</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>Device</translation>
    </message>
    <message>
      <source>Downgrade</source>
      <translation>Downgrade</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>Pause</translation>
    </message>
    <message>
      <source>Renewal discount</source>
      <translation>Renewal discount</translation>
    </message>
    <message>
      <source>Outage goodwill</source>
      <translation>Outage goodwill</translation>
    </message>
    <message>
      <source>Loyalty gift</source>
      <translation>Loyalty gift</translation>
    </message>
    <message>
      <source>Single</source>
      <translation>Single</translation>
    </message>
    <message>
      <source>Married</source>
      <translation>Married</translation>
    </message>
    <message>
      <source>Divorced</source>
      <translation>Divorced</translation>
    </message>
    <message>
      <source>Widowed</source>
      <translation>Widowed</translation>
    </message>
    <message>
      <source>Unknown</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <source>Hebrew</source>
      <translation>Hebrew</translation>
    </message>
    <message>
      <source>Arabic</source>
      <translation>Arabic</translation>
    </message>
    <message>
      <source>Russian</source>
      <translation>Russian</translation>
    </message>
    <message>
      <source>English</source>
      <translation>English</translation>
    </message>
  </context>
  <context>
    <name>LabelsFemale</name>
    <message>
      <source>Single</source>
      <translation>Single</translation>
    </message>
    <message>
      <source>Married</source>
      <translation>Married</translation>
    </message>
    <message>
      <source>Divorced</source>
      <translation>Divorced</translation>
    </message>
    <message>
      <source>Widowed</source>
      <translation>Widowed</translation>
    </message>
  </context>
  <context>
    <name>LabelsMale</name>
    <message>
      <source>Single</source>
      <translation>Single</translation>
    </message>
    <message>
      <source>Married</source>
      <translation>Married</translation>
    </message>
    <message>
      <source>Divorced</source>
      <translation>Divorced</translation>
    </message>
    <message>
      <source>Widowed</source>
      <translation>Widowed</translation>
    </message>
  </context>
  <context>
    <name>LeadView</name>
    <message>
      <source>Last 30 days</source>
      <translation>Last 30 days</translation>
    </message>
    <message>
      <source>Outcomes</source>
      <translation>Outcomes</translation>
    </message>
    <message>
      <source>Latest calls</source>
      <translation>Latest calls</translation>
    </message>
    <message>
      <source>Reason (the agent sees it)</source>
      <translation>Reason (the agent sees it)</translation>
    </message>
    <message>
      <source>A&amp;pprove</source>
      <translation>A&amp;pprove</translation>
    </message>
    <message>
      <source>&amp;Decline</source>
      <translation>&amp;Decline</translation>
    </message>
    <message>
      <source>Resul&amp;ts</source>
      <translation>Resul&amp;ts</translation>
    </message>
    <message>
      <source>Call &amp;log</source>
      <translation>Call &amp;log</translation>
    </message>
    <message>
      <source>Dashboa&amp;rds</source>
      <translation>Dashboa&amp;rds</translation>
    </message>
    <message>
      <source>C&amp;oaching</source>
      <translation>C&amp;oaching</translation>
    </message>
    <message>
      <source>A&amp;udit</source>
      <translation>A&amp;udit</translation>
    </message>
    <message>
      <source>live</source>
      <translation>live</translation>
    </message>
    <message numerus="yes">
      <source>checking every %n seconds</source>
      <translation>
        <numerusform>checking every second</numerusform>
        <numerusform>checking every %n seconds</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The call log and the dashboards are read from a copy of the database that is %n seconds behind: the newest calls may be missing.</source>
      <translation>
        <numerusform>The call log and the dashboards are read from a copy of the database that is %n second behind: the newest calls may be missing.</numerusform>
        <numerusform>The call log and the dashboards are read from a copy of the database that is %n seconds behind: the newest calls may be missing.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Waiting for your approval: %n requests</source>
      <translation>
        <numerusform>Waiting for your approval: %n request</numerusform>
        <numerusform>Waiting for your approval: %n requests</numerusform>
      </translation>
    </message>
    <message>
      <source>customer since %1</source>
      <translation>customer since %1</translation>
    </message>
    <message>
      <source>pays %1 a month</source>
      <translation>pays %1 a month</translation>
    </message>
    <message numerus="yes">
      <source>%n products</source>
      <translation>
        <numerusform>%n product</numerusform>
        <numerusform>%n products</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n open cases</source>
      <translation>
        <numerusform>%n open case</numerusform>
        <numerusform>%n open cases</numerusform>
      </translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1: %2</translation>
    </message>
    <message>
      <source>unknown caller</source>
      <translation>unknown caller</translation>
    </message>
    <message>
      <source>%1 may give up to %2 alone</source>
      <translation>%1 may give up to %2 alone</translation>
    </message>
    <message>
      <source>; this asks %1, %2 more</source>
      <translation>; this asks %1, %2 more</translation>
    </message>
    <message>
      <source>Choose a request in the list first.</source>
      <translation>Choose a request in the list first.</translation>
    </message>
    <message>
      <source>Write the reason the agent will see.</source>
      <translation>Write the reason the agent will see.</translation>
    </message>
    <message>
      <source>Sent to the agent.</source>
      <translation>Sent to the agent.</translation>
    </message>
    <message numerus="yes">
      <source>%Ln calls</source>
      <translation>
        <numerusform>%Ln call</numerusform>
        <numerusform>%Ln calls</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%Ln saved</source>
      <translation>
        <numerusform>%Ln saved</numerusform>
        <numerusform>%Ln saved</numerusform>
      </translation>
    </message>
    <message>
      <source>save rate %1%</source>
      <translation>save rate %1%</translation>
    </message>
    <message>
      <source>no calls yet</source>
      <translation>no calls yet</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>agent-desk: retention desk</source>
      <translation>agent-desk: retention desk</translation>
    </message>
    <message>
      <source>&amp;Retry</source>
      <translation>&amp;Retry</translation>
    </message>
    <message>
      <source>Preparing agent-desk</source>
      <translation>Preparing agent-desk</translation>
    </message>
    <message>
      <source>&amp;Agent view</source>
      <translation>&amp;Agent view</translation>
    </message>
    <message>
      <source>Team &amp;lead view</source>
      <translation>Team &amp;lead view</translation>
    </message>
    <message>
      <source>Offer &amp;catalog</source>
      <translation>Offer &amp;catalog</translation>
    </message>
    <message>
      <source>&amp;Work queue</source>
      <translation>&amp;Work queue</translation>
    </message>
    <message>
      <source>&amp;Referrals</source>
      <translation>&amp;Referrals</translation>
    </message>
    <message>
      <source>&amp;Incidents</source>
      <translation>&amp;Incidents</translation>
    </message>
    <message>
      <source>&amp;My reviews</source>
      <translation>&amp;My reviews</translation>
    </message>
    <message>
      <source>Im&amp;port customers</source>
      <translation>Im&amp;port customers</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>&amp;Refresh</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Quit</translation>
    </message>
    <message>
      <source>Views</source>
      <translation>Views</translation>
    </message>
    <message>
      <source>&amp;Keyboard map</source>
      <translation>&amp;Keyboard map</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>Connecting to the database…</source>
      <translation>Connecting to the database…</translation>
    </message>
    <message>
      <source>Opening this desk's copy…</source>
      <translation>Opening this desk's copy…</translation>
    </message>
    <message>
      <source>Getting this desk's copy from the server…</source>
      <translation>Getting this desk's copy from the server…</translation>
    </message>
    <message>
      <source>This desk has no copy of the data yet, and the server cannot be reached (%1). It starts as soon as the server answers.</source>
      <translation>This desk has no copy of the data yet, and the server cannot be reached (%1). It starts as soon as the server answers.</translation>
    </message>
    <message>
      <source>Updating the local database (a backup copy is kept)…</source>
      <translation>Updating the local database (a backup copy is kept)…</translation>
    </message>
    <message>
      <source>First run: creating demo customers (%1 of %2)…</source>
      <translation>First run: creating demo customers (%1 of %2)…</translation>
    </message>
    <message>
      <source>Connected</source>
      <translation>Connected</translation>
    </message>
    <message>
      <source>The call from your last session had already been saved.</source>
      <translation>The call from your last session had already been saved.</translation>
    </message>
    <message>
      <source>An unfinished wrap-up could not be read: %1</source>
      <translation>An unfinished wrap-up could not be read: %1</translation>
    </message>
    <message>
      <source>no desk user</source>
      <translation>no desk user</translation>
    </message>
    <message>
      <source>Agent: %1</source>
      <translation>Agent: %1</translation>
    </message>
    <message>
      <source>Reports read the main database: %1</source>
      <translation>Reports read the main database: %1</translation>
    </message>
    <message>
      <source>The database cannot be reached (%1). Working offline; press Retry when the network is back.</source>
      <translation>The database cannot be reached (%1). Working offline; press Retry when the network is back.</translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>Offline</translation>
    </message>
    <message>
      <source>The database is not ready for this version: %1</source>
      <translation>The database is not ready for this version: %1</translation>
    </message>
    <message>
      <source>Database needs an upgrade</source>
      <translation>Database needs an upgrade</translation>
    </message>
    <message>
      <source>The database could not be opened: %1</source>
      <translation>The database could not be opened: %1</translation>
    </message>
    <message>
      <source>Database error</source>
      <translation>Database error</translation>
    </message>
    <message>
      <source>Offline: the database is not answering</source>
      <translation>Offline: the database is not answering</translation>
    </message>
    <message>
      <source>Something went wrong while loading: %1</source>
      <translation>Something went wrong while loading: %1</translation>
    </message>
    <message>
      <source>Local database: %1</source>
      <translation>Local database: %1</translation>
    </message>
    <message>
      <source>Server: %1/%2</source>
      <translation>Server: %1/%2</translation>
    </message>
  </context>
  <context>
    <name>MyReviewsView</name>
    <message>
      <source>My reviews</source>
      <translation>My reviews</translation>
    </message>
    <message>
      <source>Your comment (needed to dispute)</source>
      <translation>Your comment (needed to dispute)</translation>
    </message>
    <message>
      <source>&amp;Acknowledge</source>
      <translation>&amp;Acknowledge</translation>
    </message>
    <message>
      <source>D&amp;ispute</source>
      <translation>D&amp;ispute</translation>
    </message>
    <message numerus="yes">
      <source>My reviews: %n waiting for your answer</source>
      <translation>
        <numerusform>My reviews: %n waiting for your answer</numerusform>
        <numerusform>My reviews: %n waiting for your answer</numerusform>
      </translation>
    </message>
    <message>
      <source>Choose a review in the list first.</source>
      <translation>Choose a review in the list first.</translation>
    </message>
    <message>
      <source>Write why you dispute the review.</source>
      <translation>Write why you dispute the review.</translation>
    </message>
    <message>
      <source>Your answer was sent to your team lead.</source>
      <translation>Your answer was sent to your team lead.</translation>
    </message>
  </context>
  <context>
    <name>OfferCard</name>
    <message>
      <source>Presented: what did the customer say?</source>
      <translation>Presented: what did the customer say?</translation>
    </message>
    <message numerus="yes">
      <source>Saves %1 of such calls (%n on record) · keeps %2 a year · costs %3 · worth %4</source>
      <translation>
        <numerusform>Saves %1 of such calls (%n call on record) · keeps %2 a year · costs %3 · worth %4</numerusform>
        <numerusform>Saves %1 of such calls (%n calls on record) · keeps %2 a year · costs %3 · worth %4</numerusform>
      </translation>
    </message>
    <message>
      <source>Saves about %1 of such calls (an estimate: none on record yet) · keeps %2 a year · costs %3 · worth %4</source>
      <translation>Saves about %1 of such calls (an estimate: none on record yet) · keeps %2 a year · costs %3 · worth %4</translation>
    </message>
    <message>
      <source>Present (P)</source>
      <translation>Present (P)</translation>
    </message>
    <message>
      <source>Accepted (A)</source>
      <translation>Accepted (A)</translation>
    </message>
    <message>
      <source>Declined (D)</source>
      <translation>Declined (D)</translation>
    </message>
    <message>
      <source>Ask team lead (T)</source>
      <translation>Ask team lead (T)</translation>
    </message>
    <message>
      <source>Recording…</source>
      <translation>Recording…</translation>
    </message>
    <message>
      <source>This kind of offer needs your team lead: ask them</source>
      <translation>This kind of offer needs your team lead: ask them</translation>
    </message>
    <message>
      <source>%1 above your authority: ask your team lead</source>
      <translation>%1 above your authority: ask your team lead</translation>
    </message>
    <message>
      <source>Asking the team lead…</source>
      <translation>Asking the team lead…</translation>
    </message>
    <message>
      <source>Waiting for %1 (team lead): %2 left</source>
      <translation>Waiting for %1 (team lead): %2 left</translation>
    </message>
    <message>
      <source>Waiting for the team lead: %2 left</source>
      <translation>Waiting for the team lead: %2 left</translation>
    </message>
    <message>
      <source>Approved by %1: %2</source>
      <translation>Approved by %1: %2</translation>
    </message>
    <message>
      <source>Declined by %1: %2</source>
      <translation>Declined by %1: %2</translation>
    </message>
    <message>
      <source>No answer in time: offer one within your authority instead</source>
      <translation>No answer in time: offer one within your authority instead</translation>
    </message>
    <message>
      <source>Accepted by the customer</source>
      <translation>Accepted by the customer</translation>
    </message>
    <message>
      <source>Declined by the customer</source>
      <translation>Declined by the customer</translation>
    </message>
  </context>
  <context>
    <name>OffersPanel</name>
    <message>
      <source>Choose the reason to see the offers this customer can get.</source>
      <translation>Choose the reason to see the offers this customer can get.</translation>
    </message>
    <message>
      <source>All offers</source>
      <translation>All offers</translation>
    </message>
    <message>
      <source>A&amp;ll offers</source>
      <translation>A&amp;ll offers</translation>
    </message>
    <message>
      <source>Show every offer this customer can get, whatever the script step</source>
      <translation>Show every offer this customer can get, whatever the script step</translation>
    </message>
    <message numerus="yes">
      <source>%n offers fit, best first. Best within your authority: %1.</source>
      <translation>
        <numerusform>%n offer fits. Best within your authority: %1.</numerusform>
        <numerusform>%n offers fit, best first. Best within your authority: %1.</numerusform>
      </translation>
    </message>
    <message>
      <source>none</source>
      <translation>none</translation>
    </message>
    <message>
      <source>No offer of the kinds this step suggests fits. See all offers.</source>
      <translation>No offer of the kinds this step suggests fits. See all offers.</translation>
    </message>
    <message>
      <source>No offer fits this customer and reason. Honour the decision and help them leave.</source>
      <translation>No offer fits this customer and reason. Honour the decision and help them leave.</translation>
    </message>
  </context>
  <context>
    <name>QaReviewDialog</name>
    <message>
      <source>QA review</source>
      <translation>QA review</translation>
    </message>
  </context>
  <context>
    <name>QaReviewForm</name>
    <message>
      <source>What went well, what to work on (the agent reads this)</source>
      <translation>What went well, what to work on (the agent reads this)</translation>
    </message>
    <message>
      <source>&amp;Comments</source>
      <translation>&amp;Comments</translation>
    </message>
    <message>
      <source>&amp;Save review</source>
      <translation>&amp;Save review</translation>
    </message>
    <message>
      <source>Ctrl+Enter</source>
      <translation>Ctrl+Enter</translation>
    </message>
    <message>
      <source>Loading the call…</source>
      <translation>Loading the call…</translation>
    </message>
    <message>
      <source>Call of %1 with %2, %3: %4, %5</source>
      <translation>Call of %1 with %2, %3: %4, %5</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>unknown</translation>
    </message>
    <message>
      <source>no reason</source>
      <translation>no reason</translation>
    </message>
    <message>
      <source>no outcome</source>
      <translation>no outcome</translation>
    </message>
    <message>
      <source>Notes: %1</source>
      <translation>Notes: %1</translation>
    </message>
    <message>
      <source>weight %1</source>
      <translation>weight %1</translation>
    </message>
    <message>
      <source>Editing your review of this call (the agent has not answered yet).</source>
      <translation>Editing your review of this call (the agent has not answered yet).</translation>
    </message>
    <message>
      <source>Total: %1 / 100</source>
      <translation>Total: %1 / 100</translation>
    </message>
    <message numerus="yes">
      <source>(%n criteria not scored)</source>
      <translation>
        <numerusform>(%n criterion not scored)</numerusform>
        <numerusform>(%n criteria not scored)</numerusform>
      </translation>
    </message>
    <message>
      <source>Score every criterion first.</source>
      <translation>Score every criterion first.</translation>
    </message>
    <message>
      <source>Saved. The agent sees it in My reviews.</source>
      <translation>Saved. The agent sees it in My reviews.</translation>
    </message>
  </context>
  <context>
    <name>QuitQuestion</name>
    <message>
      <source>Quit agent-desk?</source>
      <translation>Quit agent-desk?</translation>
    </message>
    <message>
      <source>The wrap-up of the call with %1 is not submitted yet.</source>
      <translation>The wrap-up of the call with %1 is not submitted yet.</translation>
    </message>
    <message>
      <source>If you quit now, what you typed is kept and reopens the next time you start agent-desk.</source>
      <translation>If you quit now, what you typed is kept and reopens the next time you start agent-desk.</translation>
    </message>
    <message>
      <source>&amp;Quit, keep the draft</source>
      <translation>&amp;Quit, keep the draft</translation>
    </message>
    <message>
      <source>&amp;Stay and finish it</source>
      <translation>&amp;Stay and finish it</translation>
    </message>
  </context>
  <context>
    <name>ReasonChangeDialog</name>
    <message>
      <source>Change the reason?</source>
      <translation>Change the reason?</translation>
    </message>
    <message>
      <source>The reason changes from “%1” to “%2”. The script starts again for the new reason and the steps walked so far are dropped; offers already made stay on the call.</source>
      <translation>The reason changes from “%1” to “%2”. The script starts again for the new reason and the steps walked so far are dropped; offers already made stay on the call.</translation>
    </message>
    <message>
      <source>Change the reason</source>
      <translation>Change the reason</translation>
    </message>
    <message>
      <source>Keep the script</source>
      <translation>Keep the script</translation>
    </message>
  </context>
  <context>
    <name>ReferralsView</name>
    <message>
      <source>Only people who agreed to be &amp;called</source>
      <translation>Only people who agreed to be &amp;called</translation>
    </message>
    <message>
      <source>&amp;Export for sales…</source>
      <translation>&amp;Export for sales…</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>&amp;Refresh</translation>
    </message>
    <message numerus="yes">
      <source>%n referrals</source>
      <translation>
        <numerusform>%n referral</numerusform>
        <numerusform>%n referrals</numerusform>
      </translation>
    </message>
    <message>
      <source>Export referrals</source>
      <translation>Export referrals</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
      <translation>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
    <message numerus="yes">
      <source>Exported %n referrals to %1</source>
      <translation>
        <numerusform>Exported %n referral to %1</numerusform>
        <numerusform>Exported %n referrals to %1</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>RejectedDialog</name>
    <message>
      <source>A call's wrap-up</source>
      <translation>A call's wrap-up</translation>
    </message>
    <message>
      <source>An offer presented</source>
      <translation>An offer presented</translation>
    </message>
    <message>
      <source>A customer's answer</source>
      <translation>A customer's answer</translation>
    </message>
    <message>
      <source>A request to the team lead</source>
      <translation>A request to the team lead</translation>
    </message>
    <message>
      <source>A note</source>
      <translation>A note</translation>
    </message>
    <message>
      <source>A callback</source>
      <translation>A callback</translation>
    </message>
    <message>
      <source>A callback marked done</source>
      <translation>A callback marked done</translation>
    </message>
    <message>
      <source>A change to a customer's details</source>
      <translation>A change to a customer's details</translation>
    </message>
    <message>
      <source>Refused by the server</source>
      <translation>Refused by the server</translation>
    </message>
    <message>
      <source>The server refused these for good. They are kept here and on the server, where your team lead can see them; nothing was thrown away.</source>
      <translation>The server refused these for good. They are kept here and on the server, where your team lead can see them; nothing was thrown away.</translation>
    </message>
    <message>
      <source>What</source>
      <translation>What</translation>
    </message>
    <message>
      <source>Customer or call</source>
      <translation>Customer or call</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>Why</translation>
    </message>
  </context>
  <context>
    <name>RevealReasonDialog</name>
    <message>
      <source>Reveal the ID number</source>
      <translation>Reveal the ID number</translation>
    </message>
    <message>
      <source>The full ID number is shown for this call only. Revealing it is recorded with your name and the reason.</source>
      <translation>The full ID number is shown for this call only. Revealing it is recorded with your name and the reason.</translation>
    </message>
    <message>
      <source>Choose a reason…</source>
      <translation>Choose a reason…</translation>
    </message>
    <message>
      <source>Verifying the caller's identity</source>
      <translation>Verifying the caller's identity</translation>
    </message>
    <message>
      <source>The cancellation needs the ID number</source>
      <translation>The cancellation needs the ID number</translation>
    </message>
    <message>
      <source>Billing or payment check</source>
      <translation>Billing or payment check</translation>
    </message>
    <message>
      <source>The customer asked what ID we hold</source>
      <translation>The customer asked what ID we hold</translation>
    </message>
    <message>
      <source>Other (write it below)</source>
      <translation>Other (write it below)</translation>
    </message>
    <message>
      <source>Details (required for Other)</source>
      <translation>Details (required for Other)</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>&amp;Reason:</translation>
    </message>
    <message>
      <source>&amp;Details:</source>
      <translation>&amp;Details:</translation>
    </message>
    <message>
      <source>&amp;Show the ID</source>
      <translation>&amp;Show the ID</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>SatisfactionTrend</name>
    <message>
      <source>Satisfaction over time: NPS 0-10, CSAT 1-5 shown on the same scale</source>
      <translation>Satisfaction over time: NPS 0-10, CSAT 1-5 shown on the same scale</translation>
    </message>
    <message>
      <source>No surveys yet</source>
      <translation>No surveys yet</translation>
    </message>
  </context>
  <context>
    <name>ScriptPanel</name>
    <message>
      <source>Back</source>
      <translation>Back</translation>
    </message>
    <message>
      <source>Undo the last answer (Alt+Left)</source>
      <translation>Undo the last answer (Alt+Left)</translation>
    </message>
    <message>
      <source>Objections</source>
      <translation>Objections</translation>
    </message>
    <message>
      <source>What to say to an objection; the script returns here (F8)</source>
      <translation>What to say to an objection; the script returns here (F8)</translation>
    </message>
    <message>
      <source>Cancel now</source>
      <translation>Cancel now</translation>
    </message>
    <message>
      <source>The customer wants to leave: honour it at once (F9)</source>
      <translation>The customer wants to leave: honour it at once (F9)</translation>
    </message>
    <message>
      <source>The script starts when a customer is on screen.</source>
      <translation>The script starts when a customer is on screen.</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Start</translation>
    </message>
    <message>
      <source>Script finished: %1</source>
      <translation>Script finished: %1</translation>
    </message>
    <message>
      <source>In the objection library: the script returns here</source>
      <translation>In the objection library: the script returns here</translation>
    </message>
    <message>
      <source>Type it, then Enter</source>
      <translation>Type it, then Enter</translation>
    </message>
  </context>
  <context>
    <name>SignIn</name>
    <message>
      <source>Importing customers is for admins.</source>
      <translation>Importing customers is for admins.</translation>
    </message>
    <message>
      <source>The team-lead view is for team leads and admins; you are signed in as an agent.</source>
      <translation>The team-lead view is for team leads and admins; you are signed in as an agent.</translation>
    </message>
  </context>
  <context>
    <name>SignInDialog</name>
    <message>
      <source>Sign in to agent-desk</source>
      <translation>Sign in to agent-desk</translation>
    </message>
    <message>
      <source>&amp;Remember password on this computer</source>
      <translation>&amp;Remember password on this computer</translation>
    </message>
    <message>
      <source>Looking for this computer's keyring…</source>
      <translation>Looking for this computer's keyring…</translation>
    </message>
    <message>
      <source>Signing in…</source>
      <translation>Signing in…</translation>
    </message>
    <message>
      <source>Server:</source>
      <translation>Server:</translation>
    </message>
    <message>
      <source>&amp;User name:</source>
      <translation>&amp;User name:</translation>
    </message>
    <message>
      <source>&amp;Password:</source>
      <translation>&amp;Password:</translation>
    </message>
    <message>
      <source>&amp;Sign in</source>
      <translation>&amp;Sign in</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>This computer has no keyring service to keep a password safely, so it cannot be remembered here. Type it each time.</source>
      <translation>This computer has no keyring service to keep a password safely, so it cannot be remembered here. Type it each time.</translation>
    </message>
    <message>
      <source>Kept in this computer's keyring, never in a file</source>
      <translation>Kept in this computer's keyring, never in a file</translation>
    </message>
    <message>
      <source>Type your user name and password.</source>
      <translation>Type your user name and password.</translation>
    </message>
    <message>
      <source>Wrong user name or password.</source>
      <translation>Wrong user name or password.</translation>
    </message>
    <message>
      <source>This login is disabled; ask your admin.</source>
      <translation>This login is disabled; ask your admin.</translation>
    </message>
    <message>
      <source>This login is not a desk user; ask your admin.</source>
      <translation>This login is not a desk user; ask your admin.</translation>
    </message>
    <message>
      <source>The database does not accept sign-ins from this computer; ask your admin.</source>
      <translation>The database does not accept sign-ins from this computer; ask your admin.</translation>
    </message>
    <message>
      <source>The database server cannot be reached. Check the network and try again.</source>
      <translation>The database server cannot be reached. Check the network and try again.</translation>
    </message>
    <message>
      <source>The server cannot be reached. To work offline, type the password you last signed in with on this computer.</source>
      <translation>The server cannot be reached. To work offline, type the password you last signed in with on this computer.</translation>
    </message>
    <message>
      <source>The database refused the sign-in: %1</source>
      <translation>The database refused the sign-in: %1</translation>
    </message>
  </context>
  <context>
    <name>SkipDialog</name>
    <message>
      <source>Skip the task</source>
      <translation>Skip the task</translation>
    </message>
    <message>
      <source>For example: wrong number, asked not to be called</source>
      <translation>For example: wrong number, asked not to be called</translation>
    </message>
    <message>
      <source>Skip the call to %1 for good?</source>
      <translation>Skip the call to %1 for good?</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>&amp;Reason:</translation>
    </message>
  </context>
  <context>
    <name>SnoozeDialog</name>
    <message>
      <source>Snooze the task</source>
      <translation>Snooze the task</translation>
    </message>
    <message>
      <source>For example: asked to call after four</source>
      <translation>For example: asked to call after four</translation>
    </message>
    <message>
      <source>Call %1 later:</source>
      <translation>Call %1 later:</translation>
    </message>
    <message>
      <source>&amp;Until:</source>
      <translation>&amp;Until:</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>&amp;Reason:</translation>
    </message>
  </context>
  <context>
    <name>SyncIndicator</name>
    <message>
      <source>Online</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>Syncing…</translation>
    </message>
    <message>
      <source>Not syncing</source>
      <translation>Not syncing</translation>
    </message>
    <message>
      <source>Offline: working on this desk</source>
      <translation>Offline: working on this desk</translation>
    </message>
    <message numerus="yes">
      <source>%n waiting to be sent</source>
      <translation>
        <numerusform>%n waiting to be sent</numerusform>
        <numerusform>%n waiting to be sent</numerusform>
      </translation>
    </message>
    <message>
      <source>everything sent</source>
      <translation>everything sent</translation>
    </message>
    <message>
      <source>last synced %1</source>
      <translation>last synced %1</translation>
    </message>
    <message numerus="yes">
      <source>%n refused by the server</source>
      <translation>
        <numerusform>%n refused by the server</numerusform>
        <numerusform>%n refused by the server</numerusform>
      </translation>
    </message>
    <message>
      <source>Last synced: %1</source>
      <translation>Last synced: %1</translation>
    </message>
    <message>
      <source>not yet</source>
      <translation>not yet</translation>
    </message>
    <message>
      <source>Click to see what the server refused.</source>
      <translation>Click to see what the server refused.</translation>
    </message>
  </context>
  <context>
    <name>SyncWorker</name>
    <message>
      <source>The server refused this sign-in (a changed password, or a disabled login). Your work is kept on this desk: quit and sign in again to send it.</source>
      <translation>The server refused this sign-in (a changed password, or a disabled login). Your work is kept on this desk: quit and sign in again to send it.</translation>
    </message>
    <message>
      <source>The server is not ready for this version: %1</source>
      <translation>The server is not ready for this version: %1</translation>
    </message>
  </context>
  <context>
    <name>TableHeaders</name>
    <message>
      <source>When</source>
      <translation>When</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>Who</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>What</source>
      <translation>What</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>Subject</source>
      <translation>Subject</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>Product</translation>
    </message>
    <message>
      <source>Monthly price</source>
      <translation>Monthly price</translation>
    </message>
    <message>
      <source>Incident</source>
      <translation>Incident</translation>
    </message>
    <message>
      <source>Affects</source>
      <translation>Affects</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>Since</translation>
    </message>
    <message>
      <source>Expected fix</source>
      <translation>Expected fix</translation>
    </message>
    <message>
      <source>State</source>
      <translation>State</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>Area</source>
      <translation>Area</translation>
    </message>
    <message>
      <source>Contacts in 24 h</source>
      <translation>Contacts in 24 h</translation>
    </message>
    <message>
      <source>Last contact</source>
      <translation>Last contact</translation>
    </message>
    <message>
      <source>Commitment ends</source>
      <translation>Commitment ends</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Amount</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>Change</translation>
    </message>
    <message>
      <source>Days late</source>
      <translation>Days late</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>Description</translation>
    </message>
    <message>
      <source>Survey</source>
      <translation>Survey</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Detail</translation>
    </message>
    <message>
      <source>Reviews</source>
      <translation>Reviews</translation>
    </message>
    <message>
      <source>Average</source>
      <translation>Average</translation>
    </message>
    <message>
      <source>Disputes open</source>
      <translation>Disputes open</translation>
    </message>
    <message>
      <source>Not answered</source>
      <translation>Not answered</translation>
    </message>
    <message>
      <source>Last review</source>
      <translation>Last review</translation>
    </message>
    <message>
      <source>Reviewed</source>
      <translation>Reviewed</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>Call</translation>
    </message>
    <message>
      <source>Score</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>Agent's comment</source>
      <translation>Agent's comment</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>Comment</translation>
    </message>
    <message>
      <source>Offers</source>
      <translation>Offers</translation>
    </message>
    <message>
      <source>Still a customer 90 days later</source>
      <translation>Still a customer 90 days later</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>Factor</source>
      <translation>Factor</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>Weight</translation>
    </message>
    <message>
      <source>Adds to the risk</source>
      <translation>Adds to the risk</translation>
    </message>
    <message>
      <source>Started</source>
      <translation>Started</translation>
    </message>
    <message>
      <source>Agent</source>
      <translation>Agent</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Customer</translation>
    </message>
    <message>
      <source>Corrected to</source>
      <translation>Corrected to</translation>
    </message>
    <message>
      <source>Asked</source>
      <translation>Asked</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>Step</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>Answer</translation>
    </message>
    <message>
      <source>At</source>
      <translation>At</translation>
    </message>
    <message>
      <source>Took</source>
      <translation>Took</translation>
    </message>
    <message>
      <source>Offer</source>
      <translation>Offer</translation>
    </message>
    <message>
      <source>Presented</source>
      <translation>Presented</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Cost</translation>
    </message>
    <message>
      <source>Decided by</source>
      <translation>Decided by</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>Why</translation>
    </message>
    <message>
      <source>By</source>
      <translation>By</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>From</source>
      <translation>From</translation>
    </message>
    <message>
      <source>To</source>
      <translation>To</translation>
    </message>
    <message>
      <source>Needs authority</source>
      <translation>Needs authority</translation>
    </message>
    <message>
      <source>Valid</source>
      <translation>Valid</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>Answer by</source>
      <translation>Answer by</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <source>Handle time</source>
      <translation>Handle time</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>Calls</translation>
    </message>
  </context>
  <context>
    <name>TaskRunner</name>
    <message>
      <source>This customer's details are not on this desk, and the server cannot be reached now.</source>
      <translation>This customer's details are not on this desk, and the server cannot be reached now.</translation>
    </message>
    <message>
      <source>This needs the server, which cannot be reached now; it works again as soon as the server answers.</source>
      <translation>This needs the server, which cannot be reached now; it works again as soon as the server answers.</translation>
    </message>
    <message>
      <source>The database did not answer in time.</source>
      <translation>The database did not answer in time.</translation>
    </message>
    <message>
      <source>The database refused the connection.</source>
      <translation>The database refused the connection.</translation>
    </message>
    <message>
      <source>The connection to the database was lost.</source>
      <translation>The connection to the database was lost.</translation>
    </message>
    <message>
      <source>The database is busy with another program. Try again in a moment.</source>
      <translation>The database is busy with another program. Try again in a moment.</translation>
    </message>
    <message>
      <source>The database refused the change: it conflicts with data already saved.</source>
      <translation>The database refused the change: it conflicts with data already saved.</translation>
    </message>
    <message>
      <source>The database reported an error.</source>
      <translation>The database reported an error.</translation>
    </message>
    <message>
      <source>A file could not be written: %1</source>
      <translation>A file could not be written: %1</translation>
    </message>
    <message>
      <source>Something unexpected went wrong (%1).</source>
      <translation>Something unexpected went wrong (%1).</translation>
    </message>
  </context>
  <context>
    <name>TaskTableModel</name>
    <message>
      <source>Priority</source>
      <translation>Priority</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>Why</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Customer</translation>
    </message>
    <message>
      <source>Occasion</source>
      <translation>Occasion</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>New</source>
      <translation>New</translation>
    </message>
    <message>
      <source>Mine now</source>
      <translation>Mine now</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>Snoozed</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>Skipped</source>
      <translation>Skipped</translation>
    </message>
  </context>
  <context>
    <name>WorkQueueView</name>
    <message>
      <source>&amp;Next task</source>
      <translation>&amp;Next task</translation>
    </message>
    <message>
      <source>Take the most urgent task and call the customer (Ctrl+N)</source>
      <translation>Take the most urgent task and call the customer (Ctrl+N)</translation>
    </message>
    <message>
      <source>S&amp;kip…</source>
      <translation>S&amp;kip…</translation>
    </message>
    <message>
      <source>Sn&amp;ooze…</source>
      <translation>Sn&amp;ooze…</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>&amp;Refresh</translation>
    </message>
    <message>
      <source>Your queue is empty.</source>
      <translation>Your queue is empty.</translation>
    </message>
    <message numerus="yes">
      <source>%n tasks in your queue.</source>
      <translation>
        <numerusform>%n task in your queue.</numerusform>
        <numerusform>%n tasks in your queue.</numerusform>
      </translation>
    </message>
    <message>
      <source>No proactive calls now: outside calling hours, Shabbat or a holiday.</source>
      <translation>No proactive calls now: outside calling hours, Shabbat or a holiday.</translation>
    </message>
    <message>
      <source>Nothing to call now: your queue is empty.</source>
      <translation>Nothing to call now: your queue is empty.</translation>
    </message>
    <message>
      <source>Calling %1: %2</source>
      <translation>Calling %1: %2</translation>
    </message>
    <message>
      <source>Take the task first (Next task), then skip or snooze it.</source>
      <translation>Take the task first (Next task), then skip or snooze it.</translation>
    </message>
    <message>
      <source>Skipped: %1</source>
      <translation>Skipped: %1</translation>
    </message>
    <message>
      <source>Snoozed: %1</source>
      <translation>Snoozed: %1</translation>
    </message>
    <message>
      <source>Done. Press Ctrl+N for the next task.</source>
      <translation>Done. Press Ctrl+N for the next task.</translation>
    </message>
  </context>
  <context>
    <name>WrapUpPanel</name>
    <message>
      <source>What the customer said, what you did, what was promised</source>
      <translation>What the customer said, what you did, what was promised</translation>
    </message>
    <message>
      <source>Cancellation</source>
      <translation>Cancellation</translation>
    </message>
    <message>
      <source>Schedule a callback</source>
      <translation>Schedule a callback</translation>
    </message>
    <message>
      <source>Me</source>
      <translation>Me</translation>
    </message>
    <message>
      <source>My team's queue</source>
      <translation>My team's queue</translation>
    </message>
    <message>
      <source>Callback</source>
      <translation>Callback</translation>
    </message>
    <message>
      <source>Not asked</source>
      <translation>Not asked</translation>
    </message>
    <message>
      <source>Satisfaction 1-5 (CSAT)</source>
      <translation>Satisfaction 1-5 (CSAT)</translation>
    </message>
    <message>
      <source>Would recommend 0-10 (NPS)</source>
      <translation>Would recommend 0-10 (NPS)</translation>
    </message>
    <message>
      <source>Why that score, in the customer's words</source>
      <translation>Why that score, in the customer's words</translation>
    </message>
    <message>
      <source>They agreed to be contacted</source>
      <translation>They agreed to be contacted</translation>
    </message>
    <message>
      <source>Survey answer and referral</source>
      <translation>Survey answer and referral</translation>
    </message>
    <message>
      <source>A satisfied customer: ask for a survey answer and a referral</source>
      <translation>A satisfied customer: ask for a survey answer and a referral</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>&amp;Reason:</translation>
    </message>
    <message>
      <source>Second reason:</source>
      <translation>Second reason:</translation>
    </message>
    <message>
      <source>Co&amp;mpetitor:</source>
      <translation>Co&amp;mpetitor:</translation>
    </message>
    <message>
      <source>&amp;Notes:</source>
      <translation>&amp;Notes:</translation>
    </message>
    <message>
      <source>Takes effect on:</source>
      <translation>Takes effect on:</translation>
    </message>
    <message>
      <source>Owner:</source>
      <translation>Owner:</translation>
    </message>
    <message>
      <source>Note:</source>
      <translation>Note:</translation>
    </message>
    <message>
      <source>Survey:</source>
      <translation>Survey:</translation>
    </message>
    <message>
      <source>Score:</source>
      <translation>Score:</translation>
    </message>
    <message>
      <source>Comment:</source>
      <translation>Comment:</translation>
    </message>
    <message>
      <source>Referral's name:</source>
      <translation>Referral's name:</translation>
    </message>
    <message>
      <source>Referral's phone:</source>
      <translation>Referral's phone:</translation>
    </message>
    <message>
      <source>&amp;Submit (Ctrl+Enter)</source>
      <translation>&amp;Submit (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>None</source>
      <translation>None</translation>
    </message>
    <message>
      <source>None: they did not ask to leave</source>
      <translation>None: they did not ask to leave</translation>
    </message>
    <message>
      <source>Wrap-up: %1</source>
      <translation>Wrap-up: %1</translation>
    </message>
    <message>
      <source>New address: %1</source>
      <translation>New address: %1</translation>
    </message>
    <message>
      <source>Moving day: %1</source>
      <translation>Moving day: %1</translation>
    </message>
    <message>
      <source>Noted in the script: %1</source>
      <translation>Noted in the script: %1</translation>
    </message>
    <message>
      <source>Carry out by %1 (%2 hours left)</source>
      <translation>Carry out by %1 (%2 hours left)</translation>
    </message>
    <message>
      <source>The cancellation request cannot be in the future.</source>
      <translation>The cancellation request cannot be in the future.</translation>
    </message>
    <message>
      <source>The request is more than 30 days before the call: check the date.</source>
      <translation>The request is more than 30 days before the call: check the date.</translation>
    </message>
    <message>
      <source>The effective date must be within a year.</source>
      <translation>The effective date must be within a year.</translation>
    </message>
    <message>
      <source>The callback must be within a year.</source>
      <translation>The callback must be within a year.</translation>
    </message>
    <message>
      <source>That outcome is for calls we make, not for a call we took.</source>
      <translation>That outcome is for calls we make, not for a call we took.</translation>
    </message>
    <message>
      <source>Choose how the call ended.</source>
      <translation>Choose how the call ended.</translation>
    </message>
    <message>
      <source>Choose why the customer wanted to leave.</source>
      <translation>Choose why the customer wanted to leave.</translation>
    </message>
    <message>
      <source>The second reason repeats the first.</source>
      <translation>The second reason repeats the first.</translation>
    </message>
    <message>
      <source>Name the competitor.</source>
      <translation>Name the competitor.</translation>
    </message>
    <message>
      <source>The notes are too long (4,000 characters at most).</source>
      <translation>The notes are too long (4,000 characters at most).</translation>
    </message>
    <message>
      <source>When did the customer ask to cancel?</source>
      <translation>When did the customer ask to cancel?</translation>
    </message>
    <message>
      <source>The date must be today or later.</source>
      <translation>The date must be today or later.</translation>
    </message>
    <message>
      <source>Not saved: %1 Your wrap-up is kept; try again.</source>
      <translation>Not saved: %1 Your wrap-up is kept; try again.</translation>
    </message>
    <message>
      <source>Set a time in the future to call back.</source>
      <translation>Set a time in the future to call back.</translation>
    </message>
    <message>
      <source>O&amp;utcome:</source>
      <translation>O&amp;utcome:</translation>
    </message>
    <message>
      <source>Asked to cancel at (Israel time):</source>
      <translation>Asked to cancel at (Israel time):</translation>
    </message>
    <message>
      <source>Due (Israel time):</source>
      <translation>Due (Israel time):</translation>
    </message>
    <message>
      <source>Set when to call back.</source>
      <translation>Set when to call back.</translation>
    </message>
    <message>
      <source>The referral needs a name and a valid phone number.</source>
      <translation>The referral needs a name and a valid phone number.</translation>
    </message>
    <message>
      <source>The score is out of range for this survey.</source>
      <translation>The score is out of range for this survey.</translation>
    </message>
    <message>
      <source>The draft could not be saved: %1</source>
      <translation>The draft could not be saved: %1</translation>
    </message>
    <message>
      <source>The call's start or end time is not possible: check the computer's date and clock.</source>
      <translation>The call's start or end time is not possible: check the computer's date and clock.</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>Sending…</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Saved.</translation>
    </message>
    <message>
      <source>Saved. Cancellation confirmation for the customer: %1. Carry it out by %2.</source>
      <translation>Saved. Cancellation confirmation for the customer: %1. Carry it out by %2.</translation>
    </message>
  </context>
</TS>

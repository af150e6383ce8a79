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
      <source>&amp;Find</source>
      <translation>&amp;Find</translation>
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
      <source>Replace it</source>
      <translation>Replace it</translation>
    </message>
    <message>
      <source>Keep the current call</source>
      <translation>Keep the current call</translation>
    </message>
    <message>
      <source>&amp;Call now</source>
      <translation>&amp;Call now</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Done</translation>
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
      <source>O&amp;ffers</source>
      <translation>O&amp;ffers</translation>
    </message>
    <message>
      <source>&amp;Wrap-up</source>
      <translation>&amp;Wrap-up</translation>
    </message>
    <message>
      <source>Reason for leaving:</source>
      <translation>Reason for leaving:</translation>
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
      <source>Your unfinished call was restored: finish its wrap-up.</source>
      <translation>Your unfinished call was restored: finish its wrap-up.</translation>
    </message>
    <message>
      <source>A call with %1 is not wrapped up yet. Replace it?</source>
      <translation>A call with %1 is not wrapped up yet. Replace it?</translation>
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
      <source>That customer no longer exists.</source>
      <translation>That customer no longer exists.</translation>
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
      <source>P&amp;roducts</source>
      <translation>P&amp;roducts</translation>
    </message>
    <message>
      <source>&amp;Billing</source>
      <translation>&amp;Billing</translation>
    </message>
    <message>
      <source>&amp;Satisfaction</source>
      <translation>&amp;Satisfaction</translation>
    </message>
    <message>
      <source>Earlier &amp;saves</source>
      <translation>Earlier &amp;saves</translation>
    </message>
    <message>
      <source>&amp;Open cases</source>
      <translation>&amp;Open cases</translation>
    </message>
    <message>
      <source>Pinned &amp;notes</source>
      <translation>Pinned &amp;notes</translation>
    </message>
    <message>
      <source>Ris&amp;k</source>
      <translation>Ris&amp;k</translation>
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
      <source>%1 years</source>
      <translation>%1 years</translation>
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
    <message>
      <source>contract ends in %1 days</source>
      <translation>contract ends in %1 days</translation>
    </message>
    <message>
      <source>contract ended %1 days ago</source>
      <translation>contract ended %1 days ago</translation>
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
      <source>price rose %1% lately</source>
      <translation>price rose %1% lately</translation>
    </message>
    <message>
      <source>unhappy in the last survey</source>
      <translation>unhappy in the last survey</translation>
    </message>
    <message>
      <source>customer for %1 years</source>
      <translation>customer for %1 years</translation>
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
      <source>Save offers in the catalog. Rules and costs: docs/offers.md.</source>
      <translation>Save offers in the catalog. Rules and costs: docs/offers.md.</translation>
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
      <source>%1 offers added, %2 updated.</source>
      <translation>%1 offers added, %2 updated.</translation>
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
    <name>HandleClock</name>
    <message>
      <source>On call %1</source>
      <translation>On call %1</translation>
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
      <source>Yes</source>
      <translation>Yes</translation>
    </message>
    <message>
      <source>No</source>
      <translation>No</translation>
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
      <source>Waiting for your approval: %1</source>
      <translation>Waiting for your approval: %1</translation>
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
      <source>Write the reason the agent will see.</source>
      <translation>Write the reason the agent will see.</translation>
    </message>
    <message>
      <source>Sent to the agent.</source>
      <translation>Sent to the agent.</translation>
    </message>
    <message>
      <source>%1 calls</source>
      <translation>%1 calls</translation>
    </message>
    <message>
      <source>%1 saved</source>
      <translation>%1 saved</translation>
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
      <source>&amp;File</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <source>Connecting to the database…</source>
      <translation>Connecting to the database…</translation>
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
    <name>OfferCard</name>
    <message>
      <source>Saves %1 of such calls (%2 on record) · keeps %3 a year · costs %4 · worth %5</source>
      <translation>Saves %1 of such calls (%2 on record) · keeps %3 a year · costs %4 · worth %5</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>Present</translation>
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
      <source>Ask team lead</source>
      <translation>Ask team lead</translation>
    </message>
    <message>
      <source>Above your authority: ask your team lead</source>
      <translation>Above your authority: ask your team lead</translation>
    </message>
    <message>
      <source>Presented: what did the customer say?</source>
      <translation>Presented: what did the customer say?</translation>
    </message>
    <message>
      <source>Waiting for the team lead…</source>
      <translation>Waiting for the team lead…</translation>
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
      <source>%1 offers fit, best first. Best within your authority: %2.</source>
      <translation>%1 offers fit, best first. Best within your authority: %2.</translation>
    </message>
    <message>
      <source>none</source>
      <translation>none</translation>
    </message>
    <message>
      <source>No offer fits this customer and reason. Honour the decision and help them leave.</source>
      <translation>No offer fits this customer and reason. Honour the decision and help them leave.</translation>
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
      <source>Cancel now</source>
      <translation>Cancel now</translation>
    </message>
    <message>
      <source>The customer wants to leave: honour it at once</source>
      <translation>The customer wants to leave: honour it at once</translation>
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
  </context>
  <context>
    <name>TableHeaders</name>
    <message>
      <source>When</source>
      <translation>When</translation>
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
      <source>Since</source>
      <translation>Since</translation>
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
      <source>Score</source>
      <translation>Score</translation>
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
      <source>Offer</source>
      <translation>Offer</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Cost</translation>
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
      <source>They agreed to be contacted</source>
      <translation>They agreed to be contacted</translation>
    </message>
    <message>
      <source>A satisfied customer: ask for a survey answer and a referral</source>
      <translation>A satisfied customer: ask for a survey answer and a referral</translation>
    </message>
    <message>
      <source>&amp;Outcome:</source>
      <translation>&amp;Outcome:</translation>
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
      <source>Asked to cancel at:</source>
      <translation>Asked to cancel at:</translation>
    </message>
    <message>
      <source>Takes effect on:</source>
      <translation>Takes effect on:</translation>
    </message>
    <message>
      <source>Due:</source>
      <translation>Due:</translation>
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
      <source>Wrap-up: %1</source>
      <translation>Wrap-up: %1</translation>
    </message>
    <message>
      <source>Carry out by %1 (%2 hours left)</source>
      <translation>Carry out by %1 (%2 hours left)</translation>
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
      <source>Set a time in the future to call back.</source>
      <translation>Set a time in the future to call back.</translation>
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
    <message>
      <source>Not saved: %1. Your wrap-up is kept; try again.</source>
      <translation>Not saved: %1. Your wrap-up is kept; try again.</translation>
    </message>
  </context>
</TS>

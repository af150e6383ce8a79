"""Proactive retention: the agent's work queue, its rules and contact policy, and referrals.

``rules`` loads the rules and the policy (data, ``resources/queue/rules.yaml``),
``calendar`` knows Israel's working days and calling hours, ``generate`` builds a day's
tasks on the server in set-based SQL, ``work`` claims, skips, snoozes and finishes them,
``referrals`` lists and exports referrals for sales. Qt-free; the views are
``agent_desk.ui.work_queue_view`` and ``agent_desk.ui.referrals_view``.
"""

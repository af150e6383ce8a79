"""Save offers: the catalog, eligibility rules, ranking by expected value, approvals.

Qt-free. ``rules`` and ``ranking`` are pure; ``catalog``, ``service`` and ``approvals`` take
the caller's SQLAlchemy session and never commit.
"""

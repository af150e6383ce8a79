"""The database layer: models, engine set-up, migrations, queries and demo data.

Qt-free. Functions here take a SQLAlchemy ``Session`` or ``Connection`` from their caller
and never open, commit or close one of their own (the caller owns the unit of work).
"""

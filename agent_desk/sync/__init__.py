"""Offline sync (issue 12): a local SQLite store per desk, an outbox of mutations, push and
pull against the shared PostgreSQL database. Qt-free; ``docs/sync.md`` has the protocol."""

"""Publishing scripts into the database as immutable versions, and reading them back.

``publish`` lints first and refuses a script with errors; publishing the same text again
is a no-op that returns the existing version, and any change becomes the next version
number of that script id. A published row is never changed: each retention call stores the
``call_script_versions.id`` it used, so the call log can always show the exact script.

The caller owns the unit of work: these functions take a session and never commit, roll
back or close it (``with factory.begin() as session: publish(session, path)``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import models as m
from agent_desk.scripts.lint import KnownCodes, check_text
from agent_desk.scripts.loader import load_text, read_source
from agent_desk.scripts.model import Script, ScriptError


@dataclass(frozen=True)
class PublishedVersion:
    """A published script version as the UI lists it (no source text)."""

    id: uuid.UUID
    script_key: str
    version: int
    title_he: str
    title_en: str
    reasons: tuple[str, ...]
    sha256: str
    published_at: datetime
    published_by: uuid.UUID | None

    @classmethod
    def of(cls, row: m.CallScriptVersion) -> PublishedVersion:
        return cls(row.id, row.script_key, row.version, row.title_he, row.title_en, tuple(row.reasons),
                   row.sha256, row.published_at, row.published_by)


def known_codes(session: Session) -> KnownCodes:
    """The reason and disposition codes of this database (the reference set while it has none)."""
    reference = KnownCodes.reference()
    reasons = session.execute(sa.select(m.CancellationReason.code, m.CancellationReason.no_save_attempt)).all()
    dispositions = session.execute(sa.select(m.Disposition.code, m.Disposition.is_cancellation)).all()
    if reasons:
        reference = replace(reference, reasons=frozenset(c for c, _ in reasons),
                            no_save_reasons=frozenset(c for c, no_save in reasons if no_save))
    if dispositions:
        reference = replace(reference, dispositions=frozenset(c for c, _ in dispositions),
                            cancellations=frozenset(c for c, cancel in dispositions if cancel))
    return reference


def latest_row(session: Session, script_key: str) -> m.CallScriptVersion | None:
    query = (sa.select(m.CallScriptVersion).where(m.CallScriptVersion.script_key == script_key)
             .order_by(m.CallScriptVersion.version.desc()).limit(1))
    return session.scalars(query).first()


def publish(
    session: Session,
    path: str | Path,
    published_by: uuid.UUID | None = None,
    known: KnownCodes | None = None,
) -> m.CallScriptVersion:
    """Publish the script at ``path`` and return its version row (flushed, not committed).

    Raises :class:`ScriptError` (with every message) when the script has lint errors.
    The same text as the latest version of its id returns that version and adds no row.
    """
    return publish_outcome(session, path, published_by, known)[0]


def publish_outcome(
    session: Session,
    path: str | Path,
    published_by: uuid.UUID | None = None,
    known: KnownCodes | None = None,
) -> tuple[m.CallScriptVersion, bool]:
    """Like :func:`publish`, and whether a new version was made (False: the text was unchanged)."""
    source, problem = read_source(path)
    if source is None:
        assert problem is not None
        raise ScriptError([problem])
    script, messages = check_text(source, str(path), known or known_codes(session))
    if script is None:
        raise ScriptError(messages)
    latest = latest_row(session, script.key)
    if latest is not None and latest.sha256 == script.sha256:
        return latest, False
    row = m.CallScriptVersion(
        script_key=script.key,
        version=(latest.version + 1) if latest is not None else 1,
        title_he=script.title.get("he"),
        title_en=script.title.get("en"),
        reasons=list(script.reason_codes),
        source=source,
        sha256=script.sha256,
        published_by=published_by,
    )
    session.add(row)
    session.flush()
    return row, True


def latest_versions(session: Session) -> list[PublishedVersion]:
    """The newest version of every published script, by script id."""
    newest = (sa.select(m.CallScriptVersion.script_key, sa.func.max(m.CallScriptVersion.version).label("version"))
              .group_by(m.CallScriptVersion.script_key).subquery())
    query = (sa.select(m.CallScriptVersion)
             .join(newest, sa.and_(m.CallScriptVersion.script_key == newest.c.script_key,
                                   m.CallScriptVersion.version == newest.c.version))
             .order_by(m.CallScriptVersion.script_key))
    return [PublishedVersion.of(row) for row in session.scalars(query)]


def load_version(session: Session, version_id: uuid.UUID) -> Script:
    """The script of a published version, ready for a runner (``version``/``version_id`` set).

    Raises LookupError for an unknown id, :class:`ScriptError` if the stored text no longer loads.
    """
    row = session.get(m.CallScriptVersion, version_id)
    if row is None:
        raise LookupError(f"no published call script version {version_id}")
    result = load_text(row.source, f"{row.script_key} v{row.version}")
    if result.script is None:
        raise ScriptError(result.messages)
    return replace(result.script, version=row.version, version_id=row.id)


def load_latest_scripts(session: Session) -> list[Script]:
    """The newest published version of every script, loaded (for :func:`select_script`)."""
    return [load_version(session, version.id) for version in latest_versions(session)]

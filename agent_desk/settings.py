"""User settings: a TOML file in the config dir, overridden by environment variables.

Precedence, lowest first: built-in defaults, ``settings.toml``, environment
(``AGENT_DESK_DB_URL``, ``AGENT_DESK_LANG``), then command-line flags (applied by the CLI
with :func:`dataclasses.replace`). A broken settings file is reported, never fatal to the
app: it starts on defaults and says which line was wrong. The admin commands refuse to run
on one instead (on defaults they could act on the wrong database).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from agent_desk.paths import AppDirs, app_dirs

DB_URL_ENV = "AGENT_DESK_DB_URL"
LANG_ENV = "AGENT_DESK_LANG"
SUPPORTED_LANGUAGES = ("he", "en")
# Ports below 1024 are privileged (and belong to system services): refused.
FIRST_USER_PORT = 1024
LAST_PORT = 65535


@dataclass(frozen=True)
class Settings:
    """Everything a user or an admin may set.

    Attributes:
        db_url: SQLAlchemy URL of the shared database; empty means the embedded SQLite file.
        language: ``he`` or ``en``; empty means the system locale.
        phone_region: region used to read numbers written without a country code.
        demo_customers: how many customers the first run seeds into the embedded database.
        screen_pop_port: loopback port for the telephony screen-pop endpoint; 0 is off.
        username: on the embedded SQLite file, the desk user (agents.username); empty means
            the first agent (demo). On PostgreSQL it only fills in the sign-in dialog: who is
            at the desk there is the login that signed in (``docs/sign-in.md``).
        report_db_url: SQLAlchemy URL of a PostgreSQL streaming replica that reports and
            dashboards read from (``docs/replica.md``); empty means they read the primary.
        incident_poll_seconds: how often a desk looks for outage incidents besides the
            database's notifications; 0 means the default (60 s on PostgreSQL, 5 s on SQLite).
        offline: on PostgreSQL, keep a local store so the desk works while the server cannot
            be reached, and sync when it can (``docs/sync.md``); false: every read and write
            goes to the server, and the desk stops working without it.
        offline_customers: how many customers the local store keeps whole (their callbacks
            and queue, open incidents, the ones viewed lately); the least recently needed
            beyond it are forgotten.
        problems: what was wrong with the settings, if anything (shown to the user); each
            wrong value was replaced by its default.
    """

    db_url: str = ""
    language: str = ""
    phone_region: str = "IL"
    demo_customers: int = 5000
    screen_pop_port: int = 0
    username: str = ""
    report_db_url: str = ""
    incident_poll_seconds: int = 0
    offline: bool = True
    offline_customers: int = 2000
    problems: tuple[str, ...] = field(default=(), compare=False)


def load_settings(dirs: AppDirs | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read defaults, then the settings file, then the environment."""
    dirs = dirs or app_dirs()
    environ = dict(os.environ if environ is None else environ)
    settings, problems = _from_file(dirs.settings_file)
    if environ.get(DB_URL_ENV):
        settings = replace(settings, db_url=environ[DB_URL_ENV])
    if environ.get(LANG_ENV):
        settings = replace(settings, language=environ[LANG_ENV])
    if settings.language and settings.language not in SUPPORTED_LANGUAGES:
        problems.append(
            f"language {settings.language!r} is not supported (use one of "
            f"{', '.join(SUPPORTED_LANGUAGES)})"
        )
        settings = replace(settings, language="")
    settings, range_problems = _in_range(settings, dirs.settings_file)
    return replace(settings, problems=tuple(problems + range_problems))


def _in_range(settings: Settings, path: Path) -> tuple[Settings, list[str]]:
    """Numbers out of their range are named and replaced by the default."""
    problems = []
    port = settings.screen_pop_port
    if port != 0 and not FIRST_USER_PORT <= port <= LAST_PORT:
        problems.append(
            f"{path}: screen_pop_port {port} is out of range: use 0 (off) or "
            f"{FIRST_USER_PORT}-{LAST_PORT} (lower ports are privileged)"
        )
        settings = replace(settings, screen_pop_port=0)
    if settings.demo_customers < 0:
        problems.append(f"{path}: demo_customers must not be negative ({settings.demo_customers})")
        settings = replace(settings, demo_customers=Settings.demo_customers)
    if settings.offline_customers < 1:
        problems.append(f"{path}: offline_customers must be at least 1 ({settings.offline_customers})")
        settings = replace(settings, offline_customers=Settings.offline_customers)
    if settings.incident_poll_seconds < 0:
        problems.append(f"{path}: incident_poll_seconds must not be negative ({settings.incident_poll_seconds})")
        settings = replace(settings, incident_poll_seconds=0)
    return settings, problems


def _from_file(path: Path) -> tuple[Settings, list[str]]:
    if not path.exists():
        return Settings(), []
    if path.is_dir():
        return Settings(), [f"{path} is a folder, not a settings file"]
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Settings(), [f"{path}: {exc}"]
    except OSError as exc:
        return Settings(), [f"cannot read {path}: {exc.strerror or exc}"]
    known = {f.name: f for f in fields(Settings) if f.name != "problems"}
    values: dict[str, object] = {}
    problems: list[str] = []
    for key, value in raw.items():
        spec = known.get(key)
        if spec is None:
            problems.append(f"{path}: unknown setting {key!r} ignored")
            continue
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            problems.append(
                f"{path}: setting {key!r} should be {expected.__name__}, not {type(value).__name__}"
            )
            continue
        values[key] = value
    return Settings(**values), problems

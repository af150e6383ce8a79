"""Sign-in passwords kept in the operating system's keyring (Qt-free).

Only the ``keyring`` package's backends are used (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux desktops); a password is never written to a file of
ours, a URL or a log. A machine with no usable backend (a headless server, a bare X session)
has none: :func:`keyring_problem` says why, and the sign-in dialog turns its "remember"
box off with that reason. Every call may wait (a keyring being unlocked): call them from a
worker thread, never the GUI thread.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

SERVICE = "agent-desk"


def account(url: str, username: str) -> str:
    """The keyring entry's name for ``username`` on the database of ``url``: one password per
    person and server/database, never the password itself."""
    parsed = make_url(url)
    return f"{username}@{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def keyring_problem() -> str | None:
    """None when passwords can be remembered here; else why not, in plain words."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - a dependency of the package
        return "the keyring package is not installed"
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - any backend failure means "not available"
        return f"the keyring could not be opened ({type(exc).__name__})"
    if isinstance(backend, fail.Keyring):
        return "this computer has no keyring service (no desktop keyring is running)"
    try:
        priority = float(getattr(backend, "priority", 1))
    except Exception:  # noqa: BLE001 - a backend whose priority check fails is not usable
        return "the keyring is not usable here"
    if priority <= 0:
        return "this computer has no usable keyring service"
    return None


def load_password(url: str, username: str) -> str | None:
    """The remembered password, or None (none kept, or no keyring)."""
    if not username or keyring_problem() is not None:
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, account(url, username))
    except Exception as exc:  # noqa: BLE001 - a locked or broken keyring: just ask
        log.warning("the keyring could not be read: %s", type(exc).__name__)
        return None


def store_password(url: str, username: str, password: str) -> bool:
    """Remember ``password``; False (and a log line without it) when the keyring refused."""
    if keyring_problem() is not None:
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, account(url, username), password)
    except Exception as exc:  # noqa: BLE001 - the sign-in worked; only remembering failed
        log.warning("the keyring did not keep the password: %s", type(exc).__name__)
        return False
    return True


def forget_password(url: str, username: str) -> None:
    """Remove a remembered password (the box unticked, or it no longer works)."""
    if not username or keyring_problem() is not None:
        return
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account(url, username))
    except PasswordDeleteError:
        pass  # none was kept
    except Exception as exc:  # noqa: BLE001
        log.warning("the keyring did not forget the password: %s", type(exc).__name__)

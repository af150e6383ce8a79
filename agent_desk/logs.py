"""Where log records go: the log file gets everything from INFO up, the terminal only
warnings and errors.

Libraries talk at INFO on every start (alembic prints its migration context each time a
database is checked); that belongs in ``app_dirs().logs / "agent-desk.log"``, where a
support person can read it, not on the agent's terminal. Qt-free: the CLI and the GUI both
call :func:`configure_logging` first thing.

Log lines never carry a password, raw SQL or its parameters: SQLAlchemy's own echo stays
off, and the project's messages are written not to include them.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from agent_desk.paths import app_dirs, private_dir, private_file

LOG_FILE_NAME = "agent-desk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MAX_BYTES = 2_000_000
_BACKUPS = 3


class _OwnHandler:
    """Marks the handlers this module installed, so a second call replaces them."""


class _FileHandler(logging.handlers.RotatingFileHandler, _OwnHandler):
    def _open(self):  # noqa: ANN202 - the base class's hook; a rotated file is owner-only too
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115


class _TerminalHandler(logging.StreamHandler, _OwnHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (pytest swaps it per test)."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def log_file() -> Path:
    return app_dirs().logs / LOG_FILE_NAME


def configure_logging(verbose: bool = False) -> Path | None:
    """Send INFO and up to the log file, WARNING and up (INFO with ``verbose``) to stderr.

    Safe to call again (tests, a second ``main()``): it replaces what it installed before.
    Returns the log file, or None when it cannot be written (then the terminal gets
    everything from WARNING up and the app carries on).
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _OwnHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.INFO)
    terminal = _TerminalHandler()
    terminal.setLevel(logging.INFO if verbose else logging.WARNING)
    terminal.setFormatter(logging.Formatter("agent-desk: %(levelname)s %(name)s: %(message)s"))
    root.addHandler(terminal)
    path = log_file()
    try:
        _owner_only_file(path)
        file_handler = _FileHandler(path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8",
                                    delay=True)
    except OSError as error:
        root.warning("cannot write the log file %s: %s", path, error.strerror or error)
        return None
    file_handler.setLevel(logging.INFO)
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)
    return path


def _owner_only_file(path: Path) -> None:
    """Create the log folder (0700) and file (0600) if missing: logs are the user's business."""
    private_dir(path.parent)  # missing parents too, whatever the umask
    private_file(path)

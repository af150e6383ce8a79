"""Wrap-up drafts on the local disk, so a crash or a power cut loses nothing.

The draft of the call in progress is written every few seconds to
``<data dir>/drafts/current.json``: to a temporary file, flushed to the disk, then renamed
over the old one, so the file on disk is always a whole draft (the old or the new),
never half of one. At start-up the app reopens an unfinished call from it; a submitted
call removes it. Qt-free.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from agent_desk.paths import AppDirs

CURRENT = "current.json"


class DraftStore:
    def __init__(self, dirs: AppDirs) -> None:
        self.folder = dirs.data / "drafts"

    @property
    def path(self) -> Path:
        return self.folder / CURRENT

    def save(self, draft: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".draft-", suffix=".json", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(draft, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def load(self) -> dict[str, Any] | None:
        """The saved draft, or None (none, or unreadable: then it is kept aside, not lost)."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self.path.replace(self.path.with_suffix(".unreadable.json"))
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

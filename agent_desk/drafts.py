"""Wrap-up drafts on the local disk, so a crash or a power cut loses nothing.

The draft of the call in progress is written every few seconds to
``<data dir>/drafts/current.json``: to a temporary file, flushed to the disk, then renamed
over the old one, so the file on disk is always a whole draft (the old or the new),
never half of one. At start-up the app reopens an unfinished call from it; a submitted
call removes it. Qt-free.

Saves and deletes may come from different threads (autosave on the disk lane, the delete
after a submit on a database worker). A lock orders them, and a call that was retired
(submitted, or replaced by the agent) is never written again: an autosave already in
flight when the call was submitted cannot bring its draft back.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from agent_desk.paths import AppDirs

CURRENT = "current.json"


class DraftStore:
    def __init__(self, dirs: AppDirs) -> None:
        self.folder = dirs.data / "drafts"
        self._lock = threading.Lock()
        self._retired: set[str] = set()

    @property
    def path(self) -> Path:
        return self.folder / CURRENT

    def save(self, draft: dict[str, Any]) -> bool:
        """Write ``draft`` (False, and nothing written, when its call was retired)."""
        with self._lock:
            if str(draft.get("call_id")) in self._retired:
                return False
            self._write(draft)
            return True

    def retire(self, call_id: object) -> None:
        """The call is finished (submitted or replaced): delete its draft, never write it again."""
        with self._lock:
            self._retired.add(str(call_id))
            current = self._read_quietly()
            if current is None or str(current.get("call_id")) == str(call_id):
                self.path.unlink(missing_ok=True)

    def _read_quietly(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, draft: dict[str, Any]) -> None:
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
        with self._lock:
            self.path.unlink(missing_ok=True)

"""Where agent-desk keeps its files: the one module that talks to platformdirs.

Every other module asks this one for a directory. ``AGENT_DESK_HOME`` redirects all of
them under one folder (tests, portable installs, a second profile on the same machine).
Bundled read-only files (migrations, translations, call scripts) are found next to the
package when installed from a wheel, or at the top of the source tree when run from a
checkout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "agent-desk"
APP_AUTHOR = "agent-desk"
HOME_ENV = "AGENT_DESK_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class AppDirs:
    """The per-user directories of the app.

    Attributes:
        config: settings.toml lives here.
        data: the embedded database, drafts and backups.
        cache: anything that can be rebuilt.
        logs: log files.
    """

    config: Path
    data: Path
    cache: Path
    logs: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def default_database(self) -> Path:
        return self.data / "agent-desk.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    def ensure(self) -> AppDirs:
        """Create the folders, owner-only: the database, drafts and logs hold customers' data.

        Folders left readable by an older version are tightened too.
        """
        for path in (self.config, self.data, self.cache, self.logs):
            private_dir(path, tighten=True)
        return self


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path, tighten: bool = False) -> Path:
    """Make ``path`` (and any missing parents) as folders only the user can enter.

    Existing folders are left as they are unless ``tighten`` (only for the app's own
    folders: a database the user keeps in a shared folder is not ours to lock).
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:  # another process made it first
            continue
        os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
    if tighten and path.is_dir() and (path.stat().st_mode & 0o077):
        os.chmod(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with owner-only permissions if it does not exist yet.

    SQLite gives the file's ``-wal`` and ``-shm`` the same permissions as the file, so a
    database created through this stays private with its companions.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return path
    os.close(fd)
    return path


def app_dirs() -> AppDirs:
    """The directories in force now (``AGENT_DESK_HOME`` wins over the platform's)."""
    home = os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser()
        return AppDirs(root / "config", root / "data", root / "cache", root / "logs")
    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
    return AppDirs(
        Path(dirs.user_config_dir),
        Path(dirs.user_data_dir),
        Path(dirs.user_cache_dir),
        Path(dirs.user_log_dir),
    )


def bundled(relative: str) -> Path:
    """A read-only bundled file or folder, e.g. ``bundled("migrations")``.

    A wheel carries them in ``agent_desk/_bundled``; a source checkout has them at its top.
    """
    for root in (_PACKAGE_DIR / "_bundled", _PACKAGE_DIR.parent):
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"bundled file {relative!r} is missing from this installation")


def resource(relative: str) -> Path:
    """A file under ``resources/`` (translations, icons, call scripts, catalogs)."""
    return bundled(f"resources/{relative}")

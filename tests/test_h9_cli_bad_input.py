"""Issue 9, item 14: every command answers bad input in one line, never a traceback.

A damaged or foreign SQLite file, a database from a newer agent-desk, a URL that is not one,
a settings file that cannot be read or holds numbers out of range: each command says what
is wrong in one ``agent-desk:`` line, exits non-zero and leaves the database untouched.
The app's start-up checks the embedded file's integrity and does not use a damaged one.
"""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_desk.cli import main
from agent_desk.data import migrate
from agent_desk.data.db import default_url, make_engine
from agent_desk.data.setup import DatabaseDamaged, SchemaMismatch, prepare
from agent_desk.paths import app_dirs, resource

COMMANDS: dict[str, list[str]] = {
    "db upgrade": ["db", "upgrade"],
    "db current": ["db", "current"],
    "demo-data": ["demo-data", "--customers", "5"],
    "offers import": ["offers", "import", str(resource("offers/catalog.yaml"))],
    "offers export": ["offers", "export", "{tmp}/exported.yaml"],
    "offers refresh-rates": ["offers", "refresh-rates"],
    "offers check-saves": ["offers", "check-saves"],
    "offers expire-approvals": ["offers", "expire-approvals"],
    "scripts publish": ["scripts", "publish", str(resource("call_scripts"))],
    "import customers": ["import", "customers", str(resource("import/hebrew-crm-example.csv")),
                         "--mapping", str(resource("import/hebrew-crm-customers.toml"))],
    "risk train": ["risk", "train"],
    "jobs run": ["jobs", "run"],
    "queue generate": ["queue", "generate"],
    "referrals export": ["referrals", "export", "{tmp}/referrals.csv"],
}


def _corrupt(tmp: Path) -> str:
    path = tmp / "corrupt.sqlite3"
    path.write_bytes(random.Random(9).randbytes(16384))
    return f"sqlite:///{path}"


def _foreign(tmp: Path) -> str:
    path = tmp / "photos.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
        connection.execute("INSERT INTO photos (caption) VALUES ('the sea')")
    connection.close()
    return f"sqlite:///{path}"


def _future(tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'future.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff9999'")
    engine.dispose()
    return url


def _settings(text: str) -> Callable[[Path], None]:
    def write(_tmp: Path) -> None:
        app_dirs().ensure().settings_file.write_text(text, encoding="utf-8")
    return write


def _settings_folder(_tmp: Path) -> None:
    app_dirs().ensure().settings_file.mkdir()


def _settings_unreadable(_tmp: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode (the folder-shaped case covers this path)")
    _settings('language = "en"\n')(_tmp)
    os.chmod(app_dirs().settings_file, 0)


# name -> (make a URL, or set up the settings and give None; what the line must name)
BAD_INPUTS: dict[str, tuple[Callable[[Path], str | None], str]] = {
    "corrupt file": (_corrupt, "not an agent-desk database"),
    "foreign file": (_foreign, "another application's tables (photos)"),
    "future schema": (_future, "ffff9999"),
    "not a url": (lambda _tmp: "not a url", "not a database URL"),
    ":notaport": (lambda _tmp: ":notaport", "not a database URL"),
    "port not a number": (lambda _tmp: "postgresql://host:notaport/db", "port"),
    "settings is a folder": (_settings_folder, "is a folder"),
    "settings unreadable": (_settings_unreadable, "cannot read"),
    "port 0..65535": (_settings("screen_pop_port = 70000\n"), "screen_pop_port 70000"),
    "privileged port": (_settings("screen_pop_port = 80\n"), "privileged"),
    "negative port": (_settings("screen_pop_port = -1\n"), "screen_pop_port -1"),
    "negative demo_customers": (_settings("demo_customers = -5\n"), "demo_customers"),
}


@pytest.mark.parametrize("bad", list(BAD_INPUTS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_answers_bad_input_in_one_line(command: str, bad: str, tmp_path: Path, capsys) -> None:
    make, named = BAD_INPUTS[bad]
    url = make(tmp_path)
    argv = [part.replace("{tmp}", str(tmp_path)) for part in COMMANDS[command]]
    if url is not None:
        argv += ["--url", url]
    path = Path(url.removeprefix("sqlite:///")) if url and url.startswith("sqlite:///") else None
    before = path.read_bytes() if path else None

    code = main(argv)

    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert code != 0
    assert len(lines) == 1, err
    assert lines[0].startswith("agent-desk:")
    assert named in lines[0]
    assert "Traceback" not in out + err
    if path is not None:
        assert path.read_bytes() == before, "the database was changed"
    assert not (tmp_path / "exported.yaml").exists() and not (tmp_path / "referrals.csv").exists()


def test_a_usage_error_is_one_line_too(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo-data", "--customers", "-5"])
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("agent-desk:") and "negative" in lines[0]


def test_the_desk_still_starts_on_a_broken_settings_file() -> None:
    """The app itself is not refused: it starts on defaults and names the problem."""
    from agent_desk.settings import load_settings

    _settings("screen_pop_port = 80\ndemo_customers = -5\n")(Path())
    settings = load_settings()
    assert settings.screen_pop_port == 0 and settings.demo_customers == 5000
    assert len(settings.problems) == 2


# --- start-up: the embedded file's integrity ------------------------------------------------


def _damage_a_page(path: Path) -> None:
    """Overwrite the middle of the file (table pages, not the header) with noise."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2 - (size // 2) % 4096)
        handle.write(random.Random(3).randbytes(4096 * 2))


def test_a_damaged_embedded_file_is_reported_not_used(demo_db: str) -> None:
    path = Path(demo_db.removeprefix("sqlite:///"))
    _damage_a_page(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="damaged"):
        prepare(demo_db, app_dirs().ensure(), demo_customers=0)
    assert path.read_bytes() == before


def test_random_bytes_as_the_embedded_file_are_reported_not_used() -> None:
    dirs = app_dirs().ensure()
    dirs.default_database.write_bytes(random.Random(9).randbytes(16384))
    with pytest.raises(DatabaseDamaged, match="damaged or not a database"):
        prepare(default_url(dirs), dirs, demo_customers=30)


def test_another_applications_file_is_not_used_at_start_up(tmp_path: Path) -> None:
    url = _foreign(tmp_path)
    with pytest.raises(DatabaseDamaged, match="another application's tables"):
        prepare(url, app_dirs().ensure(), demo_customers=0)
    with sqlite3.connect(tmp_path / "photos.sqlite3") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    connection.close()
    assert tables == {"photos"}


def test_a_newer_schema_is_named_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(SchemaMismatch, match="ffff9999.*newer agent-desk"):
        prepare(_future(tmp_path), app_dirs().ensure(), demo_customers=0)


def test_the_desk_says_its_file_is_damaged_in_one_line(qtbot, qapp) -> None:
    from agent_desk.settings import Settings
    from agent_desk.ui.app import build_window

    dirs = app_dirs().ensure()
    dirs.default_database.write_bytes(random.Random(9).randbytes(16384))
    window, translators = build_window(Settings(language="en"))
    qtbot.addWidget(window)
    try:
        window.show()
        window.start()
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=30_000)
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=30_000)
        text = window.banner_text.text()
        assert "could not be opened" in text and "damaged" in text and "\n" not in text
        assert window.state_label.text() == "Database error"
        assert not window.agent_view.phone.isEnabled()
    finally:
        window.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)


def test_a_big_file_is_checked_after_a_crash_and_weekly_not_at_every_start(demo_db: str, monkeypatch) -> None:
    import subprocess
    import sys
    import time

    import sqlalchemy as sa

    from agent_desk.data import setup

    monkeypatch.setattr(setup, "CHECK_EVERY_START_BYTES", 0)  # the demo file counts as big
    checks: list[str] = []

    def spy(_conn, _cursor, statement, *_rest) -> None:
        if "quick_check" in statement:
            checks.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", spy)
    dirs = app_dirs().ensure()

    def start() -> int:
        before = len(checks)
        prepare(demo_db, dirs, demo_customers=0).engine.dispose()
        return len(checks) - before

    try:
        assert start() == 1  # never checked before
        assert start() == 0  # checked this week, closed cleanly
        path = demo_db.removeprefix("sqlite:///")
        crash = ("import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                 "c.execute('CREATE TABLE crash_marker (x)'); c.commit(); os._exit(0)")
        subprocess.run([sys.executable, "-c", crash, path], check=True)  # leaves its WAL behind
        assert Path(f"{path}-wal").stat().st_size > 0
        assert start() == 1  # after a crash
        assert start() == 0
        for marker in (dirs.cache / "integrity").iterdir():
            week_ago = time.time() - setup.CHECK_AT_LEAST_EVERY_S - 60
            os.utime(marker, (week_ago, week_ago))
        assert start() == 1  # a week on
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", spy)

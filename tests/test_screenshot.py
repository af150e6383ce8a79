"""``agent-desk screenshot`` renders the real window to a PNG, in a separate process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtGui import QImage

from agent_desk.data import models as m
from agent_desk.data.db import make_engine


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AGENT_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "agent_desk", "screenshot", *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_screenshots_of_a_popped_caller_in_both_languages(demo_db: str, tmp_path: Path, isolated_home) -> None:
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        e164 = connection.scalar(sa.select(m.CustomerPhone.e164).order_by(m.CustomerPhone.e164).limit(1))
    engine.dispose()
    for language in ("he", "en"):
        out = tmp_path / f"pop-{language}.png"
        result = _run("--out", str(out), "--db", demo_db, "--lang", language, "--ani", "0" + e164[4:],
                      "--size", "1200x800", home=isolated_home)
        assert result.returncode == 0, result.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1200, 800)
        # A real rendering has many colours; a blank or failed grab has one or two.
        colours = {image.pixel(x, y) for x in range(0, 1200, 37) for y in range(0, 800, 23)}
        assert len(colours) > 20


def test_lead_view_screenshot(demo_db: str, tmp_path: Path, isolated_home) -> None:
    out = tmp_path / "lead.png"
    result = _run("--out", str(out), "--db", demo_db, "--view", "lead", home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() == 1400


def test_an_unreachable_database_fails_with_a_reason(tmp_path: Path, isolated_home) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "never.png"
    result = _run("--out", str(out), "--db", f"postgresql://x@127.0.0.1:{port}/desk", home=isolated_home)
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()

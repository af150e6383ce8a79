"""``agent-desk screenshot`` renders the real window to a PNG, in a separate process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtGui import QColor, QImage
from sqlalchemy.orm import Session

from agent_desk.data import models as m
from agent_desk.data import queries
from agent_desk.data.db import make_engine
from agent_desk.ui.caller_view import RISK_HIGH, RISK_MEDIUM


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AGENT_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "agent_desk", "screenshot", *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def _pixels(image: QImage, colour: str, rows: range) -> list[int]:
    """The x of every pixel of exactly ``colour`` in ``rows``."""
    wanted = QColor(colour).rgb()
    return [x for y in rows for x in range(image.width()) if image.pixel(x, y) == wanted]


def _dark_share(image: QImage, xs: range, ys: range) -> float:
    """The share of pixels dark enough to be text or grid lines."""
    dark = sum(1 for y in ys for x in xs if QColor(image.pixel(x, y)).lightness() < 110)
    return dark / (len(xs) * len(ys))


def test_screenshots_of_a_popped_caller_in_both_languages(demo_db: str, tmp_path: Path, isolated_home) -> None:
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        e164 = connection.scalar(sa.select(m.CustomerPhone.e164).order_by(m.CustomerPhone.e164).limit(1))
    with Session(engine) as session:
        risk = queries.pop_caller(session, e164).history.risk
    engine.dispose()
    # The churn-risk badge is painted in this colour only once the caller's history is on screen.
    badge = "#b3261e" if risk.probability >= RISK_HIGH else "#b26a00" if risk.probability >= RISK_MEDIUM \
        else "#2e7d32"
    width, height = 1200, 800
    header_rows = range(0, int(height * 0.22))
    centre: dict[str, float] = {}
    for language in ("he", "en"):
        out = tmp_path / f"pop-{language}.png"
        result = _run("--out", str(out), "--db", demo_db, "--lang", language, "--ani", "0" + e164[4:],
                      "--size", f"{width}x{height}", home=isolated_home)
        assert result.returncode == 0, result.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (width, height)
        # A real rendering has many colours; a blank or failed grab has one or two.
        colours = {image.pixel(x, y) for x in range(0, width, 37) for y in range(0, height, 23)}
        assert len(colours) > 20, language
        # The caller's 360 with its history: the risk badge in the header, a solid block.
        xs = _pixels(image, badge, header_rows)
        assert len(xs) > 500, f"{language}: no churn-risk badge painted for the caller"
        centre[language] = sum(xs) / len(xs)
    # Hebrew mirrors the layout: the badge sits where English has it, seen in a mirror.
    assert centre["en"] < width * 0.75 and centre["he"] > width * 0.25
    assert abs(centre["en"] - (width - centre["he"])) < width * 0.05, centre


def test_without_a_caller_there_is_no_caller_to_see(demo_db: str, tmp_path: Path, isolated_home) -> None:
    out = tmp_path / "waiting.png"
    result = _run("--out", str(out), "--db", demo_db, "--lang", "en", "--size", "1200x800", home=isolated_home)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    for badge in ("#b3261e", "#b26a00", "#2e7d32"):
        assert _pixels(image, badge, range(0, 176)) == []


def test_lead_view_screenshot(demo_db: str, tmp_path: Path, isolated_home) -> None:
    out = tmp_path / "lead.png"
    result = _run("--out", str(out), "--db", demo_db, "--view", "lead", home=isolated_home)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    # The lower half holds the outcomes and the latest calls: rows of text, not an empty grid.
    assert _dark_share(image, range(300, 1350, 3), range(470, 820, 3)) > 0.02
    assert _dark_share(image, range(20, 270, 3), range(470, 680, 3)) > 0.02


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


def test_keys_pressed_before_the_shot_act_like_the_keyboard(demo_db: str, tmp_path: Path, isolated_home) -> None:
    """--keys F1 opens the keyboard map over the window (its veil dims the whole window);
    a key that does not exist is named in one line, and nothing is written."""
    plain, keyed = tmp_path / "plain.png", tmp_path / "map.png"
    for out, extra in ((plain, ()), (keyed, ("--keys", "F1"))):
        result = _run("--out", str(out), "--db", demo_db, "--lang", "en", "--size", "1200x800", *extra,
                      home=isolated_home)
        assert result.returncode == 0, result.stderr
    # The map's veil dims the margins where the plain window is light.
    def lightness(image: QImage) -> float:
        points = [(x, y) for x in range(0, 40, 2) for y in range(300, 700, 4)]
        return sum(QColor(image.pixel(x, y)).lightness() for x, y in points) / len(points)

    assert lightness(QImage(str(keyed))) < 0.75 * lightness(QImage(str(plain)))
    never = tmp_path / "never.png"
    result = _run("--out", str(never), "--db", demo_db, "--keys", "F1,Hyper+Q", home=isolated_home)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == \
        "agent-desk screenshot: --keys: 'Hyper+Q' is not a key (write F1, Ctrl+E, Alt+O...)"
    assert not never.exists()

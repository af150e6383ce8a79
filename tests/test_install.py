"""A built wheel, installed outside the source tree, finds its migrations and resources."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_runs_db_upgrade_and_screenshot_from_anywhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    wheel = next(wheels.glob("agent_desk-*.whl"))
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # Install the wheel alone into the new environment; its dependencies come from this
    # test run's environment (PYTHONPATH does not read .pth files, so the source
    # checkout's editable install is not on the path).
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    env = dict(os.environ, PYTHONPATH=sysconfig.get_paths()["purelib"], QT_QPA_PLATFORM="offscreen",
               AGENT_DESK_HOME=str(tmp_path / "home"))
    where = subprocess.run([str(python), "-c", "import agent_desk; print(agent_desk.__file__)"],
                           check=True, capture_output=True, text=True, env=env, cwd=tmp_path).stdout
    assert where.startswith(site), where

    database = f"sqlite:///{tmp_path / 'installed.sqlite3'}"
    upgrade = subprocess.run([str(python), "-m", "agent_desk", "db", "upgrade", "--url", database],
                             capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    assert "empty ->" in upgrade.stdout

    shot = tmp_path / "installed.png"
    result = subprocess.run([str(python), "-m", "agent_desk", "screenshot", "--out", str(shot), "--lang", "he"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000

"""Paths and settings: one home for every file, a TOML file, environment overrides."""

from __future__ import annotations

from pathlib import Path

from agent_desk.data.db import default_url, resolve_url
from agent_desk.paths import app_dirs, bundled, resource
from agent_desk.settings import load_settings


def test_agent_desk_home_redirects_every_path(isolated_home: Path) -> None:
    dirs = app_dirs()
    for path in (dirs.config, dirs.data, dirs.cache, dirs.logs, dirs.default_database):
        assert isolated_home in path.parents
    assert default_url() == f"sqlite:///{dirs.default_database}"


def test_defaults_without_a_settings_file() -> None:
    settings = load_settings()
    assert settings.db_url == ""
    assert settings.phone_region == "IL"
    assert settings.problems == ()
    assert resolve_url(settings) == default_url()


def test_file_then_environment(monkeypatch) -> None:
    dirs = app_dirs().ensure()
    dirs.settings_file.write_text('db_url = "sqlite:////srv/desk.sqlite3"\nlanguage = "en"\n', encoding="utf-8")
    assert load_settings().language == "en"
    assert load_settings().db_url == "sqlite:////srv/desk.sqlite3"
    monkeypatch.setenv("AGENT_DESK_LANG", "he")
    monkeypatch.setenv("AGENT_DESK_DB_URL", "postgresql://desk@db.example/desk")
    settings = load_settings()
    assert settings.language == "he"
    assert resolve_url(settings) == "postgresql+psycopg://desk@db.example/desk"


def test_a_broken_settings_file_is_reported_not_fatal() -> None:
    dirs = app_dirs().ensure()
    dirs.settings_file.write_text('language = "he"\ndb_url = \n', encoding="utf-8")
    settings = load_settings()
    assert settings.language == ""  # defaults, since the file could not be read
    assert len(settings.problems) == 1
    assert "settings.toml" in settings.problems[0]
    assert "line 2" in settings.problems[0]


def test_wrong_types_and_unknown_keys_are_named() -> None:
    dirs = app_dirs().ensure()
    dirs.settings_file.write_text('demo_customers = "many"\ncolour = "blue"\nlanguage = "fr"\n', encoding="utf-8")
    settings = load_settings()
    assert settings.demo_customers == 5000
    text = "\n".join(settings.problems)
    assert "demo_customers" in text and "colour" in text and "'fr'" in text


def test_bundled_files_are_found() -> None:
    assert (bundled("migrations") / "env.py").exists()
    assert resource("translations/agent_desk_he.qm").exists()

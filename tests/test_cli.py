"""The admin commands: db upgrade/current and demo-data, on SQLite and PostgreSQL."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from agent_desk.cli import main
from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine


def _count(url: str, model) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        value = connection.scalar(sa.select(sa.func.count()).select_from(model))
    engine.dispose()
    return value


def test_db_upgrade_then_current(any_db_url: str, capsys) -> None:
    assert main(["db", "current", "--url", any_db_url]) == 0
    assert capsys.readouterr().out.startswith("empty")
    assert main(["db", "upgrade", "--url", any_db_url]) == 0
    assert f"empty -> {migrate.head_revision()}" in capsys.readouterr().out
    assert main(["db", "upgrade", "--url", any_db_url]) == 0
    assert "already at" in capsys.readouterr().out
    engine = make_engine(any_db_url)
    assert migrate.schema_differences(engine) == []
    engine.dispose()


def test_demo_data_on_an_empty_database(any_db_url: str, capsys) -> None:
    assert main(["demo-data", "--url", any_db_url, "--customers", "50", "--seed", "4"]) == 0
    assert "50 customers" in capsys.readouterr().out
    assert _count(any_db_url, m.Customer) == 50
    assert _count(any_db_url, m.Interaction) >= 250
    # A second run would mix demo data into real data: refused, nothing added.
    assert main(["demo-data", "--url", any_db_url, "--customers", "5"]) == 1
    assert "already has customers" in capsys.readouterr().err
    assert _count(any_db_url, m.Customer) == 50


def test_postgres_urls_as_people_paste_them(pg_url: str, capsys) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    assert main(["db", "upgrade", "--url", plain]) == 0
    assert _count(pg_url, m.Customer) == 0


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x@y/z", "unsupported database 'mysql'"),
        ("not a url", "not a database URL"),
        # The port is chosen when the test runs (the same test id in every parallel worker).
        ("postgresql://nobody@127.0.0.1:{closed_port}/desk", "cannot reach the database"),
    ],
)
def test_bad_urls_get_a_clear_message_not_a_traceback(url: str, message: str, capsys) -> None:
    url = url.replace("{closed_port}", str(_closed_port()))
    assert main(["db", "upgrade", "--url", url]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_screenshot_size_is_checked(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["screenshot", "--out", "x.png", "--size", "big"])
    assert exit_info.value.code == 2
    assert "1400x900" in capsys.readouterr().err


def test_offer_catalog_commands(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'o.sqlite3'}"
    assert main(["demo-data", "--url", url, "--customers", "40", "--seed", "2"]) == 0
    exported = tmp_path / "catalog.yaml"
    assert main(["offers", "export", str(exported), "--url", url]) == 0
    text = exported.read_text(encoding="utf-8")
    assert "DISC-15-6M" in text and "15% הנחה לחצי שנה" in text
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace("15% off for six months", "15% off for half a year"), encoding="utf-8")
    capsys.readouterr()
    assert main(["offers", "import", str(edited), "--url", url]) == 0
    assert "0 offers added, 16 updated" in capsys.readouterr().out
    engine = make_engine(url)
    with engine.connect() as connection:
        title = connection.scalar(sa.select(m.Offer.title_en).where(m.Offer.code == "DISC-15-6M"))
    engine.dispose()
    assert title == "15% off for half a year"
    assert main(["offers", "refresh-rates", "--url", url]) == 0
    assert "cells relearned" in capsys.readouterr().out

    broken = tmp_path / "broken.yaml"
    broken.write_text("offers:\n  - code: X\n    kind: bribe\n    title: {he: a, en: b}\n", encoding="utf-8")
    assert main(["offers", "import", str(broken), "--url", url]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml: offers[0] (X).kind" in err and "Traceback" not in err

"""Publishing scripts as immutable versions, reading them back, and the CLI commands."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from agent_desk.data import migrate
from agent_desk.data import models as m
from agent_desk.data.db import make_engine, session_factory
from agent_desk.scripts import ScriptError, ScriptFacts, ScriptRunner
from agent_desk.scripts.cli import lint_command, publish_command
from agent_desk.scripts.library import bundled_dir
from agent_desk.scripts.publish import known_codes, latest_versions, load_latest_scripts, load_version, publish

FIXTURES = Path(__file__).parent / "script_fixtures"


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'scripts.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        yield session
    engine.dispose()


@pytest.fixture
def script_file(tmp_path: Path) -> Path:
    path = tmp_path / "too_expensive.yaml"
    shutil.copy(bundled_dir() / "too_expensive.yaml", path)
    return path


def count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(m.CallScriptVersion))


def test_publishing_makes_version_one_with_the_source_verbatim(session: Session, script_file: Path) -> None:
    row = publish(session, script_file)
    assert (row.script_key, row.version, row.title_en, row.title_he) == (
        "too_expensive", 1, "The price is too high", "המחיר גבוה מדי")
    assert row.reasons == ["price", "too_expensive", "price_rise"]
    assert row.source.encode("utf-8") == script_file.read_bytes()
    assert len(row.sha256) == 64


def test_the_same_text_again_is_the_same_version_and_a_change_is_the_next(session: Session,
                                                                          script_file: Path) -> None:
    first = publish(session, script_file)
    assert publish(session, script_file).id == first.id
    assert count(session) == 1
    script_file.write_text(script_file.read_text(encoding="utf-8") + "\n# a note for admins\n", encoding="utf-8")
    second = publish(session, script_file)
    assert (second.version, count(session)) == (2, 2)
    assert first.source != second.source  # the first version is untouched


def test_a_script_with_errors_is_refused_with_its_messages(session: Session) -> None:
    with pytest.raises(ScriptError) as caught:
        publish(session, FIXTURES / "no_cancel_path.yaml")
    assert [m.code for m in caught.value.messages] == ["no-cancel-path"]
    assert "no_cancel_path.yaml:6:" in str(caught.value)
    assert count(session) == 0


def test_latest_versions_and_loading_a_version_for_a_call(session: Session, script_file: Path) -> None:
    publish(session, bundled_dir() / "general.yaml")
    publish(session, script_file)
    script_file.write_text(script_file.read_text(encoding="utf-8").replace("נשמח לראות אותך שוב", "נשמח מאוד"),
                           encoding="utf-8")
    newest = publish(session, script_file)
    listed = latest_versions(session)
    assert [(v.script_key, v.version) for v in listed] == [("general", 1), ("too_expensive", 2)]
    script = load_version(session, newest.id)
    assert (script.key, script.version, script.version_id) == ("too_expensive", 2, newest.id)
    runner = ScriptRunner(script, ScriptFacts(), "he")
    runner.cancel_now()
    assert "נשמח מאוד" in runner.answer(0).text
    assert {s.key for s in load_latest_scripts(session)} == {"general", "too_expensive"}
    with pytest.raises(LookupError):
        load_version(session, uuid.uuid4())


def test_codes_come_from_the_database_once_it_has_them(session: Session) -> None:
    assert "too_expensive" in known_codes(session).reasons  # empty tables: the reference set
    session.add(m.CancellationReason(code="roaming", label_he="חו״ל", label_en="Roaming"))
    session.add(m.Disposition(code="ported_out", label_he="נויד", label_en="Ported out", is_cancellation=True))
    session.flush()
    codes = known_codes(session)
    assert codes.reasons == {"roaming"} and codes.cancellations == {"ported_out"}


def test_lint_command_prints_file_line_col_and_fails_on_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint_command([str(FIXTURES / "dead_end.yaml"), str(FIXTURES / "unreachable_step.yaml")]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{FIXTURES / 'dead_end.yaml'}:27:3: error: dead-end: branch 'check' has no 'default': when no condition "
        "holds the call is stuck",
        f"{FIXTURES / 'unreachable_step.yaml'}:47:3: warning: unreachable-step: no way leads to step 'forgotten' "
        "(from the start, cancel or an objection)",
    ]
    assert "1 error(s), 1 warning(s) in 2 script file(s)" in err


def test_lint_command_passes_warnings_and_clean_folders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert lint_command([str(FIXTURES / "unreachable_step.yaml")]) == 0
    assert lint_command([str(bundled_dir())]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # only the warning line
    assert lint_command([str(tmp_path)]) == 1
    assert "no script files" in capsys.readouterr().err


def test_publish_command_lints_then_publishes_everything_or_nothing(db_url: str, script_file: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    broken = FIXTURES / "missing_translation.yaml"
    assert publish_command([str(script_file), str(broken)], db_url) == 1
    out, err = capsys.readouterr()
    assert f"{broken}:21:9: error: missing-translation" in out and "nothing published" in err
    assert publish_command([str(script_file), str(bundled_dir() / "general.yaml")], db_url) == 0
    assert "published as too_expensive v1" in capsys.readouterr().out
    assert publish_command([str(script_file)], db_url) == 0
    assert "unchanged, still too_expensive v1" in capsys.readouterr().out
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        assert count(session) == 2
    engine.dispose()


def test_publish_command_refuses_a_database_that_is_not_upgraded(tmp_path: Path, script_file: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert publish_command([str(script_file)], f"sqlite:///{tmp_path / 'empty.sqlite3'}") == 1
    assert "agent-desk db upgrade" in capsys.readouterr().err
    assert publish_command([str(script_file)], "mysql://nowhere/db") == 1
    assert "unsupported database" in capsys.readouterr().err


def test_on_postgresql_an_admin_publishes_in_their_own_name_and_an_agent_is_told_no(
        pg_desk_url: str, pg_login, script_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    admin_url, agent_url = pg_login(pg_desk_url, "ada", "admin"), pg_login(pg_desk_url, "dana", "agent")
    assert publish_command([str(script_file)], agent_url) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "only an admin may publish call scripts" in err and "Traceback" not in err
    assert publish_command([str(script_file)], admin_url) == 0, capsys.readouterr().err
    assert "published as too_expensive v1" in capsys.readouterr().out
    engine = make_engine(pg_desk_url)
    with engine.connect() as connection:
        (published_by, login) = connection.execute(sa.text(
            "SELECT v.published_by, a.username FROM call_script_versions v LEFT JOIN agents a ON a.id = v.published_by "
            "WHERE v.script_key = 'too_expensive'")).one()
    engine.dispose()
    assert published_by is not None and login == sa.engine.make_url(admin_url).username

"""``agent-desk admin``: making and changing desk users on PostgreSQL (issue 11, item 1).

The password comes from standard input (or a silent prompt), never from the command line; the
person then signs in with it as their own login. Failures are one line, never a traceback.
"""

from __future__ import annotations

import io
import secrets
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from psycopg import sql

from agent_desk.cli import main
from agent_desk.data.db import make_engine
from agent_desk.security.roles import group_role_statements

PASSWORD = "correct horse battery"


@pytest.fixture
def site(pg_desk_url: str, pg_passwords: None, pg_server) -> dict:
    """A migrated database with two teams; the logins a test makes are dropped after it."""
    engine = make_engine(pg_desk_url)
    with engine.begin() as connection:
        for team in ("North", "South"):
            connection.execute(sa.text("INSERT INTO teams (id, created_at, name, callback_escalation_minutes) "
                                       "VALUES (:id, now(), :name, 30)"), {"id": uuid.uuid4(), "name": team})
    engine.dispose()
    made: list[str] = []
    yield {"url": pg_desk_url, "made": made, "suffix": secrets.token_hex(3)}
    server = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        for login in made:
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
    server.dispose()


def login_url(url: str, name: str, password: str) -> str:
    return sa.engine.make_url(url).set(username=name, password=password).render_as_string(hide_password=False)


def signs_in(url: str, name: str, password: str) -> tuple | None:
    """Who the server says we are with this password (None: refused)."""
    engine = make_engine(login_url(url, name, password))
    try:
        with engine.connect() as connection:
            return tuple(connection.execute(sa.text(
                "SELECT current_user, desk_role(), (SELECT name FROM teams WHERE id = desk_my_team()), "
                "(SELECT offer_authority FROM agents WHERE id = desk_me())")).one())
    except sa.exc.OperationalError as exc:
        assert "password authentication failed" in str(exc.orig) or "not permitted to log in" in str(exc.orig)
        return None
    finally:
        engine.dispose()


def admin(monkeypatch, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["admin", *argv])


def test_create_user_with_the_password_on_stdin_then_sign_in_with_it(site, monkeypatch, capsys,
                                                                     isolated_home: Path) -> None:
    name = f"dana_{site['suffix']}"
    site["made"].append(name)
    assert admin(monkeypatch, "create-user", name, "--role", "agent", "--team", "North", "--authority", "150",
                 "--display-name", "דנה לוי", "--url", site["url"], stdin=PASSWORD + "\n") == 0
    out = capsys.readouterr()
    assert f"created agent {name}, team North" in out.out and PASSWORD not in out.out + out.err
    assert signs_in(site["url"], name, PASSWORD) == (name, "agent", "North", 150)
    assert signs_in(site["url"], name, "wrong password") is None
    engine = make_engine(site["url"])
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT rolpassword, rolsuper, rolbypassrls, rolcreaterole "
                                            "FROM pg_authid WHERE rolname = :n"), {"n": name}).one()
        display = connection.execute(sa.text("SELECT display_name FROM agents WHERE username = :n"),
                                     {"n": name}).scalar()
    engine.dispose()
    assert stored.rolpassword.startswith("SCRAM-SHA-256$") and PASSWORD not in stored.rolpassword
    assert not (stored.rolsuper or stored.rolbypassrls or stored.rolcreaterole)
    assert display == "דנה לוי"
    # the password reached no log
    logs = "".join(p.read_text(errors="replace") for p in isolated_home.rglob("*.log*") if p.is_file())
    assert PASSWORD not in logs


def test_set_role_reset_password_and_disable(site, monkeypatch, capsys) -> None:
    name = f"eli_{site['suffix']}"
    site["made"].append(name)
    assert admin(monkeypatch, "create-user", name, "--role", "agent", "--team", "South", "--url", site["url"],
                 stdin=PASSWORD + "\n") == 0
    assert admin(monkeypatch, "set-role", name, "--role", "lead", "--url", site["url"]) == 0
    assert signs_in(site["url"], name, PASSWORD)[1] == "team_lead"
    engine = make_engine(site["url"])
    with engine.connect() as connection:
        groups = set(connection.execute(sa.text(
            "SELECT g.rolname FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid "
            "JOIN pg_roles r ON r.oid = am.member WHERE r.rolname = :n"), {"n": name}).scalars())
    assert groups == {"desk_lead"}

    assert admin(monkeypatch, "reset-password", name, "--url", site["url"], stdin="a brand new secret\n") == 0
    assert signs_in(site["url"], name, PASSWORD) is None
    assert signs_in(site["url"], name, "a brand new secret")[0] == name

    still_open = make_engine(login_url(site["url"], name, "a brand new secret"))
    with still_open.connect() as session_before:  # signed in before the admin disables them
        assert session_before.execute(sa.text("SELECT desk_me()")).scalar() is not None
        assert admin(monkeypatch, "disable-user", name, "--url", site["url"]) == 0
        # the open session is nobody now: nothing can be done as them
        assert session_before.execute(sa.text("SELECT desk_me()")).scalar() is None
    still_open.dispose()
    assert signs_in(site["url"], name, "a brand new secret") is None
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT active FROM agents WHERE username = :n"), {"n": name}).scalar() \
            is False
    engine.dispose()
    assert "can no longer sign in" in capsys.readouterr().out


def test_an_admin_makes_users_without_createrole_and_cannot_climb_higher(site, monkeypatch) -> None:
    """An admin person (desk_admin, no CREATEROLE, made by the DBA as the first admin) makes
    everyone else through 0008's fixed functions, which only ever make or touch a person's
    login: never the migration or jobs login, never a group such as desk_owner."""
    root, noa, jobs = (f"{n}_{site['suffix']}" for n in ("root", "noa", "jobs"))
    site["made"] += [noa, root, jobs]
    assert admin(monkeypatch, "create-user", root, "--role", "admin", "--url", site["url"],
                 stdin=PASSWORD + "\n") == 0
    as_root = login_url(site["url"], root, PASSWORD)
    assert admin(monkeypatch, "create-user", noa, "--role", "lead", "--team", "North", "--url", as_root,
                 stdin="noa's own password\n") == 0
    assert signs_in(site["url"], noa, "noa's own password")[:3] == (noa, "team_lead", "North")
    assert admin(monkeypatch, "set-role", noa, "--role", "agent", "--url", as_root) == 0
    assert admin(monkeypatch, "reset-password", noa, "--url", as_root, stdin="noa's new password\n") == 0
    assert signs_in(site["url"], noa, "noa's new password")[:2] == (noa, "agent")

    engine = make_engine(site["url"])
    with engine.begin() as connection:
        connection.connection.driver_connection.execute(sql.SQL(
            "CREATE ROLE {} LOGIN PASSWORD {} IN ROLE desk_jobs").format(sql.Identifier(jobs), sql.Literal(PASSWORD)))
    engine.dispose()
    verifier = "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5"
    root_engine = make_engine(as_root)
    try:
        for attempt in ("GRANT desk_owner TO CURRENT_USER", "ALTER ROLE CURRENT_USER CREATEROLE",
                        f"CREATE ROLE x_{site['suffix']} LOGIN",
                        f"SELECT desk_create_login('x_{site['suffix']}', '{verifier}', 'desk_owner')",
                        f"SELECT desk_create_login('x_{site['suffix']}', 'plain password', 'desk_admin')",
                        f"SELECT desk_set_login_group('{root}', 'desk_jobs')",
                        f"SELECT desk_set_login_password('{jobs}', '{verifier}')",
                        f"SELECT desk_set_login_group('{jobs}', 'desk_admin')",
                        "SELECT desk_set_login_password('postgres', 'x')",
                        "SELECT desk_disable_login('desk_owner')"):
            with pytest.raises(sa.exc.DBAPIError), root_engine.begin() as connection:
                connection.execute(sa.text(attempt))
        with root_engine.connect() as connection:
            assert connection.execute(sa.text("SELECT pg_has_role('desk_owner', 'MEMBER')")).scalar() is False
    finally:
        root_engine.dispose()
    assert signs_in(site["url"], jobs, PASSWORD) is not None  # the service's password is untouched
    # an agent calls none of the user functions
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied for function"):
        agent = make_engine(login_url(site["url"], noa, "noa's new password"))
        try:
            with agent.begin() as connection:
                connection.execute(sa.text(f"SELECT desk_set_login_group('{noa}', 'desk_admin')"))
        finally:
            agent.dispose()


@pytest.mark.parametrize(("argv", "stdin", "says"), [
    (["create-user", "NAME", "--role", "boss"], PASSWORD, "invalid choice: 'boss'"),
    (["create-user", "NAME", "--role", "agent", "--team", "Nowhere"], PASSWORD, "no team named 'Nowhere'"),
    (["create-user", "Robert'); DROP TABLE agents;--", "--role", "agent"], PASSWORD, "must be 1-63 characters"),
    (["create-user", "desk_owner", "--role", "admin"], PASSWORD, "is reserved"),
    (["create-user", "NAME", "--role", "agent"], "short\n", "at least 8 characters"),
    (["create-user", "NAME", "--role", "agent"], "", "no password on standard input"),
    (["create-user", "NAME", "--role", "agent", "--authority", "lots"], PASSWORD, "not an amount of shekels"),
    (["create-user", "NAME", "--role", "agent", "--password", "x"], PASSWORD, "unrecognized arguments"),
    (["set-role", "nobody_here", "--role", "lead"], "", "no desk user named 'nobody_here'"),
    (["disable-user", "postgres"], "", "is reserved"),
])
def test_mistakes_are_one_line_and_change_nothing(site, monkeypatch, capsys, argv, stdin, says) -> None:
    name = f"zoe_{site['suffix']}"
    site["made"].append(name)
    argv = [name if a == "NAME" else a for a in argv]
    try:
        status = admin(monkeypatch, *argv, "--url", site["url"], stdin=stdin)
    except SystemExit as exc:  # argparse: usage errors exit 2
        status = exc.code
    err = capsys.readouterr().err
    assert status in (1, 2)
    assert says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert PASSWORD not in err
    engine = make_engine(site["url"])
    with engine.connect() as connection:
        roles = connection.execute(sa.text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": name})
        assert roles.scalar() == 0
        assert connection.execute(sa.text("SELECT count(*) FROM agents")).scalar() == 0
    engine.dispose()


def test_a_duplicate_user_is_refused_and_the_first_is_kept(site, monkeypatch, capsys) -> None:
    name = f"dup_{site['suffix']}"
    site["made"].append(name)
    assert admin(monkeypatch, "create-user", name, "--role", "agent", "--url", site["url"], stdin=PASSWORD + "\n") == 0
    assert admin(monkeypatch, "create-user", name, "--role", "admin", "--url", site["url"],
                 stdin="another password\n") == 1
    assert "exists already" in capsys.readouterr().err
    assert signs_in(site["url"], name, PASSWORD)[1] == "agent"


def test_the_embedded_database_has_no_users_to_make(tmp_path, monkeypatch, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert main(["db", "upgrade", "--url", url]) == 0
    assert admin(monkeypatch, "create-user", "dana", "--role", "agent", "--url", url, stdin=PASSWORD + "\n") == 1
    assert "PostgreSQL only" in capsys.readouterr().err


def test_a_site_deploys_as_docs_security_says_with_no_superuser_after_the_dba(pg_server, pg_passwords, monkeypatch,
                                                                             capsys) -> None:
    """The DBA's one-time set-up, then the schema by a migration login that is not a superuser,
    the first admin, a person made by that admin, and housekeeping by the jobs login."""
    suffix = secrets.token_hex(3)
    migrator, root, dana, jobs = (f"{n}_{suffix}" for n in ("migrator", "root", "dana", "jobs"))
    database = f"t_{uuid.uuid4().hex[:12]}"
    server = make_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")

    def dba(statement: sql.Composable | str) -> None:
        with server.connect() as connection:
            connection.connection.driver_connection.execute(statement)

    try:
        for statement in group_role_statements():
            dba(statement)
        dba(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER BYPASSRLS NOCREATEROLE PASSWORD {} IN ROLE desk_owner")
            .format(sql.Identifier(migrator), sql.Literal(PASSWORD)))
        dba(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD {} IN ROLE desk_jobs")
            .format(sql.Identifier(jobs), sql.Literal(PASSWORD)))
        dba(sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
            sql.Identifier(database), sql.Identifier(migrator)))
        dba(sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))
        dba(sql.SQL("GRANT TEMPORARY ON DATABASE {} TO desk_admin").format(sql.Identifier(database)))
        as_superuser = pg_server.url_for(database)

        assert main(["db", "upgrade", "--url", login_url(as_superuser, migrator, PASSWORD)]) == 0, \
            capsys.readouterr().err
        assert main(["demo-data", "--url", login_url(as_superuser, migrator, PASSWORD), "--customers", "30"]) == 0, \
            capsys.readouterr().err
        assert admin(monkeypatch, "create-user", root, "--role", "admin", "--url", as_superuser,
                     stdin=PASSWORD + "\n") == 0
        assert admin(monkeypatch, "create-user", dana, "--role", "agent", "--url",
                     login_url(as_superuser, root, PASSWORD), stdin="dana's password\n") == 0, capsys.readouterr().err
        assert signs_in(as_superuser, dana, "dana's password")[:2] == (dana, "agent")
        assert main(["jobs", "run", "--url", login_url(as_superuser, jobs, PASSWORD)]) == 0, capsys.readouterr().err
        # temporary tables: the admin (imports stage rows in one) and the migration login, no desk
        temporary = "CREATE TEMP TABLE scratch (x int)"
        for login, password, may in ((root, PASSWORD, True), (migrator, PASSWORD, True),
                                     (dana, "dana's password", False), (jobs, PASSWORD, False)):
            person = make_engine(login_url(as_superuser, login, password))
            try:
                with person.connect() as connection:
                    if may:
                        connection.exec_driver_sql(temporary)
                    else:
                        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                            connection.exec_driver_sql(temporary)
            finally:
                person.dispose()

        engine = make_engine(as_superuser)
        with engine.connect() as connection:
            owners = set(connection.execute(sa.text(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))
                .scalars())
            powers = connection.execute(sa.text(
                "SELECT bool_or(rolsuper OR rolbypassrls OR rolcreaterole) FROM pg_roles "
                "WHERE rolname IN (:b, :c, :d)"),
                {"b": root, "c": dana, "d": jobs}).scalar()
        engine.dispose()
        assert owners == {"desk_owner"} and powers is False
    finally:
        dba(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        for login in (dana, root, jobs, migrator):
            dba(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))
        server.dispose()


def test_at_a_terminal_the_password_is_typed_twice_at_a_silent_prompt(monkeypatch, capsys, tmp_path) -> None:
    """Typed at getpass (never echoed); two different entries change nothing, in one line."""
    typed = iter(["first password", "second password"])
    prompts: list[str] = []

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or next(typed))
    url = f"sqlite:///{tmp_path / 'never-opened.sqlite3'}"
    assert main(["admin", "reset-password", "dana", "--url", url]) == 1
    err = capsys.readouterr().err
    assert prompts == ["New password for dana: ", "Type it again: "]
    assert err.strip() == "agent-desk: the two passwords differ; nothing was changed"
    assert "first password" not in err and not (tmp_path / "never-opened.sqlite3").exists()

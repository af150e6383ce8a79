"""The suite's own guards work: a test that leaves a thread or a Qt task running fails, and
PostgreSQL tests are marked ``postgres`` without each one asking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_test_leaving_a_thread_running_fails(pytester) -> None:
    pytester.makeconftest("from tests.conftest import no_thread_left_running  # noqa: F401\n")
    pytester.makepyfile(
        """
        import threading

        release = threading.Event()
        worker = None

        def test_leaves_a_thread():
            global worker
            worker = threading.Thread(target=release.wait, name="left-behind")
            worker.start()

        def test_cleans_up():
            release.set()
            worker.join()
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.re_match_lines([r".*test left threads running: \['left-behind'\].*"])


def test_a_test_leaving_a_qt_task_running_fails(pytester) -> None:
    """The guard's other branch: no Python thread left, but a task runner still busy."""
    pytester.makeconftest("from tests.conftest import no_thread_left_running  # noqa: F401\n")
    pytester.makepyfile(
        """
        import threading

        from agent_desk.ui.tasks import TaskRunner

        release = threading.Event()
        started = threading.Event()
        runner = None

        def work():
            started.set()
            release.wait(30)

        def test_leaves_a_task_running(qapp):
            global runner
            runner = TaskRunner()
            runner.submit(work, lambda _result: None)
            assert started.wait(10)

        def test_cleans_up(qapp):
            release.set()
            assert runner.wait(10_000)
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.re_match_lines([r".*test left threads running: \[\] and 1 busy Qt task runner\(s\).*"])


def test_postgres_tests_are_marked_without_asking(pytester) -> None:
    """``-m postgres`` selects every test that reaches the server, and only those."""
    pytester.makeconftest("from tests.conftest import any_db_url, pg_server, pg_url, "
                          "pytest_collection_modifyitems  # noqa: F401\n")
    pytester.makeini("[pytest]\nmarkers =\n    postgres: needs PostgreSQL\naddopts = --strict-markers\n")
    pytester.makepyfile(
        test_marks="""
        import pytest

        @pytest.fixture
        def loaded_db(pg_url):
            return pg_url

        def test_on_the_server(pg_url):
            pass

        def test_through_a_fixture(loaded_db):
            pass

        def test_on_each_database(any_db_url):
            pass

        def test_on_a_file(tmp_path):
            pass
        """
    )
    chosen = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-m", "postgres", "--collect-only", "-q")
    assert sorted(line for line in chosen.outlines if "::" in line) == [
        "test_marks.py::test_on_each_database[postgresql]",
        "test_marks.py::test_on_the_server",
        "test_marks.py::test_through_a_fixture",
    ]
    rest = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-m", "not postgres", "--collect-only", "-q")
    assert sorted(line for line in rest.outlines if "::" in line) == [
        "test_marks.py::test_on_a_file", "test_marks.py::test_on_each_database[sqlite]",
    ]


def test_the_suite_s_own_postgres_tests_carry_the_marker() -> None:
    """The real suite: ``pytest -m postgres --collect-only`` finds the server tests."""
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-m", "postgres", "--collect-only", "-q",
         "tests/test_schema.py", "tests/test_approvals.py"],
        cwd=root, capture_output=True, text=True, timeout=120, check=False,
    )
    chosen = [line for line in result.stdout.splitlines() if "::" in line]
    assert result.returncode == 0, result.stdout[-2000:]
    assert any(line.startswith("tests/test_approvals.py::") for line in chosen)
    assert "tests/test_schema.py::test_every_constraint_and_index_is_named[postgresql]" in chosen
    assert not any("[sqlite]" in line for line in chosen)


def test_a_modal_dialog_fails_the_test_instead_of_hanging(pytester) -> None:
    pytester.makeconftest("from tests.conftest import no_modal_dialog  # noqa: F401\n")
    pytester.makepyfile(
        """
        from PySide6.QtWidgets import QMessageBox

        def test_asks_the_user(qapp):
            box = QMessageBox()
            box.setWindowTitle("Quit agent-desk?")
            box.exec()
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines([r".*a test opened a modal dialog \(QMessageBox: 'Quit agent-desk\?'\).*"])

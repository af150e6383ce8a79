"""The suite's own guards work: a test that leaves a thread running fails."""

from __future__ import annotations


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

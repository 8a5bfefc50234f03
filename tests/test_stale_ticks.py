"""ui.stale_ticks: which fragment reruns count as stale, and that installing the guard wraps Streamlit once."""
from __future__ import annotations

from ui import stale_ticks


def test_a_fragment_rerun_from_another_page_is_stale():
    assert stale_ticks.is_stale("live", ["frag"], "feedback")
    assert stale_ticks.is_stale("live", "frag", "feedback")


def test_the_current_page_full_runs_and_unknown_pages_are_never_stale():
    assert not stale_ticks.is_stale("live", ["frag"], "live")  # a tick of the page the session is on
    assert not stale_ticks.is_stale("live", [], "feedback")  # a full run: navigation itself
    assert not stale_ticks.is_stale("live", None, "feedback")
    assert not stale_ticks.is_stale("", ["frag"], "feedback")  # untagged: cannot tell
    assert not stale_ticks.is_stale("live", ["frag"], "")  # no run yet (a new script thread)


def test_install_wraps_each_entry_point_once():
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    stale_ticks.install()
    arrival, running = AppSession.request_rerun, ScriptRunner._run_script
    stale_ticks.install()
    assert (AppSession.request_rerun, ScriptRunner._run_script) == (arrival, running)
    assert getattr(arrival, stale_ticks._MARK)

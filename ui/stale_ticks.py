"""Drop a fragment rerun that comes from a page this browser session has already left.

Upstream behaviour (Streamlit 1.67): a fragment rerun request (a `run_every` timer's tick, or a click
on a widget inside a fragment) is tagged with the page the browser believes it is on. A page switch
(`st.switch_page`) can start the next page's run while such a request is still in flight. The server
then queues it as a fragment run *after* the new page's run; that run finds no fragment, but its
start message names the old page, and the browser, seeing a page change, clears the whole app. The
new page is left blank under the right URL, until the user reloads. Seen after End session on Live
voice (its panel reruns every 300 ms): Feedback stayed empty on a loaded machine. Reproduced with two
pages, a 50 ms fragment timer and a switch: 10 of 10 blank.

A fragment belongs to one page, so a fragment rerun tagged with another page can only do harm. It is
dropped at two points, because either alone let some through (5 and 3 of 10 blank):
- on arrival, when the session's latest run is already on another page (AppSession.request_rerun);
- when it is about to run, if the run before it on this script thread was on another page (a request
  that arrived before the new page's run had started was queued behind it).
Every other request passes unchanged.
"""
from __future__ import annotations

from streamlit.logger import get_logger

_LOG = get_logger(__name__)  # Streamlit's logger: shown in the server log
_MARK = "_parley_drops_stale_fragment_runs"


def is_stale(page_tag: str, fragments, current_page: str) -> bool:
    """A fragment rerun (`fragments` non-empty) tagged with a page other than the session's current one.
    An empty tag or an unknown current page ("") never counts as stale."""
    return bool(fragments) and bool(page_tag) and bool(current_page) and page_tag != current_page


def install() -> None:
    """Wrap the two entry points once per process (idempotent; app.py calls it on every run)."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    if getattr(AppSession.request_rerun, _MARK, False):
        return
    on_arrival, before_running = AppSession.request_rerun, ScriptRunner._run_script

    def request_rerun(self, client_state):
        if client_state is not None and is_stale(client_state.page_script_hash, client_state.fragment_id,
                                                 self.page_script_hash):
            _LOG.info("Dropped a rerun of fragment %s from a page this session has left.", client_state.fragment_id)
            return None
        return on_arrival(self, client_state)

    def _run_script(self, rerun_data):
        fragments = rerun_data.fragment_id_queue or rerun_data.fragment_id
        if is_stale(rerun_data.page_script_hash, fragments, self._get_script_run_ctx().page_script_hash):
            _LOG.info("Skipped a queued rerun of fragments %s from a page this session has left.", fragments)
            return None
        return before_running(self, rerun_data)

    setattr(request_rerun, _MARK, True)
    AppSession.request_rerun = request_rerun
    ScriptRunner._run_script = _run_script

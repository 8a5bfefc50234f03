"""A key pasted in the sidebar is used for the session and never shows up anywhere else:
not in the rendered UI, the logs, the exports, the database or error messages."""
from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from services.storage import Store
from tests.apptest_helpers import all_text, button, goto, new_app, say
from tests.fakes.openai_server import Fault, FakeOpenAI

KEY = "sk-proj-SECRET-9f8e7d6c5b4a"


def export_texts(session: dict, turns: list[dict]) -> list[str]:
    """Everything a user can download for a session."""
    from core.feedback import offline_report
    from services import export, report

    rep = offline_report(report.session_turns(turns), session["mode"])
    pdf = export.report_pdf(session, turns, rep)
    pdf_text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "I would profile the endpoint" in pdf_text.replace("\n", " ")  # the reader really sees the text
    return [export.report_markdown(session, turns, None), export.report_markdown(session, turns, rep), pdf_text,
            pdf.decode("latin-1")]


def test_pasted_key_leaves_no_trace(monkeypatch, tmp_path, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    with FakeOpenAI(reply="Good answer. What would you measure first?") as server:
        monkeypatch.delenv("PARLEY_LLM")
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        at = new_app()
        at.session_state["speak_replies"] = False
        [box] = [t for t in at.text_input if t.label == "API key"]
        at.selectbox(key="key_provider").select("openai")
        box.input(KEY)
        button(at, "Use this key").click().run()
        button(at, "Start interview").click().run()
        say(at, "I would profile the endpoint and add an index.")
        server.fail_next(Fault(status=401))
        say(at, "Then I would cache the hot rows.")
        rendered = all_text(at)
        assert "rejected the API key" in rendered  # the error path ran too
        assert any(r.headers.get("authorization") == f"Bearer {KEY}" for r in server.requests)  # it was used

        feedback = goto(at, "pages/feedback.py")
        rendered += all_text(feedback)

    assert KEY not in rendered
    store = Store(tmp_path / "parley.db")
    [session] = store.list_sessions()
    turns = store.turns(session["id"])
    assert len(turns) >= 4
    assert KEY not in "\n".join(export_texts(session, turns))
    assert KEY not in caplog.text
    out, err = capfd.readouterr()
    assert KEY not in out and KEY not in err
    db_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("parley.db*"))
    assert len(db_bytes) > 0 and KEY.encode() not in db_bytes
    assert KEY not in str(turns) and KEY not in str(session)

"""The stream faults where the user meets them: the practice page (AppTest), an OpenAI-compatible
provider pointed at the fake server. Each fault ends with a StageError on the page and the
partial reply saved; nothing raises in the page.
"""
from __future__ import annotations

import pytest

from services.storage import Store
from tests.apptest_helpers import all_text, button, new_app, say
from tests.fakes.openai_server import Fault, FakeOpenAI

pytestmark = pytest.mark.slow  # drives the app and starts a server

REPLY = "Thanks for that answer. Here is my next question 😀 for you."
ANSWER = "I led the billing migration and cut failed payments by a third."


@pytest.fixture
def page(monkeypatch, tmp_path):
    with FakeOpenAI(reply=REPLY) as server:
        for name, value in {"PARLEY_LLM": "compatible", "LLM_BASE_URL": server.base_url, "LLM_MODEL": "fake-model",
                            "LLM_FIRST_TOKEN_S": "1", "LLM_IDLE_S": "1", "LLM_WAIT_S": "3",
                            "OFFLINE_FALLBACK": "0", "STREAM_SAVE_EVERY_S": "0", "REQUEST_TIMEOUT": "5"}.items():
            monkeypatch.setenv(name, value)
        at = new_app()
        at.session_state["speak_replies"] = False
        button(at, "Start interview").click().run()
        assert not at.exception, at.exception
        store = Store(tmp_path / "parley.db")
        [session] = store.list_sessions()
        yield at, server, store, session["id"]


def last_reply(store: Store, sid: str) -> dict:
    return store.turns(sid)[-1]


def test_keep_alive_drip_shows_a_stall_error_and_keeps_the_partial_reply(page):
    at, server, store, sid = page
    server.fail_next(Fault(drip_after=3, drip_every_s=0.1))
    say(at, ANSWER)
    text = all_text(at)
    assert "stopped arriving" in text and "What arrived is kept" in text
    reply = last_reply(store, sid)
    assert reply["role"] == "assistant" and reply["content"] == "Thanks for that"
    assert reply["meta"]["partial"] is True and reply["meta"]["error"]["code"] == "stalled"
    assert store.turns(sid)[-2]["content"] == ANSWER


def test_stall_before_the_first_token_ends_with_a_timeout_error_on_the_page(page):
    at, server, store, sid = page
    server.fail_next(*[Fault(stall_first_s=30, drip_every_s=0.1)] * 5)
    say(at, ANSWER)
    text = all_text(at)
    assert "sent nothing for" in text
    assert "Your last message is saved" in text or ANSWER in text
    assert store.turns(sid)[-1]["content"] == ANSWER  # no reply: the answer is last, ready for Retry


def test_split_surrogates_show_the_emoji_and_save_it(page):
    at, server, store, sid = page
    server.fail_next(Fault(split_surrogates=True))
    say(at, ANSWER)
    assert all_text(at).count(REPLY) >= 2
    assert last_reply(store, sid)["content"] == REPLY


def test_split_surrogate_then_a_cut_is_an_error_with_a_clean_partial_saved(page):
    at, server, store, sid = page
    server.fail_next(Fault(split_surrogates=True, cut_after=9))
    say(at, ANSWER)
    assert "was cut off midway" in all_text(at)
    reply = last_reply(store, sid)
    assert reply["meta"]["partial"] is True and REPLY.startswith(reply["content"]) and reply["content"]
    reply["content"].encode("utf-8")


@pytest.mark.parametrize("value", ["-1", "nan"])
def test_negative_and_nan_retry_after_end_with_a_sane_rate_limit_error(page, value):
    at, server, store, sid = page
    server.fail_next(*[Fault(status=429, headers={"Retry-After": value})] * 3)
    say(at, ANSWER)
    text = all_text(at)
    assert "has had too many requests for now" in text and "HTTP 429" in text and "Wait a moment" in text
    assert "nan" not in text.lower().replace("nanc", "")  # "finance" etc. are not in this page
    assert store.turns(sid)[-1]["content"] == ANSWER


def test_negative_retry_after_once_then_the_reply_arrives(page):
    at, server, store, sid = page
    server.fail_next(Fault(status=429, headers={"Retry-After": "-1"}))
    say(at, ANSWER)
    assert all_text(at).count(REPLY) >= 2
    assert last_reply(store, sid)["content"] == REPLY


def test_stop_reply_marks_a_reply_left_streaming_as_cut_short(page):
    at, server, store, sid = page
    say(at, ANSWER)
    reply = last_reply(store, sid)
    # A run cut off mid-stream leaves the reply saved with status "streaming" (simulated here).
    store.update_turn_content(reply["id"], "Thanks for", {**reply["meta"], "status": "streaming", "partial": True})
    at.session_state["stop_reply"] = True
    at.run()
    assert not at.exception
    assert "Reply stopped" in all_text(at)
    assert last_reply(store, sid)["meta"]["status"] == "interrupted"
    assert "This reply was cut short." in all_text(at)


def test_a_message_sent_on_the_page_while_a_reply_streams_is_saved_after_that_reply(page):
    """The reply streams in a run the user's click interrupts (simulated: a generator left open in
    this process, as a Streamlit rerun leaves it); the page's next run saves the message after it."""
    from config import get_settings
    from services.conversation import Conversation

    at, server, store, sid = page
    say(at, ANSWER)
    server.tokens_per_s = 10
    streaming = Conversation(store, sid, get_settings()).reply()
    first = [next(streaming), next(streaming)]
    say(at, "A second message, sent while that reply was still arriving.")
    rest = list(streaming)  # the old reply noticed it was stopped
    server.tokens_per_s = None
    turns = store.turns(sid)
    cut = next(t for t in turns if t["role"] == "assistant" and t["meta"].get("status") == "interrupted")
    second = next(t for t in turns if t["content"].startswith("A second message"))
    assert cut["id"] < second["id"] and cut["content"] == "".join(first + rest).strip()
    assert turns[-1]["role"] == "assistant" and turns[-1]["id"] > second["id"]  # and it got its own reply

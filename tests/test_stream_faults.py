"""Stream faults through the official openai SDK (an OpenAI-compatible provider) against the fake server.

Keep-alive drips, stalls before the first token, split surrogate pairs and malformed Retry-After
headers: each ends in a StageError (or a clean reply), the partial reply is saved as it arrives,
and the saved order is the order of the conversation.
"""
from __future__ import annotations


import pytest

from config import Settings
from core.errors import StageError
from services.conversation import Conversation
from services.storage import Store
from tests.chat_helpers import rows, waiting_chat
from tests.fakes.openai_server import Fault, FakeOpenAI

pytestmark = pytest.mark.slow  # starts a local server

REPLY = "Thanks for that answer. Here is my next question for you."
EMOJI_REPLY = "Great job 😀 truly 👍🏽 well done 𝄞 bye."


def settings_for(server: FakeOpenAI, **extra) -> Settings:
    base = dict(parley_llm="compatible", llm_base_url=server.base_url, llm_model="fake-model", request_timeout=5.0,
                max_retries=2, llm_first_token_s=1.0, llm_idle_s=0.8, llm_wait_s=3.0, stream_save_every_s=0.0,
                offline_fallback=0)
    return Settings(**{**base, **extra})


@pytest.fixture
def server():
    with FakeOpenAI(reply=REPLY) as fake:
        yield fake


def conversation(tmp_path, settings):
    return waiting_chat(tmp_path, settings, "It was busy but good.", db="stream.db")


def test_keep_alive_drip_after_three_tokens_ends_with_stalled_and_keeps_the_words(server, tmp_path):
    server.fail_next(Fault(drip_after=3, drip_every_s=0.1))
    store, sid, convo, _ = conversation(tmp_path, settings_for(server))
    got = []
    with pytest.raises(StageError) as info:
        for delta in convo.reply():
            got.append(delta)
    assert (info.value.stage, info.value.code) == ("llm", "stalled") and info.value.retryable
    assert "".join(got) == "Thanks for that "
    last = store.turns(sid)[-1]
    assert last["role"] == "assistant" and last["content"] == "Thanks for that"
    assert last["meta"]["partial"] is True and last["meta"]["error"]["code"] == "stalled"
    assert len(server.requests) == 1  # text had arrived: not retried, the user decides


def test_stall_before_the_first_token_is_bounded_in_total_and_says_so(server, tmp_path):
    server.fail_next(*[Fault(stall_first_s=30, drip_every_s=0.1)] * 5)
    store, sid, convo, waits = conversation(tmp_path, settings_for(server))
    with pytest.raises(StageError) as info:
        list(convo.reply())
    assert info.value.code == "timeout" and "sent nothing" in info.value.message
    # LLM_WAIT_S=3 with 1 s per attempt: at most 3 attempts, never the 3 × 30 s of the SDK timeout.
    assert 1 <= len(server.requests) <= 3
    assert rows(store, sid)[-1] == ("user", "It was busy but good.")


def test_stall_then_the_offline_coach_answers_when_fallback_is_on(server, tmp_path):
    server.fail_next(*[Fault(stall_first_s=30, drip_every_s=0.1)] * 5)
    store, sid, convo, _ = conversation(tmp_path, settings_for(server, offline_fallback=1))
    text = "".join(convo.reply())
    assert text and text != REPLY
    assert [n.code for n in convo.notices] == ["timeout"]
    assert store.turns(sid)[-1]["meta"]["provider"] == "offline"


def test_overall_deadline_ends_a_slow_but_steady_reply(tmp_path):
    with FakeOpenAI(reply=REPLY, tokens_per_s=4) as server:
        store, sid, convo, _ = conversation(tmp_path, settings_for(server, llm_reply_deadline_s=1.2))
        with pytest.raises(StageError) as info:
            list(convo.reply())
    assert info.value.code == "deadline"
    last = store.turns(sid)[-1]
    assert last["role"] == "assistant" and last["meta"]["partial"] and REPLY.startswith(last["content"])


def test_split_surrogates_are_joined_into_the_real_characters(tmp_path):
    with FakeOpenAI(reply=EMOJI_REPLY) as server:
        server.fail_next(Fault(split_surrogates=True))
        store, sid, convo, _ = conversation(tmp_path, settings_for(server))
        text = "".join(convo.reply())
    assert text == EMOJI_REPLY
    text.encode("utf-8")  # no lone surrogate left: this would raise
    assert store.turns(sid)[-1]["content"] == EMOJI_REPLY


def test_split_surrogate_then_a_cut_keeps_a_clean_partial(tmp_path):
    with FakeOpenAI(reply=EMOJI_REPLY) as server:
        server.fail_next(Fault(split_surrogates=True, cut_after=3))  # cut after "Great job 😀 " halves
        store, sid, convo, _ = conversation(tmp_path, settings_for(server))
        with pytest.raises(StageError):
            list(convo.reply())
    last = store.turns(sid)[-1]
    assert last["meta"]["partial"] is True
    last["content"].encode("utf-8")
    assert EMOJI_REPLY.startswith(last["content"])


@pytest.mark.parametrize("value", ["-1", "nan", "NaN", "inf", "-inf", "soon", "", "1e309"])
def test_malformed_retry_after_falls_back_to_our_backoff(value, server, tmp_path):
    server.fail_next(Fault(status=429, headers={"Retry-After": value}))
    store, sid, convo, waits = conversation(tmp_path, settings_for(server, llm_wait_s=30))
    assert "".join(convo.reply()) == REPLY
    assert waits == [0.5]  # our own backoff: no negative sleep, no NaN, no hour-long wait


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "garbage"])
def test_persistent_429_with_a_malformed_retry_after_says_wait_a_moment(value, server, tmp_path):
    server.fail_next(*[Fault(status=429, headers={"Retry-After": value})] * 3)
    store, sid, convo, _ = conversation(tmp_path, settings_for(server, llm_wait_s=30))
    with pytest.raises(StageError) as info:
        list(convo.reply())
    assert info.value.code == "rate_limited"
    assert "nan" not in info.value.message.lower() and "inf" not in info.value.message.lower()
    assert "Wait a moment" in info.value.message


def test_a_huge_retry_after_is_clamped_in_the_message(server, tmp_path):
    server.fail_next(Fault(status=429, headers={"Retry-After": "99999999"}))
    store, sid, convo, waits = conversation(tmp_path, settings_for(server))
    with pytest.raises(StageError) as info:
        list(convo.reply())
    assert "Wait 600 s" in info.value.message and waits == []


def test_the_reply_is_saved_as_it_arrives_not_only_at_the_end(server, tmp_path):
    store, sid, convo, _ = conversation(tmp_path, settings_for(server))
    stream = convo.reply()
    got = [next(stream), next(stream), next(stream)]
    last = Store(store.path).turns(sid)[-1]  # another connection: what a rerun would read
    # The first words are saved before they are shown; later ones when the reader asks for more.
    assert last["role"] == "assistant" and last["content"] == "".join(got[:2]).strip()
    assert last["meta"]["status"] == "streaming" and last["meta"]["partial"] is True
    rest = list(stream)
    final = Store(store.path).turns(sid)[-1]
    assert final["content"] == "".join(got + rest) == REPLY and final["meta"]["partial"] is False


def test_a_message_sent_while_a_reply_streams_is_saved_after_that_reply(tmp_path):
    with FakeOpenAI(reply=REPLY, tokens_per_s=20) as server:
        store, sid, convo, _ = conversation(tmp_path, settings_for(server, llm_idle_s=5))
        stream = convo.reply()
        first = [next(stream), next(stream)]
        # A rerun of the page (a new Conversation) saves the next message while the reply is mid-stream.
        Conversation(store, sid, convo.settings).add_user("Second message, sent mid-reply.")
        rest = list(stream)  # the old reply stops at its next token: one reply at a time
    roles = rows(store, sid)
    assert [r for r, _ in roles] == ["assistant", "user", "assistant", "user"]
    assert roles[-2] == ("assistant", "".join(first + rest).strip())
    assert roles[-1] == ("user", "Second message, sent mid-reply.")
    assert len(rest) <= 1
    assert store.turns(sid)[-2]["meta"]["status"] == "interrupted"


def test_a_reply_left_streaming_by_a_dead_run_is_marked_interrupted(server, tmp_path):
    store, sid, convo, _ = conversation(tmp_path, settings_for(server))
    stream = convo.reply()
    next(stream)
    next(stream)  # the run dies here without closing the generator (the page was rerun)
    Conversation(store, sid, convo.settings).stop_active()
    assert store.turns(sid)[-1]["meta"]["status"] == "interrupted"
    stream.close()


def test_the_wait_is_reported_while_no_token_arrives(server, tmp_path):
    server.fail_next(*[Fault(stall_first_s=30, drip_every_s=0.1)] * 5)
    store, sid, convo, _ = conversation(tmp_path, settings_for(server, llm_first_token_s=1.5, llm_wait_s=1.6))
    messages: list[str] = []
    with pytest.raises(StageError):
        list(convo.reply(on_wait=messages.append))
    assert messages and messages[-1].startswith("Waiting for") and "gives up after 2 s" in messages[-1]


def test_a_stop_while_waiting_ends_the_wait_quietly(server, tmp_path):
    from services.llm.base import CancelFlag

    server.fail_next(Fault(stall_first_s=30, drip_every_s=0.1))
    store, sid, convo, _ = conversation(tmp_path, settings_for(server, llm_first_token_s=20, llm_wait_s=30))
    stop = CancelFlag()
    ticks: list[str] = []

    def on_wait(message: str) -> None:  # the user presses Stop after the first notice
        ticks.append(message)
        stop.set()

    assert list(convo.reply(cancel=stop, on_wait=on_wait)) == []
    assert len(ticks) == 1 and rows(store, sid)[-1] == ("user", "It was busy but good.")

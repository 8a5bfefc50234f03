"""Bad inputs for streams, provider text, Retry-After headers, voice answers and the rolling summary.

Each case ends in a result or a clear StageError, never an unhandled exception; whatever is saved or
spoken is valid UTF-8 with no control characters.
"""
from __future__ import annotations

import math
import sqlite3

import pytest

from config import Settings
from core.errors import StageError
from core.spec import PracticeSpec
from core.text.clean import StreamCleaner, clean_text
from services import tts
from services.conversation import Conversation
from services.provider_errors import parse_retry_after
from services.storage import Store
from tests.fakes.openai_server import Fault, FakeOpenAI

SETTINGS = Settings(parley_llm="offline", gtts_enabled=0, stream_save_every_s=0.0)

# What a provider might yield, chunk by chunk.
CHUNKS = {
    "lone_high": ["Hello \ud83d there."],
    "lone_low": ["Hello \ude00 there."],
    "split_pair": ["Nice \ud83d", "\ude00 work."],
    "split_pair_last": ["The end \ud83d", "\ude00"],
    "high_at_the_very_end": ["Cut here \ud83d"],
    "two_highs": ["A \ud83d\ud83d", "\ude00 B."],
    "nul": ["Hel\x00lo."],
    "escape_codes": ["\x1b[31mred\x1b[0m text."],
    "bell_and_backspace": ["Ding\x07\x08 dong."],
    "c1_controls": ["Next\x85line \x9b here."],
    "crlf_split": ["Line one.\r", "\nLine two."],
    "lone_cr": ["One.\rTwo."],
    "noncharacters": ["Odd \ufffe\uffff chars."],
    "only_controls": ["\x00\x01\x02"],
    "empty_chunks": ["", "", "Fine.", ""],
    "zwj_emoji": ["Family 👨\u200d👩\u200d👧 here."],
    "rtl_text": ["مرحبا بك."],
    "bytes_like": ["Plain text only."],
    "huge_chunk": ["word " * 5000],
    "many_tiny_chunks": list("Tiny chunks, one character each."),
}

RETRY_AFTER = ["-1", "nan", "NaN", "inf", "-inf", "1e309", "", "   ", "soon", "3", "3.5", "0", "99999999",
               "Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2099 07:28:00 GMT", "Mon, 99 Foo 2020", "\x00",
               "１２", "1_000", "0x10", None, 7, -3.0, float("nan")]

VOICE_ANSWERS = {"long_spoken": ("word " * 2400).strip(), "too_long_even_spoken": "x" * 12001,
                 "surrogates": "I said \ud83d hello", "controls_only": "\x00\x1b", "crlf": "One.\r\nTwo."}

SERVER_FAULTS = {
    "drip": Fault(drip_after=2, drip_every_s=0.05),
    "stall": Fault(stall_first_s=5, drip_every_s=0.05),
    "split": Fault(split_surrogates=True),
    "split_and_cut": Fault(split_surrogates=True, cut_after=2),
    "retry_after_negative": Fault(status=429, headers={"Retry-After": "-1"}),
    "retry_after_nan": Fault(status=429, headers={"Retry-After": "nan"}),
    "retry_after_inf": Fault(status=429, headers={"Retry-After": "inf"}),
    "retry_after_date": Fault(status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
    "retry_after_garbage": Fault(status=503, headers={"Retry-After": "\u00e9\u00e9"}),
}


class Scripted:
    name, label = "scripted", "Scripted model"

    def __init__(self, chunks):
        self.chunks = chunks

    def stream(self, messages, **_):
        yield from self.chunks

    def complete(self, messages, **_):
        return ""


def safe(text: str) -> None:
    text.encode("utf-8")  # raises on a lone surrogate
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
    assert "\r" not in text


def new_convo(tmp_path, settings=SETTINGS, mode="chat"):
    store = Store(tmp_path / "bad.db")
    sid = store.create_session(PracticeSpec(mode=mode))
    return store, sid, Conversation(store, sid, settings)


@pytest.mark.parametrize("name", CHUNKS)
def test_provider_chunks_are_cleaned_before_they_are_shown_or_saved(name, tmp_path):
    store, sid, convo = new_convo(tmp_path)
    convo.provider = Scripted(CHUNKS[name])
    convo.add_user("Hello.")
    shown = "".join(convo.reply())
    safe(shown)
    assert shown == clean_text("".join(CHUNKS[name]))  # chunk by chunk = all at once
    saved = [t for t in store.turns(sid) if t["role"] == "assistant"]
    for turn in saved:
        safe(turn["content"])
    if "split_pair" in name:
        assert "😀" in shown


@pytest.mark.parametrize("name", CHUNKS)
def test_stream_cleaner_equals_clean_text(name):
    cleaner = StreamCleaner()
    out = "".join(cleaner.feed(c) for c in CHUNKS[name]) + cleaner.flush()
    assert out == clean_text("".join(CHUNKS[name]))


@pytest.mark.parametrize("value", RETRY_AFTER, ids=[repr(v) for v in RETRY_AFTER])
def test_retry_after_values_are_sane_or_ignored(value):
    got = parse_retry_after(value)
    assert got is None or (math.isfinite(got) and 0 <= got <= 600)


@pytest.mark.parametrize("name", VOICE_ANSWERS)
def test_voice_answers(name, tmp_path):
    store, sid, convo = new_convo(tmp_path, mode="interview")
    try:
        turn = convo.add_user(VOICE_ANSWERS[name], {"input": "voice"})
    except StageError as exc:
        assert exc.stage == "upload" and name in ("too_long_even_spoken", "controls_only")
        return
    safe(turn["content"])
    assert name not in ("too_long_even_spoken", "controls_only")


@pytest.mark.parametrize("text", ["Hi \ud83d there.", "\ude00", "Bell\x07 and NUL\x00.", "One.\r\nTwo.\rThree."])
def test_speech_input_is_cleaned(text):
    assert isinstance(tts.synthesize(text, settings=SETTINGS), bytes)


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", '"text"', "null", '{"text": 5, "upto_id": "x"}'])
def test_a_corrupt_saved_summary_never_breaks_a_reply(payload, tmp_path):
    store, sid, convo = new_convo(tmp_path)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE sessions SET summary_json = ? WHERE id = ?", (payload, sid))
    for i in range(12):
        convo.add_user(f"Answer {i}.")
        assert "".join(convo.reply())


def test_storage_cleans_what_it_is_given(tmp_path):
    store, sid, _ = new_convo(tmp_path)
    turn = store.add_turn(sid, "assistant", "Half \ud83d pair\x00.")
    safe(store.turns(sid)[-1]["content"])
    store.update_turn_content(turn["id"], "Again \ude00\x1b.", {"partial": True})
    safe(store.turns(sid)[-1]["content"])


@pytest.mark.slow
@pytest.mark.parametrize("name", SERVER_FAULTS)
def test_server_faults_end_in_a_reply_or_a_stage_error(name, tmp_path):
    with FakeOpenAI(reply="Fine 😀 thanks, next question.") as server:
        server.fail_next(*[SERVER_FAULTS[name]] * 3)
        settings = Settings(parley_llm="compatible", llm_base_url=server.base_url, request_timeout=3.0,
                            llm_first_token_s=0.6, llm_idle_s=0.5, llm_wait_s=1.5, offline_fallback=0,
                            stream_save_every_s=0.0)
        store, sid, convo = new_convo(tmp_path, settings)
        convo.sleep = lambda _s: None
        convo.add_user("Hello.")
        try:
            shown = "".join(convo.reply())
            safe(shown)
        except StageError as exc:
            assert exc.stage == "llm" and exc.message and "nan" not in exc.message.lower()
        for turn in store.turns(sid):
            safe(turn["content"])


def test_corpus_is_large_enough():
    assert len(CHUNKS) + len(RETRY_AFTER) + len(VOICE_ANSWERS) + len(SERVER_FAULTS) + 4 + 5 + 1 >= 60

"""Tests for core.memory: history compression with a rolling summary."""

import copy

import pytest

from core.memory import SUMMARY_PREFIX, SUMMARY_PROMPT, compress_history, extractive_digest

SYSTEM = {"role": "system", "content": "You are Alex, an interviewer."}


def convo(n, system=True):
    """n alternating user/assistant messages, optionally after a system prompt."""
    msgs = [dict(SYSTEM)] if system else []
    for i in range(n):
        role = "user" if i % 2 == 0 else "assistant"
        msgs.append({"role": role, "content": f"Message {i}. More detail {i}."})
    return msgs


def never_called(_old):
    raise AssertionError("summarize must not be called")


@pytest.mark.parametrize("n", [0, 1, 19, 20])
def test_short_history_returned_unchanged(n):
    msgs = convo(n, system=n > 0)[:n]
    out = compress_history(msgs, never_called, max_messages=20, keep_recent=10)
    assert out == msgs
    assert out is not msgs


def test_long_history_structure():
    msgs = convo(30)  # 31 messages incl. system prompt
    seen = []

    def summarize(old):
        seen.append(old)
        return "User is a backend engineer."

    out = compress_history(msgs, summarize, max_messages=20, keep_recent=10)
    assert len(out) == 12
    assert out[0] == SYSTEM
    assert out[1] == {"role": "system", "content": SUMMARY_PREFIX + "User is a backend engineer."}
    assert out[1]["content"].startswith("Summary of the earlier conversation: ")
    assert out[2:] == msgs[-10:]
    # the summarizer saw exactly the old middle, in order
    assert seen == [msgs[1:21]]


def test_long_history_without_system_prompt():
    msgs = convo(25, system=False)
    out = compress_history(msgs, lambda old: "S", max_messages=20, keep_recent=10)
    assert len(out) == 11
    assert out[0] == {"role": "system", "content": SUMMARY_PREFIX + "S"}
    assert out[1:] == msgs[-10:]


@pytest.mark.parametrize(
    "n, max_messages, keep_recent, recent_kept",
    [
        (30, 20, 10, 10),
        (30, 10, 10, 8),   # keep_recent + 2 > max: shrink recent part
        (30, 3, 10, 1),
        (5, 4, 1, 1),
        (100, 20, 18, 18),
    ],
)
def test_never_exceeds_max(n, max_messages, keep_recent, recent_kept):
    msgs = convo(n)
    out = compress_history(msgs, lambda old: "sum", max_messages=max_messages, keep_recent=keep_recent)
    assert len(out) <= max_messages
    assert len(out) == 2 + recent_kept
    assert out[0] == SYSTEM
    assert out[2:] == msgs[-recent_kept:]


def test_summarize_raising_falls_back_to_digest():
    msgs = convo(30)

    def boom(_old):
        raise RuntimeError("API down")

    out = compress_history(msgs, boom, max_messages=20, keep_recent=10)
    content = out[1]["content"]
    assert out[1]["role"] == "system"
    assert content == SUMMARY_PREFIX + extractive_digest(msgs[1:21])
    assert "Message 19." in content  # latest old message, first sentence only
    assert "More detail 19" not in content
    assert "Message 20." not in content  # kept verbatim, not summarized
    assert len(content) <= len(SUMMARY_PREFIX) + 600


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_empty_or_invalid_summary_falls_back(bad):
    msgs = convo(30)
    out = compress_history(msgs, lambda old: bad, max_messages=20, keep_recent=10)
    assert out[1]["content"] == SUMMARY_PREFIX + extractive_digest(msgs[1:21])


def test_summaries_roll_up():
    msgs = convo(30)
    first = compress_history(msgs, lambda old: "FIRST", max_messages=20, keep_recent=10)
    grown = first + convo(12, system=False)  # 24 messages
    seen = []

    def summarize(old):
        seen.append(old)
        return "SECOND"

    second = compress_history(grown, summarize, max_messages=20, keep_recent=10)
    assert len(second) == 12
    assert second[0] == SYSTEM
    assert second[1]["content"] == SUMMARY_PREFIX + "SECOND"
    assert sum(m["content"].startswith(SUMMARY_PREFIX) for m in second) == 1
    # the old summary was handed to the summarizer as part of the old messages
    assert seen[0][0]["content"] == SUMMARY_PREFIX + "FIRST"


def test_summaries_roll_up_without_system_prompt():
    msgs = convo(25, system=False)
    first = compress_history(msgs, lambda old: "FIRST", max_messages=20, keep_recent=10)
    grown = first + convo(12, system=False)
    second = compress_history(grown, lambda old: "SECOND", max_messages=20, keep_recent=10)
    assert second[0] == {"role": "system", "content": SUMMARY_PREFIX + "SECOND"}
    assert len(second) == 11
    assert sum(m["content"].startswith(SUMMARY_PREFIX) for m in second) == 1


def test_digest_rolls_up_prior_summary():
    old = [
        {"role": "system", "content": SUMMARY_PREFIX + "User is called Ana."},
        {"role": "user", "content": "I led a migration. It took months."},
        {"role": "assistant", "content": "Nice! What was the result?"},
    ]
    digest = extractive_digest(old)
    assert digest == "User is called Ana. User: I led a migration. Coach: Nice!"


def test_digest_is_capped_and_deterministic():
    old = [{"role": "user", "content": "word " * 500}] * 10
    digest = extractive_digest(old)
    assert 0 < len(digest) <= 600
    assert digest == extractive_digest(old)


def test_digest_handles_odd_content():
    old = [
        {"role": "user", "content": [{"type": "text", "text": "Parts content. Second."}]},
        {"role": "assistant", "content": None},
        {"role": "tool", "content": "ignored"},
    ]
    assert extractive_digest(old) == "User: Parts content."
    assert extractive_digest([]) == "(no earlier details)"


def test_input_not_mutated():
    msgs = convo(30)
    snapshot = copy.deepcopy(msgs)

    def greedy(old):
        old[0]["content"] = "tampered"
        old.clear()
        return "S"

    out = compress_history(msgs, greedy, max_messages=20, keep_recent=10)
    out[0]["content"] = "changed"
    out[-1]["content"] = "changed"
    assert msgs == snapshot

    short = convo(3)
    short_snapshot = copy.deepcopy(short)
    compress_history(short, never_called)[0]["content"] = "changed"
    assert short == short_snapshot


@pytest.mark.parametrize(
    "max_messages, keep_recent",
    [(2, 1), (0, 1), (20, 0), (20, -1)],
)
def test_argument_validation(max_messages, keep_recent):
    with pytest.raises(ValueError):
        compress_history(convo(3), lambda old: "S", max_messages=max_messages, keep_recent=keep_recent)


def test_summary_prompt_content():
    assert "3 to 5 sentences" in SUMMARY_PROMPT
    for word in ("user", "questions", "answers", "corrections"):
        assert word in SUMMARY_PROMPT

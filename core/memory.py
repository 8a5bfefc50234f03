"""Keep chat history short: fold old turns into one rolling summary message.

Long practice sessions would otherwise overflow the model context and cost
more per turn; the summarizer is injected so this module stays pure.
"""

from __future__ import annotations

import re
from typing import Any, Callable

SUMMARY_PREFIX = "Summary of the earlier conversation: "

SUMMARY_PROMPT = (
    "Summarize the earlier part of this practice conversation in 3 to 5 sentences. "
    "Keep every fact the user shared about themselves (name, role, experience, goals, "
    "language level), the questions that were asked, the key points of the answers "
    "the user gave, and any corrections or feedback already made, so they are not "
    "repeated. If an earlier summary is included, merge it in. Write plain prose, "
    "no lists, no greetings, and do not invent anything."
)

_DIGEST_MAX_CHARS = 600
_DIGEST_MESSAGES = 6
_SENTENCE_MAX_CHARS = 120
_ROLE_LABEL = {"user": "User", "assistant": "Coach"}


def _text(message: dict) -> str:
    """Plain text of an OpenAI-style message (string or list-of-parts content)."""
    content: Any = message.get("content")
    if isinstance(content, list):
        parts = [p.get("text", "") for p in content if isinstance(p, dict)]
        content = " ".join(p for p in parts if isinstance(p, str))
    if content is None:
        return ""
    return re.sub(r"\s+", " ", str(content)).strip()


def _is_summary(message: dict) -> bool:
    return message.get("role") == "system" and _text(message).startswith(SUMMARY_PREFIX.strip())


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    if len(sentence) > _SENTENCE_MAX_CHARS:
        sentence = sentence[: _SENTENCE_MAX_CHARS - 3].rstrip() + "..."
    return sentence


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 3)].rstrip() + "..."


def extractive_digest(messages: list[dict]) -> str:
    """Deterministic fallback summary: prior summary + first sentences of recent turns.

    Capped at ~600 characters; used when the LLM summarizer fails.
    """
    prior = ""
    for m in reversed(messages):
        if _is_summary(m):
            prior = _text(m)[len(SUMMARY_PREFIX.strip()):].strip()
            break
    lines = []
    talk = [m for m in messages if m.get("role") in _ROLE_LABEL and _text(m)]
    for m in talk[-_DIGEST_MESSAGES:]:
        lines.append(f"{_ROLE_LABEL[m['role']]}: {_first_sentence(_text(m))}")
    recent = _clip(" ".join(lines), _DIGEST_MAX_CHARS)
    room = _DIGEST_MAX_CHARS - len(recent) - 1
    if prior and room > 20:
        recent = f"{_clip(prior, room)} {recent}".strip()
    return recent or "(no earlier details)"


def compress_history(
    messages: list[dict],
    summarize: Callable[[list[dict]], str],
    max_messages: int = 20,
    keep_recent: int = 10,
) -> list[dict]:
    """Return a copy of ``messages`` with at most ``max_messages`` entries.

    Short histories come back unchanged. Longer ones become: leading system
    prompt (if any) + one system summary of the old middle + the last
    ``keep_recent`` messages verbatim. Earlier summaries sit in the middle, so
    they are rolled into the new one. If ``summarize`` raises or returns
    nothing, ``extractive_digest`` is used. The input is never mutated.
    """
    if max_messages < 3:
        raise ValueError("max_messages must be >= 3")
    if keep_recent < 1:
        raise ValueError("keep_recent must be >= 1")
    if len(messages) <= max_messages:
        return [dict(m) for m in messages]

    first = messages[0]
    head = [first] if first.get("role") == "system" and not _is_summary(first) else []
    recent_count = min(keep_recent, max_messages - len(head) - 1)
    old = messages[len(head): len(messages) - recent_count]
    recent = messages[len(messages) - recent_count:]

    try:
        summary = summarize([dict(m) for m in old])
    except Exception:
        summary = None
    if not isinstance(summary, str) or not summary.strip():
        summary = extractive_digest(old)

    return (
        [dict(m) for m in head]
        + [{"role": "system", "content": SUMMARY_PREFIX + summary.strip()}]
        + [dict(m) for m in recent]
    )


# ---- The saved rolling summary ------------------------------------------------------------------
# A session keeps {"text": ..., "upto_id": last turn id folded in}. A reply is sent the system
# prompt, that summary and only the turns after it; after a reply, once too many turns are
# unsummarized, the oldest of them (never more than FOLD_MAX) are folded into the summary with
# one call. So a long session costs one summary call every (max_messages - keep_recent) turns,
# over an input that does not grow with the session.

FOLD_MAX = 40  # turns given to one summary call at most; older backlog is digested without a model
TURN_CHARS = 2000  # each turn as the summarizer sees it


def unsummarized(turns: list[dict], summary: dict | None) -> list[dict]:
    """Turns after the saved summary (all of them when there is none)."""
    upto = _upto(summary)
    return [t for t in turns if _id(t) > upto] if upto else list(turns)


def summary_message(summary: dict | None) -> list[dict]:
    """The saved summary as one system message ([] when there is none)."""
    text = (summary or {}).get("text") if isinstance(summary, dict) else None
    return [{"role": "system", "content": SUMMARY_PREFIX + text.strip()}] if isinstance(text, str) and text.strip() \
        else []


def context_messages(head: list[dict], turns: list[dict], summary: dict | None, max_messages: int = 20) -> list[dict]:
    """What a reply is sent: `head` (system prompt), the saved summary, the turns after it.

    If more than `max_messages` turns are unsummarized (the summary could not be updated), the
    oldest are folded into an extractive digest here: no model call ever happens before a reply.
    """
    recent = [{"role": t["role"], "content": t["content"]} for t in unsummarized(turns, summary)]
    prior = summary_message(summary)
    if len(recent) > max_messages:
        cut = len(recent) - max_messages
        digest = extractive_digest(prior + recent[:cut])
        prior, recent = [{"role": "system", "content": SUMMARY_PREFIX + digest}], recent[cut:]
    return [dict(m) for m in head] + prior + recent


def fold_plan(turns: list[dict], summary: dict | None, max_messages: int = 20,
              keep_recent: int = 10) -> tuple[list[dict], int] | None:
    """After a reply: (messages for the summarizer, the last turn id they cover), or None if not due.

    Due once `max_messages` turns are unsummarized; folds all but the last `keep_recent`. The
    input is the prior summary plus at most FOLD_MAX turns (older backlog goes in as a digest).
    """
    pending = unsummarized(turns, summary)
    if len(pending) < max_messages:
        return None
    fold = pending[: len(pending) - keep_recent]
    if not fold:
        return None
    prior = summary_message(summary)
    as_messages = [{"role": t["role"], "content": _clip(_text(t), TURN_CHARS)} for t in fold]
    if len(as_messages) > FOLD_MAX:
        backlog, as_messages = as_messages[:-FOLD_MAX], as_messages[-FOLD_MAX:]
        prior = [{"role": "system", "content": SUMMARY_PREFIX + extractive_digest(prior + backlog)}]
    return prior + as_messages, _id(fold[-1])


def folded(summarizer_input: list[dict], upto_id: int, text: str | None) -> dict:
    """The new saved summary: the model's text, or an extractive digest when it gave none."""
    source = "model"
    if not isinstance(text, str) or not text.strip():
        text, source = extractive_digest(summarizer_input), "digest"
    return {"text": _clip(" ".join(text.split()), 2000), "upto_id": upto_id, "source": source}


def _id(turn: dict) -> int:
    value = turn.get("id")
    return value if isinstance(value, int) else 0


def _upto(summary: dict | None) -> int:
    value = summary.get("upto_id") if isinstance(summary, dict) else None
    return value if isinstance(value, int) else 0

"""Say the pending question again when a live call (re)connects while the coach waits for an answer.

A dropped WebRTC connection comes back as a new stream, and the turn worker's opening used to stay
silent when the last message was the coach's: the user had no idea what to answer. `SayAgain`
wraps the session's Conversation so the worker's usual reply path (chunker, voice, playout,
barge-in, captions) speaks that question once more. Nothing new is saved: the question is
already in the transcript.
"""
from __future__ import annotations

from typing import Iterator

from core.chunker import split_sentences

_QUESTION_MARKS = "?？؟"  # Latin (and ¿…?), CJK full-width, Arabic


def pending_question(message: str) -> str:
    """The part of the coach's last message worth repeating: from its last question on.

    "Good answer. Next one: how would you shard it?" repeats the question sentence only (and
    whatever follows it); a message with no question mark ("Tell me about a time you...") is
    repeated whole, since an instruction can be the question.
    """
    sentences = split_sentences(message or "")
    for i in range(len(sentences) - 1, -1, -1):
        if sentences[i].rstrip().rstrip("\"'”’»)）」").endswith(tuple(_QUESTION_MARKS)):
            return "".join(sentences[i:]).strip()
    return (message or "").strip()


class SayAgain:
    """A stand-in for a Conversation whose next reply is its pending question, not a new message.

    Everything but `reply` is the wrapped conversation's (spec, transcript, ...)."""

    def __init__(self, convo, question: str):
        self._convo = convo
        self.text = pending_question(question)

    def __getattr__(self, name):
        return getattr(self._convo, name)

    def reply(self, cancel=None, on_wait=None) -> Iterator[str]:
        """The question, sentence by sentence (so the first plays first); stops when cancelled."""
        for sentence in split_sentences(self.text):
            if cancel is not None and cancel.is_set():
                return
            yield sentence

"""Realistic stored sessions and LLM report replies, shared by the report, export and page tests."""
from __future__ import annotations

import json
import time

from core.spec import PracticeSpec
from services.storage import Store
from tests.fakes.openai_server import FakeOpenAI

DEBUG_Q = "Tell me about a time you debugged a difficult production issue."
CAP_Q = "Explain the CAP theorem and how it influences the design of distributed databases."
DEBUG_A = ("Last year our checkout service started timing out every evening. My task was to find the root cause "
           "before the holiday sale. I added tracing, found a missing index on the orders table and rolled out "
           "the fix behind a flag. As a result, p99 latency dropped from 4 seconds to 300 milliseconds.")
CAP_A = ("Um, so, basically the CAP theorem says that, like, when there is a network partition you have to choose "
         "between consistency and availability. I think Cassandra picks availability and maybe uses quorum reads.")
# What the recorder measured for the spoken answer (ui.voice saves this shape with each voice turn).
VOICE_META = {"input": "voice", "stt": "local", "seconds": 14.0, "avg_logprob": -0.35,
              "metrics": {"words": 33, "wpm": 131.0, "filler_total": 4, "long_pauses": 2, "seconds": 14.0,
                          "speech_seconds": 11.2}}


def interview_session(store: Store, *, voice: bool = True, ended: bool = True) -> str:
    """A behavioral CS interview with two bank questions: one typed answer and one spoken one."""
    sid = store.create_session(PracticeSpec(mode="interview", domain="Computer Science & Technology",
                                            interview_type="behavioral", num_questions=2))
    store.add_turn(sid, "assistant", f"Hi, I'm Alex. Let's begin. {DEBUG_Q}", {"provider": "offline"})
    store.add_turn(sid, "user", DEBUG_A, {"input": "text"})
    store.add_turn(sid, "assistant", f"Solid story with a clear result. Next one. {CAP_Q}", {"provider": "offline"})
    store.add_turn(sid, "user", CAP_A, VOICE_META if voice else {"input": "text"})
    store.add_turn(sid, "assistant", "Thanks, that was the last question. You can end the interview now.", {})
    if ended:
        store.end_session(sid)
    return sid


def language_session(store: Store) -> str:
    """A Spanish B1 test: one typed answer and one spoken answer with STT confidence."""
    sid = store.create_session(PracticeSpec(mode="language", language="es", level="B1"))
    store.add_turn(sid, "assistant", "¡Hola! Cuéntame sobre un viaje que te gustó mucho. ¿Adónde fuiste?", {})
    store.add_turn(sid, "user", "Yo fui a México el año pasado con mi hermana y comimos muchos tacos.", {"input": "text"})
    store.add_turn(sid, "assistant", "¡Qué bien! Se dice «fuimos a México». ¿Qué te gustó más del viaje?", {})
    store.add_turn(sid, "user", "Me gustó la playa porque el agua era muy caliente y la gente era simpática.",
                   {"input": "voice", "seconds": 6.0, "avg_logprob": -0.4,
                    "metrics": {"wpm": 110.0, "filler_total": 0, "long_pauses": 0, "seconds": 6.0}})
    store.end_session(sid)
    return sid


def interview_llm_report(**changes) -> dict:
    """A valid interview report as an LLM would write it, quoting the answers above verbatim."""
    report = {
        "mode": "interview",
        "overall": 7,
        "criteria": {
            "relevance": {"score": 8, "evidence": ["Found the root cause and named the fix."]},
            "structure": {"score": 8, "evidence": ["Situation, task, action and result in the debugging story."]},
            "clarity": {"score": 6, "evidence": ["Fillers in the CAP answer."]},
            "confidence": {"score": 5, "evidence": ["Hedges: I think, maybe."]},
        },
        "strengths": [{"point": "A measurable result.",
                       "quote": "p99 latency dropped from 4 seconds to 300 milliseconds"}],
        "improvements": [{"point": "Drop the hedges.", "quote": "I think Cassandra picks availability",
                          "example": "Cassandra favours availability and tunes consistency with quorum reads."}],
        "recommendations": ["Practise the CAP answer with one concrete trade-off."],
        "job_terms": {"used": ["root cause", "quorum"], "missed": ["PACELC"]},
        "answers": [],
        "model_answer": {"question": CAP_Q, "answer": "CAP says that during a partition you choose consistency or "
                                                      "availability; Cassandra chooses availability, tunable with "
                                                      "[quorum settings]."},
        "summary": "A strong debugging story; the CAP answer needs confidence.",
    }
    report.update(changes)
    return report


class ScriptedOpenAI(FakeOpenAI):
    """FakeOpenAI whose chat completions answer from a script, one reply per request (the last one repeats)."""

    def __init__(self, *replies: str):
        super().__init__()
        self.script = list(replies) or [self.script[0]]

    @property
    def reply(self) -> str:
        with self.lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    @reply.setter
    def reply(self, value: str) -> None:
        self.script = [value]

    def chat_requests(self) -> list:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]


def as_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False)


def age(store: Store, session_id: str, days: float) -> None:
    """Move a session back in time (History charts sort by date)."""
    import sqlite3

    with sqlite3.connect(store.path) as db:
        when = time.time() - days * 86400
        db.execute("UPDATE sessions SET created_at = ?, updated_at = ? WHERE id = ?", (when, when, session_id))

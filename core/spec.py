"""What a practice session is: its mode and set-up, as plain data.

Pages build a `PracticeSpec`, storage saves it as JSON, prompts and the offline coach read it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from core.languages import CEFR_LEVELS, get_language

MODES: tuple[str, ...] = ("chat", "interview", "language")
MODE_LABELS = {"chat": "Chat", "interview": "Mock interview", "language": "Language test"}

DOMAINS: tuple[str, ...] = (
    "Computer Science & Technology",
    "Sales & Marketing",
    "Architecture & Design",
    "Finance & Banking",
    "Healthcare & Medicine",
    "Education & Teaching",
    "Business & Management",
)
INTERVIEW_TYPES: tuple[str, ...] = ("general", "behavioral", "technical", "system_design")
INTERVIEW_TYPE_LABELS = {
    "general": "General",
    "behavioral": "Behavioral",
    "technical": "Technical",
    "system_design": "System design",
}
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
MAX_QUESTIONS = 15
PANEL_SIZES: tuple[int, ...] = (1, 2, 3)  # interviewers in a mock interview: one, or a panel (core.coach.panel)
PANEL_LABELS = {1: "One", 2: "A panel of 2", 3: "A panel of 3"}
# Timed answers in a mock interview (core.clock): (thinking seconds, answer seconds); (0, 0) is off.
TIMED_CHOICES: tuple[tuple[int, int], ...] = ((0, 0), (30, 60), (30, 120), (60, 180))
MAX_THINK_S, MAX_ANSWER_S = 600, 1800


@dataclass(frozen=True)
class PracticeSpec:
    """The set-up of one session. Only the fields of its mode matter."""

    mode: str = "chat"
    domain: str = DOMAINS[0]
    interview_type: str = "general"
    difficulty: str = "medium"
    num_questions: int = 5
    job_description: str = ""
    resume: str = ""
    language: str = "en"
    level: str = "B1"
    seed: int = 0  # picks the question order, so two sessions with the same set-up differ
    recent: tuple[str, ...] = ()  # bank question ids this user was asked lately: asked last, if at all
    materials: tuple[tuple[str, str], ...] = ()  # (name, text) of company or team material the user added
    review_ids: tuple[str, ...] = ()  # bank question ids to ask, in order: a review of weak answers (core.review)
    panel: int = 1  # interviewers taking turns in a mock interview (PANEL_SIZES); sessions saved before: one
    think_s: int = 0  # timed interview: seconds to think once a question is asked, before the answer time (core.clock)
    answer_s: int = 0  # timed interview: seconds to answer each question; 0 is untimed (sessions saved before too)

    def __post_init__(self) -> None:
        object.__setattr__(self, "recent", tuple(str(r) for r in (self.recent or ())))
        object.__setattr__(self, "review_ids", tuple(str(r) for r in (self.review_ids or ())))
        object.__setattr__(self, "materials", tuple((str(name), str(text)) for name, text in (self.materials or ())
                                                    if str(text).strip()))
        if self.mode not in MODES:
            raise ValueError(f"Unknown mode {self.mode!r}; expected one of {MODES}")
        if self.domain not in DOMAINS:
            raise ValueError(f"Unknown domain {self.domain!r}")
        if self.interview_type not in INTERVIEW_TYPES:
            raise ValueError(f"Unknown interview type {self.interview_type!r}")
        if self.difficulty not in DIFFICULTIES:
            raise ValueError(f"Unknown difficulty {self.difficulty!r}")
        object.__setattr__(self, "panel", int(self.panel or 1))
        if self.panel not in PANEL_SIZES:
            raise ValueError(f"Interviewers must be one of {PANEL_SIZES}")
        object.__setattr__(self, "think_s", int(self.think_s or 0))
        object.__setattr__(self, "answer_s", int(self.answer_s or 0))
        if not (0 <= self.think_s <= MAX_THINK_S and 0 <= self.answer_s <= MAX_ANSWER_S):
            raise ValueError(f"Timed answers: thinking 0–{MAX_THINK_S} s, answering 0–{MAX_ANSWER_S} s")
        if not 1 <= int(self.num_questions) <= MAX_QUESTIONS:
            raise ValueError(f"Number of questions must be 1–{MAX_QUESTIONS}")
        if self.level not in CEFR_LEVELS:
            raise ValueError(f"Unknown CEFR level {self.level!r}")
        get_language(self.language)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "PracticeSpec":
        """Build from stored JSON, ignoring keys this version does not know."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    @property
    def timed(self) -> bool:
        """A timed interview: each question has thinking time, then answer time (core.clock)."""
        return self.mode == "interview" and self.answer_s > 0

    @property
    def speech_language(self) -> str:
        """The language the user speaks in this session."""
        return self.language if self.mode == "language" else "en"

    def title(self) -> str:
        """A short human title for history lists."""
        if self.mode == "interview" and self.review_ids:
            n = len(self.review_ids)
            return f"Review of weak answers · {n} question{'s' if n != 1 else ''}"
        if self.mode == "interview":
            kind = INTERVIEW_TYPE_LABELS[self.interview_type]
            panel = f" · panel of {self.panel}" if self.panel > 1 else ""
            think = f"{seconds_label(self.think_s)} + " if self.think_s else ""
            timed = f" · timed {think}{seconds_label(self.answer_s)}" if self.timed else ""
            return f"{kind} interview · {self.domain} · {self.difficulty}{panel}{timed}"
        if self.mode == "language":
            return f"{get_language(self.language).name} test · {self.level}"
        return "Free conversation"


def seconds_label(seconds: int) -> str:
    """30 → "30 s", 120 → "2 min", 90 → "1 min 30 s"."""
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def timed_label(choice: tuple[int, int]) -> str:
    """(30, 120) → "30 s to think + 2 min to answer"; (0, 0) → "Off"."""
    think, answer = choice
    if not answer:
        return "Off"
    return (f"{seconds_label(think)} to think + " if think else "") + f"{seconds_label(answer)} to answer"

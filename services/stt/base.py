"""What a transcription returns: the text, plus timings and confidence for metrics and feedback."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np


@dataclass(frozen=True)
class Word:
    start: float  # seconds from the start of the user's recording
    end: float
    word: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Transcription:
    """One transcribed answer.

    Cloud providers return text only (`segments` empty, `avg_logprob` None); local Whisper adds
    segment and word timings and log-probabilities. `samples` is the decoded 16 kHz mono audio,
    for metrics (pauses, pace); it is left out of `to_dict()` and of comparisons.
    """

    text: str
    seconds: float  # length of the recording
    segments: tuple[Segment, ...] = ()
    language: str = "en"
    provider: str = "local"  # local | groq | openai
    avg_logprob: float | None = None  # token-weighted mean over segments (local only)
    elapsed: float = 0.0  # seconds spent transcribing (after decoding)
    samples: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def confidence(self) -> float | None:
        """exp(avg_logprob): the mean per-token probability, 0..1 (None for cloud providers)."""
        return None if self.avg_logprob is None else round(math.exp(self.avg_logprob), 3)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    def to_dict(self) -> dict:
        """JSON-ready, for saving with the turn (without the audio)."""
        data = asdict(self)
        data.pop("samples", None)
        data["confidence"] = self.confidence
        return data

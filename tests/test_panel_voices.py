"""A panel's interviewers sound clearly different: named voices (services.tts.voices) on Piper (pitch moved,
length kept), espeak-ng (a variant) and the chain; a live call speaks each sentence in its speaker's voice."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from piper import SynthesisConfig

from config import Settings
from core.coach import panel
from core.spec import PracticeSpec
from services import tts
from services.speaker import voiced_speak
from services.tts import espeak, piper
from tests.tts_helpers import read_wav

pytestmark = pytest.mark.slow

FIXED = SynthesisConfig(noise_scale=0, noise_w_scale=0)
SENTENCE = "Tell me about a project you are proud of and the part you played in it."


def mean_pitch(samples: np.ndarray, rate: int) -> float:
    """The median fundamental frequency (Hz) of the voiced 40 ms frames, by autocorrelation (60-400 Hz)."""
    x = np.asarray(samples, dtype=np.float64)
    n, floor = int(0.04 * rate), 0.3 * np.sqrt(np.mean(x ** 2))
    lo, hi, found = int(rate / 400), int(rate / 60), []
    for start in range(0, len(x) - n, n // 2):
        frame = x[start:start + n] - x[start:start + n].mean()
        if np.sqrt(np.mean(frame ** 2)) < floor:
            continue
        ac = np.correlate(frame, frame, "full")[n - 1:]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.4 * ac[0]:
            found.append(rate / lag)
    return float(np.median(found)) if found else 0.0


def spectral_centroid(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(np.asarray(samples, dtype=np.float64)))
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    return float((spectrum * freqs).sum() / spectrum.sum())


def test_each_panelist_has_a_voice_of_their_own():
    team = panel.members(PracticeSpec(mode="interview", panel=3))
    assert len({p.voice for p in team}) == 3 and all(p.voice in tts.voices.VOICES for p in team)


def test_piper_voices_of_two_panelists_differ_clearly_at_the_same_length():
    natural, lighter, deeper = (read_wav(piper.synthesize(SENTENCE, syn_config=FIXED, voice=v))
                                for v in ("natural", "lighter", "deeper"))
    assert natural.samples.tobytes() == read_wav(piper.synthesize(SENTENCE, syn_config=FIXED)).samples.tobytes()
    pitch = {name: mean_pitch(w.samples, w.rate) for name, w in
             (("natural", natural), ("lighter", lighter), ("deeper", deeper))}
    assert pitch["lighter"] > 1.15 * pitch["natural"] > 1.15 * 1.1 * pitch["deeper"], pitch
    assert spectral_centroid(lighter.samples, 22050) > 1.1 * spectral_centroid(natural.samples, 22050)
    for other in (lighter, deeper):  # pitch moved, pace kept: within 15 % of the model's own length
        assert other.rate == 22050 and abs(other.seconds / natural.seconds - 1) < 0.15
        assert other.rms > 1000


def test_a_short_line_is_kept_per_voice():
    plain = b"".join(pcm for pcm, _ in piper.stream_pcm("Okay."))
    light = b"".join(pcm for pcm, _ in piper.stream_pcm("Okay.", voice="lighter"))
    assert plain != light and light == b"".join(pcm for pcm, _ in piper.stream_pcm("Okay.", voice="lighter"))


@pytest.mark.skipif(not espeak.available(), reason="espeak-ng is not installed")
def test_espeak_voices_differ_by_variant():
    from core.languages import get_language

    en = get_language("en")
    plain = read_wav(espeak.synthesize(SENTENCE, language=en))
    light = read_wav(espeak.synthesize(SENTENCE, language=en, voice="lighter"))
    assert mean_pitch(light.samples, light.rate) > 1.15 * mean_pitch(plain.samples, plain.rate)


def test_the_chain_passes_the_voice_to_whichever_engine_speaks(monkeypatch):
    seen: list[dict] = []

    def fake(text, **kw):
        seen.append(kw)
        return piper.pcm_to_wav(b"\0\0" * 100, 22050)

    monkeypatch.setitem(tts.PROVIDERS, "piper", replace(tts.PROVIDERS["piper"], synthesize=fake))
    settings = Settings(parley_tts="piper")
    tts.synthesize("Hello there.", settings=settings, voice="deeper")
    tts.synthesize("Hello there.", settings=settings)
    assert seen[0]["voice"] == "deeper" and "voice" not in seen[1]


def test_a_live_call_speaks_each_panelist_in_their_voice():
    spec = PracticeSpec(mode="interview", panel=2, num_questions=2, seed=1)
    voices = panel.Voices(spec, [])
    speak = voiced_speak(voices.voice, "en", "interview", "neutral", Settings(parley_tts="piper"))
    question = "How does a database index speed up a query?"
    sentences = [question, "Thanks, Alex — I'm Priya, I lead the team you'd join.", question]
    pitches = []
    for sentence in sentences:
        pieces = list(speak(sentence))
        samples = np.concatenate([s for s, _ in pieces])
        pitches.append(mean_pitch(samples, pieces[0][1]))
    assert [p.name for p in voices.spoken] == ["Alex", "Priya", "Priya"]
    assert pitches[2] > 1.12 * pitches[0], pitches  # the same sentence, said by Alex, then by Priya

"""Live turns on a short encoder window: the same Whisper, a third of the time.

faster-whisper always pads the features to Whisper's 30 s window, so the encoder costs the same
for a 3 s answer as for a 30 s one (about 0.5 s of the 0.7 s a live turn took here). For a live
turn only the words matter, so this runs the model directly on a window just longer than the
speech: at least MIN_WINDOW_S (shorter ones made tiny.en repeat one-word clips, "Yeah Yeah Yeah…"),
greedy, with timestamps (without them "Yes." came back as "Yes. Yes."), and a token budget
proportional to the audio so nothing can loop. Measured on Piper clips (bench sentences, short
answers, interruptions): the same words as the full path, 0.17–0.34 s against 0.65–0.8 s a clip
on this 2-core machine (docs/voice.md).

English model only (tiny.en); the multilingual model keeps its measured beam search, and
anything longer than MAX_S goes the usual way.
"""
from __future__ import annotations

import numpy as np

MIN_WINDOW_S = 10
MAX_S = 25.0  # with the lead-in, still inside Whisper's 30 s window
FRAMES_PER_S = 100  # Whisper's mel frames (10 ms hop)
TOKENS_PER_S = 8  # fast speech is ~3 words (~4-5 tokens) a second: this leaves room and stops loops
NO_SPEECH, LOW_LOGPROB = 0.6, -1.0  # Whisper's own "this was silence" rule


def fits(samples: np.ndarray, rate: int) -> bool:
    return len(samples) / rate <= MAX_S


def transcribe_short(model, samples: np.ndarray, language: str, prompt: str | None) -> tuple[str, float, float]:
    """(text, avg_logprob, no_speech_prob) of 16 kHz float `samples` (lead-in included) on a short window.

    `model` is a faster_whisper.WhisperModel; text is "" when Whisper's no-speech rule says silence."""
    import ctranslate2
    from faster_whisper.tokenizer import Tokenizer

    features = model.feature_extractor(samples)
    used = features.shape[-1]
    window = min(3000, max(MIN_WINDOW_S * FRAMES_PER_S, -(-(used + FRAMES_PER_S) // FRAMES_PER_S) * FRAMES_PER_S))
    features = np.pad(features, ((0, 0), (0, max(0, window - used))))[:, :window]
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language)
    previous = tokenizer.encode(" " + prompt.strip()) if prompt and prompt.strip() else []
    tokens = model.get_prompt(tokenizer, previous, without_timestamps=False)
    # A StorageView borrows the array's memory: keep the array referenced until the model is done with it.
    batch = np.ascontiguousarray(features[None], dtype=np.float32)
    encoded = model.model.encode(ctranslate2.StorageView.from_array(batch), to_cpu=False)
    budget = int(6 + TOKENS_PER_S * used / FRAMES_PER_S)
    # max_length counts the prompt too (a prompt longer than it crashed CTranslate2's decoder).
    result = model.model.generate(encoded, [tokens], beam_size=1, max_length=min(model.max_length, len(tokens) + budget),
                                  suppress_blank=True, suppress_tokens=[-1], return_scores=True,
                                  return_no_speech_prob=True, max_initial_timestamp_index=50)[0]
    del batch  # (only now)
    ids = _text_tokens(result.sequences_ids[0], tokenizer, used / FRAMES_PER_S)
    avg_logprob = float(result.scores[0]) * len(result.sequences_ids[0]) / (len(result.sequences_ids[0]) + 1)
    silent = result.no_speech_prob > NO_SPEECH and avg_logprob < LOW_LOGPROB
    return ("" if silent else tokenizer.decode(ids).strip()), avg_logprob, float(result.no_speech_prob)


def _text_tokens(ids: list[int], tokenizer, seconds: float) -> list[int]:
    """The words, up to a timestamp past the end of the audio. Timestamps are kept in the decoding because
    without them tiny.en said one-word answers two or three times on a short window ("Yes. Yes.")."""
    words = []
    for token in ids:
        if token >= tokenizer.timestamp_begin:
            if (token - tokenizer.timestamp_begin) * 0.02 > seconds:
                break
        elif token < tokenizer.eot:
            words.append(token)
    return words

"""End of turn by what was said and how: pipecat's Smart Turn v3.2 on onnxruntime, offline.

`probability(samples)` → P(the user finished their turn), from the last 8 s of 16 kHz speech
(including the short pause that prompted the question). It is the score `core.turn.EndpointPolicy`
needs. About 110 ms a call on one loaded core: never call it from the audio frame callback.

Where the model comes from (no download, ever): `PARLEY_SMART_TURN_MODEL`, else the copy shipped in
`smart_turn_data/` (BSD-2, from the `pipecat-ai` 1.14.0 wheel; that package's full dependency set
adds about 24 packages, llvmlite's 57 MB wheel among them, and pins protobuf below 7, so only the
8.7 MB model file is vendored), else an installed `pipecat-ai`'s own copy. When none loads,
`available()` is False and turn-taking falls back to silence alone (`EndpointPolicy` with no score).

The features reproduce pipecat's `_whisper_features.compute_whisper_log_mel_features` (numpy,
vendored there from transformers' WhisperFeatureExtractor: Apache-2.0, modified by Daily, BSD-2),
with pipecat's preprocessing: keep the last 8 s, pad with zeros at the start, normalize.
"""
from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import numpy as np

from core.audio_format import SPEECH_RATE as RATE  # the model was trained on 16 kHz speech

WINDOW_S = 8
MODEL_NAME = "smart-turn-v3.2-cpu.onnx"
VENDORED = Path(__file__).with_name("smart_turn_data") / MODEL_NAME

_N_FFT, _HOP, _N_MELS = 400, 160, 80
_session = None
_load_error: str | None = None
_lock = threading.Lock()
_run_lock = threading.Lock()  # one inference at a time: the session is set to one thread


def _hz_to_mel(freq: np.ndarray) -> np.ndarray:
    freq = np.atleast_1d(np.asarray(freq, dtype=np.float64))
    mels = 3.0 * freq / 200.0
    log = freq >= 1000.0
    mels[log] = 15.0 + np.log(freq[log] / 1000.0) * (27.0 / np.log(6.4))
    return mels


def _mel_to_hz(mels: np.ndarray) -> np.ndarray:
    mels = np.atleast_1d(np.asarray(mels, dtype=np.float64))
    freq = 200.0 * mels / 3.0
    log = mels >= 15.0
    freq[log] = 1000.0 * np.exp(np.log(6.4) / 27.0 * (mels[log] - 15.0))
    return freq


def _mel_filters() -> np.ndarray:
    """Slaney-normalized triangular filters, (201 frequency bins, 80 mels), as Whisper's."""
    bins = _N_FFT // 2 + 1
    edges = _mel_to_hz(np.linspace(_hz_to_mel(np.array([0.0]))[0], _hz_to_mel(np.array([RATE / 2]))[0], _N_MELS + 2))
    fft_freqs = np.linspace(0, RATE // 2, bins)
    diff = np.diff(edges)
    slopes = edges[None, :] - fft_freqs[:, None]
    down = -slopes[:, :-2] / diff[:-1]
    up = slopes[:, 2:] / diff[1:]
    filters = np.maximum(0.0, np.minimum(down, up))
    return filters * (2.0 / (edges[2:_N_MELS + 2] - edges[:_N_MELS]))[None, :]


_WINDOW = np.hanning(_N_FFT + 1)[:-1]  # periodic Hann, as torch.hann_window
_FILTERS_T = _mel_filters().T


def features(audio: np.ndarray) -> np.ndarray:
    """(80, 800) float32 log-mel features of exactly 8 s of 16 kHz float audio (Whisper-style)."""
    x = np.asarray(audio, dtype=np.float32).reshape(-1)
    n = RATE * WINDOW_S
    x = np.pad(x, (0, n - x.size)) if x.size < n else x[:n]
    x = (x - x.mean()) / np.sqrt(x.var() + 1e-7)
    padded = np.pad(x.astype(np.float64), (_N_FFT // 2, _N_FFT // 2), mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, _N_FFT)[::_HOP]
    power = (np.abs(np.fft.rfft(frames * _WINDOW, axis=-1)) ** 2).T
    log_spec = np.log10(np.maximum(1e-10, _FILTERS_T @ power))[:, :-1]
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def window(samples: np.ndarray) -> np.ndarray:
    """The model's input audio: the last 8 s as float32, zero-padded at the start (as pipecat)."""
    x = np.asarray(samples)
    x = x.astype(np.float32) / 32768.0 if x.dtype == np.int16 else x.astype(np.float32, copy=False)
    n = RATE * WINDOW_S
    return x[-n:] if x.size >= n else np.pad(x, (n - x.size, 0))


def model_path() -> Path | None:
    """The first Smart Turn ONNX file found: env override, vendored copy, installed pipecat-ai."""
    env = os.environ.get("PARLEY_SMART_TURN_MODEL")
    if env:
        return Path(env) if Path(env).is_file() else None
    if VENDORED.is_file():
        return VENDORED
    spec = importlib.util.find_spec("pipecat")  # locates the package without importing it
    if spec is not None and spec.origin:
        installed = Path(spec.origin).parent / "audio" / "turn" / "smart_turn" / "data" / MODEL_NAME
        if installed.is_file():
            return installed
    return None


def load():
    """The process's onnxruntime session, loaded on the first call (thread-safe); None if missing."""
    global _session, _load_error
    if _session is not None or _load_error is not None:
        return _session
    with _lock:
        if _session is None and _load_error is None:
            path = model_path()
            if path is None:
                _load_error = "no Smart Turn model file"
                return None
            try:
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                options.inter_op_num_threads = 1
                options.intra_op_num_threads = 1  # leave the other core to STT and TTS
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                _session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
            except Exception as exc:  # a broken file or runtime: silence alone still ends turns
                _load_error = f"{type(exc).__name__}: {exc}"
    return _session


def available() -> bool:
    """Whether the end-of-turn model is loaded (or loads now)."""
    return load() is not None


def load_error() -> str | None:
    return _load_error


def probability(samples: np.ndarray) -> float:
    """P(turn complete) for 16 kHz mono speech (int16 or float in [-1, 1]), ending at the pause."""
    session = load()
    if session is None:
        raise RuntimeError(_load_error or "Smart Turn is not available")
    feats = features(window(samples))[None, ...]
    with _run_lock:
        out = session.run(None, {"input_features": feats})
    return float(np.asarray(out[0]).reshape(-1)[0])

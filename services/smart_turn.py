"""Smart Turn v3.2 end-of-turn scorer: P(turn complete) from the last 8 s of user audio.

Runs the ONNX model directly with onnxruntime and a vendored numpy log-mel
extractor (services/smart_turn_features.py, from pipecat-ai, BSD-2/Apache-2),
so the heavy pipecat-ai dependency set is not needed at run time. The model
file is looked up in an installed package only (never downloaded); when none
is installed, ``available()`` is False and callers fall back to silence-only
endpointing (core.turn.EndpointPolicy with no score = wait to the cap).
Call ``score`` from a worker thread, never from the audio frame callback.
"""

from __future__ import annotations

import threading
from importlib import resources

import numpy as np

from services.smart_turn_features import compute_whisper_log_mel_features

MODEL_NAME = "smart-turn-v3.2-cpu.onnx"
MODEL_PACKAGE = "pipecat.audio.turn.smart_turn.data"
SAMPLE_RATE = 16000
WINDOW_S = 8

_lock = threading.Lock()
_session = None


def model_path() -> str | None:
    """Path of the bundled .onnx inside an installed package, or None."""
    try:
        path = resources.files(MODEL_PACKAGE).joinpath(MODEL_NAME)
    except (ModuleNotFoundError, ImportError):
        return None
    return str(path) if path.is_file() else None


def available() -> bool:
    return model_path() is not None


def load():
    """Load the model once per process (thread-safe); raises if not installed."""
    global _session
    with _lock:
        if _session is None:
            path = model_path()
            if path is None:
                raise RuntimeError(f"{MODEL_NAME} not installed (package {MODEL_PACKAGE})")
            import onnxruntime as ort

            so = ort.SessionOptions()
            so.inter_op_num_threads = 1
            so.intra_op_num_threads = 1
            _session = ort.InferenceSession(path, sess_options=so)
        return _session


def features(audio_16k: np.ndarray) -> np.ndarray:
    """(80, 800) log-mel of the last 8 s, left-padded with zeros like pipecat."""
    audio = np.asarray(audio_16k, dtype=np.float32)
    n = WINDOW_S * SAMPLE_RATE
    audio = audio[-n:] if len(audio) > n else np.pad(audio, (n - len(audio), 0))
    return compute_whisper_log_mel_features(audio, do_normalize=True)


def score(audio_16k: np.ndarray) -> float:
    """P(the user finished their turn) for float32 mono 16 kHz audio in [-1, 1]."""
    session = load()
    out = session.run(None, {"input_features": features(audio_16k)[None]})
    return float(np.asarray(out[0]).reshape(-1)[0])

"""Smart Turn scorer: feature shape always; model only when a package ships it."""

import numpy as np
import pytest

from services import smart_turn


def test_features_shape_and_left_padding():
    f = smart_turn.features(np.zeros(16000, np.float32))
    assert f.shape == (80, 800) and f.dtype == np.float32
    loud = smart_turn.features(np.sin(np.arange(16000 * 9) / 5).astype(np.float32))
    assert not np.allclose(loud, f)


def test_features_match_pipecat():
    pytest.importorskip("pipecat.audio.turn.smart_turn._whisper_features",
                        reason="pipecat-ai not installed (heavy deps; not in requirements)")
    from pipecat.audio.turn.smart_turn._whisper_features import compute_whisper_log_mel_features
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(16000 * 8) * 0.1).astype(np.float32)
    np.testing.assert_allclose(smart_turn.features(x),
                               compute_whisper_log_mel_features(x, do_normalize=True), atol=1e-5)


@pytest.mark.slow
@pytest.mark.skipif(not smart_turn.available(),
                    reason="smart-turn-v3.2-cpu.onnx ships only inside pipecat-ai, not installed")
def test_score_is_probability():
    p = smart_turn.score(np.zeros(16000 * 2, np.float32))
    assert 0.0 <= p <= 1.0

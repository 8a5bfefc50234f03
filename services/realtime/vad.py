"""Speech or not, per 20 ms frame: webrtcvad, one detector per stream (it adapts to the noise floor).

A frame quieter than `floor_dbfs` is silence whatever webrtcvad thinks: nothing that quiet is a
user talking to us, and skipping it keeps faint hiss from ever opening a turn.
"""
from __future__ import annotations

import numpy as np
import webrtcvad

from services.realtime.frames import RATE


class FrameVad:
    def __init__(self, aggressiveness: int = 2, rate: int = RATE, floor_dbfs: float = -55.0):
        if not 0 <= aggressiveness <= 3:
            raise ValueError("aggressiveness must be 0–3")
        self.rate = rate
        self._vad = webrtcvad.Vad(aggressiveness)
        self._floor = (10 ** (floor_dbfs / 20) * 32768) ** 2  # mean square, in int16 units
        self._scratch = np.empty(rate * 30 // 1000, dtype=np.float32)  # reused: no allocation per frame
        self.energy = 0.0  # mean square (int16 units) of the last frame: the bridge's echo check reads it

    def is_speech(self, frame: np.ndarray) -> bool:
        """`frame`: 10, 20 or 30 ms of int16 mono at `rate` (webrtcvad refuses anything else)."""
        x = self._scratch[:len(frame)]
        np.copyto(x, frame, casting="unsafe")
        self.energy = float(np.dot(x, x)) / len(frame)
        if self.energy < self._floor:
            return False
        return self._vad.is_speech(frame.data, self.rate)

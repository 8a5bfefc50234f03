"""Turn-taking from per-frame VAD decisions: speech start, end of turn, barge-in.

A pure frame-counting state machine, so timing is exact and testable without
audio; the voice pipeline feeds it one VAD verdict per frame.
"""

from __future__ import annotations

SPEECH_START = "speech_start"
END_OF_TURN = "end_of_turn"
BARGE_IN = "barge_in"

END_SILENCE_MIN_MS = 500
END_SILENCE_MAX_MS = 3000
# Consecutive non-speech frames tolerated inside a speech run (VAD dropouts).
_GAP_TOLERANCE_FRAMES = 1


class TurnDetector:
    """Turn events from a stream of ``push(is_speech, bot_speaking)`` calls.

    - Bot silent: "speech_start" once speech has lasted ``min_speech_ms``
      (shorter blips are noise), then "end_of_turn" once after
      ``end_silence_ms`` of continuous silence; shorter pauses stay in the turn.
    - Bot speaking: "barge_in" once after ``barge_in_ms`` of user speech
      (one dropped frame tolerated); that speech then counts as a user turn that
      ends with "end_of_turn". Without a barge-in nothing is emitted (echo guard).
    ``bot_speaking`` only matters while no user turn is active.
    """

    def __init__(
        self,
        end_silence_ms: int = 1500,
        barge_in_ms: int = 300,
        frame_ms: int = 20,
        min_speech_ms: int = 200,
    ) -> None:
        if frame_ms <= 0:
            raise ValueError("frame_ms must be > 0")
        if barge_in_ms <= 0:
            raise ValueError("barge_in_ms must be > 0")
        if min_speech_ms < 0:
            raise ValueError("min_speech_ms must be >= 0")
        self.frame_ms = frame_ms
        self.barge_in_ms = barge_in_ms
        self.min_speech_ms = min_speech_ms
        self.end_silence_ms = end_silence_ms  # validated by the setter
        self.reset()

    @property
    def end_silence_ms(self) -> int:
        """Silence (ms) that ends a user turn; adjustable from the UI."""
        return self._end_silence_ms

    @end_silence_ms.setter
    def end_silence_ms(self, value: int) -> None:
        if isinstance(value, bool) or not END_SILENCE_MIN_MS <= value <= END_SILENCE_MAX_MS:
            raise ValueError(
                f"end_silence_ms must be between {END_SILENCE_MIN_MS} and {END_SILENCE_MAX_MS}"
            )
        self._end_silence_ms = value

    def reset(self) -> None:
        """Forget everything; back to idle."""
        self._in_speech = False
        self._speech_frames = 0  # speech frames in the current run or turn
        self._gap_frames = 0  # consecutive non-speech frames inside a candidate run
        self._silence_frames = 0  # consecutive non-speech frames
        self._barge_frames = 0  # speech frames in a candidate barge-in
        self._barge_gap = 0

    @property
    def in_speech(self) -> bool:
        """True while a user turn is active (after speech_start or barge_in)."""
        return self._in_speech

    @property
    def speech_ms(self) -> int:
        """Speech counted in the current candidate run or active turn."""
        return self._speech_frames * self.frame_ms

    @property
    def silence_ms(self) -> int:
        """Current run of continuous non-speech."""
        return self._silence_frames * self.frame_ms

    def push(self, is_speech: bool, bot_speaking: bool = False) -> str | None:
        """Feed one frame's VAD verdict; return an event name or None."""
        if is_speech:
            self._silence_frames = 0
        else:
            self._silence_frames += 1

        if self._in_speech:
            return self._in_turn(is_speech)
        if bot_speaking:
            self._speech_frames = self._gap_frames = 0
            return self._while_bot_speaks(is_speech)
        self._barge_frames = self._barge_gap = 0
        return self._idle(is_speech)

    def _in_turn(self, is_speech: bool) -> str | None:
        if is_speech:
            self._speech_frames += 1
            return None
        if self._silence_frames * self.frame_ms >= self._end_silence_ms:
            self._in_speech = False
            self._speech_frames = self._gap_frames = 0
            self._barge_frames = self._barge_gap = 0
            return END_OF_TURN
        return None

    def _idle(self, is_speech: bool) -> str | None:
        if is_speech:
            self._speech_frames += 1
            self._gap_frames = 0
            if self._speech_frames * self.frame_ms >= self.min_speech_ms:
                self._in_speech = True
                return SPEECH_START
            return None
        if self._speech_frames:
            self._gap_frames += 1
            if self._gap_frames > _GAP_TOLERANCE_FRAMES:
                self._speech_frames = self._gap_frames = 0
        return None

    def _while_bot_speaks(self, is_speech: bool) -> str | None:
        if is_speech:
            self._barge_frames += 1
            self._barge_gap = 0
            if self._barge_frames * self.frame_ms >= self.barge_in_ms:
                self._in_speech = True
                self._speech_frames = self._barge_frames
                self._barge_frames = 0
                return BARGE_IN
            return None
        if self._barge_frames:
            self._barge_gap += 1
            if self._barge_gap > _GAP_TOLERANCE_FRAMES:
                self._barge_frames = self._barge_gap = 0
        return None

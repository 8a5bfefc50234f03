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
        auto_end: bool = True,
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
        self.auto_end = auto_end  # False: the caller ends turns with end_turn() (EndpointPolicy)
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

    def end_turn(self) -> None:
        """The caller decided the turn is over (e.g. by EndpointPolicy): back to idle, silence kept."""
        self._in_speech = False
        self._speech_frames = self._gap_frames = 0
        self._barge_frames = self._barge_gap = 0

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
        if self.auto_end and self._silence_frames * self.frame_ms >= self._end_silence_ms:
            self.end_turn()
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


# --- End of turn by what was said (Smart Turn score is an input) -------------

ASK_MODEL = "ask_model"

BACKCHANNELS = frozenset(
    {"mm", "mmhmm", "mm-hmm", "uh-huh", "uhhuh", "right", "yeah", "yes", "ok", "okay",
     "sure", "yep", "hmm", "huh", "ah", "oh", "i see", "got it", "uh", "um"}
)


class EndpointPolicy:
    """Decide end of turn from silence length plus a turn-completion score.

    Per frame, ``push(is_speech)`` returns ``"ask_model"`` once a pause reaches
    ``ask_after_ms`` (the caller scores the turn audio off the frame thread and
    calls ``score(p)``), ``"end_of_turn"`` when the pause reaches the adaptive
    wait after an "incomplete" verdict, else None. ``score(p)`` returns
    ``"end_of_turn"`` when ``p >= threshold``. The incomplete wait adapts to the
    user's own mid-turn pauses (dynamic endpointing), clamped to ``cap_ms``.

    Further looks: after an "incomplete" verdict, ``push`` asks again when the pause reaches
    ``second_look_ms``, then every ``look_every_ms`` while the pause lasts (each time the last
    answer is in), and a later verdict ends the turn at ``second_threshold``. The model's score
    for one finished sentence swings with a few frames of silence more or less: 0.2 to 0.9 at
    250 ms, and through a browser 0.21 to 0.87 on later looks at the same sentence, not rising
    steadily (e.g. 0.62, 0.49, 0.70). With one second look at 0.7, two of three browser calls on
    a finished sentence waited the 3 s cap. Asking as the pause grows ends such a turn at the
    first sure verdict; 0.6 (was 0.7) ended 5 more of 16 such later looks and cut no more of the
    bench's mid-sentence pauses (chosen on one sentence's browser verdicts: optimistic).
    The model barely tells a mid-sentence pause from an end: on 22 Piper sentences stopped
    mid-way it scored as high as on 22 finished ones, so the words' veto (`unfinished_text` on the
    early transcript, checked by the caller; Whisper's comma often carries the speaker's rising
    voice) does most of the protecting. ``None`` turns further looks off (language tests:
    learners pause longest).
    """

    def __init__(self, ask_after_ms: int = 250, min_wait_ms: int = 800,
                 cap_ms: int = 3000, threshold: float = 0.5, frame_ms: int = 20,
                 second_look_ms: int | None = None, second_threshold: float = 0.6,
                 look_every_ms: int = 250) -> None:
        if frame_ms <= 0 or ask_after_ms <= 0 or not ask_after_ms <= min_wait_ms <= cap_ms:
            raise ValueError("need 0 < ask_after_ms <= min_wait_ms <= cap_ms, frame_ms > 0")
        if second_look_ms is not None and not ask_after_ms < second_look_ms:
            raise ValueError("need ask_after_ms < second_look_ms")
        if look_every_ms <= 0:
            raise ValueError("need look_every_ms > 0")
        self.ask_after_ms, self.min_wait_ms, self.cap_ms = ask_after_ms, min_wait_ms, cap_ms
        self.threshold, self.frame_ms = threshold, frame_ms
        self.second_look_ms, self.second_threshold = second_look_ms, second_threshold
        self.look_every_ms = look_every_ms
        self._pauses: list[int] = []  # user's mid-turn pauses (ms), most recent last
        self._distrust = 0  # turns left in which a "complete" verdict is not trusted
        self.reset()

    DISTRUST_TURNS = 5

    def reset(self) -> None:
        """New turn: forget speech and pause state (learned pauses are kept)."""
        self._spoke = False
        self._silence_ms = 0
        self._looks = 0  # questions asked about the current pause
        self._answered = False  # the last question's verdict is in
        self._verdict: float | None = None
        self._done = False

    @property
    def second_look(self) -> bool:
        """Whether the latest question about this pause is a further look (not the first)."""
        return self._looks > 1

    @property
    def looks(self) -> int:
        """Questions asked about the current pause."""
        return self._looks

    @property
    def wait_ms(self) -> int:
        """Silence needed to end an 'incomplete' turn: 1.5x the user's longest recent pause."""
        if not self._pauses:
            return self.cap_ms
        return max(self.min_wait_ms, min(self.cap_ms, int(max(self._pauses[-10:]) * 1.5)))

    def push(self, is_speech: bool) -> str | None:
        if self._done:
            return None
        if is_speech:
            if self._spoke and self._silence_ms >= self.ask_after_ms:
                self._pauses.append(self._silence_ms)  # the user went on: a pause, not an end
            self._spoke = True
            self._silence_ms = 0
            self._looks = 0
            self._answered = False
            self._verdict = None
            return None
        if not self._spoke:
            return None
        self._silence_ms += self.frame_ms
        if not self._looks and self._silence_ms >= self.ask_after_ms:
            return self._ask()
        if (self._verdict is not None and self._answered and not self._distrust
                and self.second_look_ms is not None
                and self._silence_ms >= self.second_look_ms + (self._looks - 1) * self.look_every_ms):
            return self._ask()
        if self._silence_ms >= (self.cap_ms if self._verdict is None else self.wait_ms):
            return self._end()
        return None

    def _ask(self) -> str:
        self._looks += 1
        self._answered = False
        return ASK_MODEL

    def _end(self) -> str:
        self._done = True
        if self._distrust:
            self._distrust -= 1  # one more turn waited out in full
        return END_OF_TURN

    def false_end(self, pause_ms: int) -> None:
        """The turn was ended at a pause but the user went on after `pause_ms`: they pause
        mid-sentence. Learn the pause, and for the next few turns wait for it even when the
        model says "complete"."""
        self._pauses.append(pause_ms)
        self._distrust = self.DISTRUST_TURNS

    def score(self, p: float) -> str | None:
        """Feed the model's completion probability for the current pause."""
        if self._done or not self._looks or not self._spoke:
            return None  # stale: the user spoke again since the question
        self._answered = True
        if p >= self.current_threshold and not self._distrust:
            return self._end()
        if self._verdict is None:
            self._verdict = p
        return None

    @property
    def current_threshold(self) -> float:
        """The score that ends the turn now: stricter on the further looks."""
        return self.second_threshold if self._looks > 1 else self.threshold


# Words a sentence does not end on: articles, prepositions, conjunctions, possessives, subject
# pronouns. Lower case, per language; other languages rely on punctuation and the audio model.
CONTINUATION_WORDS = {
    "en": frozenset("a an the my your his her its our their these those to of at for with from by about "
                    "into onto between through during because and or but if when while whose than as i we "
                    "they he she very is are was were am".split()),
    "es": frozenset("el la los las un una unos unas mi mis tu tus su sus nuestro nuestra de del a al en con por "
                    "para sin sobre entre y o pero porque que cuando si como muy yo".split()),
    "fr": frozenset("le la les un une des du de d' au aux mon ma mes ton ta tes son sa ses notre nos leur leurs "
                    "à en dans sur sous avec pour par sans entre et ou mais parce que qui quand si comme très "
                    "je nous".split()),
    "de": frozenset("der die das den dem des ein eine einen einem einer mein meine dein sein ihr unser zu von "
                    "in im an am auf für mit aus bei nach über unter und oder aber weil dass wenn als wie sehr "
                    "ich wir".split()),
    "it": frozenset("il lo la i gli le un uno una mio mia miei mie di del della a al alla in nel nella con per "
                    "su da tra fra e o ma perché che quando se come molto io".split()),
    "pt": frozenset("o a os as um uma meu minha seu sua nosso nossa de do da dos das em no na com por para "
                    "sem sobre entre e ou mas porque que quando se como muito eu".split()),
    "nl": frozenset("de het een mijn jouw zijn haar ons onze hun van in op aan voor met uit bij naar over "
                    "onder en of maar omdat dat als wanneer hoe heel ik wij".split()),
}
SUBORDINATORS = {  # a sentence opening with one of these has two clauses, usually split by a comma
    "en": frozenset("if when because although though while unless whenever whereas".split()),
    "es": frozenset("si cuando porque aunque mientras".split()),
    "fr": frozenset("si quand lorsque parce bien".split()),
    "de": frozenset("wenn weil obwohl als während falls".split()),
    "it": frozenset("se quando perché anche mentre".split()),
    "pt": frozenset("se quando porque embora enquanto".split()),
    "nl": frozenset("als wanneer omdat hoewel terwijl".split()),
}
# Openers that are a preposition in "After lunch I went home." but start a subordinate clause when a subject
# follows ("Before I joined this company…"): that clause needs a main clause after it.
TIME_SUBORDINATORS = {
    "en": frozenset("before after until till since once".split()),
}
SUBJECTS = {
    "en": frozenset("i we you he she they it".split()),
}
_TRAILING = ",;:-–—…，、；："


def unfinished_text(text: str, language: str = "en") -> bool:
    """Whether a transcript so far clearly stops mid-sentence: it ends on a comma, a dash or an
    ellipsis, or on a word no sentence ends with ("the", "about", "because", "my"…). A transcript
    that looks finished proves nothing (the audio model and silence decide then)."""
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.endswith("...") or stripped[-1] in _TRAILING:
        return True
    words = stripped.rstrip(".!?。！？").split()
    if not words:
        return False
    lang = language.split("-")[0].lower()
    last = words[-1].strip("\"'“”‘’«»()[]").lower()
    if last in CONTINUATION_WORDS.get(lang, frozenset()):
        return True
    first = words[0].strip("\"'“”‘’«»()[]¿¡").lower()
    second = words[1].strip("\"'“”‘’«»()[],").lower() if len(words) > 1 else ""
    time_clause = first in TIME_SUBORDINATORS.get(lang, frozenset()) and second in SUBJECTS.get(lang, frozenset())
    opens_clause = first in SUBORDINATORS.get(lang, frozenset()) or time_clause
    # "If I had more time." with no comma: the subordinate clause came, its main clause did not.
    return opens_clause and "," not in stripped and len(words) >= 3


def is_real_interruption(speech_ms: int, words: str | None, min_speech_ms: int = 400) -> bool:
    """Barge-in filter: speech must last, and if transcribed must not be a backchannel/cough."""
    if speech_ms < min_speech_ms:
        return False
    if words is None:  # not transcribed yet: duration alone decides
        return True
    text = " ".join(w.strip(".,!?;:").lower() for w in words.split())
    if not text:
        return False  # noise with no words (cough)
    return text not in BACKCHANNELS and not all(w in BACKCHANNELS for w in text.split())

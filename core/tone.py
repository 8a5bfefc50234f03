"""Pick the tone the coach should reply in, and turn it into TTS voice direction.

Pure keyword heuristics (no model call) so the choice is instant, free and
deterministic. The tone steers the voice (gpt-4o-mini-tts `instructions`; the offline voices
ignore it), the offline chat coach's reaction (core/coach/chat.py) and is saved with each
reply; it is not sent to a cloud LLM, which reads the user's words itself.
Cues are English plus a few Spanish, French and German ones; other languages get "neutral"
unless they use "!" or "?".
"""

from __future__ import annotations

import re

TONES = ("empathetic", "enthusiastic", "curious", "serious", "encouraging", "neutral")

# Regex fragments, matched case-insensitively on word boundaries.
# English first, then a few es / fr / de cues.
_EMPATHETIC = (
    r"sad", r"unhappy", r"upset", r"depressed", r"lonely", r"heartbroken", r"hopeless",
    r"anxious", r"anxiety", r"nervous", r"stressed(?: out)?", r"stressful", r"under stress",
    r"worr(?:y|ied|ying)", r"scared", r"terrified", r"panic(?:king|ked)?", r"overwhelmed",
    r"frustrated", r"discouraged", r"disappointed", r"exhausted", r"cry(?:ing)?", r"cried",
    r"i feel (?:bad|terrible|awful|down|low)",
    # es / fr / de
    r"triste", r"nervios[oa]s?", r"preocupad[oa]s?", r"estresad[oa]s?", r"ansiedad", r"miedo",
    r"stressée?s?", r"inquiète?", r"angoissée?", r"peur",
    r"traurig", r"nervös", r"angst", r"gestresst", r"sorgen",
)
_ENCOURAGING = (
    r"i (?:\w+ )?(?:don'?t|do not|didn'?t) (?:understand|get it|know)",
    r"(?:i'?m|i am) (?:(?!not\b)\w+ )?(?:confused|stuck|lost)",
    r"confus(?:ed|ing)", r"not sure what you mean", r"what do you mean",
    r"no idea", r"(?:no|not a) clue", r"makes? no sense", r"doesn'?t make (?:any )?sense",
    r"(?:can|could) you (?:repeat|rephrase|say (?:that|it) again)",
    # es / fr / de
    r"no entiendo", r"no sé", r"estoy perdid[oa]",
    r"je ne comprends pas", r"je ne sais pas", r"je suis perdue?",
    r"ich verstehe (?:das |es )?nicht", r"keine ahnung", r"weiß (?:es )?nicht",
)
_SERIOUS = (
    r"lay ?offs?", r"laid off", r"fired(?! up)", r"redundan(?:t|cy)",
    r"fail(?:ure|ures|ed|ing|s)?", r"mistakes?", r"conflicts?", r"deadlines?",
    r"ethics", r"(?:un)?ethical", r"legal", r"lawsuit", r"lawyer", r"harass(?:ment|ed)",
    r"discrimination", r"bankrupt(?:cy)?", r"death", r"died", r"dying", r"passed away",
    r"funeral", r"grief", r"health", r"illness", r"sick", r"hospital", r"cancer",
    r"burnout", r"burn(?:ed|t) out", r"divorce",
    # es / fr / de
    r"despido", r"muerte", r"salud", r"licenciement", r"mort", r"santé",
    r"entlassung", r"gekündigt", r"tod", r"gesundheit",
)
_ENTHUSIASTIC = (
    r"excit(?:ed|ing)", r"thrilled", r"happy", r"glad", r"delighted", r"stoked", r"proud",
    r"awesome", r"amazing", r"fantastic", r"wonderful", r"great news", r"good news",
    r"(?:that'?s|that is|this is|so) great", r"nailed it", r"can'?t wait", r"love it",
    r"yay", r"woo+hoo+", r"hooray",
    r"i got (?:the|an|my|a) (?:job|offer|position|role|promotion)", r"got (?:the|an) offer",
    r"i passed(?! away)",
    # es / fr / de
    r"genial", r"feliz", r"emocionad[oa]s?", r"qué bien", r"increíble",
    r"génial", r"trop bien", r"contente?s?", r"ravie?s?", r"youpi",
    r"(?<!death )(?<!the )toll", r"großartig", r"freue mich", r"wunderbar", r"juhu",
)
_CURIOUS = (
    r"how (?:does|do|did|can|could|would|is|are|come)", r"(?<!that's )(?<!is )why",
    r"what if", r"i wonder", r"curious", r"tell me (?:more|about)", r"what about",
    r"(?:could|can) you explain",
    # es / fr / de
    r"por qué", r"cómo", r"pourquoi", r"warum", r"wieso",
)

# Negators only neutralise emotion/confusion cues ("not excited", "no estoy nervioso").
_NEGATORS = frozenset(
    "not no never hardly nor cannot dont didnt isnt wasnt arent aint "
    "ne pas jamais nunca tampoco nicht kein keine".split()
)
# Looking back for a negator stops at these (new subject or clause).
_CLAUSE_BREAKERS = frozenset("but and or though although i i'm im pero mais aber".split())
_NEG_WINDOW = 3


def _compile(fragments: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(fragments) + r")(?!\w)", re.IGNORECASE)


_RE = {
    "empathetic": _compile(_EMPATHETIC),
    "encouraging": _compile(_ENCOURAGING),
    "serious": _compile(_SERIOUS),
    "enthusiastic": _compile(_ENTHUSIASTIC),
    "curious": _compile(_CURIOUS),
}


def _is_negated(text: str, start: int) -> bool:
    """True when a negator sits just before position ``start`` in the same clause."""
    clause = re.split(r"[.,;:!?]", text[:start])[-1]
    tokens = re.findall(r"[\w']+", clause)[-_NEG_WINDOW:]
    for tok in reversed(tokens):
        if tok in _NEGATORS or tok.endswith("n't"):
            return True
        if tok in _CLAUSE_BREAKERS:
            return False
    return False


def _hits(tone: str, text: str, negatable: bool) -> tuple[bool, bool]:
    """Return (has a live cue, has a negated cue) for one tone lexicon."""
    live = negated = False
    for m in _RE[tone].finditer(text):
        if negatable and _is_negated(text, m.start()):
            negated = True
        else:
            live = True
    return live, negated


def detect_tone(text: str) -> str:
    """Return the tone the bot should take when replying to this user text.

    First match wins, in this priority order:
    1. empathetic   - sadness, anxiety, stress ("I'm so nervous", "triste")
    2. encouraging  - confusion ("I don't understand", "I'm lost")
    3. enthusiastic - joy or good news ("I got the job", "awesome")
    4. serious      - heavy topics (layoff, mistake, deadline, ethics, health)
    5. enthusiastic - a bare "!" with no serious topic and no negated joy
    6. curious      - questions ("how does", "why", "what if", any "?")
    7. neutral
    Emotion and confusion cues preceded by a negator in the same clause are
    ignored, so "I'm not excited" is not enthusiastic and "not nervous" is not
    empathetic. Topic and question cues are never negated.
    """
    if not text or not text.strip():
        return "neutral"
    norm = text.lower().replace("\u2019", "'")
    if _hits("empathetic", norm, negatable=True)[0]:
        return "empathetic"
    if _hits("encouraging", norm, negatable=True)[0]:
        return "encouraging"
    joy, joy_negated = _hits("enthusiastic", norm, negatable=True)
    if joy:
        return "enthusiastic"
    if _hits("serious", norm, negatable=False)[0]:
        return "serious"
    if "!" in norm and not joy_negated:
        return "enthusiastic"
    if "?" in norm or _hits("curious", norm, negatable=False)[0]:
        return "curious"
    return "neutral"


_DELIVERY = (
    "Sound like a real person, not a narrator: take a natural breath before each "
    "question, leave short micro-pauses after commas and between ideas, and vary "
    "your intonation instead of reading in a flat line."
)

_MODE_BASE = {
    "interview": (
        "You are Alex, a warm, professional senior engineering manager running a job "
        "interview. Speak at a measured pace, calm and confident. Take a natural breath "
        "before asking a question, add micro-pauses after commas, and end questions "
        "with a trailing, inviting intonation that makes the candidate want to answer."
    ),
    "language": (
        "You are a patient native-speaking language teacher. Speak slowly with clear, "
        "careful articulation of every word, take a small breath between sentences, "
        "leave a slight pause before any correction, and use gentle rising intonation "
        "on questions so the learner knows it is their turn."
    ),
    "chat": (
        "You are a relaxed, friendly colleague having a casual chat. Keep it "
        "conversational with natural breaths and easy rhythm; light laughter is fine "
        "when something is funny, and your intonation should sound relaxed and warm."
    ),
}

_TONE_MODIFIER = {
    "empathetic": (
        "Tone: empathetic. Soften your voice and slow down a little; sound genuinely "
        "understanding and reassuring, never rushed or cheerful."
    ),
    "enthusiastic": (
        "Tone: enthusiastic. Brighten your voice with more energy and a lift in pitch, "
        "a smile you can hear, but do not shout."
    ),
    "curious": (
        "Tone: curious. Sound interested and engaged, leaning in, with a lively rising "
        "intonation on the questions."
    ),
    "serious": (
        "Tone: serious. Be calm, steady and grounded with a slightly lower pitch; no "
        "laughter and no playful flourishes."
    ),
    "encouraging": (
        "Tone: encouraging. Be patient and supportive, reassure them it is fine to take "
        "a moment, and keep a gentle, upbeat lift at the end of sentences."
    ),
    "neutral": "Tone: neutral. Natural, even and attentive.",
}


def tts_instructions(mode: str, tone: str) -> str:
    """Build the ``instructions`` string for gpt-4o-mini-tts.

    Mode sets the persona and pacing; tone adds one modifier sentence.
    Unknown mode falls back to "chat", unknown tone to "neutral".
    """
    mode_key = (mode or "").strip().lower()
    tone_key = (tone or "").strip().lower()
    base = _MODE_BASE.get(mode_key, _MODE_BASE["chat"])
    modifier = _TONE_MODIFIER.get(tone_key, _TONE_MODIFIER["neutral"])
    return f"{base} {_DELIVERY} {modifier}"

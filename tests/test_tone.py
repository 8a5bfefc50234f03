"""Tests for core.tone: tone detection and TTS voice direction."""

import pytest

from core.tone import TONES, detect_tone, tts_instructions


@pytest.mark.parametrize(
    "text, expected",
    [
        # empathetic
        ("I'm so nervous about tomorrow's interview", "empathetic"),
        ("Honestly I feel sad and a bit lonely", "empathetic"),
        ("I'm really stressed out and worried", "empathetic"),
        ("Estoy muy nervioso", "empathetic"),
        ("Je suis triste", "empathetic"),
        ("Ich bin so nervös", "empathetic"),
        # enthusiastic
        ("I got the job!", "enthusiastic"),
        ("That's awesome, I'm so excited", "enthusiastic"),
        ("Great news: I passed the exam", "enthusiastic"),
        ("We finally shipped it!", "enthusiastic"),
        ("C'est génial", "enthusiastic"),
        ("Das ist toll", "enthusiastic"),
        # encouraging
        ("I don't understand the question", "encouraging"),
        ("Sorry, I'm lost", "encouraging"),
        ("I'm not sure what you mean", "encouraging"),
        ("I don't know", "encouraging"),
        ("Hmm, I'm completely stuck here", "encouraging"),
        ("No entiendo", "encouraging"),
        # curious
        ("How does the ranking algorithm work", "curious"),
        ("Why would a team choose Kafka", "curious"),
        ("What if we used a cache instead", "curious"),
        ("Can we talk about system design?", "curious"),
        ("Pourquoi", "curious"),
        # serious
        ("I was laid off last month", "serious"),
        ("Let me tell you about a conflict with my manager", "serious"),
        ("We had a tight deadline and I made a mistake", "serious"),
        ("There was an ethics issue with the data", "serious"),
        ("My father's health has been a concern", "serious"),
        # neutral
        ("I worked on the backend team for three years", "neutral"),
        ("", "neutral"),
        ("   ", "neutral"),
    ],
)
def test_detect_tone_categories(text, expected):
    assert detect_tone(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm not excited about this role", "neutral"),
        ("I'm not nervous at all", "neutral"),
        ("I'm not happy with my answer!", "neutral"),
        ("Don't worry about it", "neutral"),
        ("I'm not confused", "neutral"),
        ("No estoy nervioso", "neutral"),
        ("Je ne suis pas triste", "neutral"),
        ("Ich bin nicht nervös", "neutral"),
        # Negation is clause-local: the second clause still counts.
        ("I'm not nervous, I'm excited", "enthusiastic"),
        ("It's not a big deal but I'm worried", "empathetic"),
    ],
)
def test_detect_tone_negation(text, expected):
    assert detect_tone(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # empathetic beats everything
        ("I'm nervous, how does the interview work?", "empathetic"),
        ("I got laid off and I'm so sad", "empathetic"),
        # encouraging beats curious
        ("I don't understand, why is that?", "encouraging"),
        # joy words beat a serious topic; a bare "!" does not
        ("Great news, I finally met the deadline", "enthusiastic"),
        ("I made a huge mistake!", "serious"),
        # serious beats curious
        ("How do I explain a layoff?", "serious"),
        # explanatory "that's why" is not a question
        ("That's why I left the company", "neutral"),
        ("I was fired up about the project", "neutral"),
    ],
)
def test_detect_tone_priority(text, expected):
    assert detect_tone(text) == expected


def test_detect_tone_is_word_bounded():
    # "sadly" / "stresstest" / "whyte" must not match the short cues.
    assert detect_tone("Sadly nothing. Stresstest ran. Mr Whyte called") == "neutral"


def test_detect_tone_returns_known_tone():
    for text in ["hi", "I got the job!", "why?", "I'm lost", "layoff", "sad"]:
        assert detect_tone(text) in TONES


@pytest.mark.parametrize(
    "mode, words",
    [
        ("interview", ["Alex", "senior engineering manager", "measured pace", "trailing", "inviting"]),
        ("language", ["patient", "native-speaking language teacher", "slowly", "articulation", "pause before any correction"]),
        ("chat", ["relaxed", "friendly colleague", "conversational", "laughter"]),
    ],
)
def test_tts_instructions_mode_specific(mode, words):
    text = tts_instructions(mode, "neutral")
    for word in words:
        assert word in text
    for other, other_words in {
        "interview": "Alex",
        "language": "native-speaking language teacher",
        "chat": "friendly colleague",
    }.items():
        if other != mode:
            assert other_words not in text


@pytest.mark.parametrize("mode", ["interview", "language", "chat"])
@pytest.mark.parametrize("tone", TONES)
def test_tts_instructions_always_direct_breath_pauses_intonation(mode, tone):
    text = tts_instructions(mode, tone).lower()
    assert "breath" in text
    assert "micro-pause" in text
    assert "intonation" in text
    assert f"tone: {tone}." in text


def test_tts_instructions_tone_modifiers_differ():
    texts = {tone: tts_instructions("interview", tone) for tone in TONES}
    assert len(set(texts.values())) == len(TONES)
    assert "Soften" in texts["empathetic"]
    assert "energy" in texts["enthusiastic"]
    assert "no laughter" in texts["serious"]


def test_tts_instructions_fallbacks():
    assert tts_instructions("karaoke", "neutral") == tts_instructions("chat", "neutral")
    assert tts_instructions("interview", "grumpy") == tts_instructions("interview", "neutral")
    assert tts_instructions(" Interview ", "SERIOUS") == tts_instructions("interview", "serious")
    assert tts_instructions("", "") == tts_instructions("chat", "neutral")

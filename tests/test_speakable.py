"""What a voice may read aloud (core/speakable.py): no markup, code, URLs or emoji; all scripts kept."""
from __future__ import annotations

import pytest

from core.chunker import SentenceChunker
from core.languages import CODES
from core.speakable import CodeFenceTracker, speakable

# One plain sentence pair per practice language: speakable() must return each one unchanged.
NATIVE = {
    "en": "Hello! Tell me about yourself, please. Don't rush: take your time.",
    "es": "¿Cómo estás? ¡Muy bien! El niño comió piña en Logroño.",
    "fr": "Ça va ? Très bien, merci ! L'été dernier, j'ai vu « Les Misérables ».",
    "de": "Grüß Gott! Die Straße ist schön, nicht wahr? Größe: 42.",
    "zh": "你好！你今天过得怎么样？我很好，谢谢。",
    "hi": "नमस्ते! आप कैसे हैं? मैं ठीक हूँ, धन्यवाद। क्‍या बात है॥",
    "ja": "こんにちは。お元気ですか？はい、元気です！",
    "ko": "안녕하세요. 오늘 어떻게 지내세요? 저는 잘 지내요!",
    "pt": "Olá! Você está bem? Não, estou com saudade do coração.",
    "ar": "مرحبًا، كيف حالك؟ أنا بخير، شكرًا.",
    "ru": "Привет! Как дела? Всё хорошо, спасибо.",
    "it": "Ciao! Come stai? Perché è così difficile?",
    "nl": "Hallo! Hoe gaat het? Het gaat goed, dank je wel.",
}

MARKDOWN = """# Your feedback

**Strengths** and *areas* to __improve__:

- You used `Redis` well
* Mention the ~~cache~~ trade-offs
1. Quantify impact

> Keep answers short.

| Skill | Score |
|-------|:-----:|
| STAR  | 4     |

---
Read [the guide](https://example.com/guide "Guide") and ![diagram](img/arch.png) more.
"""


@pytest.mark.parametrize("code", CODES)
def test_every_language_passes_through_unchanged(code):
    assert speakable(NATIVE[code], code) == NATIVE[code]


def test_native_samples_cover_all_thirteen_languages():
    assert set(NATIVE) == set(CODES) and len(CODES) == 13


def test_markdown_symbols_are_removed_and_words_kept():
    out = speakable(MARKDOWN)
    for symbol in "#*_`>|[]()!~":
        assert symbol not in out, (symbol, out)
    for word in ("Your feedback", "Strengths", "areas", "improve", "Redis", "cache", "trade-offs",
                 "Quantify impact", "Keep answers short", "Skill, Score", "STAR, 4", "the guide"):
        assert word in out, (word, out)
    assert "diagram" not in out and "img" not in out and "example.com" not in out
    assert "\n" not in out and "  " not in out


def test_headings_bullets_and_table_rows_become_sentences():
    out = speakable("## Summary\n- first point\n- second point\n| a | b |\n|---|---|\n| c | d |")
    assert out == "Summary. first point. second point. a, b. c, d."


def test_horizontal_rules_and_table_separators_vanish():
    assert speakable("Above\n\n---\n***\n___\n\nBelow") == "Above. Below"


@pytest.mark.parametrize("text,expected", [
    ("Use a **cache** here.", "Use a cache here."),
    ("Use a __cache__ here.", "Use a cache here."),
    ("An *important* _point_.", "An important point."),
    ("Set max_tokens to 10.", "Set max tokens to 10."),
    ("I know C# well.", "I know C sharp well."),
    (r"Escaped \*stars\* stay words.", "Escaped stars stay words."),
])
def test_emphasis_and_stray_symbols(text, expected):
    assert speakable(text) == expected


def test_links_keep_their_text():
    assert speakable("See [our guide](https://x.org/a_b) and [the spec][1].\n[1]: https://x.org/spec") == \
        "See our guide and the spec."


def test_urls_and_emails_become_a_short_phrase_in_english():
    out = speakable("Visit https://example.com/path?q=1&r=2. Or www.example.org, or mail jane.doe+x@mail.example.com!")
    assert out == "Visit the link. Or the link, or mail the email address!"


def test_no_english_phrase_inside_other_languages():
    out = speakable("Mira https://ejemplo.es para más. Escribe a ana@correo.es hoy.\n```\nx = 1\n```\nFin.", "es")
    assert out == "Mira para más. Escribe a hoy. Fin."
    assert "link" not in out and "code" not in out


def test_fenced_code_is_never_read():
    text = "Here is how:\n```python\ndef add(a, b):\n    return a + b\n```\nThat is all.\n~~~\nrm -rf /\n~~~"
    out = speakable(text)
    assert out == "Here is how: (code shown on screen) That is all. (code shown on screen)"


def test_a_fence_after_an_emoji_still_opens_a_code_block():
    assert speakable("Look 🎉\n🎉 ```\nprint(1)\n```") == "Look. (code shown on screen)"


def test_an_unclosed_fence_hides_the_rest():
    assert speakable("Try this:\n```\nfor i in range(3):\n    print(i)") == "Try this: (code shown on screen)"


@pytest.mark.parametrize("text,expected", [
    ("Try `git rebase` first.", "Try git rebase first."),
    ("Set `x = compute(y);` in the loop.", "Set in the loop."),
    ("Call `{a: 1}` now.", "Call now."),
])
def test_inline_code_words_stay_real_code_goes(text, expected):
    assert speakable(text) == expected


@pytest.mark.parametrize("text", [
    "Great job! 🎉", "Great 👍🏽 job!", "Great job! 👨‍👩‍👧", "Great job! ❤️", "🇫🇷 Great job!",
    "Great ✅ job! ⭐", "Great job!\u200d🔥",
])
def test_emoji_and_pictographs_are_removed(text):
    assert speakable(text) == "Great job!"


def test_keycap_emoji_keeps_its_digit_and_arrows_become_pauses():
    assert speakable("Step 1️⃣ then A → B") == "Step 1 then A, B"


def test_devanagari_joiner_is_not_taken_for_an_emoji_glue():
    word = "क्\u200dष"  # a ZWJ inside a Devanagari conjunct
    assert speakable(word + "।") == word + "।"


@pytest.mark.parametrize("text", ["[INTERRUPTED] Sure, go ahead.", "Sure, [interrupted] go ahead.",
                                  "Sure, go ahead. [ INTERRUPTED ]"])
def test_interrupted_tag_is_never_spoken(text):
    assert speakable(text) == "Sure, go ahead."


def test_html_tags_are_dropped():
    assert speakable("Line one<br>line two with <b>bold</b> <span class='x'>text</span>") == \
        "Line one line two with bold text"


@pytest.mark.parametrize("text", ["", "   \n\t ", "🎉🎉", "```\nprint(1)\n```", "---", "[INTERRUPTED]"])
def test_nothing_to_say_gives_an_empty_string(text):
    assert speakable(text, "fr") == ""


@pytest.mark.parametrize("text", [MARKDOWN, *NATIVE.values(), "See https://x.org. 🎉 **Bold** `x = 1`",
                                  "## Título\n- uno\n- dos", "```\ncode\n```\nAfter."])
def test_cleaning_twice_equals_cleaning_once(text):
    once = speakable(text)
    assert speakable(once) == once


def test_streamed_code_block_stays_silent_across_chunks():
    reply = "Here is the fix.\n```python\nx = compute(y)\nprint(x)\n```\nRun it and tell me what you see. Good luck!"
    chunker = SentenceChunker(first_max_sentences=1, max_sentences=1, min_sentences=1)
    chunks = chunker.feed(reply) + chunker.flush()
    assert len(chunks) >= 4  # the block really is cut into several chunks
    tracker = CodeFenceTracker("en")
    spoken = " ".join(filter(None, (tracker.clean(c) for c in chunks)))
    assert "compute" not in spoken and "print" not in spoken
    assert spoken.startswith("Here is the fix.") and spoken.endswith("Run it and tell me what you see. Good luck!")
    assert not tracker.in_code

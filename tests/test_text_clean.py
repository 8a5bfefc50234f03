"""core.text.clean: one pure function for text from any provider, and its streaming form."""
from __future__ import annotations

from core.text.clean import StreamCleaner, clean_text


def test_split_surrogate_pairs_are_joined_lone_halves_dropped():
    assert clean_text("a\ud83d\ude00b") == "a😀b"
    assert clean_text("a\ud83db\ude00c") == "abc"


def test_controls_go_newlines_and_tabs_stay():
    assert clean_text("x\x00y\x1b[0m\x7f\x85z") == "xy[0mz"
    assert clean_text("one\r\ntwo\rthree\tfour\n") == "one\ntwo\nthree\tfour\n"


def test_scripts_and_emoji_sequences_are_untouched():
    for text in ("👨\u200d👩\u200d👧", "क्षत्रिय", "مرحبا", "日本語", "e\u0301"):
        assert clean_text(text) == text


def test_not_a_string():
    assert clean_text(None) == "" and clean_text(b"caf\xc3\xa9 \xff") == "café \ufffd" and clean_text(5) == "5"


def test_stream_cleaner_holds_a_high_surrogate_and_a_carriage_return():
    cleaner = StreamCleaner()
    assert cleaner.feed("Hi \ud83d") == "Hi "
    assert cleaner.feed("\ude00 there\r") == "😀 there"
    assert cleaner.feed("\nnext") == "\nnext"
    assert cleaner.feed("end \ud83d") == "end "
    assert cleaner.flush() == ""  # a half that never got its partner is dropped

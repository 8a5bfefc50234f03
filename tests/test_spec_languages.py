"""PracticeSpec validation and the 13-language table."""
from __future__ import annotations

import pytest

from core.languages import CODES, LANGUAGES, get_language
from core.spec import PracticeSpec


def test_thirteen_languages_with_engine_codes():
    assert CODES == ("en", "es", "fr", "de", "zh", "hi", "ja", "ko", "pt", "ar", "ru", "it", "nl")
    for lang in LANGUAGES.values():
        assert lang.gtts and lang.espeak and lang.native and lang.name
    assert get_language("zh").gtts == "zh-CN" and get_language("zh").espeak == "cmn"
    assert get_language("pt-BR").code == "pt" and get_language("AR").rtl


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="Unsupported language"):
        get_language("xx")


@pytest.mark.parametrize("bad", [dict(mode="karaoke"), dict(domain="Astrology"), dict(interview_type="quiz"),
                                 dict(difficulty="insane"), dict(num_questions=0), dict(num_questions=99),
                                 dict(level="D1"), dict(language="tlh")])
def test_spec_validation(bad):
    with pytest.raises(ValueError):
        PracticeSpec(**bad)


def test_spec_round_trip_ignores_unknown_keys():
    spec = PracticeSpec(mode="language", language="ja", level="A2", seed=7)
    assert PracticeSpec.from_dict({**spec.to_dict(), "future_field": 1}) == spec
    assert spec.speech_language == "ja" and PracticeSpec(mode="interview").speech_language == "en"
    assert "Japanese" in spec.title()

"""The CEFR estimate: built from what predicts level (accuracy, lexis, range, linking), never from length."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core import cefr
from core.cefr import grammar_cues, lexis
from core.cefr.signals import linkers, measure
from core.feedback import offline_report
from core.languages import CEFR_LEVELS, CODES

pytestmark = pytest.mark.cpu  # model work with no server, page or clock: make test runs it beside the browser tests

DEV = json.loads((Path(__file__).parent / "data" / "cefr_dev_texts.json").read_text(encoding="utf-8"))["texts"]

# A short B1-ish answer in each of the 13 languages (two linked sentences about the weekend).
SAMPLES = {
    "en": "Last weekend I visited my grandparents because they live near the sea. We walked on the beach and "
          "talked about their garden, which is full of tomatoes.",
    "es": "El fin de semana pasado visité a mis abuelos porque viven cerca del mar. Caminamos por la playa y "
          "hablamos de su huerto, que está lleno de tomates.",
    "fr": "Le week-end dernier, j'ai rendu visite à mes grands-parents parce qu'ils habitent près de la mer. Nous "
          "avons marché sur la plage et parlé de leur jardin, qui est plein de tomates.",
    "de": "Letztes Wochenende habe ich meine Großeltern besucht, weil sie am Meer wohnen. Wir sind am Strand "
          "spazieren gegangen und haben über ihren Garten gesprochen, der voller Tomaten ist.",
    "it": "Lo scorso fine settimana ho visitato i miei nonni perché abitano vicino al mare. Abbiamo camminato sulla "
          "spiaggia e parlato del loro orto, che è pieno di pomodori.",
    "pt": "No fim de semana passado visitei os meus avós porque moram perto do mar. Caminhamos na praia e falamos "
          "sobre a horta deles, que está cheia de tomates.",
    "nl": "Vorig weekend heb ik mijn grootouders bezocht omdat ze bij de zee wonen. We hebben op het strand "
          "gewandeld en over hun tuin gepraat, die vol tomaten staat.",
    "ru": "В прошлые выходные я навестил бабушку и дедушку, потому что они живут у моря. Мы гуляли по пляжу и "
          "говорили об их огороде, который полон помидоров.",
    "ar": "في عطلة نهاية الأسبوع الماضية زرت جدي وجدتي لأنهما يعيشان قرب البحر. مشينا على الشاطئ وتحدثنا عن "
          "حديقتهما التي مليئة بالطماطم.",
    "hi": "पिछले सप्ताहांत मैं अपने दादा-दादी से मिलने गया क्योंकि वे समुद्र के पास रहते हैं। हम समुद्र तट पर घूमे और "
          "उनके बगीचे के बारे में बात की, जो टमाटरों से भरा है।",
    "zh": "上个周末我去看了爷爷奶奶，因为他们住在海边。我们在海滩上散步，聊了他们的菜园，里面种满了西红柿。",
    "ja": "先週末、祖父母は海の近くに住んでいるので、会いに行きました。浜辺を散歩して、トマトでいっぱいの畑について話しました。",
    "ko": "지난 주말에 조부모님이 바닷가 근처에 사시기 때문에 찾아뵀어요. 우리는 해변을 산책하고 토마토가 가득한 "
          "텃밭에 대해 이야기했어요.",
}


def dev(text_id: str) -> dict:
    return next(t for t in DEV if t["id"] == text_id)


def turns_of(text: dict, answers: list[str] | None = None) -> list[dict]:
    answers = text["answers"] if answers is None else answers
    return [{"question": "Tell me more.", "answer": a, "corrections": text["corrections"] if i == 0 else []}
            for i, a in enumerate(answers)]


def test_every_language_gets_a_level_a_range_and_evidence():
    assert set(SAMPLES) == set(CODES)
    for lang, text in SAMPLES.items():
        report = offline_report([{"question": "?", "answer": text}], "language", language=lang)
        level = report["cefr"]
        assert level["level"] in CEFR_LEVELS and level["estimate"] is True, lang
        low, _, high = level["range"].partition("–")
        assert CEFR_LEVELS.index(low) <= CEFR_LEVELS.index(level["level"]) <= CEFR_LEVELS.index(high or low), lang
        names = {row["name"] for row in level["signals"]}
        assert {"rare_words", "content_zipf", "range", "linking", "corrections"} <= names, lang
        assert level["evidence"][0].startswith("Estimate:") and len(level["evidence"]) >= 6, lang
        assert signals_measured(lang, text), lang


def signals_measured(lang: str, text: str) -> bool:
    """Words were found in the frequency list and at least one linking word was recognised."""
    s = measure([text], lang)
    return s.tokens >= 10 and -2.0 < s.values["content_zipf"] < 1.5 and bool(s.linkers_used)


@pytest.mark.parametrize("text_id", [t["id"] for t in DEV])
def test_padding_an_answer_by_repetition_does_not_raise_the_level(text_id):
    text = dev(text_id)
    plain = offline_report(turns_of(text), "language", language=text["lang"])["cefr"]
    padded_answers = [" ".join([a] * 4) for a in text["answers"]] + text["answers"]
    padded = offline_report(turns_of(text, padded_answers), "language", language=text["lang"])["cefr"]
    assert CEFR_LEVELS.index(padded["level"]) <= CEFR_LEVELS.index(plain["level"])
    assert padded["score"] <= plain["score"] + 1e-9


def test_a_talkative_a2_stays_low_and_a_concise_c1_stays_high():
    a2 = dev("dev-en-a2")
    more = ["My flat is small but it is nice. I have a kitchen and a bedroom and a bathroom and a big window.",
            "On Sunday I clean my flat and then I cook for my family and then we watch TV and then I go to bed.",
            "My best friend is Maria. She is funny and she like music. We go to concerts and we dance a lot.",
            "I study English because I need it for my job. It is difficult but I like it and my teacher is good."]
    talkative = offline_report(turns_of(a2, a2["answers"] + more), "language", language="en")["cefr"]
    assert talkative["level"] in ("A1", "A2")
    concise = offline_report([{"question": "Should cities ban cars?", "corrections": [],
                               "answer": "Cities ought to prioritise pedestrians, whereas the cost to drivers is "
                                         "marginal."}], "language", language="en")["cefr"]
    assert concise["level"] in ("B2", "C1", "C2")


def test_corrections_and_invented_forms_lower_the_estimate():
    text = dev("dev-en-b1")
    clean = {**text, "corrections": []}
    base = offline_report(turns_of(clean), "language", language="en")["cefr"]["score"]
    many = [{"said": f"error {i}", "fix": f"fix {i}"} for i in range(8)]
    corrected = offline_report(turns_of({**text, "corrections": many}), "language", language="en")["cefr"]["score"]
    assert corrected < base - 0.3
    broken = [a.replace("lived", "livved").replace("spent", "spended").replace("built", "builded")
              for a in clean["answers"]]
    assert measure(broken, "en").values["unattested"] > measure(clean["answers"], "en").values["unattested"]
    invented = offline_report(turns_of(clean, broken), "language", language="en")["cefr"]["score"]
    assert invented < base


def test_too_little_text_has_no_level():
    report = offline_report([{"question": "Name?", "answer": "Tom. From Leeds."}], "language", language="en")
    assert report["cefr"]["level"] is None and report["cefr"]["range"] is None
    assert "too little" in report["cefr"]["evidence"][0]


def test_audio_fluency_counts_when_measured_and_only_then():
    text = dev("dev-en-b1")
    plain = offline_report(turns_of(text), "language", language="en")["cefr"]
    assert all(row["name"] != "fluency" for row in plain["signals"])
    halting = [{**t, "seconds": 40.0, "metrics": {"wpm": 45.0, "long_pauses": 8, "seconds": 40.0}}
               for t in turns_of(text)]
    fluent = [{**t, "seconds": 15.0, "metrics": {"wpm": 150.0, "long_pauses": 0, "seconds": 15.0}}
              for t in turns_of(text)]
    slow = offline_report(halting, "language", language="en")["cefr"]
    quick = offline_report(fluent, "language", language="en")["cefr"]
    assert slow["score"] < plain["score"] < quick["score"]
    assert any(line.startswith("Fluency (audio): 45 words per minute") for line in slow["evidence"])


def test_chinese_japanese_and_korean_are_segmented_into_dictionary_words():
    for lang, text, word in (("zh", "我们在海滩上散步", "海滩"), ("ja", "浜辺を散歩しました", "散歩"),
                             ("ko", "해변을 산책하고", "산책")):
        tokens = lexis.tokenize(text, lang)
        assert word in tokens, (lang, tokens)
        assert all(lexis.zipf(t, lang) > 0 for t in tokens), (lang, tokens)


def test_rare_word_share_is_relative_to_native_text_in_that_language():
    # Russian spreads over many more word forms than English, so its native share beyond 2k is larger.
    assert lexis.native_share_beyond("ru", 2000) > lexis.native_share_beyond("en", 2000) > 0.1


def test_linking_words_count_only_inside_real_clauses():
    assert linkers("I stayed home because it rained all day.", "en") == ["because"]
    assert linkers("Because.", "en") == []  # a one-word answer links nothing
    assert linkers("Bien que je sois fatigué, je suis sorti.", "fr") == ["bien que"]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Yesterday she have a meeting and I is tired.", ["she have", "I is"]),
    ("en", "Does she have a car? I think it is more better.", ["more better"]),
    ("es", "Yo es de Francia y la problema es grande.", ["Yo es", "la problema"]),
    ("fr", "Hier j'ai allé au cinéma.", ["j'ai allé"]),
    ("de", "Ich habe gegangen und ich ist müde.", ["habe gegangen", "ich ist"]),
    ("it", "Ieri ho andato al mare.", ["ho andato"]),
])
def test_common_learner_errors_are_spotted_without_false_alarms(lang, text, expected):
    assert [e.lower() for e in grammar_cues.find_errors(text, lang)] == [e.lower() for e in expected]


def test_clean_sentences_raise_no_error_patterns():
    for lang in ("en", "es", "fr", "de", "it"):
        assert grammar_cues.find_errors(SAMPLES[lang], lang) == [], lang
    assert grammar_cues.find_errors("Does she have a car? Let it go. An apple a day. A university.", "en") == []


def test_estimate_is_deterministic():
    text = dev("dev-es-b2")
    first = offline_report(turns_of(text), "language", language="es")["cefr"]
    assert offline_report(turns_of(text), "language", language="es")["cefr"] == first
    assert cefr.estimate(measure(text["answers"], "es", 0)).as_report()["level"] == first["level"]

"""Sentence splitting and streaming chunking for TTS (core/chunker.py)."""
from __future__ import annotations

import random

import pytest

from core.chunker import SentenceChunker, split_sentences

# (language, text, expected sentences): the expected pieces also pin where whitespace goes.
LANGUAGE_CASES = [
    ("en", "Hi. There.", ["Hi. ", "There."]),
    ("en", "Dr. Smith is late. Is he ill?! No... he is fine.",
     ["Dr. Smith is late. ", "Is he ill?! ", "No... he is fine."]),
    ("es", "¿Cómo estás? ¡Muy bien! La Sra. García llegó.",
     ["¿Cómo estás? ", "¡Muy bien! ", "La Sra. García llegó."]),
    ("es", "¿Vienes mañana, Sr. Pérez? Sí, a las 10.30 h. Perfecto.",
     ["¿Vienes mañana, Sr. Pérez? ", "Sí, a las 10.30 h. ", "Perfecto."]),
    ("fr", "Vraiment ? Oui ! M. Dupont et Mme Durand sont là.",
     ["Vraiment ? ", "Oui ! ", "M. Dupont et Mme Durand sont là."]),
    ("fr", "« Bonjour. » Puis il est parti, c.-à-d. vite. Voilà\u202f!",
     ["« Bonjour. » ", "Puis il est parti, c.-à-d. vite. ", "Voilà\u202f!"]),
    ("de", "Das ist z.B. gut, usw. Dann kam er. Es kostet €1.50.",
     ["Das ist z.B. gut, usw. Dann kam er. ", "Es kostet €1.50."]),
    ("de", "Er sagte: „Gut.“ Dann ging er. Wirklich?", ["Er sagte: „Gut.“ ", "Dann ging er. ", "Wirklich?"]),
    ("zh", "你好。你好吗？我很好！", ["你好。", "你好吗？", "我很好！"]),
    ("zh", "他说：“你好。”然后走了。版本3.12很好。", ["他说：“你好。”", "然后走了。", "版本3.12很好。"]),
    ("zh", "你好。Dr. Wang 来了。", ["你好。", "Dr. Wang 来了。"]),
    ("hi", "नमस्ते। आप कैसे हैं? ठीक हूँ॥ अच्छा।", ["नमस्ते। ", "आप कैसे हैं? ", "ठीक हूँ॥ ", "अच्छा।"]),
    ("hi", "डॉ. शर्मा आए। कीमत 4.50 है।", ["डॉ. शर्मा आए। ", "कीमत 4.50 है।"]),
    ("ja", "こんにちは。元気ですか？はい！", ["こんにちは。", "元気ですか？", "はい！"]),
    ("ja", "「はい。」と言った。ＯＫです！", ["「はい。」と言った。", "ＯＫです！"]),
    ("ko", "안녕하세요. 반갑습니다! 뭐 하세요?", ["안녕하세요. ", "반갑습니다! ", "뭐 하세요?"]),
    ("ko", "가격은 3.5달러입니다. 좋아요?", ["가격은 3.5달러입니다. ", "좋아요?"]),
    ("pt", "Olá, Sr. Silva. Tudo bem? Sim!", ["Olá, Sr. Silva. ", "Tudo bem? ", "Sim!"]),
    ("pt", "A Dra. Costa chegou às 9.15. Ótimo.", ["A Dra. Costa chegou às 9.15. ", "Ótimo."]),
    ("ar", "مرحبا. كيف حالك؟ أنا بخير۔ شكرا.", ["مرحبا. ", "كيف حالك؟ ", "أنا بخير۔ ", "شكرا."]),
    ("ar", "قال د. أحمد: السعر 4.99 دولار. هل هذا جيد؟", ["قال د. أحمد: السعر 4.99 دولار. ", "هل هذا جيد؟"]),
    ("ru", "Это т.е. пример. Второе предложение.", ["Это т.е. пример. ", "Второе предложение."]),
    ("ru", "Привет! Как дела? Цена 3.50 руб. за штуку.", ["Привет! ", "Как дела? ", "Цена 3.50 руб. за штуку."]),
    ("it", "Ciao, Sig.ra Rossi. Come sta? Bene, grazie dott. Bianchi.",
     ["Ciao, Sig.ra Rossi. ", "Come sta? ", "Bene, grazie dott. Bianchi."]),
    ("nl", "Hallo dhr. Jansen. Hoe gaat het, bijv. vandaag? Goed!",
     ["Hallo dhr. Jansen. ", "Hoe gaat het, bijv. vandaag? ", "Goed!"]),
]

# Each is one sentence that a naive "period + space" splitter would cut.
ONE_SENTENCE = [
    "Dr. Smith met Mr. Jones and Mrs. Lee.",
    "Ms. Park and Prof. Kim live on St. James Road.",
    "It was Messi vs. Ronaldo, etc. and so on.",
    "Bring fruit, e.g. Apples, i.e. Red ones.",
    "The U.S. and the U.K. signed it.",
    "We start at 9 a.m. Sharp and stop at 5 p.m. Today.",
    "See No. 5 in the list.",
    "Pi is 3.14 and e is 2.718.",
    "It costs $4.99 or €1.50 today.",
    "Upgrade from v1.2.3 to Python 3.12 now.",
    "Visit example.com or www.x.org today.",
    "Write to a@b.io or https://x.org/a.b?c=1 please.",
    "We meet at 10.30 tomorrow.",
    "I read J. R. R. Tolkien yesterday.",
    "El Sr. Gómez y la Sra. Ruiz llegaron.",
    "M. Dupont et Mme Durand arrivent.",
    "Das ist z.B. schön, usw. Sagt er.",
    "Это т.е. пример.",
    "He shouted \"Why?\" she asked.",
    "Wait... what happened?",
    'He met (Dr. Who) and "Mr. Bean" there.',
]

MUST_SPLIT = [
    ("It costs 5. Next one.", ["It costs 5. ", "Next one."]),
    ("Visit example.com. Then call.", ["Visit example.com. ", "Then call."]),
    ("Python 3.12. Then v1.2.3. Done.", ["Python 3.12. ", "Then v1.2.3. ", "Done."]),
    ("No. Thanks.", ["No. ", "Thanks."]),
    ("Is that you, Dr? Yes, it is. Plan B! Go.", ["Is that you, Dr? ", "Yes, it is. ", "Plan B! ", "Go."]),
    ("Wait… What? OK.", ["Wait… ", "What? ", "OK."]),
    ("Really?! Yes!? Sure?!?", ["Really?! ", "Yes!? ", "Sure?!?"]),
    ("Title\n\n- one\n- two", ["Title\n\n", "- one\n", "- two"]),
    ("你好!我很好", ["你好!", "我很好"]),
    ("真的吗？！好的。", ["真的吗？！", "好的。"]),
]

CLOSERS = [
    ('He said "Hello." Then left.', ['He said "Hello." ', "Then left."]),
    ("He said 'Hello.' Then left.", ["He said 'Hello.' ", "Then left."]),
    ("He said “Hello.” Then left.", ["He said “Hello.” ", "Then left."]),
    ("It's over (really.) Then left.", ["It's over (really.) ", "Then left."]),
    ("Er sagte »Hallo.« Dann ging er.", ["Er sagte »Hallo.« ", "Dann ging er."]),
    ("Er ging. »Hallo«, rief sie.", ["Er ging. ", "»Hallo«, rief sie."]),
    ("Il dit « Oui ! » Puis part.", ["Il dit « Oui ! » ", "Puis part."]),
    ("Il dit «Oui !» Puis part.", ["Il dit «Oui !» ", "Puis part."]),
    ("他说（好。）然后走了。", ["他说（好。）", "然后走了。"]),
    ("「こんにちは。」元気？", ["「こんにちは。」", "元気？"]),
    ("『はい！』いいえ。", ["『はい！』", "いいえ。"]),
]

PARAGRAPHS = [
    "Dr. Smith arrived at 10.30 a.m. with $4.99 in cash. He said \"Hello.\" Then he left for example.com. "
    "Was it v1.2.3 or Python 3.12?! Nobody knew... really. It costs 5. The end",
    "¿Qué tal, Sra. García? ¡Genial! Vraiment ? Oui ! M. Dupont arrive. Das ist z.B. gut. "
    "你好。Dr. Wang 来了。你好吗？我很好！नमस्ते। आप कैसे हैं? كيف حالك؟ أنا بخير. Это т.е. пример. 안녕하세요. 반갑습니다!",
    "  Leading spaces.  Double  spaces.\n\nA new paragraph.\n- a bullet\n- another one\nNo. 5 is U.S. made. Fine",
    "Short. Tiny. Small. Wee. Yes. No. Maybe. Sure. Okay. Right. Great. Done.",
    "This first sentence is rather long so that the grouping has to consider its length carefully. "
    "The second sentence is also fairly long, so two of them together pass the limit. Third one here. "
    "Fourth. Fifth sentence, a little longer than the fourth one was. Sixth.",
]


@pytest.mark.parametrize("lang,text,expected", LANGUAGE_CASES,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(LANGUAGE_CASES)])
def test_languages(lang, text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("sentence", ONE_SENTENCE)
def test_no_split_inside_and_split_after(sentence):
    assert split_sentences(sentence) == [sentence]
    assert split_sentences(f"{sentence} Next one.") == [f"{sentence} ", "Next one."]


@pytest.mark.parametrize("text,expected", MUST_SPLIT + CLOSERS)
def test_boundaries_and_closing_quotes(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text", PARAGRAPHS + ["", "   ", "\n\n", "Hi.", "Hi. ", "a.b.c", "...", "Hi.\n"])
def test_split_concatenates_to_input(text):
    pieces = split_sentences(text)
    assert "".join(pieces) == text
    assert all(piece.strip() for piece in pieces) or pieces == [text]


def feed_all(deltas, chunker=None):
    """Chunks from feeding `deltas` one by one, then flushing."""
    chunker = chunker or SentenceChunker()
    chunks = [chunk for delta in deltas for chunk in chunker.feed(delta)]
    return chunks + chunker.flush()


def random_deltas(text, rng):
    """`text` cut into deltas of 1-7 characters."""
    deltas, i = [], 0
    while i < len(text):
        n = rng.randint(1, 7)
        deltas.append(text[i:i + n])
        i += n
    return deltas


def sentence_ends(text):
    ends, pos = set(), 0
    for piece in split_sentences(text):
        pos += len(piece)
        ends.add(pos)
    return ends


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_streaming_matches_whole_text(text):
    whole = feed_all([text])
    assert "".join(whole) == text
    ends, pos = sentence_ends(text), 0
    for chunk in whole:  # every chunk is a run of whole sentences of the unstreamed split
        pos += len(chunk)
        assert pos in ends
    rng = random.Random(1234)
    for _ in range(20):
        assert feed_all(random_deltas(text, rng)) == whole
    assert feed_all(list(text)) == whole  # character by character


def test_streaming_matches_whole_text_on_random_soup():
    """Random mixes of the tricky characters: a streamed tail must decide like the whole text."""
    pieces = list("aB .!?…。！？」”»«\"' \n5と¿؟।(）") + ["Dr", "U.S", "No", "e.g", "你", "  "]
    rng = random.Random(99)
    for _ in range(1000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        whole = feed_all([text])
        assert "".join(whole) == (text if text.strip() else "")
        assert feed_all(random_deltas(text, rng)) == whole, text


def test_first_chunk_is_one_sentence_then_groups():
    text = PARAGRAPHS[4]
    sentences = split_sentences(text)
    chunks = feed_all(list(text))
    assert chunks[0] == sentences[0]
    counts = [len(split_sentences(chunk)) for chunk in chunks[1:]]
    assert all(2 <= n <= 3 for n in counts[:-1]) and 1 <= counts[-1] <= 3
    assert counts[0] == 2  # two long sentences go out together without waiting for a third
    assert sum(counts) + 1 == len(sentences)


def test_short_sentences_wait_for_a_third():
    chunks = feed_all(list(PARAGRAPHS[3]))
    assert chunks[:3] == ["Short. ", "Tiny. Small. Wee. ", "Yes. No. Maybe. "]
    assert "".join(chunks) == PARAGRAPHS[3]


def test_sentence_emitted_once_next_character_arrives():
    chunker = SentenceChunker()
    assert chunker.feed("Hello there.") == []
    assert chunker.feed("  ") == []
    assert chunker.feed("H") == ["Hello there.  "]
    long_a = "The first long sentence goes on for quite a while here, well past the limit. "
    long_b = "And the second long sentence goes on for a while too. "
    assert chunker.feed("ow are you? " + long_a) == []  # long_a might still continue
    assert chunker.feed("A") == ["How are you? " + long_a]  # 2 complete sentences, long enough
    assert chunker.feed(long_b[1:] + "T") == []  # 1 complete sentence waits for a partner
    assert chunker.flush() == [long_b + "T"]


def test_abbreviation_streamed_token_by_token():
    chunker = SentenceChunker()
    chunks = []
    for delta in ["Hello", ",", " Dr", ".", " Smith", " is", " here", ".", " Bye", "."]:
        chunks += chunker.feed(delta)
    assert chunks == ["Hello, Dr. Smith is here. "]
    assert chunker.flush() == ["Bye."]


@pytest.mark.parametrize("deltas", [["It is 3", ".", "14 now."], ["Go to example", ".", "com now."],
                                    ["Cost $4", ".", "99 now."], ["The U", ".", "S", ".", " is big."]])
def test_streamed_period_waits_for_next_character(deltas):
    chunker = SentenceChunker()
    assert [chunker.feed(delta) for delta in deltas] == [[]] * len(deltas)
    assert chunker.flush() == ["".join(deltas)]


def test_flush_returns_unterminated_fragment():
    chunker = SentenceChunker()
    assert chunker.feed("Okay. And then we") == ["Okay. "]
    assert chunker.flush() == ["And then we"]
    assert chunker.flush() == []


def test_flush_resets_so_next_reply_starts_with_one_sentence():
    chunker = SentenceChunker()
    chunker.feed("One. Two. Three. Four. ")
    chunker.flush()
    assert chunker.feed("Again. More") == ["Again. "]


def test_reset_drops_pending_text():
    chunker = SentenceChunker()
    chunker.feed("First. Second. Third")
    chunker.reset()
    assert chunker.feed("New. X") == ["New. "]
    assert chunker.flush() == ["X"]


def test_no_whitespace_only_chunks():
    assert feed_all(["  ", "\n", " "]) == []
    chunks = feed_all(["\n\n", "Hi.", "  ", "\n", "There.", "  ", " Bye. ", " "])
    assert chunks == ["\n\nHi.  \n", "There.   Bye.  "]
    assert all(chunk.strip() for chunk in chunks)


@pytest.mark.parametrize("kwargs", [{"first_max_sentences": 0}, {"min_sentences": 0},
                                    {"min_sentences": 4, "max_sentences": 3}])
def test_rejects_bad_sizes(kwargs):
    with pytest.raises(ValueError):
        SentenceChunker(**kwargs)


def test_custom_sizes():
    chunks = feed_all(list("A one. B two. C three. D four. E five."),
                      SentenceChunker(first_max_sentences=2, max_sentences=1, min_sentences=1))
    assert chunks == ["A one. B two. ", "C three. ", "D four. ", "E five."]


# --- first clause of a long first sentence ------------------------------------------------------

LONG_FIRST = ("When I think about the projects you described, the one that stands out is the migration. "
              "Tell me more about it. What went wrong?")


def _stream(chunker, text, step):
    out = []
    for i in range(0, len(text), step):
        out += chunker.feed(text[i:i + step])
    return out + chunker.flush()


def test_a_long_first_sentence_gives_up_its_first_clause():
    chunks = _stream(SentenceChunker(first_clause_chars=25), LONG_FIRST, 3)
    assert chunks[0] == "When I think about the projects you described, "
    assert chunks[1].startswith("the one that stands out is the migration. ")
    assert "".join(chunks) == LONG_FIRST


def test_the_first_clause_cut_does_not_depend_on_how_the_text_streams():
    whole = _stream(SentenceChunker(first_clause_chars=25), LONG_FIRST, len(LONG_FIRST))
    for step in (1, 2, 5, 17):
        assert _stream(SentenceChunker(first_clause_chars=25), LONG_FIRST, step) == whole


def test_short_clauses_and_later_sentences_are_not_cut():
    text = "Oh, that sounds great. Which mountains did you go to, and how long was the hike? Nice."
    chunks = _stream(SentenceChunker(first_clause_chars=25), text, 4)
    assert chunks[0] == "Oh, that sounds great. "  # "Oh, " is too short to stand alone
    assert all(c.endswith((". ", "? ", ".")) for c in chunks)  # later sentences stay whole
    assert _stream(SentenceChunker(), LONG_FIRST, 3)[0].startswith("When I think about the projects you described, the one")


def test_a_clause_waits_for_the_text_after_it():
    chunker = SentenceChunker(first_clause_chars=25)
    assert chunker.feed("When I think about the projects you described, ") == []  # the space may go on
    assert chunker.feed("the") == ["When I think about the projects you described, "]


OPENS = "Oh, that sounds great. Which mountains did you go to, and how long was the hike? Nice."


def test_a_short_opener_is_spoken_alone_then_the_rest_of_its_sentence():
    chunks = _stream(SentenceChunker(first_clause_chars=25, opener_words=2), OPENS, 4)
    assert chunks[:2] == ["Oh, ", "that sounds great. "]
    assert "".join(chunks) == OPENS
    for step in (1, 2, 3, 7, len(OPENS)):  # the same cut however the text streams
        assert _stream(SentenceChunker(first_clause_chars=25, opener_words=2), OPENS, step) == chunks


def test_an_opener_is_at_most_a_few_words_and_only_at_the_start():
    two = SentenceChunker(opener_words=2)
    assert _stream(two, "Thank you, that helps. Next one.", 3)[0] == "Thank you, "
    assert _stream(two, "I see what you mean, and it helps. Next.", 3)[0] == "I see what you mean, and it helps. "
    assert _stream(two, "Good. Then, tell me more. And, why?", 3) == ["Good. ", "Then, tell me more. And, why?"]
    assert _stream(two, "1,000 users, roughly. Fine.", 3)[0] == "1,000 users, roughly. "  # no space: not a break
    assert _stream(two, "好的，我们继续。", 2)[0] == "好的，"
    assert _stream(two, "我觉得这个答案很好，我们继续。", 2)[0] == "我觉得这个答案很好，我们继续。"


def test_after_an_opener_a_long_sentence_still_gives_up_its_first_clause():
    text = "Right, when I think about the projects you described, the migration stands out. Tell me more."
    chunks = _stream(SentenceChunker(first_clause_chars=25, opener_words=2), text, 5)
    assert chunks[:2] == ["Right, ", "when I think about the projects you described, "]
    assert chunks[2].startswith("the migration stands out. ")

"""What predicts a learner's CEFR level, measured in their answers: accuracy, lexis, range, complexity, linking.

Every signal is a rate or a share, never a count or a length, so saying more of the same cannot
raise it; repeating yourself lowers range and linking. Each signal and what it can tell:

- corrections: the examiner's corrections per 100 words (only when the session tracked them).
- pattern_errors: frequent learner errors caught by a regular expression (core.cefr.grammar_cues), per 100 words.
- unattested: share of tokens that are not words of the language in wordfreq (zipf < 2): misspellings
  and invented forms ("eated", "hacido"), but also rare names and transcription errors. Not measured
  for zh, ja, ko and hi (see core.cefr.lexis.checks_spelling).
- rare_words: share of content tokens beyond the 5,000 most frequent forms of the language, relative
  to the share native text shows (computed from the same frequency list), so languages compare.
- very_rare: the same share beyond the 20,000 most frequent forms, relative to native text: what sets
  C2 lexis ("Umdeutung", "verklären", "notwithstanding") apart from C1 once both use the top 5,000 freely.
- content_zipf: mean Zipf frequency of the content tokens minus that of native text in the language
  (computed from the list): below 0, rarer words than natives use on average.
- range: moving-average type/token ratio (MATTR, 20-token windows) over crude lemmas (the first five
  letters of a word), so inflections of one word count once and length does not matter.
- clause_length: tokens per clause (clauses end at punctuation and at linking words): a cheap proxy
  for syntactic complexity. Run-on chains of "and then" are cut at "and"/"then".
- linking: share of sentences that join ideas with a linking word, used inside a clause of 5+ tokens.
- link_rarity: how uncommon the distinct linking words used are (6.5 − Zipf, mean): "whereas" and
  "nevertheless" say more than "and" and "because".
Fluency (words per minute, long pauses, fillers) comes from the turns' audio metrics when present.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.cefr import grammar_cues, lexis

# Linking words per language: coordinators, subordinators and discourse markers. Stems end with "*".
LINKERS: dict[str, tuple[str, ...]] = {
    "en": ("and then", "but", "so", "because", "also", "then", "although", "though", "even though", "even if", "which",
           "who", "whose", "whom", "when", "whenever", "while", "whereas", "if", "unless", "since", "until", "so that",
           "whether", "where", "as long as", "in order to", "despite", "however", "therefore", "nevertheless",
           "moreover", "furthermore", "otherwise", "instead", "for example", "for instance", "on the other hand",
           "as a result", "in contrast", "yet", "thus", "hence", "meanwhile", "after", "before", "once", "whereby",
           "notwithstanding", "albeit", "insofar as", "rather than", "provided that", "given that", "in that",
           "consequently", "accordingly", "whilst"),
    "es": ("pero", "porque", "también", "entonces", "después", "aunque", "cuando", "mientras", "si", "donde", "lo que",
           "para que", "ya que", "puesto que", "sin embargo", "a pesar de", "cuyo", "cuya", "hasta que", "antes de que",
           "después de que", "a menos que", "siempre que", "de modo que", "en cambio", "el cual", "la cual", "además",
           "por lo tanto", "por eso", "así que", "no obstante", "por ejemplo", "en cuanto", "dado que", "que",
           "mientras que", "si bien", "de ahí que", "en la medida en que", "por consiguiente", "aun así", "con todo",
           "lo cual", "salvo que", "de manera que"),
    "fr": ("mais", "parce que", "parce qu", "aussi", "puis", "ensuite", "alors", "bien que", "quoique", "lorsque",
           "lorsqu",
           "quand", "pendant que", "tandis que", "alors que", "puisque", "si", "dont", "où", "qui", "afin que",
           "pour que", "même si", "avant que", "après que", "ce que", "ce qui", "sans que", "cependant", "pourtant",
           "néanmoins", "donc", "en revanche", "par exemple", "de plus", "par conséquent", "toutefois", "que",
           "dans la mesure où", "certes", "or", "ainsi", "d'ailleurs", "en effet", "au point que", "de sorte que",
           "quant à", "auxquels", "auquel", "laquelle", "lequel"),
    "de": ("aber", "und dann", "dann", "auch", "weil", "obwohl", "dass", "wenn", "als", "während", "ob", "damit",
           "nachdem", "bevor", "sodass", "falls", "seitdem", "deshalb", "trotzdem", "indem", "obgleich", "denn",
           "jedoch", "außerdem", "deswegen", "daher", "zum beispiel", "allerdings", "dennoch", "sondern", "wobei",
           "zwar", "wohingegen", "hingegen", "vielmehr", "insofern", "somit", "folglich", "weshalb", "wodurch",
           "sowie", "je", "desto", "weder", "darin", "jene"),
    "it": ("ma", "e poi", "poi", "anche", "perché", "sebbene", "benché", "quando", "mentre", "se", "dove", "affinché",
           "poiché", "anche se", "nonostante", "dopo che", "prima che", "siccome", "in cui", "il quale", "la quale",
           "tuttavia", "quindi", "però", "inoltre", "invece", "per esempio", "dunque", "che", "pertanto", "eppure",
           "anzi", "purché", "qualora", "dal momento che", "il che", "a cui", "attraverso"),
    "pt": ("mas", "e depois", "depois", "também", "porque", "embora", "quando", "enquanto", "se", "onde", "para que",
           "já que", "apesar de", "mesmo que", "o que", "cujo", "cuja", "desde que", "assim que", "no entanto",
           "ainda que", "portanto", "além disso", "por isso", "por exemplo", "contudo", "que"),
    "nl": ("maar", "en dan", "dan", "ook", "omdat", "hoewel", "dat", "wanneer", "als", "terwijl", "waar", "zodat",
           "nadat", "voordat", "tenzij", "doordat", "zodra", "toch", "daarom", "bovendien", "echter", "bijvoorbeeld",
           "want"),
    "ru": ("но", "а потом", "потом", "тоже", "также", "потому что", "хотя", "когда", "если", "котор*", "чтобы",
           "пока", "где", "так как", "поэтому", "несмотря на", "однако", "кроме того", "например", "зато", "что",
           "поскольку", "тем не менее"),
    "ar": ("لكن", "ثم", "أيضا", "لأن", "عندما", "الذي", "التي", "الذين", "إذا", "رغم", "بينما", "حيث", "لو", "كي",
           "لذلك", "مع ذلك", "بالإضافة", "مثلا", "أن", "إلا أن"),
    "hi": ("लेकिन", "फिर", "भी", "क्योंकि", "जब", "अगर", "जो", "हालांकि", "ताकि", "जबकि", "यदि", "इसलिए", "कि",
           "परंतु", "बल्कि", "उदाहरण"),
    "zh": ("但是", "然后", "也", "因为", "虽然", "如果", "所以", "的时候", "而且", "不过", "尽管", "即使", "除非",
           "只要", "因此", "然而", "并且", "例如", "比如", "于是", "否则", "无论", "不但", "与其", "不如", "而",
           "却", "以及", "反而", "既然", "甚至", "可是", "只是", "之所以", "何况", "况且", "从而", "总之"),
    "ja": ("でも", "それから", "から", "ので", "けれど", "けど", "たら", "とき", "ながら", "のに", "ために", "場合",
           "しかし", "そして", "だから", "ただし", "例えば", "にもかかわらず", "一方", "ば"),
    "ko": ("그리고", "그런데", "하지만", "그래서", "때문에", "지만", "는데", "니까", "면서", "도록", "려고", "을 때",
           "할 때", "그러나", "따라서", "예를 들어", "비록", "면"),
}
# Plain "and" joins clauses in run-on speech ("and then … and …"): it ends a clause for clause length, but
# is too basic to count as linking.
AND = {"en": "and", "es": "y", "fr": "et", "de": "und", "it": "e", "pt": "e", "nl": "en", "ru": "и", "ar": "و",
       "hi": "और", "zh": "和", "ja": "そして", "ko": "그리고"}
_INSIDE_WORDS = {"zh", "ja", "ko"}  # linking words are matched inside words there
# Numbers written in CJK numerals ("二十岁", "三个"): numbers are left out of lexis, as digits are.
_CJK_NUMBER = re.compile(r"^[〇零一二两三四五六七八九十百千万]+[个岁歳年月日号點点次本只位口人]?$")
_SENTENCE_END = re.compile(r"[.!?…。！？।؟]+|\n")
_CLAUSE_PUNCT = re.compile(r"[,;:、，；：—–]")
_MID_CAPITAL = re.compile(r"(?<=[^\s.!?…。！？])\s+([A-ZÀ-ÖØ-ÞА-Я][^\W\d_]+)")
_CASED_NOUNS = {"de"}  # every noun is capitalised: no telling names apart
RANGE_WINDOW = 20
VERY_RARE_RANK = 20000  # the whole of the rank list core.cefr.lexis keeps
RARE_RANK = 5000  # beyond the 5,000 most frequent forms: separates B2-C2 better than 2,000 on the dev texts
LEMMA_LETTERS = 5
LINK_ZIPF_TOP = 6.5  # linking words about as common as "but" count as 0 rarity
MIN_LINK_SENTENCE = 5  # a linking word counts only in a sentence of at least this many tokens

TEXT_SIGNALS = ("unattested", "pattern_errors", "rare_words", "very_rare", "content_zipf", "range", "clause_length", "linking",
                "link_rarity")


@dataclass
class Signals:
    """What was measured over a learner's answers: `values` by signal name (None when not measurable)."""

    lang: str
    answers: int
    tokens: int
    sentences: int
    values: dict[str, float | None]
    corrections: int | None = None  # None: the session did not track corrections
    repeated_sentences: int = 0  # sentences said before in the session, left out of every measure
    novel_tokens: int = 0  # tokens that are not a repeat of an earlier stretch: the base for correction rates
    fluency: dict = field(default_factory=dict)  # wpm, pauses_per_minute, fillers_per_100 when audio metrics exist
    linkers_used: list[str] = field(default_factory=list)
    errors_found: list[str] = field(default_factory=list)
    rare_examples: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return self.tokens


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def _linker_hits(sentence: str, lang: str) -> list[tuple[int, str]]:
    """(position, linking word) in `sentence`, lower-cased; whole words except in CJK."""
    lower = sentence.lower().replace("’", "'")
    hits = []
    for linker in LINKERS.get(lang, LINKERS["en"]):
        if lang in _INSIDE_WORDS:
            pattern = re.escape(linker)
        elif linker.endswith("*"):
            pattern = rf"(?<!\w){re.escape(linker[:-1])}\w*"
        else:
            pattern = rf"(?<!\w){re.escape(linker)}(?!\w)"
        hits += [(m.start(), linker.rstrip("*")) for m in re.finditer(pattern, lower)]
    hits.sort()
    kept, end = [], -1  # drop a shorter linking word inside a longer one ("so" in "so that")
    for pos, linker in sorted(hits, key=lambda h: (h[0], -len(h[1]))):
        if pos >= end:
            kept.append((pos, linker))
            end = pos + len(linker)
    return kept


def linkers(text: str, lang: str) -> list[str]:
    """Linking words used inside sentences long enough to join two ideas, in order, with repeats."""
    found = []
    for sentence in _sentences(text):
        if len(lexis.tokenize(sentence, lang)) >= MIN_LINK_SENTENCE:
            found += [linker for pos, linker in _linker_hits(sentence, lang)
                      if sentence[pos + len(linker):].strip(" ,.!?")]
    return found


def _clauses(sentence: str, lang: str) -> int:
    """Clauses in a sentence: pieces between clause punctuation and linking words that hold a token."""
    ands = ({m.start() for m in re.finditer(rf"(?<!\w){re.escape(AND[lang])}(?!\w)", sentence.lower())}
            if lang in AND and lang not in _INSIDE_WORDS and lang != "ar" else set())
    cuts = sorted({0, len(sentence)} | {m.start() for m in _CLAUSE_PUNCT.finditer(sentence)}
                  | {pos for pos, _ in _linker_hits(sentence, lang)} | ands)
    return max(1, sum(1 for a, b in zip(cuts, cuts[1:]) if lexis.tokenize(sentence[a:b], lang)))


def _mattr(items: list[str], window: int = RANGE_WINDOW) -> float | None:
    if not items:
        return None
    if len(items) <= window:
        return len(set(items)) / len(items)
    counts: dict[str, int] = {}
    for item in items[:window]:
        counts[item] = counts.get(item, 0) + 1
    total = len(counts)
    for i in range(window, len(items)):
        old, new = items[i - window], items[i]
        counts[old] -= 1
        if not counts[old]:
            del counts[old]
        counts[new] = counts.get(new, 0) + 1
        total += len(counts)
    return total / (len(items) - window + 1) / window


def novel_tokens(tokens: list[str], span: int = 4) -> int:
    """Tokens that end a `span`-token stretch not seen before in the session: saying the same thing again adds
    none, so a correction rate over them cannot be diluted by repetition."""
    seen: set[tuple[str, ...]] = set()
    count = 0
    for i in range(len(tokens)):
        gram = tuple(tokens[max(0, i - span + 1):i + 1])
        if gram not in seen:
            seen.add(gram)
            count += 1
    return count


def _lemma(token: str, lang: str) -> str:
    return token if lang in _INSIDE_WORDS else token[:LEMMA_LETTERS]


def _link_zipf(linker: str, lang: str) -> float:
    """Zipf of a linking word: of its rarest word when it has several. A stem or form the list lacks
    (котор-) gets no credit for rarity."""
    if linker + "*" in LINKERS.get(lang, ()):
        return LINK_ZIPF_TOP
    words = lexis.tokenize(linker, lang) or [linker]
    values = [lexis.zipf(w, lang) for w in words]
    return min(values) if values and all(v > 0 for v in values) else LINK_ZIPF_TOP


def _fluency(metrics: list[dict], tokens: int, fillers: int, scale: float) -> dict:
    """Pace, long pauses and fillers from the turns' audio metrics; {} when no turn was timed."""
    timed = [m for m in metrics if m.get("wpm") or m.get("seconds")]
    if not timed:
        return {}
    paces = [float(m["wpm"]) / scale for m in timed if isinstance(m.get("wpm"), (int, float)) and m["wpm"] > 0]
    minutes = sum(float(m.get("seconds") or 0) for m in timed) / 60
    pauses = sum(int(m.get("long_pauses") or 0) for m in timed)
    found = {"fillers_per_100": 100 * fillers / max(tokens, 1)}
    if paces:
        found["wpm"] = sum(paces) / len(paces)
    if minutes > 0:
        found["pauses_per_minute"] = pauses / minutes
    return found


def _number(token: str) -> bool:
    """A number in CJK numerals (two or more numeral characters, or one with a counter)."""
    return bool(_CJK_NUMBER.match(token)) and (len(token) > 2 or token[-1] not in "〇零一二两三四五六七八九十百千万"
                                                or len(token) == 2)


def distinct_sentences(answers: list[str], lang: str) -> tuple[list[str], int]:
    """The answers with every sentence said before in the session left out, and how many were left out:
    saying the same sentence again is neither new evidence nor new material."""
    seen: set[tuple[str, ...]] = set()
    kept, dropped = [], 0
    for answer in answers:
        parts = []
        for match in re.finditer(r"[^.!?…。！？।؟\n]+[.!?…。！？।؟]*", answer):
            key = tuple(lexis.tokenize(match.group(0), lang))
            if key and key in seen:
                dropped += 1
                continue
            seen.add(key)
            parts.append(match.group(0).strip())
        if any(parts):
            kept.append(" ".join(p for p in parts if p))
    return kept, dropped


def measure(answers: list[str], lang: str, corrections: int | None = None, metrics: list[dict] | None = None,
            fillers: int = 0) -> Signals:
    """The signals over the non-empty answers, each sentence counted once.

    `corrections` is None when the session did not track them;
    `metrics` are per-answer audio metrics ({"wpm", "seconds", "long_pauses"}), `fillers` the filler count."""
    answers = [a for a in answers if (a or "").strip()]
    answers, repeated = distinct_sentences(answers, lang)
    toks = [t for a in answers for t in lexis.tokenize(a, lang)]
    n = len(toks)
    sentences = [s for a in answers for s in _sentences(a)]
    values: dict[str, float | None] = {name: None for name in TEXT_SIGNALS}
    used = [linker for a in answers for linker in linkers(a, lang)]
    errors = [e for a in answers for e in grammar_cues.find_errors(a, lang)]
    rare_examples: list[str] = []
    names = set() if lang in _CASED_NOUNS else {m.group(1).lower() for a in answers for m in _MID_CAPITAL.finditer(a)}
    if n:
        zipfs = [lexis.zipf(t, lang) for t in toks]
        unattested = [t for t, z in zip(toks, zipfs) if z < lexis.UNATTESTED_ZIPF and t not in names]
        content = [(t, z) for t, z in zip(toks, zipfs)
                   if z >= lexis.UNATTESTED_ZIPF and t not in names and not _number(t)
                   and (lexis.rank(t, lang) or 10**6) > lexis.FUNCTION_RANK]
        beyond = [t for t, _ in content if (lexis.rank(t, lang) or 10**6) > RARE_RANK]
        native = lexis.native_share_beyond(lang, RARE_RANK)
        values["unattested"] = len(unattested) / n if lexis.checks_spelling(lang) else None
        values["pattern_errors"] = 100 * len(errors) / n if grammar_cues.supported(lang) else None
        values["rare_words"] = (len(beyond) / len(content)) / native if content and native else 0.0
        very = lexis.native_share_beyond(lang, VERY_RARE_RANK)
        values["very_rare"] = (sum(1 for t, _ in content if (lexis.rank(t, lang) or 10**6) > VERY_RARE_RANK)
                               / len(content) / very if content and very else 0.0)
        mean_zipf = sum(z for _, z in content) / len(content) if content else 6.0
        values["content_zipf"] = mean_zipf - lexis.native_content_zipf(lang)
        values["range"] = _mattr([_lemma(t, lang) for t in toks])
        clauses = sum(_clauses(s, lang) for s in sentences) or 1
        values["clause_length"] = n / clauses
        linked = sum(1 for s in sentences if linkers(s, lang))
        values["linking"] = linked / max(len(sentences), 1)
        distinct = sorted(set(used))
        values["link_rarity"] = (sum(max(0.0, LINK_ZIPF_TOP - _link_zipf(w, lang)) for w in distinct) / len(distinct)
                                 if distinct else 0.0)
        seen: set[str] = set()
        for t, _ in sorted(content, key=lambda tz: tz[1]):
            if t in beyond and t not in seen and len(rare_examples) < 5:
                seen.add(t)
                rare_examples.append(t)
    scale = 1.6 if lang in ("zh", "ja") else 1.0  # core.metrics counts each CJK character as a word
    return Signals(lang=lang, answers=len(answers), tokens=n, sentences=len(sentences), values=values,
                   corrections=corrections, repeated_sentences=repeated, novel_tokens=novel_tokens(toks),
                   fluency=_fluency(metrics or [], n, fillers, scale),
                   linkers_used=used, errors_found=errors, rare_examples=rare_examples)

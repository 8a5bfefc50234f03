"""A few frequent learner errors that a regular expression can spot with high precision, per language.

What it can tell: that a form such as "she have", "I is", "la problema", "j'ai allé", "habe gegangen"
or "più meglio" occurred. What it cannot: finding none proves nothing about accuracy; most errors
(word order, tense choice, agreement across a phrase) need a parser or a person. Only en, es, fr,
de, it, pt and nl have patterns; other languages rely on the examiner's corrections and on
unattested forms (core.lexis).
"""
from __future__ import annotations

import re

_AUX = {"does", "did", "can", "could", "will", "would", "should", "might", "must", "may", "let", "make", "makes",
        "made", "help", "helped", "to", "doesn't", "didn't", "can't", "won't", "shall", "watch", "saw", "see", "heard",
        "have", "has", "had", "having", "lets", "seeing", "hear"}

PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (r"\bi (?:is|are|has|was been)\b",
           r"\b(?:more|most) (?:better|worse|bigger|smaller|easier|harder|best|worst)\b",
           r"\b(?:did|didn't|does|doesn't|can|can't) (?!ne?ed\b)\w{3,}(?<!ee)ed\b",
           r"\b(?:people|children) (?:is|was|has)\b",
           r"\ba (?!one\b|once\b|uni|use|usu|eu|u\w)[aeio]\w+",
           r"\b(?:yesterday|last (?:week|year|night|weekend|month)),? i (?:go|eat|see|have|buy|do|come|take|make)\b",
           r"\b(?:eated|goed|buyed|teached|writed|thinked|catched|bringed|swimmed|childs|informations|peoples)\b"),
    "es": (r"\byo (?:es|está|tiene|va|hace|son|estás)\b",
           r"\bla (?:problema|sistema|mapa|idioma|tema|programa|clima)\b",
           r"\bmás (?:mejor|peor|grande que)\b",
           r"\b(?:hacido|escribido|rompido|ponido|decido que|volvido|abrido|morido|vido|sabo|cabo|poní)\b",
           r"\bes (?:cansad[oa]|enferm[oa]|content[oa]|nervios[oa])\b",
           r"\b(?:muy mucho|mucho muy)\b"),
    "fr": (r"\bje (?:est|as|sont|ont|vas)\b",
           r"\b(?:j'ai|il a|elle a|on a|nous avons|ils ont) (?:allée?s?|venue?s?|arrivée?s?|restée?s?|tombée?s?|née?s?|"
           r"partie?s?)\b",
           r"\bplus (?:bon|bonne|bons|bonnes)\b",
           r"\bje suis (?:\d+|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|trente|quarante|cinquante) ans\b",
           r"\b(?:prendu|faisé|mouru|venu pas|boivre|éteindu)\b"),
    "de": (r"\bich (?:ist|bist|sind|hat|habt|kannst)\b",
           r"\bmehr (?:besser|größer|kleiner|schöner)\b",
           r"\b(?:habe|hat|haben) (?:gegangen|gekommen|geblieben|gewesen|gestorben|geworden)\b",
           r"\b(?:bin|ist|sind) (?:gearbeitet|gemacht|gegessen|gekauft|gesehen)\b",
           r"\b(?:gegeht|geschwimmt|gedenkt|gesingt|getrinkt|geesst)\b"),
    "it": (r"\bio (?:è|ha|hanno|sei)\b",
           r"\bho (?:andato|andata|venuto|venuta|arrivato|arrivata|partito|partita|nato|nata|rimasto|rimasta)\b",
           r"\bpiù (?:meglio|migliore|buono|buona)\b"),
    "pt": (r"\beu (?:é|tem|vai|faz|está|são)\b", r"\bmais (?:melhor|pior|bom|boa)\b",
           r"\b(?:fazi|fazeu|dizeu|trazeu|sabo)\b"),
    "nl": (r"\bik (?:is|heeft|zijn|bent|wilt)\b", r"\bmeer (?:beter|groter|kleiner|mooier)\b"),
}
_COMPILED = {lang: [re.compile(p, re.IGNORECASE) for p in pats] for lang, pats in PATTERNS.items()}
_HE_SHE_IT = re.compile(r"\b(\w+'?\w*)?\s*\b(he|she|it) (have|do|go|want|like|need|live|work|don't|are)\b",
                        re.IGNORECASE)


def supported(lang: str) -> bool:
    return lang in _COMPILED


def find_errors(text: str, lang: str) -> list[str]:
    """The stretches of `text` that match a known learner-error pattern for `lang`, in order."""
    text = (text or "").replace("’", "'")
    found = [(m.start(), m.group(0)) for pattern in _COMPILED.get(lang, []) for m in pattern.finditer(text)]
    if lang == "en":  # "she have", but not "does she have" / "help it go"
        found += [(m.start(2), m.group(0)[m.start(2) - m.start():]) for m in _HE_SHE_IT.finditer(text)
                  if (m.group(1) or "").lower() not in _AUX]
    return [stretch for _, stretch in sorted(found)]

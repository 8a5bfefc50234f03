"""A few frequent learner errors that a regular expression can spot with high precision, per language.

What it can tell: that a form such as "she have", "I is", "la problema", "j'ai allé", "habe gegangen"
or "più meglio" occurred. What it cannot: finding none proves nothing about accuracy; most errors
(word order, tense choice, agreement across a phrase) need a parser or a person. Only en, es, fr,
de, it, pt and nl have patterns; other languages rely on the examiner's corrections and on
unattested forms (core.cefr.lexis).
"""
from __future__ import annotations

import re

_AUX = {"does", "did", "can", "could", "will", "would", "should", "might", "must", "may", "let", "make", "makes",
        "made", "help", "helped", "to", "doesn't", "didn't", "can't", "won't", "shall", "watch", "saw", "see", "heard",
        "have", "has", "had", "having", "lets", "seeing", "hear"}

# Each pattern with the advice shown beside the stretch it finds: the rule, and the right form.
PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": ((r"\bi (?:is|are|has|was been)\b", "With “I”, use “am”, “have” or “was”: “I am”, “I have”."),
           (r"\b(?:more|most) (?:better|worse|bigger|smaller|easier|harder|best|worst)\b",
            "“better”, “bigger”, “best” already compare: drop “more” / “most”."),
           (r"\b(?:did|didn't|does|doesn't|can|can't) (?!ne?ed\b)\w{3,}(?<!ee)ed\b",
            "After “did”, “does” or “can”, use the base verb: “didn't go”, “can play”."),
           (r"\b(?:people|children) (?:is|was|has)\b", "“people” and “children” are plural: “people are”, “children have”."),
           (r"\ba (?!one\b|once\b|uni|use|usu|eu|u\w)[aeio]\w+", "Before a vowel sound, use “an”: “an idea”, “an example”."),
           (r"\b(?:yesterday|last (?:week|year|night|weekend|month)),? i (?:go|eat|see|have|buy|do|come|take|make)\b",
            "For the past, use the past form: “yesterday I went”, “last week I saw”."),
           (r"\b(?:eated|goed|buyed|teached|writed|thinked|catched|bringed|swimmed|childs|informations|peoples)\b",
            "An irregular form: “ate”, “went”, “bought”, “taught”, “wrote”, “thought”, “caught”, “brought”, "
            "“swam”, “children”, “information”, “people”.")),
    "es": ((r"\byo (?:es|está|tiene|va|hace|son|estás)\b", "Con “yo”: “soy”, “estoy”, “tengo”, “voy”, “hago”."),
           (r"\bla (?:problema|sistema|mapa|idioma|tema|programa|clima)\b",
            "Estas palabras en -ma son masculinas: “el problema”, “el sistema”, “el idioma”."),
           (r"\bmás (?:mejor|peor|grande que)\b", "“mejor” y “peor” ya comparan: “mejor”, no “más mejor”; “mayor que”."),
           (r"\b(?:hacido|escribido|rompido|ponido|decido que|volvido|abrido|morido|vido|sabo|cabo|poní)\b",
            "Forma irregular: “hecho”, “escrito”, “roto”, “puesto”, “vuelto”, “abierto”, “muerto”, “sé”, “puse”."),
           (r"\bes (?:cansad[oa]|enferm[oa]|content[oa]|nervios[oa])\b",
            "Para un estado, “estar”: “está cansado”, “estoy contenta”."),
           (r"\b(?:muy mucho|mucho muy)\b", "“muchísimo”, o solo “mucho”."),
           (r"\bsi (?:yo |tú |él |ella |usted |nosotros |ellos |ellas )?\w+(?:ría|rías|ríamos|rían)\b",
            "Después de “si”, imperfecto de subjuntivo, no condicional: “si yo tuviera”, “si pudiera”."),
           (r"\b(?:otros|muchos|estos|esos|unos|algunos|todos los|nuestros|los) (?:culturas|personas|cosas|ciudades|"
            r"casas|semanas|horas|ideas|palabras|familias|lenguas|empresas|clases|comidas|tradiciones|costumbres|"
            r"experiencias|oportunidades|escuelas|calles|noticias)\b",
            "El sustantivo es femenino: “otras culturas”, “muchas personas”, “estas cosas”.")),
    "fr": ((r"\bje (?:est|as|sont|ont|vas)\b", "Avec « je » : « je suis », « j'ai », « je vais »."),
           (r"\b(?:j'ai|il a|elle a|on a|nous avons|ils ont) (?:allée?s?|venue?s?|arrivée?s?|restée?s?|tombée?s?|née?s?|"
            r"partie?s?)\b", "Ces verbes prennent « être » : « je suis allé », « elle est venue »."),
           (r"\bplus (?:bon|bonne|bons|bonnes)\b", "« meilleur », pas « plus bon »."),
           (r"\bje suis (?:\d+|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|trente|quarante|cinquante) ans\b",
            "L'âge se dit avec « avoir » : « j'ai vingt ans »."),
           (r"\b(?:prendu|faisé|mouru|venu pas|boivre|éteindu)\b",
            "Forme irrégulière : « pris », « fait », « mort », « boire », « éteint ».")),
    "de": ((r"\bich (?:ist|bist|sind|hat|habt|kannst)\b", "Mit „ich“: „ich bin“, „ich habe“, „ich kann“."),
           (r"\bmehr (?:besser|größer|kleiner|schöner)\b", "„besser“, „größer“ vergleichen schon: ohne „mehr“."),
           (r"\b(?:habe|hat|haben) (?:gegangen|gekommen|geblieben|gewesen|gestorben|geworden)\b",
            "Diese Verben bilden das Perfekt mit „sein“: „ich bin gegangen“."),
           (r"\b(?:bin|ist|sind) (?:gearbeitet|gemacht|gegessen|gekauft|gesehen)\b",
            "Diese Verben bilden das Perfekt mit „haben“: „ich habe gearbeitet“."),
           (r"\b(?:gegeht|geschwimmt|gedenkt|gesingt|getrinkt|geesst)\b",
            "Unregelmäßig: „gegangen“, „geschwommen“, „gedacht“, „gesungen“, „getrunken“, „gegessen“.")),
    "it": ((r"\bio (?:è|ha|hanno|sei)\b", "Con « io »: « io sono », « io ho »."),
           (r"\bho (?:andato|andata|venuto|venuta|arrivato|arrivata|partito|partita|nato|nata|rimasto|rimasta)\b",
            "Questi verbi vogliono « essere »: « sono andato », « sono venuta »."),
           (r"\bpiù (?:meglio|migliore|buono|buona)\b", "« meglio » e « migliore » confrontano già: senza « più ».")),
    "pt": ((r"\beu (?:é|tem|vai|faz|está|são)\b", "Com « eu »: « eu sou », « eu tenho », « eu vou », « eu faço »."),
           (r"\bmais (?:melhor|pior|bom|boa)\b", "« melhor » e « pior » já comparam: sem « mais »."),
           (r"\b(?:fazi|fazeu|dizeu|trazeu|sabo)\b", "Forma irregular: « fiz », « fez », « disse », « trouxe », « sei ».")),
    "nl": ((r"\bik (?:is|heeft|zijn|bent|wilt)\b", "Met „ik“: „ik ben“, „ik heb“, „ik wil“."),
           (r"\bmeer (?:beter|groter|kleiner|mooier)\b", "„beter“ en „groter“ vergelijken al: zonder „meer“.")),
}
_COMPILED = {lang: [re.compile(p, re.IGNORECASE) for p, _ in pats] for lang, pats in PATTERNS.items()}
_ADVICE = {lang: [why for _, why in pats] for lang, pats in PATTERNS.items()}
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


def advice(stretch: str, lang: str) -> str:
    """The rule and the right form for a stretch `find_errors` found."""
    for pattern, why in zip(_COMPILED.get(lang, []), _ADVICE.get(lang, [])):
        if pattern.search(stretch):
            return why
    if lang == "en" and _HE_SHE_IT.search(stretch):
        return "With “he”, “she” or “it”, add -s: “she has”, “it goes”, “he doesn't”."
    return "A common learner error: check this form."

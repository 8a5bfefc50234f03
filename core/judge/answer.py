"""One judgement of one interview answer: what it covers by meaning, what it gets wrong, how much it says.

The offline coach's reaction after each answer and the offline report both read this, so they never
disagree. Thresholds were chosen on tests/data/judge_pairs.json (docs/judging.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from core.job_terms import said
from core.judge import checked, checker, meaning
from core.judge.claims import asserts, negated, stems, sweeping
from core.judge.polarity import figures, opposes, relation, reverses_action
from core.judge import topic
from core.judge.topic import off_topic
from core.judge.substance import Sentence, classify, enumerates, term_density

# Key point vs an answer sentence (e5 query/passage cosine). A point is made when a real sentence is this
# close to it, or clearly closer to it than the question itself is (the sentence adds to the topic).
POINT_CLOSE = 0.865
POINT_LIFT = 0.015
POINT_FLOOR = 0.83
# Soft coverage runs from nothing at SOFT_FROM to full credit at SOFT_TO.
SOFT_FROM, SOFT_TO = 0.80, 0.87
UNCONFIRMED_CREDIT = 0.5  # an unconfirmed point's share of a confirmed one in the answer's score
# A sentence is about the question when this close to it (for questions outside the bank).
ON_TOPIC = 0.80
# A known wrong claim is asserted when a sentence uses its distinctive words (core.judge.claims) AND is
# this close to the claim, and closer to the claim than to its correction by this margin (passage/passage).
CLAIM_CLOSE = 0.88
CLAIM_MARGIN = 0.045
# ...or, with a smaller margin, when closeness and margin together are high (a near restatement of a claim
# whose correction shares many of its words). Chosen on the labelled pairs and a second set written blind:
# no strong answer's sentence reached it, five confident-wrong ones did (docs/judging.md).
CLAIM_STRONG = 0.955
CLAIM_MIN_MARGIN = 0.015
# ...or when a sentence is a near restatement of one of the ways candidates say the claim (the bank's `said_as`,
# three per claim): this close to it and this much closer to it than to the correction, with the same polarity.
# Chosen on the first seven labelled sets: strictest setting that adds catches without any strong answer's sentence
# reaching it (docs/judging.md).
SAID_CLOSE = 0.94
SAID_MARGIN = 0.06
# Two sentences this close say the same thing again (circling answers).
REPEAT = 0.95
# A confirmed point needs its own content in the sentence that is close to it: one of its keywords, or this
# many of its distinctive words (stems not in the question).
CONTENT_STEMS = 2
# Suspicion, below the bar for saying "that's a misconception": a sentence at least this close to a listed wrong
# claim (or one of its spoken forms), and closer to it than to the correction, earns no credit and is never
# quoted as a strength.
SUSPECT_CLOSE = 0.90
SUSPECT_MARGIN = 0.0
SUSPECT_OVER_POINT = 0.0
# A pair of adjacent sentences is suspect only when this much nearer a listed claim than any key point: two right
# sentences of a story together resemble the two-sentence way a behavioural claim is said (third claims set: at 0.0
# the two-sentence forms cut the recall of right answers from 0.516 to 0.484; at 0.02 it is 0.536).
PAIR_OVER_POINT = 0.02
# A sentence this close to a claim whose effect runs the other way from its correction, relating the two changes the
# way the claim does (core.judge.polarity.relation), is suspect: no credit, never quoted (relations read from
# words misfire too often to accuse).
REVERSED_CLOSE = 0.88
# A sentence restating a wrong claim listed for another question of the domain is suspect (never accused) when
# this close to it and this much closer to it than to any key point here, or OTHER_REVERSED close with the
# claim's direction of effect (first claims set: 3 of 94 wrong sentences, none of 495 right ones).
OTHER_CLOSE = 0.93
OTHER_OVER_POINT = 0.02
OTHER_REVERSED = 0.85
# A sentence says the opposite of a key point when it is at least this close to it, shares a distinctive word,
# and reverses an action or an effect; a bare difference in negation needs OPPOSE_PARITY.
OPPOSE_CLOSE = 0.80
OPPOSE_PARITY = 0.84
# A key point is confirmed by a sentence this close to one of the ways candidates make it (its `said_as`,
# passage to passage), SPOKEN_MARGIN closer to it than to any other point's, and SPOKEN_FLOOR near the point itself
# (query to passage). Unconfirmed: SPOKEN_NEAR close to a way of making it, or POINT_FLOOR near the point.
SPOKEN_CLOSE = 0.89
SPOKEN_MARGIN = 0.01
DISPUTE_FLOOR = 0.83  # a suspect sentence this near a point disputes it
# A suspect sentence this much nearer a listed claim (or one of its forms) than any key point is doubted: on the
# first two claims sets 35 such sentences were marked wrong by the examiner, 4 were not, none in a right answer.
DOUBT_OVER_POINT = 0.02
SPOKEN_FLOOR = 0.78
SPOKEN_NEAR = 0.86
# ...and at SPOKEN_SURE a sentence confirms the point even when it is close to another point's forms too (it makes
# both), has no figure or name in it, or has a denial the point lacks ("not putting them in").
SPOKEN_SURE = 0.93
# A reversal in words contradicts a point only when the sentence is also this much closer to a listed wrong claim
# than to any way of making the point (polarity alone named right answers' sentences on the first claims set).
CONTRA_OVER = 0.015
# A wrong claim the answer asserts puts in doubt the key point its correction restates (query to passage).
CORRECTION_IS_POINT = 0.86


@dataclass
class Point:
    """One key point of a bank question: confirmed, unconfirmed, contradicted or missing, with the sentence."""

    point: str
    state: str  # "confirmed", "unconfirmed" (near it but not certain), "contradicted" or "missing"
    quote: str = ""  # the sentence that confirms it, or that says its opposite
    similarity: float = 0.0  # closeness of the best creditable sentence (soft credit)
    spoken: float = 0.0  # how nearly the quoted sentence restates a way of making the point (its `said_as`)
    against: float = 0.0  # how likely the claim checker reads the answer as contradicting it (0 without it)
    against_at: str = ""  # the sentence the checker reads as contradicting it most ("" without it)

    @property
    def covered(self) -> bool:
        return self.state == "confirmed"


@dataclass
class WrongClaim:
    claim: str
    correction: str
    quote: str  # the user's sentence (or two adjacent sentences) that asserts it


@dataclass
class Judgement:
    sentences: list[Sentence]
    points: list[Point] = field(default_factory=list)
    wrong: list[WrongClaim] = field(default_factory=list)
    on_topic: float = 0.0  # share of real sentences that are about the question (by meaning)
    verified: bool = False  # a bank question: key points and known wrong claims were checked
    units: float = 0.0  # sentences that say something new
    sweeping: int = 0  # sweeping, unreasoned certainty ("always", "can't be cracked")
    density: float = 0.0  # names and rare words per word (core.judge.substance.term_density)
    method: str = "meaning"  # "checker" (the claim checker), "meaning" (embeddings) or "words" (no model)
    suspect: set[str] = field(default_factory=set)  # sentences that earn no credit and are never quoted as good
    near_wrong: set[str] = field(default_factory=set)  # suspect sentences clearly nearer a listed claim than any point
    doubtful: set[str] = field(default_factory=set)  # near a point but not confirmed, or at odds with one: not quoted
    elsewhere: dict | None = None  # the bank question the answer seems to answer instead (off topic)
    topic_doubted: bool = False  # the topic model doubts it answers its question (core.judge.topic.doubted)
    unsound: float | None = None  # how likely it states something wrong (core.judge.soundness), read by the report
    # only (the coach's reply does not wait for it); None: not read

    @property
    def covered(self) -> list[str]:
        return [p.point for p in self.points if p.state == "confirmed"]

    @property
    def unconfirmed(self) -> list[str]:
        return [p.point for p in self.points if p.state == "unconfirmed"]

    @property
    def contradicted(self) -> list[Point]:
        return [p for p in self.points if p.state == "contradicted"]

    @property
    def missing(self) -> list[str]:
        """Points not made: never said, or contradicted (their right version is missing)."""
        return [p.point for p in self.points if p.state in ("missing", "contradicted")]

    @property
    def coverage(self) -> float:
        return len(self.covered) / len(self.points) if self.points else 0.0

    @property
    def credit(self) -> float:
        """Coverage for the score: a confirmed point counts in full, an unconfirmed one (near a point, not certain)
        in part, by how nearly a creditable sentence restates a way of making it. The score is no claim about a point, so it may lean on what is likely; what the report says is
        covered stays confirmed only."""
        if not self.points:
            return 0.0
        if self.method == "checker":
            near = sum(min(1.0, max(0.0, (p.similarity - checked.MAYBE) / (checked.SHOWS - checked.MAYBE)))
                       for p in self.points if p.state == "unconfirmed")
        else:
            near = sum(min(1.0, max(0.0, (p.spoken - SPOKEN_NEAR) / (SPOKEN_CLOSE - SPOKEN_NEAR)))
                       for p in self.points if p.state == "unconfirmed")
        return (len(self.covered) + UNCONFIRMED_CREDIT * near) / len(self.points)

    @property
    def closeness(self) -> float:
        """Soft coverage, 0-1: how near the answer's best creditable sentence comes to each key point, on
        average. Paraphrases a small model half-recognises earn part of the credit instead of none."""
        if not self.points:
            return 0.0
        if self.method == "checker":
            return sum(1.0 if p.state == "confirmed" else (p.similarity if p.state == "unconfirmed" else 0.0)
                       for p in self.points) / len(self.points)
        if self.method != "meaning":
            return self.coverage
        return sum(min(1.0, max(0.0, (p.similarity - SOFT_FROM) / (SOFT_TO - SOFT_FROM))) for p in self.points) / len(self.points)

    @property
    def listed(self) -> int:
        return sum(s.is_list for s in self.sentences)

    @property
    def real(self) -> list[Sentence]:
        return [s for s in self.sentences if s.real]

    @property
    def doubted(self) -> list[str]:
        """Sentences clearly nearer a listed wrong claim than any key point, in answer order, not already named as
        that claim: they cost the answer content credit, and the report asks the user to check them."""
        named = {_norm(w.quote) for w in self.wrong}
        return [s.text for s in self.real if _norm(s.text) in self.near_wrong
                and not any(_norm(s.text) in key for key in named)]

    @property
    def content_wrong(self) -> bool:
        """The answer asserts a known wrong claim, contradicts a key point, or answers another question."""
        return bool(self.wrong or self.contradicted or self.elsewhere)

    def confirms(self, sentence: str) -> bool:
        """Whether a sentence surely confirmed a key point: the only sentences a strength may quote (anything else
        in an answer, a figure or a term included, can't be checked offline)."""
        key = _norm(sentence)
        sure = checked.STRENGTH if self.method == "checker" else SPOKEN_SURE
        return not self.elsewhere and any(
            p.state == "confirmed" and p.spoken >= sure and key and p.quote
            and (key in _norm(p.quote) or _norm(p.quote) in key)
            for p in self.points)

    def quotable(self, sentence: str) -> bool:
        """Whether a sentence may be quoted as something done well: not suspect, and the answer on topic."""
        if self.elsewhere:
            return False
        key = " ".join(sentence.split()).strip().lower()
        return not any(key and (key in s or s in key) for s in self.suspect | self.doubtful)


def _units(real: list[Sentence], vectors: np.ndarray | None) -> float:
    """Sentences that say something checkable (core.judge.substance weights), not counting repeats."""
    count, kept = 0.0, []
    for i, sentence in enumerate(real):
        if not sentence.weight:
            continue
        if vectors is not None and kept and float(np.max(vectors[kept] @ vectors[i])) >= REPEAT:
            continue
        kept.append(i)
        count += sentence.weight
    return count


def _norm(text: str) -> str:
    return " ".join(text.split()).strip().lower()


_ENUMERATION = re.compile(r":\s*([^.;]+)")


def _items(point: str) -> list[str]:
    """The things a point lists after a colon ("names the main methods: DCF, trading comparables and precedent
    transactions" lists three), each as its head words; [] when it lists nothing."""
    found = _ENUMERATION.search(point)
    if not found:
        return []
    parts = [p.strip() for p in re.split(r",|\band\b|\bor\b", found.group(1)) if p.strip()]
    return parts if len(parts) >= 2 and all(len(p.split()) <= 4 for p in parts) else []


def _content(point: dict, sentence: str, question: str) -> bool:
    """The point's own content is in the sentence: one of its keywords, or two of its distinctive words."""
    if any(said(word, sentence) for word in point.get("keywords", [])):
        return True
    own = stems(point["point"]) - stems(question)
    return len(own & stems(sentence)) >= CONTENT_STEMS


def _opposes(point: dict, sentence: Sentence, close: float, question: str) -> str:
    """Whether a sentence about the same thing as the point reverses it in words (core.judge.polarity): "action",
    the other side of a pair of opposite actions (no shared word needed: the pair is what they share), or "doubt",
    a reversed effect or a denial of a word both use (read from words, too unsure to name); "" when neither."""
    if close < OPPOSE_CLOSE:
        return ""
    if reverses_action(sentence.text, point["point"]):
        return "action"
    shared = (stems(point["point"]) - stems(question)) & stems(sentence.text)
    if shared and opposes(sentence.text, point["point"], shared) in ("direction", "parity"):
        return "doubt"
    return ""


def _other_figure(point: dict, sentence: Sentence, question: str) -> bool:
    """A sentence about the point that states other figures than the point's: no credit for that point (it may be
    an example, so it is not called wrong)."""
    shared = (stems(point["point"]) - stems(question)) & stems(sentence.text)
    return len(shared) >= 2 and opposes(sentence.text, point["point"], shared) == "figure"


def other_figures_only(point: dict, real: list[Sentence], question: str) -> bool:
    """The answer states figures about the point (core.judge.polarity.figures) and never one of the point's own
    ("a slope of up to 1 in 8" for "a maximum slope of 1 in 12"): the claim checker reads such a sentence as making
    the point, so it is not confirmed (it may be an example, so it is not called wrong either)."""
    own = figures(point["point"]) - {0.0, 1.0}
    if not own or any(own & figures(s.text) for s in real):
        return False
    return any(_other_figure(point, s, question) for s in real)


_DENIAL = re.compile(r"(?i)\b(?:not|no|never|nothing|none|without|cannot)\b|n't\b")


def _denies(text: str) -> bool:
    """An explicit denial in the text ("not", "never", "wouldn't"): a sentence that has one where the point has none
    (or the other way round) is not taken to make the point."""
    return bool(_DENIAL.search(text.replace("’", "'")))


def _spoken(points: list[dict], vectors: np.ndarray) -> np.ndarray:
    """points x sentences: each sentence's closeness to the nearest way of saying each point (the point itself and
    its `said_as`, the ways a candidate says it), passage to passage."""
    rows = []
    for point in points:
        forms = [point["point"], *(point.get("said_as") or [])]
        rows.append(np.max(meaning.passages(forms) @ vectors.T, axis=0))
    return np.stack(rows)


def _to_claims(bank: dict, vectors: np.ndarray) -> np.ndarray:
    """Each sentence's closeness to the nearest listed wrong claim of the question, or one way of saying it."""
    forms = [f for m in bank.get("misconceptions") or [] for f in (m["claim"], *(m.get("said_as") or []))]
    return np.max(meaning.passages(forms) @ vectors.T, axis=0) if forms else np.zeros(len(vectors))


_TURN = re.compile(r",? but |; ")


def _later_parts(point: str, question: str, answer: str) -> bool:
    """A point in two parts ("threads are cheaper to create, but shared state needs synchronisation"): the answer
    must say something of each later part too (one of its own distinctive words)."""
    parts = _TURN.split(point)
    said_words = stems(answer)
    seen = stems(parts[0]) | stems(question)
    for part in parts[1:]:
        own = stems(part) - seen
        if own and not own & said_words:
            return False
        seen |= stems(part)
    return True


def _points_by_meaning(question: str, bank: dict, real: list[Sentence], vectors: np.ndarray, suspect: set[str],
                       answer: str, wrong: list[WrongClaim] | None = None, disputing: set[str] = frozenset()
                       ) -> list[Point]:
    """Each key point's state, from signals that must agree.

    Confirmed: a sentence with something checkable in it (not a string of terms, not suspect, no other figures
    than the point's) nearly restates one of the ways candidates make the point (`said_as`), clearly more than any
    other point's, and is near the point itself; whatever the point lists is said. Contradicted: a sentence near
    the point reverses it in words (an opposite action, the other direction of an effect, a denial) and is closer
    to a listed wrong claim than to any way of making the point. Unconfirmed: near, but not confirmed."""
    points = bank.get("key_points") or []
    if not real:
        return [Point(p["point"], "missing") for p in points]
    creditable = np.array([1.0 if not enumerates(s.text) and _norm(s.text) not in suspect else 0.0 for s in real])
    checkable = np.array([1.0 if s.weight else 0.0 for s in real])
    wanted = meaning.queries([p["point"] for p in points])
    near_point = wanted @ vectors.T  # points x sentences, query to passage
    spoken = _spoken(points, vectors)
    claims = _to_claims(bank, vectors)
    # A point whose right version is the correction of a wrong claim the answer asserts is in doubt.
    corrected = (meaning.queries([p["point"] for p in points]) @ meaning.passages([w.correction for w in wrong]).T
                 if wrong else np.zeros((len(points), 0)))
    # A point a doubted sentence is about (nearer to it than to any other point) is disputed: the answer says
    # something close to a wrong claim about it, so no other sentence confirms it.
    disputed = {int(np.argmax(spoken[:, i])) for i, s in enumerate(real)
                if _norm(s.text) in disputing and float(np.max(near_point[:, i])) >= DISPUTE_FLOOR}
    found = []
    for k, point in enumerate(points):
        others = np.max(np.delete(spoken, k, axis=0), axis=0) if len(points) > 1 else np.zeros(len(real))
        why = [_opposes(point, s, float(near_point[k, i]), question) for i, s in enumerate(real)]
        reversing = [i for i, w in enumerate(why) if w]
        against = [i for i in reversing if why[i] == "action" and claims[i] - spoken[k, i] >= CONTRA_OVER]
        if against:
            found.append(Point(point["point"], "contradicted", real[against[0]].text, 0.0))
            continue
        ok = creditable * np.array([0.0 if i in reversing or _other_figure(point, s, question) else 1.0
                                    for i, s in enumerate(real)])
        denial = np.array([_denies(s.text) != _denies(point["point"]) for s in real])
        sure = spoken[k] >= SPOKEN_SURE  # so close to a way of making the point that little else is asked
        restates = ((spoken[k] >= SPOKEN_CLOSE) & ((spoken[k] - others >= SPOKEN_MARGIN) | sure)
                    & (near_point[k] >= SPOKEN_FLOOR) & ((checkable > 0) | sure) & (~denial | sure) & (ok > 0))
        listed = _items(point["point"])
        named = sum(any(said(item, answer) for item in _heads(part)) for part in listed)
        complete = (named >= max(2, -(-2 * len(listed) // 3)) if listed else True) and _later_parts(
            point["point"], question, answer)
        refuted = bool(corrected.shape[1]) and float(np.max(corrected[k])) >= CORRECTION_IS_POINT
        if wrong:  # the answer asserts a known wrong claim: only the surest restatements earn credit
            restates &= sure & (not refuted)
        soft = float(np.max(near_point[k] * ok))
        if restates.any() and complete and k not in disputed:
            best = int(np.argmax(np.where(restates, spoken[k], -1.0)))
            found.append(Point(point["point"], "confirmed", real[best].text, soft, float(spoken[k, best])))
        elif not refuted and (float(np.max(near_point[k] * ok)) >= POINT_FLOOR
                              or float(np.max(spoken[k] * ok)) >= SPOKEN_NEAR):  # "came close" only from clean sentences
            best = int(np.argmax(spoken[k] * ok))  # kept as the near sentence, never quoted as done well
            found.append(Point(point["point"], "unconfirmed", real[best].text, soft, float(spoken[k, best] * ok[best])))
        else:
            found.append(Point(point["point"], "missing", "", soft, float(np.max(spoken[k] * ok))))
    return found


def _heads(part: str) -> list[str]:
    """Ways to say one listed item: itself, or its last word when it has a qualifier ("trading comparables")."""
    words = part.split()
    return [part] + ([words[-1]] if len(words) > 1 and len(words[-1]) > 3 else [])


def _points_by_words(points: list[dict], real: list[Sentence], suspect: set[str]) -> list[Point]:
    """Without the model nothing can be confirmed: a point whose words are said is only unconfirmed."""
    found = []
    for point in points:
        quote = next((s.text for s in real if s.weight and _norm(s.text) not in suspect
                      and any(said(w, s.text) for w in point.get("keywords", []))), "")
        found.append(Point(point["point"], "unconfirmed" if quote else "missing"))
    return found


def _states(to_claim: float, to_correction: float) -> bool:
    """Whether a sentence that uses a claim's distinctive words states that claim, by meaning."""
    margin = to_claim - to_correction
    return ((to_claim >= CLAIM_CLOSE and margin >= CLAIM_MARGIN)
            or (to_claim + margin >= CLAIM_STRONG and margin >= CLAIM_MIN_MARGIN))


def _says(sentence: str, to_form: float, to_correction: float, form: str) -> bool:
    """Whether a sentence says one of the ways candidates put a known wrong claim (the bank's `said_as`):
    a near restatement of it by meaning, clearly closer to it than to the correction, with the same polarity."""
    return to_form >= SAID_CLOSE and to_form - to_correction >= SAID_MARGIN and negated(sentence) == negated(form)


def _reverses(text: str, claim: str, correction: str) -> bool:
    """The text relates two changes the way the claim does and the correction does not ("a higher rate gives a
    higher value" against "value falls as the rate rises")."""
    said, wrong, right = relation(text), relation(claim), relation(correction)
    return bool(said and wrong and right and said == wrong != right)


def _windows(sentences: list[Sentence]) -> list[str]:
    """Candidate stretches for a claim: each real sentence, and each pair of adjacent sentences (a claim is often
    said over two: "I'd lay them flat. And I'd hold off on oxygen.")."""
    texts = [s.text for s in sentences if s.real]
    for first, second in zip(sentences, sentences[1:]):
        if first.words + second.words >= 8 and (first.real or second.real):
            texts.append(f"{first.text} {second.text}")
    return texts


def _worth_embedding(text: str, claims: list[dict], question: str) -> bool:
    """A two-sentence window is embedded only when it shares two distinctive words with some claim or its forms."""
    said = stems(text)
    for item in claims:
        for form in ways(item):
            if len((stems(form) - stems(question)) & said) >= 2:
                return True
    return False


def _claims(question: str, bank: dict, sentences: list[Sentence]) -> tuple[list[WrongClaim], set[str], set[str]]:
    """Known wrong claims the answer asserts (each with the sentence or two that assert it); the suspect
    sentences: those near a listed claim even below the bar for saying so (precision: no praise for them); and
    of those, the doubted ones: clearly nearer the claim than any key point (they cost content credit)."""
    items = bank.get("misconceptions") or []
    if not items:
        return [], set(), set()
    real = [s.text for s in sentences if s.real]
    pairs = [w for w in _windows(sentences)[len(real):] if _worth_embedding(w, items, question)]
    texts = real + pairs
    if not texts:
        return [], set(), set()
    use_meaning = meaning.available()
    vectors = meaning.passages(texts) if use_meaning else None
    points = [f for p in bank.get("key_points") or [] for f in (p["point"], *(p.get("said_as") or []))]
    to_points = (np.max(meaning.passages(points) @ vectors.T, axis=0) if vectors is not None and points
                 else np.zeros(len(texts)))
    found, suspect, doubted = [], set(), set()
    for item in items:
        claim, correction, spoken = item["claim"], item["correction"], list(item.get("said_as") or [])
        # The claim said over two sentences (`said_otherwise`) is matched against two sentences only, and only makes
        # them suspect: alone, one of its sentences is often a right one, and blind forms in other words made
        # right sentences of the pair sets suspect and accused one (docs/judging.md).
        other = list(item.get("said_otherwise") or [])
        close = meaning.passages([claim, correction, *spoken, *other]) @ vectors.T if vectors is not None else None
        paired = [len(_SENTENCE_BREAK.findall(form.strip())) >= 1 for form in other]
        for i, text in enumerate(texts):
            lexical = asserts(text, claim, correction, question)
            if close is None:
                stated = lexical
            else:
                to_claim, to_correction = float(close[0, i]), float(close[1, i])
                forms = [float(close[2 + k, i]) for k in range(len(spoken))]
                split = [float(close[2 + len(spoken) + k, i]) if (i >= len(real)) == paired[k] else 0.0
                         for k in range(len(other))]
                stated = ((lexical and _states(to_claim, to_correction))
                          or any(_says(text, f, to_correction, form) for f, form in zip(forms, spoken)))
                own = stems(claim) - stems(correction) - stems(question)
                over = PAIR_OVER_POINT if i >= len(real) else 0.0
                near = max([to_claim, *forms, *split])
                if ((own & stems(text) and _suspect(near, to_correction, float(to_points[i]) + over))
                        or (near >= REVERSED_CLOSE and _reverses(text, claim, correction))):
                    suspect.update(_parts(text, sentences))  # near it, or its direction of effect: no credit
                    if i < len(real) and max([to_claim, *forms]) - float(to_points[i]) >= DOUBT_OVER_POINT:
                        doubted.update(_parts(text, sentences))
            if stated:
                suspect.update(_parts(text, sentences))
                if not any(w.claim == claim for w in found):
                    found.append(WrongClaim(claim, correction, text))
    return found, suspect, doubted


_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")


def ways(item: dict) -> list[str]:
    """Every way a known wrong claim is listed: the claim, its close spoken forms (`said_as`) and the claim said over
    two sentences (`said_otherwise`)."""
    return [item["claim"], *(item.get("said_as") or []), *(item.get("said_otherwise") or [])]


def _suspect(to_claim: float, to_correction: float, to_point: float) -> bool:
    """Near a listed wrong claim, below the bar for saying so: close to it (or to a way of saying it), closer to it
    than to its correction, and closer to it than to any key point (a right sentence on the topic is closest to the
    point it makes); the caller also wants one of the claim's own words. On the first claims set this flags 20 of
    94 wrong sentences and 5 of 338 right ones."""
    return (to_claim >= SUSPECT_CLOSE and to_claim - to_correction >= SUSPECT_MARGIN
            and to_claim - to_point >= SUSPECT_OVER_POINT)


def _near_other_claims(bank: dict, sentences: list[Sentence], vectors: np.ndarray) -> set[str]:
    """Sentences that restate a wrong claim listed for another question of the same domain ("a higher discount rate
    gives a higher valuation", said to a DCF question): suspect, never called wrong (other questions' claims matched
    unrelated sentences at the accusation bar). Either very close to the claim or one of its forms, closer to it
    than to its correction and to any key point here; or close, with the claim's direction of effect where its
    correction has the other. On the first claims set: 3 of 94 wrong sentences, none of 495 right ones."""
    items, forms, owner, claim_vectors, correction_vectors = topic.domain_claims(bank)
    real = [s.text for s in sentences if s.real]
    if not items or not real:
        return set()
    to_forms = claim_vectors @ vectors.T
    to_corrections = correction_vectors @ vectors.T
    points = [f for p in bank.get("key_points") or [] for f in (p["point"], *(p.get("said_as") or []))]
    to_points = np.max(meaning.passages(points) @ vectors.T, axis=0) if points else np.zeros(len(real))
    found = set()
    for i, text in enumerate(real):
        k = int(np.argmax(to_forms[:, i]))
        item, close = items[owner[k]], float(to_forms[k, i])
        restates = (close >= OTHER_CLOSE and close >= float(to_corrections[owner[k], i])
                    and close - float(to_points[i]) >= OTHER_OVER_POINT)
        if restates or (close >= OTHER_REVERSED and _reverses(text, item["claim"], item["correction"])):
            found.add(_norm(text))
    return found


def _parts(text: str, sentences: list[Sentence]) -> set[str]:
    """The normalised sentences a candidate stretch is made of."""
    key = _norm(text)
    return {_norm(s.text) for s in sentences if _norm(s.text) and _norm(s.text) in key}


def judge(question: str, answer: str, bank: dict | None = None) -> Judgement:
    """Judge `answer` to `question`; `bank` is Parley's bank entry for the question, when it is one."""
    sentences = classify(answer or "", question or "")
    real = [s for s in sentences if s.real]
    use_meaning = meaning.available()
    passages = meaning.passages([s.text for s in real]) if use_meaning and real else None
    queries = meaning.queries([question]) if use_meaning and question else None
    result = Judgement(sentences, verified=bank is not None, method="meaning" if use_meaning else "words")
    result.units = _units(real, passages)
    result.density = term_density(answer or "")
    result.sweeping = sum(sweeping(s.text) for s in real)
    result.suspect = {_norm(s.text) for s in real if sweeping(s.text)}
    if passages is not None and queries is not None and len(real):
        result.on_topic = float(np.mean(passages @ queries[0] >= ON_TOPIC))
    elif real:
        result.on_topic = 1.0  # without the model, topic cannot be measured: assume it rather than punish
    if bank:
        points = bank.get("key_points") or []
        result.wrong, near_claims, result.near_wrong = _claims(question, bank, sentences)
        result.suspect |= near_claims
        if passages is not None:
            result.suspect |= _near_other_claims(bank, sentences, passages)
        if passages is not None:
            result.elsewhere = off_topic(bank, passages, answer or "")
            result.points = _points_by_meaning(question, bank, real, passages, result.suspect, answer or "",
                                               wrong=result.wrong, disputing=result.near_wrong)
            confirming = {_norm(p.quote) for p in result.points if p.state == "confirmed"}
            result.doubtful |= {_norm(p.quote) for p in result.points if p.state == "contradicted"}
            result.doubtful |= {_norm(p.quote) for p in result.points if p.state == "unconfirmed"} - confirming
            if result.elsewhere:  # an answer to another question earns no coverage of this one
                result.points = [Point(p.point, "missing" if p.state != "contradicted" else p.state, p.quote, 0.0)
                                 for p in result.points]
        else:
            result.points = _points_by_words(points, real, result.suspect)
        if passages is not None and len(passages) and checker.available():
            _by_checker(result, question, bank, sentences, passages)
        if passages is not None and not result.elsewhere and topic.doubted(bank, answer or ""):
            _doubt_topic(result)
    return result


def _wrong_by_checker(bank: dict, real: list[Sentence], passages: np.ndarray,
                      found: list[WrongClaim]) -> list[WrongClaim]:
    """Known wrong claims the checker reads a sentence as stating (checked.claims_stated), beside those the judge by
    meaning found (`found`): it reads a claim said in other words ("I'd add the research we already paid for")."""
    items = [m for m in bank.get("misconceptions") or [] if not any(w.claim == m["claim"] for w in found)]
    if not items or not real:
        return []
    near = np.vstack([np.max(meaning.passages(ways(m)) @ passages.T, axis=0) for m in items])
    stated = checked.claims_stated([(m["claim"], m["correction"]) for m in items], [s.text for s in real], near)
    return [WrongClaim(items[k]["claim"], items[k]["correction"], text) for k, text in stated]


def _doubt_topic(result: Judgement) -> None:
    """The topic model doubts the answer answers its question: nothing in it is confirmed (precision first)."""
    result.topic_doubted = True
    result.points = [Point(p.point, "unconfirmed", p.quote, p.similarity, p.spoken) if p.state == "confirmed" else p
                     for p in result.points]
    result.doubtful |= {_norm(p.quote) for p in result.points if p.state == "unconfirmed" and _norm(p.quote)}


def _by_checker(result: Judgement, question: str, bank: dict, sentences: list[Sentence],
                passages: np.ndarray) -> None:
    """Each key point's state decided with Parley's claim checker (core.judge.checked.decide), over the states
    the judge by meaning found. Known wrong claims are found by the judge by meaning (the checker, reading the
    claims against whole answers, named them in right answers); the checker only vetoes one whose quoted
    sentence it does not read as saying the claim (checked.claim_said). A point whose figures the answer only
    states otherwise is never confirmed (other_figures_only): the checker does not read numbers. The checker also
    names known wrong claims of its own (_wrong_by_checker), and a sentence named as stating one confirms no point."""
    result.method = "checker"
    result.wrong = [w for w in result.wrong if checked.claim_said(w.claim, w.correction, w.quote)]
    real = [s for s in sentences if s.real]
    result.wrong += _wrong_by_checker(bank, real, passages, result.wrong)
    named = {part for w in result.wrong for part in _parts(w.quote, sentences)}
    result.suspect |= named
    points = bank.get("key_points") or []
    statements = [p["point"] for p in points]
    found = checked.check(statements, sentences, meaning.queries(statements) @ passages.T)
    by_meaning = {p.point: p for p in result.points}
    result.points = []
    for point, seen in zip(points, found):
        before = by_meaning.get(point["point"])
        state = checked.decide(before.state if before else "missing", seen)
        if state == "confirmed" and other_figures_only(point, real, question or ""):
            state = "unconfirmed"
        quote = seen.contradicts_at if state == "contradicted" else (seen.shows_at if state != "missing" else "")
        if state == "confirmed" and _norm(quote) in named:
            state = "unconfirmed"  # the sentence that shows it best states a known wrong claim: it confirms nothing
        if state != "missing" and not quote and before is not None:
            quote = before.quote  # the checker read no sentence alone: the judge by meaning's sentence
        # similarity: the checker on the whole answer; spoken: on the quoted sentence alone (what a strength needs)
        sure = seen.quote_shows if quote and quote == seen.shows_at else 0.0
        result.points.append(Point(point["point"], state, quote, seen.shows, sure, seen.contradicts,
                                   seen.contradicts_at))
    marked = [p for p in result.points if _norm(p.quote)]  # an empty quote must not mark every sentence
    result.suspect |= {_norm(p.quote) for p in marked if p.state == "contradicted"}
    confirming = {_norm(p.quote) for p in marked if p.state == "confirmed"}
    result.doubtful = {_norm(p.quote) for p in marked if p.state == "contradicted"}
    result.doubtful |= {_norm(p.quote) for p in marked if p.state == "unconfirmed"} - confirming
    # a sentence that makes one point and contradicts another ("I kept the new version running while I found the
    # root cause") is not praised for the point it makes
    result.doubtful |= {_norm(seen.contradicts_at) for p, seen in zip(result.points, found)
                        if p.state != "confirmed" and seen.quote_contradicts >= checked.AT_ODDS
                        and _norm(seen.contradicts_at)}
    if result.elsewhere:  # an answer to another question earns no coverage of this one
        result.points = [Point(p.point, "missing" if p.state != "contradicted" else p.state, p.quote, 0.0)
                         for p in result.points]
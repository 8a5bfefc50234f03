"""Key points and known wrong claims judged by Parley's claim checker (core.judge.checker).

The checker reads each statement against the whole answer, the unit it was trained on and the unit a point is
made in (a point is often made across two or three sentences, and a sentence alone says too little); an answer
too long for it is read in overlapping parts of consecutive sentences, and the part that shows (or contradicts)
a statement best decides. Then:
- "contradicted" when the checker is very sure the answer contradicts the point (CONTRADICTS);
- "confirmed" when it is sure the answer shows it (SHOWS) and gives a contradiction of it less than CONFIRM_VETO,
  and no sentence read alone (below) contradicts it SENTENCE_VETO-likely: a wrong sentence said calmly inside a
  right-sounding answer is plain in a sentence and diluted in the whole;
- "unconfirmed" when it may show it (MAYBE): the report says "I couldn't confirm…", never "covered";
- "missing" otherwise.
The judge by meaning (core.judge.answer) has its say first, and `decide` weighs both: the checker alone
confirms only when it is sure (SHOWS); a point the judge by meaning found is confirmed when the checker leans
the same way (WITH_MEANING): two judges that err differently are surer together than either alone.

Quotes come from single sentences, checked again on their own: a confirmed point's quote is the sentence (of
the QUOTE_FROM nearest it by meaning) that shows it best, and a strength may quote it only when the checker is
STRENGTH-sure of that sentence alone; a contradiction's quote is the sentence that contradicts it most. Thresholds were chosen for precision first on sets never trained on (docs/claim-checker.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.judge import checker, claim_reader

SHOWS = 0.97
WITH_MEANING = 0.70  # the checker's lean that confirms a point the judge by meaning found
MAYBE = 0.50
CONTRADICTS = 0.90
CONTRA_VETO = 0.30  # this likely a contradiction backs the judge by meaning's finding of one
CONFIRM_VETO = 0.05  # this likely a contradiction keeps a point from being confirmed
SENTENCE_VETO = 0.90  # a sentence read alone this likely contradicting a point keeps it from being confirmed
STRENGTH = 0.95  # a strength may quote a sentence only when the checker is this sure that sentence shows its point
AT_ODDS = 0.50  # a sentence read alone this likely contradicting a point it does not confirm is never quoted as a strength
PART_WORDS = 150  # an answer longer than this is read in parts of consecutive sentences (the model reads 256 tokens)
QUOTE_FROM = 2  # sentences read alone to find a quote: the statement's nearest by meaning
# A known wrong claim the judge by meaning found is named only when the checker reads its quoted sentence as saying
# the claim at least CLAIM_SAID likely, and as saying the claim's correction less than that: on the calibration sets
# the 25 sentences rightly named read 0.73-0.99 as the claim and at most 0.37 as the correction; the one right
# sentence named (a plain answer) read 0.16 as the claim. (The correction half was added after reading a right
# typed answer on blind test 4 that the checker read as saying both: 0.98 and 0.87.) A correction the checker also
# reads as contradicted (CONTRA_VETO) is not said: r14 read "when yields rise, bond prices rise along with them" as
# its correction at 0.55 and as contradicting it at 0.44; every sentence rightly named on the calibration sets read
# at most 0.03 as its correction.
CLAIM_SAID = 0.50
# The claim reader (core.judge.claim_reader) names a known wrong claim when it reads a sentence as stating it at least CLAIM_STATED
# likely and its correction less than CORRECTION_LEFT likely; only the CLAIM_FROM sentences nearest the claim by
# meaning are read (docs/claim-checker.md: chosen on the choice sets, precision first: no right answer accused).
CLAIM_STATED = 0.99
CORRECTION_LEFT = 0.20
CLAIM_FROM = 2


@dataclass
class Checked:
    """One statement against one answer: how sure the checker is that it shows / contradicts it, and the
    sentence that does so best ("" when no sentence was read alone)."""

    shows: float
    shows_at: str
    contradicts: float
    contradicts_at: str
    quote_shows: float = 0.0  # the checker on `shows_at` alone
    quote_contradicts: float = 0.0  # the checker on `contradicts_at` alone


def parts(texts: list[str]) -> list[str]:
    """The whole answer, or overlapping runs of consecutive sentences of at most PART_WORDS words each."""
    words = [len(t.split()) for t in texts]
    if sum(words) <= PART_WORDS:
        return [" ".join(texts)] if texts else []
    out, start = [], 0
    while start < len(texts):
        end, size = start, 0
        while end < len(texts) and (size + words[end] <= PART_WORDS or end == start):
            size += words[end]
            end += 1
        out.append(" ".join(texts[start:end]))
        if end >= len(texts):
            break
        start = max(start + 1, end - 2)  # two sentences of overlap: a point made across the seam is read whole
    return out


def check(statements: list[str], sentences, near: np.ndarray | None = None) -> list[Checked]:
    """Every statement against the answer, in one batch. `near` (statements x real sentences, closeness by
    meaning) only chooses which single sentences are read again for a quote: the checker decides."""
    texts = [s.text for s in sentences]
    real = [s.text for s in sentences if s.real]
    found = parts(texts)
    if not statements or not found or not real:
        return [Checked(0.0, "", 0.0, "") for _ in statements]
    probs = checker.probabilities([(st, part) for st in statements for part in found]).reshape(
        len(statements), len(found), 3)
    shows, contra = probs[:, :, 1].max(axis=1), probs[:, :, 2].max(axis=1)
    # the sentences to quote from: only for statements the answer may show or contradict
    candidates: list[list[str]] = []
    for row in range(len(statements)):
        if shows[row] < MAYBE and contra[row] < MAYBE:
            candidates.append([])
            continue
        order = np.argsort(-near[row]).tolist()[:QUOTE_FROM] if near is not None and near.shape[1] == len(real) \
            else list(range(len(real)))
        candidates.append([real[i] for i in order])
    pairs = [(statements[row], text) for row in range(len(statements)) for text in candidates[row]]
    alone = checker.probabilities(pairs) if pairs else np.zeros((0, 3), dtype=np.float32)
    out, at = [], 0
    for row in range(len(statements)):
        block = alone[at:at + len(candidates[row])]
        at += len(candidates[row])
        if not len(block):
            out.append(Checked(float(shows[row]), "", float(contra[row]), ""))
            continue
        i, j = int(np.argmax(block[:, 1])), int(np.argmax(block[:, 2]))
        out.append(Checked(float(shows[row]), candidates[row][i], float(contra[row]), candidates[row][j],
                           float(block[i, 1]), float(block[j, 2])))
    return out


def decide(by_meaning: str, found: Checked) -> str:
    """A point's state from the judge by meaning's state and the checker's reading."""
    if found.contradicts >= CONTRADICTS and found.contradicts > found.shows:
        return "contradicted"
    if found.contradicts < CONFIRM_VETO and found.quote_contradicts < SENTENCE_VETO and (found.shows >= SHOWS or (
            by_meaning == "confirmed" and found.shows >= WITH_MEANING)):
        return "confirmed"
    if by_meaning == "contradicted" and found.contradicts >= CONTRA_VETO:
        return "contradicted"
    if found.shows >= MAYBE or by_meaning in ("confirmed", "unconfirmed"):
        return "unconfirmed"
    return "missing"


def claims_stated(claims: list[tuple[str, str]], real: list[str], near: np.ndarray) -> list[tuple[int, str]]:
    """The known wrong claims (claim, correction) the claim reader reads a sentence of `real` as stating, each with that
    sentence: of the claim's CLAIM_FROM nearest sentences by meaning (`near`: claims x sentences), the one it
    reads as saying the claim most, when that is at least CLAIM_STATED and its correction under CORRECTION_LEFT."""
    if not claims or not real or not claim_reader.available():
        return []
    chosen = [[real[i] for i in np.argsort(-near[k]).tolist()[:CLAIM_FROM]] for k in range(len(claims))]
    pairs = [(text, sentence) for (claim, correction), block in zip(claims, chosen)
             for sentence in block for text in (claim, correction)]
    probs = claim_reader.probabilities(pairs).reshape(-1, 2, 3)
    found, at = [], 0
    for k, block in enumerate(chosen):
        rows = probs[at:at + len(block)]
        at += len(block)
        said = [(float(r[0, 1]), sentence) for r, sentence in zip(rows, block) if float(r[1, 1]) < CORRECTION_LEFT]
        if said and max(said)[0] >= CLAIM_STATED:
            found.append((k, max(said)[1]))
    return found


def claim_said(claim: str, correction: str, quote: str) -> bool:
    """Whether the checker reads `quote` (the sentence or two the judge by meaning found) as saying the wrong
    `claim` and not its `correction`."""
    if not quote.strip():
        return True  # nothing to read: the judge by meaning's finding stands
    (_, said, _), (_, corrected, against) = checker.probabilities([(claim, quote), (correction, quote)])
    # the correction is said only as a point is confirmed: without CONTRA_VETO likely a contradiction of it
    return float(said) >= CLAIM_SAID and not (float(corrected) >= CLAIM_SAID and float(against) < CONTRA_VETO)

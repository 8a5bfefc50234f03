"""Job terms: from the job description and résumé only, real terms only, shown apart from the questions'
vocabulary, and a term counted as said when its head words are said."""
from __future__ import annotations

from core.job_terms import extract, said, usage
from core.report.outline import JOB_HEADING, QUESTION_HEADING, split_terms

JD = ("Senior Treasury Risk Analyst\n"
      "We are looking for a Senior Treasury Risk Analyst to join our ALM team. You will monitor interest rate risk, "
      "liquidity risk and FX exposure, run stress testing and report to ALCO.\n"
      "Requirements: clear communication, attention to detail, strong stakeholder management, Python, SQL, "
      "team player, problem solving.")


def test_real_terms_only_not_soft_phrases_or_the_job_title():
    terms = extract(JD)
    assert {"interest rate risk", "liquidity risk", "FX exposure", "stress testing", "Python", "SQL"} <= set(terms)
    for phrase in ("clear communication", "team player", "player", "problem solving", "attention to detail",
                   "treasury risk", "Treasury Risk Analyst", "run stress testing", "FX"):
        assert phrase not in terms, (phrase, terms)


def test_a_term_is_said_only_when_all_its_words_are_said():
    """"Vocabulary used: unlevered free cash flow" was shown when only "free cash flow" was said: "used" is a claim
    about the user's words, so every word of the term must be there (up to inflection)."""
    assert not said("interest rate risk", "We hedged our rate risk with swaps.")
    assert said("interest rate risk", "We hedged interest rate risks with swaps.")
    assert not said("interest rate risk", "Risk is everywhere.")
    assert not said("stakeholder management", "Management asked for it.")  # a two-word term needs both
    used, missed = usage(["interest rate risk", "liquidity risk"], ["Interest rate risk mostly, via duration."])
    assert used == ["interest rate risk"] and missed == ["liquidity risk"]


def test_job_terms_are_shown_apart_from_the_questions_own_vocabulary():
    """The report mixed CET1, LCR, NSFR and HQLA (the bank's questions) with the pasted job description's terms."""
    terms = {"used": ["interest rate risk", "CET1"], "missed": ["liquidity risk", "LCR", "HQLA"]}
    groups = split_terms(terms, {"job_description": JD, "resume": ""})
    assert groups == [(JOB_HEADING, ["interest rate risk"], ["liquidity risk"]),
                      (QUESTION_HEADING, ["CET1"], ["LCR", "HQLA"])]
    assert split_terms(terms, {}) == [(QUESTION_HEADING, ["interest rate risk", "CET1"], ["liquidity risk", "LCR", "HQLA"])]

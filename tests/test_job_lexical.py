"""Retrieval weighs the job's own words beside meaning: a material often says a requirement in other words but
keeps its nouns, and the passage that shares a rare one is found."""
from __future__ import annotations

import pytest

from core.job import lexical
from core.job import passages as job_passages
from core.job.passages import chunk, chunk_all, retrieve
from tests import job_scoring as js

PAGE = """Life in the payroll team

- We run the monthly payroll for 1,200 people across four companies, from timesheets to payslips, and we are proud that nobody has been paid late in six years.
- Each pay day one of us files the RTI return to HMRC and checks the PAYE codes of new starters.
- Knowledge sharing matters here: we hold a working lunch every Friday where someone explains a part of their job.
"""


def test_a_shared_rare_word_counts_more_than_a_common_one():
    texts = ["Covenants are checked every quarter.", "Every quarter the team meets.", "Nothing in common here."]
    scores = lexical.bm25("covenant checks every quarter", texts)
    assert scores[0] > scores[1] > scores[2] == 0


def test_no_words_no_texts():
    assert list(lexical.bm25("", ["a passage about payroll"])) == [0.0]
    assert len(lexical.bm25("payroll", [])) == 0


def test_acronyms_count_and_small_words_do_not():
    assert {"rti", "paye", "hr"} <= lexical.stems("RTI and PAYE for HR")
    assert not lexical.stems("it is an of to at")


def _labelled_case(set_name: str, job_id: str, requirement_id: str):
    job = next(j for j in js.load(set_name) if j["id"] == job_id)
    requirement = next(r for r in job["requirements"] if r["id"] == requirement_id)
    materials = {m["name"]: m["text"] for m in job["materials"]}
    wanted = [(name, js.span(text, w)) for w in job["passages"][requirement_id]
              for name, text in materials.items() if w in text]
    passages = chunk_all(list(materials.items()))

    def found() -> bool:
        return any(p.source == name and js.overlaps((p.start, p.end), at)
                   for p, _ in retrieve(requirement["jd_text"], passages) for name, at in wanted)
    return found


def test_a_labelled_passage_in_other_words_is_found_by_its_nouns(monkeypatch):
    """An FP&A job asks for "budget-versus-actual variance analysis, including price, volume and mix bridges"; the
    labelled passages say "the gap between plan and actual" and "separating volume, price and mix". Meaning alone
    does not put one in the top 3."""
    found = _labelled_case("jobs_f.json", "f-job-1", "r2")
    assert found()
    monkeypatch.setattr(job_passages, "LEXICAL_WEIGHT", 0.0)
    assert not found()


@pytest.mark.parametrize("weight", [0.0, job_passages.LEXICAL_WEIGHT])
def test_the_floor_is_on_meaning_alone(monkeypatch, weight):
    """A passage that only shares words with an unrelated question is not sent, whatever the word weight."""
    monkeypatch.setattr(job_passages, "LEXICAL_WEIGHT", weight)
    passages = chunk("Team page", PAGE, words=10)
    for passage, closeness in retrieve("What is your favourite pizza topping on a payroll Friday?", passages):
        assert closeness >= job_passages.MIN_SCORE

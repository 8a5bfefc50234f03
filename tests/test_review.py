"""Review of weak answers, the pure part: the SM-2 schedule on fixed dates (core.review), and the review
session's spec and question plan (core.spec, core.coach.interview)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from core import banks
from core.coach.interview import is_complete, question_plan, turn
from core.review import Attempt, due, quality, schedule
from core.spec import PracticeSpec
from services.review import report_scores, review_spec

def on(day: int) -> date:
    return date(2026, 11, day)


def test_scores_map_to_sm2_grades_with_a_lapse_below_seven():
    assert [quality(s) for s in range(1, 11)] == [0, 0, 0, 1, 1, 2, 3, 4, 5, 5]


def test_a_question_only_ever_answered_well_is_never_reviewed():
    attempts = [Attempt("q1", 8, on(1)), Attempt("q1", 9, on(3))]
    assert schedule(attempts) == {}
    assert due(attempts, on(30)) == []


def test_a_weak_answer_comes_back_the_next_day():
    [review] = schedule([Attempt("q1", 4, on(2))]).values()
    assert (review.next_on, review.interval, review.last_score, review.attempts) == (on(3), 1, 4, 1)
    assert due([Attempt("q1", 4, on(2))], on(2)) == []  # not the same day
    assert [r.question_id for r in due([Attempt("q1", 4, on(2))], on(3))] == ["q1"]
    assert [r.question_id for r in due([Attempt("q1", 4, on(2))], on(20))] == ["q1"]  # overdue stays due


def test_good_answers_after_a_weak_one_space_it_out_1_6_then_by_the_ease():
    history = [Attempt("q1", 3, on(1))]
    expected = []
    for day, score in ((2, 8), (3, 8), (9, 8)):
        history.append(Attempt("q1", score, on(day)))
        expected.append(schedule(history)["q1"])
    assert [r.interval for r in expected] == [1, 6, 10]  # a grade 4 keeps the ease: 2.5 - 0.8 (the lapse) = 1.7
    assert expected[-1].next_on == on(19) and expected[-1].ease == pytest.approx(1.7)


def test_a_lapse_resets_the_interval_and_lowers_the_ease():
    history = [Attempt("q1", 5, on(1)), Attempt("q1", 9, on(2)), Attempt("q1", 9, on(3)), Attempt("q1", 2, on(9))]
    review = schedule(history)["q1"]
    assert (review.interval, review.next_on) == (1, on(10))
    assert review.ease < schedule(history[:3])["q1"].ease


def test_practise_again_the_same_day_counts_but_brings_it_back_tomorrow():
    history = [Attempt("q1", 3, on(5)), Attempt("q1", 9, on(5))]  # the session, then a strong retry
    review = schedule(history)["q1"]
    assert (review.interval, review.next_on, review.last_score, review.attempts) == (1, on(6), 9, 2)


def test_attempts_in_any_order_are_read_oldest_first():
    history = [Attempt("q1", 8, on(3)), Attempt("q1", 2, on(1))]
    assert schedule(history)["q1"].next_on == on(4)  # weak on 1st (→2nd), good on 3rd (→4th)


def test_due_questions_are_most_overdue_first_then_weakest():
    attempts = [Attempt("late", 6, on(1)), Attempt("weak", 2, on(4)), Attempt("less", 6, on(4)),
                Attempt("future", 3, on(9)), Attempt("fine", 10, on(1))]
    assert [r.question_id for r in due(attempts, on(6))] == ["late", "weak", "less"]
    assert {r.question_id: r.next_on for r in schedule(attempts).values()} == {
        "late": on(2), "weak": on(5), "less": on(5), "future": on(10)}


# ---- the review session ------------------------------------------------------------------------------

def _ids(n: int, domain: str = "Computer Science & Technology") -> list[str]:
    return [q["id"] for q in banks.questions_for(domain)][:n]


def test_a_spec_carries_review_ids_through_storage_json():
    spec = PracticeSpec(mode="interview", num_questions=2, review_ids=["a", "b"])
    assert spec.review_ids == ("a", "b")
    again = PracticeSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec and again.title() == "Review of weak answers · 2 questions"
    assert PracticeSpec.from_dict({"mode": "interview"}).review_ids == ()  # sessions saved before the field


def test_the_plan_of_a_review_is_exactly_its_questions_in_order():
    finance = _ids(2, "Finance & Banking")
    ids = [_ids(3)[2], finance[1], _ids(1)[0]]
    spec = PracticeSpec(mode="interview", num_questions=3, review_ids=ids, seed=99)
    plan = question_plan(spec)
    assert [q["id"] for q in plan] == ids
    assert all(q["origin"] == "bank" for q in plan)
    text, record = turn(spec, [])
    assert plan[0]["question"] in text and record["id"] == ids[0]


def test_a_review_ends_after_its_last_question():
    ids = _ids(2)
    spec = PracticeSpec(mode="interview", num_questions=2, review_ids=ids)
    transcript: list[dict] = []
    for answer in ("I chose it because I love puzzles; I enjoy slow systems most: I profile, then fix the slowest query.",
                   "skip"):
        text, record = turn(spec, transcript)
        transcript += [{"role": "assistant", "content": text, "meta": {"asks": record}},
                       {"role": "user", "content": answer, "meta": {}}]
    text, record = turn(spec, transcript)
    transcript.append({"role": "assistant", "content": text, "meta": {"asks": record}})
    assert is_complete(spec, transcript) and record is None


def test_review_spec_takes_the_most_overdue_few_and_their_common_set_up():
    cs, finance = _ids(6), _ids(1, "Finance & Banking")
    spec = review_spec(finance + cs, seed=7)
    assert spec.review_ids == tuple((finance + cs)[:5]) and spec.num_questions == 5
    assert spec.domain == "Computer Science & Technology" and spec.mode == "interview" and spec.seed == 7
    assert review_spec(finance).domain == "Finance & Banking"
    with pytest.raises(ValueError):
        review_spec([])


def test_report_scores_pair_with_report_turns_in_order_or_by_words():
    turns = [{"answer": "First answer."}, {"answer": "Second  answer."}]
    assert report_scores({"answers": [{"score": 3}, {"score": 8}]}, turns) == [3, 8]
    # an AI report that left the first answer out is matched by its words
    assert report_scores({"answers": [{"answer": "second answer.", "score": 5}]}, turns) == [None, 5]
    assert report_scores(None, turns) == [None, None]
    assert report_scores({"answers": [{"score": True}, {"score": 11}]}, turns) == [None, None]


def test_a_review_opens_as_a_review_and_an_ai_interviewer_is_given_its_questions():
    from core import banks
    from core.coach import interview
    from core.prompts import interview_prompt
    from core.spec import PracticeSpec

    ids = ("fin-technical-04", "cs-behavioral-03")
    spec = PracticeSpec(mode="interview", review_ids=ids)
    assert interview.opening(spec, interview.question_plan(spec)).startswith("Hi, I'm Alex. Let's review 2 questions")
    prompt = interview_prompt(spec)
    assert all(banks.all_questions()[i]["question"] in prompt for i in ids)

"""The offline interviewer's question plan: reproducible per session, varied between sessions, honest about type."""
from __future__ import annotations

from core import banks
from core.coach.interview import of_type_count, opening, question_plan, recently_asked
from core.spec import PracticeSpec


def _spec(seed: int, **changes) -> PracticeSpec:
    fields = {"mode": "interview", "domain": "Finance & Banking", "interview_type": "general",
              "difficulty": "medium", "num_questions": 5, "seed": seed}
    fields.update(changes)
    return PracticeSpec(**fields)


def test_the_same_session_always_gets_the_same_plan():
    assert [q["id"] for q in question_plan(_spec(7))] == [q["id"] for q in question_plan(_spec(7))]


def test_seeds_alone_vary_the_opening_question():
    firsts = [question_plan(_spec(seed))[0]["id"] for seed in range(12)]
    assert len(set(firsts)) >= 2


def test_a_users_next_sessions_open_with_questions_they_were_not_asked_lately():
    for start in range(0, 40, 4):
        recent: tuple[str, ...] = ()
        firsts = []
        for seed in range(start, start + 3):
            spec = _spec(seed, recent=recent, num_questions=2)
            plan = question_plan(spec)
            firsts.append(plan[0]["id"])
            transcript = [{"role": "assistant", "content": f"Next question: {q['question']}"} for q in plan]
            recent = recently_asked(spec.domain, [transcript]) + recent
        assert len(set(firsts)) == 3, firsts


def test_after_a_long_interview_the_next_one_opens_differently():
    for seed in range(10):
        first = question_plan(_spec(seed, num_questions=5))
        transcript = [{"role": "assistant", "content": q["question"]} for q in first]
        again = question_plan(_spec(seed + 100, recent=recently_asked("Finance & Banking", [transcript])))
        assert again[0]["id"] != first[0]["id"]


def test_recent_questions_are_read_from_transcripts_and_survive_storage():
    plan = question_plan(_spec(1, num_questions=2))
    transcript = [{"role": "assistant", "content": f"Hi, I'm Alex. First question: {plan[0]['question']}"},
                  {"role": "user", "content": "An answer."}]
    ids = recently_asked("Finance & Banking", [transcript])
    assert ids == (plan[0]["id"],)
    assert PracticeSpec.from_dict(_spec(1, recent=ids).to_dict()).recent == ids


def test_difficulty_still_leads_the_order():
    for seed in range(20):
        plan = question_plan(_spec(seed, difficulty="hard", num_questions=2))
        assert any(q["difficulty"] == "hard" for q in plan)


def test_the_chosen_type_comes_first_and_the_intro_says_when_others_top_it_up():
    available = of_type_count("Finance & Banking", "general")
    assert available == len(banks.questions_for("Finance & Banking", "general"))
    spec = _spec(3, num_questions=available + 4)
    plan = question_plan(spec)
    assert all(q["type"] == "general" for q in plan[:available])
    assert all(q["type"] != "general" for q in plan[available:])
    intro = opening(spec, plan)
    assert f"{available} general and 4 of other types" in intro
    short = _spec(3, num_questions=3)
    assert "3 general questions" in opening(short, question_plan(short))

"""Job materials as passages: split by the document's own structure (sections, paragraphs, bullets), so a passage
is about one thing, and shown to a model under its section's title."""
from __future__ import annotations

from core.job.grounding import fenced_passages
from core.job.passages import chunk
from core.spec import PracticeSpec

NOTES = """Notes from the recruiter call

Union picture
- Both plants are represented by one union under separate collective agreements, and the Brampton agreement expires in June 2027, so the new partner will sit at the bargaining table as an advisor.
- Grievances at Brampton doubled last year, mostly about overtime and seniority on shift bids, and two are heading to arbitration this spring.

What's on fire
- Absenteeism on the night shift is running at about 9%, against 5% on days, and nobody has worked out why yet.
- There is no succession plan below plant manager.

Things to prepare
- A grievance I handled.
- The absenteeism problem.
- Coaching a supervisor.

The consolidation
The line consolidation will move two bread lines onto one new high-speed line in 2027. Around 40 roles will change, and the company has committed to no layoffs. It is relying on redeployment, retraining and attrition. It starts in March.
"""


def _passages():
    return chunk("Recruiter notes", NOTES, words=35)


def test_a_passage_stays_in_its_section_and_carries_its_title():
    for passage in _passages():
        assert NOTES[passage.start:passage.end] == passage.text
        assert passage.heading in ("", "Union picture", "What's on fire", "Things to prepare", "The consolidation")
        title_at = NOTES.rfind("\n\n", 0, passage.start)
        assert passage.heading == "" or NOTES[title_at:passage.start].strip().startswith(passage.heading), passage
        assert "What's on fire" not in passage.text and "Union picture" not in passage.text


def test_a_long_bullet_is_a_passage_of_its_own_and_short_bullets_go_together():
    texts = [p.text for p in _passages()]
    assert any(t.startswith("Both plants") and "Grievances" not in t for t in texts)
    assert any(t.startswith("Grievances at Brampton") for t in texts)
    assert any(t.startswith("Absenteeism on the night shift") and "succession" not in t for t in texts)
    prepare = [t for t in texts if "A grievance I handled" in t]
    assert prepare and "Coaching a supervisor" in prepare[0]  # three short bullets, one passage


def test_a_long_paragraph_is_cut_at_a_sentence_and_its_short_tail_joins_the_last_piece():
    pieces = [p for p in _passages() if p.heading == "The consolidation"]
    assert [p.text.split(". ")[0] for p in pieces][0].startswith("The line consolidation")
    assert pieces[-1].text.endswith("It starts in March.") and len(pieces[-1].text.split()) > 10
    assert all(len(p.text.split()) >= 4 for p in pieces)


def test_the_model_sees_a_passage_under_its_section_title():
    spec = PracticeSpec(mode="interview", job_description="HR business partner.", resume="HR generalist.",
                        materials=(("Recruiter notes", NOTES),), seed=1)
    block = fenced_passages(spec, "How would you tackle night-shift absenteeism?")
    assert block and "[source: Recruiter notes]\nWhat's on fire\nAbsenteeism on the night shift" in block

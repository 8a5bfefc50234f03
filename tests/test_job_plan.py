"""The job's question plan and its parts: requirements read from a posting, questions written from the user's
documents in plain English, each planned item saying where it came from."""
from __future__ import annotations

from core.coach.interview import opening, question_plan, reply
from core.job import brief, requirements
from core.job.people import manages_people
from core.job.templates import gap_question, probe_question, probeable
from core.spec import PracticeSpec
from tests.job_documents import JOB, RESUME


def _spec(**changes) -> PracticeSpec:
    fields = {"mode": "interview", "domain": "Finance & Banking", "job_description": JOB, "resume": RESUME,
              "num_questions": 6, "seed": 2}
    fields.update(changes)
    return PracticeSpec(**fields)


def test_requirements_are_the_postings_own_lines_without_about_us_or_perks():
    found = [r.text for r in requirements(JOB)]
    assert "Build and maintain Tableau dashboards for the collections team" in found
    assert "Understanding of credit risk is a plus" in found
    assert all(text in JOB for text in found)
    assert not any("salary" in t.lower() or "Northbank is" in t for t in found)
    prose = "About you\n- Advanced Excel\n\nThe role\nYou will report to the Head of Risk. You will build credit models."
    assert [r.text for r in requirements(prose)] == ["Advanced Excel", "You will build credit models."]


def test_a_duty_that_mentions_insurance_or_money_is_read_under_a_duties_heading_but_perks_are_not():
    """Under "Key responsibilities" the heading decides: "insurance" and "$2M" are duties there; only pay and leave
    are dropped. Under "Benefits" nothing is read."""
    posting = ("Key responsibilities\n- Vet new carriers for operating authority, insurance and safety rating\n"
               "- Manage a $2M marketing budget across four regions\n- Salary: $52,000-$60,000 plus bonus\n"
               "- 401(k) with 5% match\n\nBenefits\n- Medical, dental and vision insurance from day one\n")
    assert [r.text for r in requirements(posting)] == ["Vet new carriers for operating authority, insurance and "
                                                        "safety rating", "Manage a $2M marketing budget across four "
                                                        "regions"]


def test_a_long_postings_last_requirements_are_kept():
    """A posting with many duties lists what it looks for and its nice-to-haves last: they are read too."""
    duties = "".join(f"- Prepare weekly report number {n} for the operations team\n" for n in range(1, 13))
    posting = (f"What you'll do\n{duties}\nWhat we look for\n- Strong Excel, including pivot tables\n"
               "- Clear phone manner with drivers and customers\n\nNice to have\n- Spanish or French\n")
    found = requirements(posting)
    assert [r.text for r in found[-3:]] == ["Strong Excel, including pivot tables", "Clear phone manner with drivers "
                                            "and customers", "Spanish or French"]
    assert found[-1].optional and not found[-2].optional


def test_prose_about_the_employer_is_not_a_requirement_so_no_gap_question_is_written_from_it():
    """Under "The role", a sentence whose subject is the employer says where the job sits, not what it asks."""
    posting = ("The role\nOur Infection Prevention and Control team is two people today; you would make it three. "
               "We pay a 20% night premium. You will review infection control policies.\n\nWhat you'll do\n"
               "- Investigate clusters and outbreaks, including contact tracing.\n")
    found = [r.text for r in requirements(posting)]
    assert found == ["You will review infection control policies.",
                     "Investigate clusters and outbreaks, including contact tracing."]
    plan = question_plan(_spec(job_description=posting * 1, resume="Experience\n- Baked bread every morning.\n"))
    assert not any("Our Infection" in q["question"] for q in plan)


# Real shapes of requirement lines, and the sentence each must become (the start of the gap question).
SHAPES = {
    "Investigate clusters and outbreaks, including contact tracing.":
        "This role asks you to investigate clusters and outbreaks, including contact tracing.",
    "Day to day, you will plan labour against forecast volumes.":
        "This role asks you to plan labour against forecast volumes.",
    "Health and safety is the first item on every agenda here: you will lead accident investigations.":
        "This role asks you to lead accident investigations.",
    "Comfortable with SQL, or at least happy pulling your own data from Looker.":
        "This role asks you to be comfortable with SQL, or at least happy pulling your own data from Looker.",
    "You write production-quality code in Go or Python.":
        "This role asks you to write production-quality code in Go or Python.",
    "A working grasp of experiment design: control groups, sample size.":
        "This role asks for a working grasp of experiment design: control groups, sample size.",
    "Nice to have: experience with food-contact materials.": "This role asks for experience with food-contact materials.",
    "Confident SQL: joins, CTEs, window functions.": "This role asks for confident SQL: joins, CTEs, window functions.",
    "Administer NEC4 ECC contracts, including early warnings.":
        "This role asks you to administer NEC4 ECC contracts, including early warnings.",
    # A clause with its own subject cannot follow "asks for": it is quoted as the posting wrote it.
    "Our team is two people today; you would make it three.":
        "The job description says: “Our team is two people today; you would make it three”.",
}


def test_a_gap_question_is_a_grammatical_sentence_for_every_shape_of_requirement():
    for requirement, start in SHAPES.items():
        assert gap_question(requirement).startswith(start + " "), (requirement, gap_question(requirement))


def test_every_planned_question_says_where_it_came_from_and_some_are_written_from_the_documents():
    plan = question_plan(_spec())
    assert len(plan) == 6
    assert all(q["question"] and q["source"] and q["origin"] in ("bank", "job_description", "resume") for q in plan)
    written = [q for q in plan if q["origin"] != "bank"]
    assert written and any(q["question"].startswith("Your résumé says you built Tableau dashboards") for q in written)
    banked = [q for q in plan if q["origin"] == "bank"]
    assert banked and all("Parley's " in q["source"] for q in banked)
    assert all(("closest to “" if q.get("any_job") else "chosen because it fits “") in q["source"] for q in banked)
    assert [q["question"] for q in question_plan(_spec())] == [q["question"] for q in plan]  # reproducible


def test_without_a_job_description_the_plan_is_the_banks_and_says_so():
    plan = question_plan(_spec(job_description="", resume=""))
    assert plan and all(q["origin"] == "bank" and q["source"] == "Parley's Finance & Banking questions" for q in plan)


def test_a_nurses_job_draws_on_healthcare_questions_whatever_domain_was_picked():
    job = ("What you'll do\n- Care for one or two critically ill adults per shift, including ventilated patients\n"
           "- Titrate vasoactive and sedation infusions to protocol\n- Recognise early signs of sepsis and escalate\n"
           "- Support families through end-of-life conversations")
    plan = question_plan(_spec(job_description=job, resume="", domain="Sales & Marketing", num_questions=5))
    assert sum(q["id"].startswith("health-") for q in plan if q["origin"] == "bank") >= 2


def test_questions_written_from_documents_read_naturally():
    assert gap_question("You will own month-end reporting.").startswith("This role asks you to own month-end reporting.")
    assert gap_question("Understanding of credit risk is a plus").startswith("This role asks for understanding of "
                                                                             "credit risk.")
    assert gap_question("We need a product marketer who can make pricing clear to buyers.").startswith(
        "This role asks you to make pricing clear to buyers.")
    assert probe_question("- Cut month-end close from 8 to 5 days.").startswith(
        "Your résumé says you cut month-end close from 8 to 5 days. ")
    assert probe_question("I led a team of 5 analysts.").startswith("Your résumé says you led a team of 5 analysts.")


def test_a_current_roles_present_tense_lines_are_probed_in_their_own_tense():
    """A current role is usually written in the present ("Build Tableau dashboards…"): its lines are the person's
    evidence as much as past-tense ones, and the question asks for a recent time rather than a finished story."""
    assert probe_question("- Record adverse events at each visit and report SAEs to the sponsor.").startswith(
        "Your résumé says you record adverse events at each visit and report SAEs to the sponsor. Walk me through "
        "a recent time you did it")
    assert not probeable("Research assistant on a sleep and mood study, 2025")  # a role, though "research" is a verb
    present = RESUME.replace("- Built Tableau", "- Build Tableau").replace("- Wrote Python", "- Write Python")
    probes = [q["question"] for q in question_plan(_spec(resume=present)) if q["origin"] == "resume"]
    assert any(q.startswith("Your résumé says you build Tableau dashboards for the collections team") for q in probes)


def test_a_resume_that_shows_little_gets_more_questions_on_what_the_job_asks():
    """With nothing in the résumé to probe, the probe's turns go to requirements it does not show (what a real
    interviewer for this job will ask next), not to lower-fitting bank questions; the bank keeps its own turns."""
    plan = question_plan(_spec(resume="", num_questions=5))
    origins = [q["origin"] for q in plan]
    assert origins == ["bank", "job_description", "job_description", "bank", "job_description"], origins


def test_a_credential_named_by_a_participle_is_quoted_not_conjugated():
    """"Licensed amateur radio operator" opens with a word that looks like a past-tense verb, but it names what the
    person is: "Your résumé says you licensed amateur radio operator" is not English. Such a line is not picked to
    probe, and if asked about it is quoted in its own words; a participle with an object is still a deed."""
    for line in ("- Licensed amateur radio operator (Technician class)", "Registered Nurse, 6 West Medical-Surgical Unit",
                 "Certified Scrum Master since 2021, running sprint reviews for four teams"):
        assert not probeable(line)
        assert probe_question(line).startswith(f"Your résumé says: “{line.lstrip('- ')}”.")
    assert probeable("Certified 30 field technicians on the new smart-meter install")
    assert probe_question("Certified 30 field technicians on the new meter.").startswith(
        "Your résumé says you certified 30 field technicians on the new meter. ")


def test_the_offline_interviewer_opens_for_the_job_and_is_honest_about_written_questions():
    spec = _spec(num_questions=3)
    plan = question_plan(spec)
    text = opening(spec, plan)
    assert "for this job" in text and "can't check those against key points" in text
    written = next(q for q in plan if q["origin"] != "bank")
    transcript = [{"role": "assistant", "content": f"Next question: {written['question']}"},
                  {"role": "user", "content": "I rebuilt the dashboards in Tableau and cut the weekly prep from three "
                                              "days to four hours, which the team still uses."}]
    said = reply(spec, transcript)
    assert "no key points to check your answer against" in said
    assert "A strong answer would cover" not in said  # nothing invented about what it cannot check


def test_brief_shape_for_the_public_check():
    items = brief(JOB, RESUME)
    assert items and all(set(i) == {"requirement", "evidence"} for i in items)
    covered = {i["requirement"]: i["evidence"] for i in items}
    assert covered["Build and maintain Tableau dashboards for the collections team"] == [
        "Built Tableau dashboards for the collections team, cutting weekly report preparation from 3 days to 4 hours."]
    assert covered["Understanding of credit risk is a plus"] == []
    assert brief(JOB, "") and all(i["evidence"] == [] for i in brief(JOB, ""))


def test_without_the_sentence_model_the_plan_is_the_banks_not_a_list_of_false_gaps(monkeypatch):
    from core.judge import meaning

    monkeypatch.setattr(meaning, "available", lambda: False)
    plan = question_plan(_spec())
    assert plan and all(q["origin"] == "bank" for q in plan)
    assert "for this job" not in opening(_spec(), plan)


RESTAURANT = """Restaurant General Manager, The Copper Pot (120 covers)

What you'll do
- Run the floor and kitchen teams day to day, around 30 staff across two shifts
- Write the weekly rota and keep labour within budget
- Handle guest complaints in person and put things right on the night
- Hire, train and review front-of-house staff
- Work with the head chef on menu changes and food cost

What we're looking for
- Three years running a busy restaurant
- A calm head on a full Saturday night
"""


def test_a_job_no_bank_covers_draws_questions_for_any_job_not_a_neighbouring_fields():
    """No bank is about restaurants: its bank questions are ones any job could ask (the team, complaints,
    deadlines), not a nearby field's own ("an angry patient", "a design mistake on site")."""
    bank = [q for q in question_plan(_spec(job_description=RESTAURANT, resume="", num_questions=10))
            if q["origin"] == "bank"]
    assert len(bank) >= 4
    assert all(q.get("any_job") for q in bank[:4]), [(q["id"], q["question"][:50]) for q in bank[:4]]
    assert all(q["source"].startswith("A question for any job, from Parley's") for q in bank[:4])


def test_a_posting_asks_for_managing_people_only_when_it_gives_the_person_a_team():
    for posting in ("Lead a team of 8 pickers across two shifts", "Recruit, train and develop a team of 70 hourly "
                    "employees", "Supervise a team of 12 technicians and 2 apprentices", "Line management of two analysts"):
        assert manages_people(posting), posting
    for posting in ("Present monthly results to our leadership team", "Work with business leaders and product managers",
                    "Manage suppliers such as engineers and loss adjusters", "You will join a team of five engineers",
                    "Mentor new starters on the dispatch floor"):
        assert not manages_people(posting), posting


def test_questions_that_presuppose_a_team_step_back_when_the_posting_gives_none():
    """"Tell me about a time you gave constructive feedback to a team member" is not for an analyst with no reports;
    the same posting with a team to lead brings those questions forward."""
    from core.job.evidence import brief_items
    from core.job.plan import bank_ranking

    analyst = ("What you'll do\n- Build the monthly forecast and variance analysis for the operations directors\n"
               "- Present results to department heads and plant managers\n"
               "- Keep the budget model and its assumptions up to date\n")
    lead = analyst + "- Lead a team of four analysts and run their one-to-ones\n"
    places = {}
    for name, posting in (("analyst", analyst), ("lead", lead)):
        ranked = bank_ranking([r.text for r, _ in brief_items(posting, "")], job_description=posting)
        places[name] = {q["id"]: i for i, (q, _, _) in enumerate(ranked) if q.get("manages_people")}
    assert len(places["analyst"]) >= 4 and min(places["analyst"].values()) >= 2, places
    assert all(places["lead"][q] < places["analyst"][q] for q in places["analyst"]), places


def test_a_labelled_fact_about_the_post_is_not_a_requirement():
    """"Hours: …", "Team: …", "Reports to: …" under "Your shift at a glance" describe the post; a question "This role
    asks for hours: Monday-Friday…" is not English and asks nothing."""
    posting = ("Your shift at a glance\n- Hours: Monday-Friday, 2:30 p.m.-11:00 p.m.\n- Team: 35-50 associates and 3 "
               "leads\n- Reports to: Operations Manager\n\nWhat you'll own\n- Run your shift's labor plan across "
               "receiving and shipping\n")
    assert [r.text for r in requirements(posting)] == ["Run your shift's labor plan across receiving and shipping"]


def test_bullets_of_facts_about_the_employer_or_the_post_are_not_requirements():
    """Bullets under "Quick facts" or "The role at a glance", and bullets of counts and sizes, describe the employer or
    the post ("600+ customers", "Sales team of 22", "Reports to the SDR Manager"); a bullet of the same shape that opens
    with a verb of work or speaks to the person is still a requirement."""
    posting = ("Loadwise makes transport software for shippers.\n- 600+ customers across the UK and Europe\n"
               "- Sales team of 22 and growing\n- Lead a team of 4 SDRs in their first year\n"
               "- 2 years in a customer-facing role with targets\n\n"
               "Quick facts\n- 310 people, one plant, ISO 13485 certified\n- You'll be on site four days a week\n\n"
               "The role at a glance\n- First step on our sales career path\n- Reports to the SDR Manager\n"
               "- Works in a pod with two Account Executives\n\n"
               "Why this job exists\n- Two new lines arrive next year, and we need someone to run them\n\n"
               "What you'll do\n- Prospect into mid-market shippers by phone and email\n")
    assert [r.text for r in requirements(posting)] == [
        "Lead a team of 4 SDRs in their first year", "2 years in a customer-facing role with targets",
        "You'll be on site four days a week",
        "Prospect into mid-market shippers by phone and email"]


def test_a_sentence_saying_who_the_person_will_be_is_not_a_requirement():
    """"You will be the person our clients see most" says who the person will be, not what they do or bring, so no
    gap question asks for it; the same opening with a task after it is a requirement."""
    posting = ("The role\nAs an Audit Senior in our mid-market team you will be the person our clients see most. "
               "You will be the engineer on one of our live sites, working alongside a Site Manager. "
               "You will be the main point of contact for organisers, running site visits and agreeing layouts. "
               "You will plan the audit and set materiality.\n")
    assert [r.text for r in requirements(posting)] == [
        "You will be the main point of contact for organisers, running site visits and agreeing layouts.",
        "You will plan the audit and set materiality."]


def test_a_line_that_introduces_a_list_is_not_a_requirement():
    """"Typically you'll:" opens the duties below it; asked as a gap it read "This role asks for typically you'll"."""
    posting = ("The job\nYour day starts with the gangs and ends with the records. Typically you'll:\n\n"
               "- Set out kerb lines and drainage runs from design data\n\nYou will:\n- Run levels and as-builts\n")
    assert [r.text for r in requirements(posting)] == ["Set out kerb lines and drainage runs from design data",
                                                      "Run levels and as-builts"]


def test_perks_under_a_playful_title_are_not_requirements():
    """"The good stuff", "Base camp (what you get)", "The deal": what the employer gives, not what the job asks."""
    for title in ("The good stuff", "Base camp (what you get)", "The deal", "What's in it for you", "What we put in"):
        posting = (f"What you'll do\n- Run the store's weekly rota within the wage budget\n\n{title}\n"
                   "- A studio sample library our suppliers envy\n- Two paid adventure days a year\n")
        assert [r.text for r in requirements(posting)] == ["Run the store's weekly rota within the wage budget"], title
    posting = ("About you\n- A track record delivering building projects of £5-20m\n\nThe fine print\n"
               "- Medical, dental and vision from day one\n- 401(k) with a 5% match\n- Free lunch on Fridays\n")
    assert [r.text for r in requirements(posting)] == ["A track record delivering building projects of £5-20m"]


def test_a_question_for_any_job_that_people_seldom_judge_relevant_steps_back():
    """Among questions for any job, how often people labelling jobs picked one counts: the same fit ranks
    "competing deadlines" (picked for most jobs) ahead of "a project you led that missed its deadline" (few)."""
    import numpy as np

    from core.job.plan import picked_odds

    questions = [{"id": "often", "any_job": True}, {"id": "seldom", "any_job": True}, {"id": "field"}]
    odds = picked_odds(questions, {"often": 40, "seldom": 3, "field": 50}, 62)
    assert odds[0] > 0 > odds[1] and odds[2] == 0.0  # a field's own question is ranked by its fit alone
    assert np.isclose(odds[0], -picked_odds([{"id": "x", "any_job": True}], {"x": 22}, 62)[0])


def test_the_shipped_picks_are_counted_from_the_labelled_sets():
    """data/job_question_picks.json is what `scripts/tune_job.py … picks` writes from tests/data/jobs_*.json, so a
    set added or relabelled is counted."""
    import json

    from core import banks
    from core.job.plan import PICKS
    from tests import job_scoring as js

    picked: dict[str, int] = {}
    jobs = [job for path in sorted(js.DATA.glob("jobs_*.json")) for job in js.load(path.name)]
    for job in jobs:
        for qid in job["relevant_question_ids"]:
            picked[qid] = picked.get(qid, 0) + 1
    shipped = json.loads(PICKS.read_text(encoding="utf-8"))
    assert (shipped["jobs"], shipped["picked"]) == (len(jobs), picked), \
        "recount them: .venv/bin/python scripts/tune_job.py tests/data/jobs_a.json picks"
    assert set(picked) <= set(banks.all_questions())


def test_a_gap_question_reads_as_english_whatever_the_posting_opens_with():
    """A task that opens with a verb the list lacked, a role described with 'you'll be', an adjective about the
    person, and a quality followed by a dash each read naturally; a salary line is not a requirement."""
    from core.job import templates
    from core.job.requirements import requirements

    asks = {r: templates.gap_question(r).split(". ")[0] for r in (
        "Resolve invoice queries with branch staff", "Process new trade account applications",
        "You'll be responsible for the weekly payroll", "Well organised and able to prioritise a large ledger",
        "A firm but friendly telephone manner – you'll be speaking to busy site customers",
        "Process improvement experience")}
    assert asks == {
        "Resolve invoice queries with branch staff": "This role asks you to resolve invoice queries with branch staff",
        "Process new trade account applications": "This role asks you to process new trade account applications",
        "You'll be responsible for the weekly payroll": "This role asks you to be responsible for the weekly payroll",
        "Well organised and able to prioritise a large ledger":
            "This role asks you to be well organised and able to prioritise a large ledger",
        "A firm but friendly telephone manner – you'll be speaking to busy site customers":
            "This role asks for a firm but friendly telephone manner – you'll be speaking to busy site customers",
        "Process improvement experience": "This role asks for process improvement experience"}
    posting = ("Credit Controller\n£28,000 – £31,000 depending on experience + quarterly bonus\n\nThe role\n"
               "- Chase overdue balances by phone and email\n- Allocate receipts and reconcile accounts\n")
    assert [r.text for r in requirements(posting)] == ["Chase overdue balances by phone and email",
                                                        "Allocate receipts and reconcile accounts"]
    budget = "Sales Director\n\n- $2M+ annual budget ownership\n- Lead a team of 12 account managers\n"
    assert [r.text for r in requirements(budget)][:1] == ["$2M+ annual budget ownership"]


def test_a_condition_of_employment_is_not_a_requirement_but_a_duty_about_checks_is():
    posting = ("What you'll do\n- Run pre-employment checks for safer recruitment: enhanced DBS, right to work and "
               "references\n\nWhat you'll need\n- Right to work in the UK and the ability to pass a five-year "
               "background check\n- The right to work in Ireland\n- Must pass an enhanced DBS check\n"
               "- Two years in an HR administration role")
    found = [r.text for r in requirements(posting)]
    assert found == ["Run pre-employment checks for safer recruitment: enhanced DBS, right to work and references",
                     "Two years in an HR administration role"]


def test_a_probe_says_the_line_back_to_its_writer_and_a_gap_reads_as_english():
    assert probe_question("- Completed my Level 3 Early Years Educator apprenticeship alongside work").startswith(
        "Your résumé says you completed your Level 3 Early Years Educator apprenticeship alongside work.")
    assert probe_question("- Mentored by a senior solicitor through my first 50 files.").startswith(
        "Your résumé says you were mentored by a senior solicitor through your first 50 files.")
    assert probe_question("- Built an AI triage tool that I still maintain").startswith(
        "Your résumé says you built an AI triage tool that you still maintain.")
    assert probe_question("- Briefed our media agencies and grew US sales with us").startswith(
        "Your résumé says you briefed your media agencies and grew US sales with you.")
    assert gap_question("Win new clients through cold calling and referrals", 0).startswith(
        "This role asks you to win new clients through cold calling and referrals.")


def test_essential_functions_and_criteria_are_read_and_the_employer_by_name_is_not_a_requirement():
    posting = ("Payroll Specialist\n\nNorthfield Valley Health (NVH) is a not-for-profit system of three hospitals.\n\n"
               "Essential Functions\n• Process biweekly payroll for about 9,400 employees in UKG Pro.\n"
               "• Administer medical, dental and vision enrollments and open enrollment.\n\n"
               "Essential criteria\nHold a recognised payroll qualification (FPC or CPP).\n"
               "Successful candidates must pass security vetting, including an enhanced DBS check.\n")
    found = [r.text for r in requirements(posting)]
    assert found == ["Process biweekly payroll for about 9,400 employees in UKG Pro.",
                     "Administer medical, dental and vision enrollments and open enrollment.",
                     "Hold a recognised payroll qualification (FPC or CPP)."], found

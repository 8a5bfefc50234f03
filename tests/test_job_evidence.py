"""Résumé evidence: which lines can show a requirement at all, and a near miss that is about another thing."""
from __future__ import annotations

import numpy as np

from core.job import brief, credentials, involvement, objects, people
from core.job.evidence import about_the_same_thing, resume_lines, select, tenure
from core.job.templates import probeable

RESUME = """Tomás Reyes
Architectural Designer · Portland, Oregon

Profile
Architectural designer with five years of experience in housing and small civic buildings.

Experience
Architectural Designer II, Stoa Northwest Architects, Portland — 2021 to present
- Led construction documents in Revit for a 28-unit townhouse project in Beaverton.

Teacher training
Ran weekend design workshops for secondary school pupils at the city library.

Education and licensure
Master of Architecture, University of Oregon, 2016
Registered Architect, Washington State, 2019

Education
Bachelor of Architecture, Portland State University, 2014

Skills: Revit, Enscape, Bluebeam, SketchUp and hand sketching
"""


def test_a_heading_the_name_block_or_a_skills_line_is_never_a_resume_line():
    lines = [line.text for line in resume_lines(RESUME)]
    for never in ("Tomás Reyes", "Architectural Designer · Portland, Oregon", "Teacher training",
                  "Education and licensure", "Bachelor of Architecture, Portland State University, 2014",
                  "Skills: Revit, Enscape, Bluebeam, SketchUp and hand sketching",
                  "Architectural designer with five years of experience in housing and small civic buildings."):
        assert never not in lines, never
    # What the person did or holds is read, under any heading that names a section of it.
    for kept in ("Led construction documents in Revit for a 28-unit townhouse project in Beaverton.",
                 "Ran weekend design workshops for secondary school pupils at the city library.",
                 "Registered Architect, Washington State, 2019"):
        assert kept in lines, kept


def test_a_resume_without_blank_lines_keeps_its_first_line():
    assert [line.text for line in resume_lines("Led a team of six nurses on a 30-bed ward.\n"
                                               "Cut agency spend by 20% in one year.")] == [
        "Led a team of six nurses on a 30-bed ward.", "Cut agency spend by 20% in one year."]


def test_what_a_requirement_acts_on():
    assert objects.heads("Lead a team of four shift managers and around 150 associates across two shifts") == [
        "manager", "associate"]
    assert objects.heads("Contribute to the department's shared schemes of work and common assessments.") == [
        "scheme", "assessment"]
    assert objects.opens_with_its_verb("Lead a team of four shift managers", "- Led a team of 45 pickers.")
    assert not objects.opens_with_its_verb("Lead a team of four shift managers", "Ran the night shift.")
    assert not objects.names_object("Lead a team of four shift managers and around 150 associates",
                                    "Lead a team of 45 pickers, packers and water spiders on day shift.")
    assert objects.names_object("Build e-learning in Articulate Storyline 360 and Rise",
                                "Build courses in Articulate Storyline 360 and Rise")  # the tool it names


JOB = """What you'll do
- Lead a team of four shift managers and around 150 associates across two shifts, and develop your supervisors.
- Own the site's KPIs, including on-time-in-full, pick accuracy and cost per unit.
- Keep the building safe: OSHA compliance and powered industrial truck training.
- Plan and run peak season, from hiring seasonal staff to adjusting shift patterns.
"""


def test_a_line_with_the_requirements_verb_but_another_object_is_not_evidence():
    near_miss = ("Experience\n- Lead a team of 45 pickers, packers and water spiders on day shift.\n"
                 "- Chair the building's safety walk rotation and closed 120 near-miss reports.\n")
    shown = ("Experience\n- Lead three shift managers, 11 supervisors and 180 associates across two shifts.\n"
             "- Chair the building's safety walk rotation and closed 120 near-miss reports.\n")
    team = "Lead a team of four shift managers and around 150 associates across two shifts, and develop your supervisors."
    by_requirement = {item["requirement"]: item["evidence"] for item in brief(JOB, near_miss)}
    assert by_requirement[team] == []
    by_requirement = {item["requirement"]: item["evidence"] for item in brief(JOB, shown)}
    assert by_requirement[team] == ["Lead three shift managers, 11 supervisors and 180 associates across two shifts."]


def test_the_object_is_read_past_an_unknown_opening_verb_and_across_joined_gerunds():
    """The object heads are what a résumé line must name, so they must be the object, not the verb or a companion."""
    assert objects.heads("Host monitoring visits and sponsor audits.") == ["visit", "audit"]
    assert objects.heads("Travelling to our factories in China twice a year") == ["factory"]
    assert objects.heads("Own positioning and messaging for the payables product line") == ["positioning", "messaging"]
    assert "reconciliation" in objects.heads("Work with the quantity surveyor on monthly cost value reconciliations")


SCHOOL = """What you'll do
- Build strategies with teachers for supporting English learners in reading and oral language.
- Plan and deliver professional development on early release days.
"""


def test_a_line_on_a_neighbouring_task_is_not_evidence_whatever_its_verb():
    """A class with English learners is not strategies built with teachers for them: the object must be named."""
    near = "Experience\n- Teach a class of 26, about a third of whom are English learners.\n"
    shown = "Experience\n- Built reading strategies with grade 3 teachers for English learners, reviewed each term.\n"
    strategies = "Build strategies with teachers for supporting English learners in reading and oral language."
    assert not objects.names_object(strategies, "Teach a class of 26, about a third of whom are English learners.")
    allowed = about_the_same_thing([strategies], ["Teach a class of 26, about a third of whom are English learners.",
                                                  shown.splitlines()[1]])
    assert allowed.tolist() == [[False, True]]  # ruled out though it opens with another verb
    assert {i["requirement"]: i["evidence"] for i in brief(SCHOOL, near)}[strategies] == []
    assert objects.names_object(strategies, shown.splitlines()[1])


def test_attending_shadowing_or_assisting_is_not_doing_the_task():
    """A training session on supporting SEND pupils is not adapting teaching for them; shadowing managers is not
    managing; a course still shows a requirement that asks for the training itself."""
    adapt = "Adapt teaching for pupils with SEND and those learning English as an additional language."
    near = "Attended a twilight training session on adapting teaching for pupils with SEND."
    done = "Adapted teaching for pupils with SEND in a Year 4 class, with personalised reading plans."
    assert about_the_same_thing([adapt], [near, done]).tolist() == [[False, True]]
    assert {i["requirement"]: i["evidence"] for i in brief(
        f"What you'll do\n- {adapt}\n- Plan engaging lessons across Key Stage 2.\n",
        f"Experience\n- {near}\n")}[adapt] == []
    for line in ("Shadowed relationship managers on client site visits.",
                 "Took part in monthly valuations with the commercial team.",
                 "Assisted the senior quantity surveyor with monthly valuations."):
        assert involvement.secondhand(line), line
    for line in ("Helped 40 customers a day resolve billing issues.", "Supported 30 pupils with EAL in phonics.",
                 "Managed monthly valuations for four sites."):
        assert not involvement.secondhand(line), line
    assert involvement.may_show("Safeguarding training (level 2 or above)", "Completed safeguarding level 2 training.")
    for line in ("Completed Google's Jetpack Compose for Android Developers online course",
                 "CSP e-learning: red flags and cauda equina awareness (2024)"):
        assert involvement.secondhand(line), line
    # "assistants" names whom the person will teach; it does not make supervising a supporting role
    assert not involvement.may_show("As a Band 6 you will supervise and teach Band 5 physiotherapists and assistants",
                                    "Received weekly supervision from a Band 7 physiotherapist")


def test_a_lower_level_a_qualification_not_yet_held_or_passing_work_on_is_not_evidence():
    assert not involvement.may_show("CIPD Level 5 qualification or above", "CIPD Level 3 Certificate in People Practice")
    assert involvement.may_show("CIPD Level 5 qualification or above", "CIPD Level 7 Advanced Diploma, 2021")
    assert not involvement.may_show("ARB-registered architect", "Licensed in Spain; ARB registration in progress")
    assert involvement.may_show("CHRP designation (or working toward it)", "Working toward the CHRP designation")
    assert not involvement.may_show("Own escalated complaints through to resolution",
                                    "Tested the complaints form before release")
    assert not involvement.may_show("Lead the annual budgeting process", "Submitted the IT department's budget request")
    assert involvement.may_show("Test releases before they ship", "Tested 40 releases a year with a regression suite")


def test_receiving_the_task_or_passing_it_to_someone_else_is_not_doing_it():
    """A résumé in the present tense says "Receive…" and "Escalate…" as a past one says "Received…"; and passing
    leads to the account managers is not growing the accounts."""
    assert not involvement.may_show("Provide clinical supervision to Band 5 therapists",
                                    "Receive fortnightly clinical supervision; completed my newly qualified framework")
    assert not involvement.may_show("Grow existing accounts, becoming the first call for engineering managers",
                                    "Pass client leads picked up on candidate calls to the account managers")
    assert not involvement.may_show("Resolve complaints through to the final response",
                                    "Escalate complex complaints to the second-line team")
    assert involvement.may_show("Escalate confirmed incidents to the client", "Escalate confirmed incidents to the client")
    assert involvement.may_show("ACCA qualified", "Passed all ACCA exams at first attempt")


def test_a_credential_of_another_kind_is_not_the_one_asked_for():
    """First aid at work is not paediatric first aid, a membership is not a registration, and a duty is not a food
    safety qualification; the same credential by its short form, its initials or a higher level still is."""
    first_aid = "A current 12-hour Paediatric First Aid certificate, or happy to get one in your first three months"
    assert not credentials.names_it(first_aid, "Emergency First Aid at Work, one day (2023)")
    assert credentials.names_it(first_aid, "Paediatric First Aid (12-hour), renewed 2024")
    hcpc = "Registered with the Health and Care Professions Council (HCPC) as a physiotherapist"
    assert not credentials.names_it(hcpc, "Member, Chartered Society of Physiotherapy")
    assert credentials.names_it(hcpc, "HCPC registered physiotherapist, PH123456")
    assert credentials.names_it(hcpc, "Registered with the Health and Care Professions Council since 2016")
    food = "Level 2 Food Safety and Hygiene for Catering"
    assert not credentials.names_it(food, "Ran the HACCP plan and daily temperature checks for a 200-cover kitchen")
    assert credentials.names_it(food, "Level 3 Award in Food Safety in Catering (2022)")
    assert credentials.names_it("Current RN license in Ohio", "Registered Nurse, State of Ohio, active through 2027")
    # Where another credential will do, or the licence is the employer's, no name is read.
    for requirement in ("A CSCS or CPCS card", "NEBOSH General Certificate or equivalent",
                        "Keep us compliant with our Operator Licence and DVSA guidance"):
        assert credentials.names(requirement) == (), requirement
    assert not about_the_same_thing([first_aid], ["Emergency First Aid at Work, one day (2023)"]).any()


def test_something_not_held_yet_or_done_by_someone_else_is_not_evidence():
    """An exam passed towards a designation, a student enrolment, and radiographs the vet took are not the
    designation, the registration or taking radiographs; a requirement that accepts working towards it still takes
    them. Requesting or contributing to someone else's work is not doing it."""
    assert not involvement.may_show("CPCU designation", "CPCU 500 and 520 passed; designation expected 2027")
    assert not involvement.may_show("Registered Dental Nurse (GDC)", "Enrolled as a student dental nurse, 2024")
    assert involvement.may_show("CPCU designation, or working towards it", "CPCU 500 passed; designation expected 2027")
    assert not involvement.may_show("Take dental radiographs to IRMER standards",
                                    "Prepared patients for radiographs taken by the dentist")
    assert not involvement.may_show("Review title and leases for buyers", "Requested leases from the seller's solicitors")
    assert not involvement.may_show("Write the quarterly board report", "Contributed figures to the quarterly board report")
    assert involvement.may_show("Contribute to audit and service development", "Contributed to two clinical audits")
    assert involvement.may_show("Supervise junior staff", "Supervised a trainee accountant through her exams")
    assert not involvement.may_show("Design and analyse online A/B tests",
                                    "Maintained dashboards reporting the results of A/B tests set up by the growth team")
    assert not involvement.may_show("Deploy services to Kubernetes with Helm",
                                    "Deployed our services to Kubernetes using Helm charts maintained by the platform team")
    assert involvement.may_show("Get financial promotions approved",
                                "Get every financial promotion signed off by our compliance team")


def test_years_asked_as_three_or_more_are_read_as_years():
    assert tenure("Three or more years of commercial property underwriting experience")
    assert tenure("5+ years in payroll") and not tenure("Run a three-shift payroll every week")


def test_a_line_stands_for_the_requirement_it_is_closest_to():
    """Close to two requirements and clearly above the job's average, a line is credited to the closer one only."""
    scores = np.array([[0.90], [0.91], [0.70], [0.70]])
    wanted = ["Run your own nurse clinics", "Book and run reception", "Order stock", "Clean theatres"]
    assert select(scores, wanted) == [[], [0], [], []]


def test_helping_someone_build_it_or_being_enrolled_on_it_is_not_having_done_it():
    assert involvement.secondhand("Helped build the team's remote monitoring checklist")
    assert not involvement.secondhand("Helped 40 customers a day resolve billing issues.")
    assert not involvement.may_show("Chartered Member of the RICS (MRICS)",
                                    "AssocRICS (2019); enrolled on the RICS APC, final assessment planned for 2026")


def test_what_a_line_says_it_lacks_a_place_not_yet_taken_and_a_home_project_are_not_evidence():
    licence = "A UK CAA Part-66 B1.1 licence with an ATR 42/72 type rating endorsed"
    assert not involvement.may_show(licence, "UK CAA Part-66 B1.1 licence, issued 2022 (no type endorsements)")
    assert involvement.may_show(licence, "UK CAA Part-66 B1.1 licence with ATR 72 type rating, 2021")
    assert involvement.may_show("GPhC registration", "GPhC registered pharmacist (no. 2078431)")
    assert not involvement.may_show("CELTA or Trinity CertTESOL",
                                    "Trinity CertTESOL – place accepted on the part-time course starting October 2026")
    assert not involvement.may_show("Run, upgrade and scale our production Kubernetes clusters on EKS",
                                    "Run a three-node k3s cluster at home for personal projects (Pi-hole, Nextcloud)")
    assert involvement.may_show("Run, upgrade and scale our production Kubernetes clusters on EKS",
                                "Operate four production EKS clusters (about 900 nodes)")
    assert not involvement.may_show("Supervise mechanics and apprentices and check their work before you certify it",
                                    "Helped the shift supervisor allocate tasks to apprentices on the night shift.")


def test_a_requirement_to_manage_people_is_shown_only_by_managing_them():
    from core.job import people
    supervise = "Supervise, train and assess pharmacy support workers and trainees"
    assert not people.may_show(supervise, "Show new pharmacy support workers around the dispensary on induction day.")
    assert people.may_show(supervise, "Trained and signed off 6 pharmacy support workers on final checks")
    assert people.may_show(supervise, "Educational supervisor for two pre-registration trainees")
    assert not people.may_show("Line manage and develop a Procurement Officer.",
                               "Prepared tender packs and clarification logs for the Procurement Manager")
    assert not people.may_show("Supervise mechanics and apprentices on shift",
                               "Ran evening revision sessions to help an apprentice pass his module exam")
    assert people.may_show("Supervise mechanics and apprentices on shift", "Ran the night shift of 6 mechanics")
    assert people.may_show("Prepare tender packs", "Prepared tender packs for the Procurement Manager")


def test_training_given_is_a_duty_and_work_for_someone_who_does_it_is_theirs():
    train = "Deliver training to nurses, doctors and healthcare assistants on MUST screening"
    assert not involvement.may_show(train, "Completed MUST e-learning and the trust's nutrition screening competencies.")
    assert not involvement.may_show(train, "Helped the Nutrition Nurse run the ward MUST champions' day by booking rooms")
    assert involvement.may_show("Deliver annual financial crime training to staff",
                                "Designed and delivered the annual financial crime e-learning for 300 staff.")
    assert involvement.may_show("Mandatory training up to date", "Completed safeguarding e-learning, 2025")
    assert not involvement.may_show("Assess patients for parenteral nutrition",
                                    "BAPEN regional study day: parenteral nutrition and refeeding syndrome (2024)")
    assert not involvement.may_show("Prepare and lodge BAS and IAS for your clients",
                                    "Pull together GST reports for our external accountant, who prepares and lodges the BAS.")
    assert not involvement.may_show("Write Condition Improvement Fund bids",
                                    "Supplied condition data and photographs for the academy's successful CIF roof bid")
    assert not involvement.may_show("Registered BAS agent", "I'm finishing my Certificate IV in Bookkeeping")


def test_a_profile_or_career_summary_under_any_such_title_is_not_evidence():
    resume = ("Ann Lee\nann@example.com\n\nPersonal profile\nDietitian with four years' post-registration experience "
              "in acute adult hospitals.\n\nCAREER SUMMARY\nAccounts officer with four years at a busy wholesaler.\n\n"
              "Experience\n- Manage an inpatient caseload of 18-25 surgical patients.")
    assert [line.text for line in resume_lines(resume)] == ["Manage an inpatient caseload of 18-25 surgical patients."]


def test_another_level_code_or_award_of_a_named_credential_is_not_it():
    assert not involvement.may_show("Marine High Voltage certificate at management level",
                                    "Marine High Voltage Safety - Operational Level, Warsash Maritime School, 2018")
    assert involvement.may_show("Marine High Voltage certificate at operational level",
                                "Marine High Voltage Safety - Management Level, 2018")
    coc = "STCW III/2 Second Engineer Officer Certificate of Competency"
    assert not credentials.names_it(coc, "STCW III/1 Engineer Officer of the Watch CoC (Unlimited), MCA, 2020")
    assert credentials.names_it(coc, "STCW III/2 Second Engineer CoC (Unlimited), MCA, 2023")
    assert credentials.names_it("Lead DFM reviews through T1 tool trials", "Led DFM reviews and T0-T2 tool trials")
    assert not involvement.may_show(coc, "Second Engineer (III/2) written exams passed; MCA oral exam booked for June")
    award = "Propertymark Level 3 Award in Residential Letting and Property Management (or higher)"
    assert not credentials.names_it(award, "Propertymark Level 3 Award in Sale of Residential Property, 2024")
    assert credentials.names_it(award, "Propertymark Level 3 Award in Residential Letting and Property Management")


def test_a_duty_is_shown_by_doing_it_not_by_a_course_about_it_or_by_gathering_for_someone_who_does():
    duty = "Keep each property compliant: gas safety certificates, EICRs, smoke alarms and deposit protection"
    assert not involvement.may_show(duty, "Attended a Propertymark webinar on electrical safety (EICR) rules.")
    assert involvement.may_show("Keep your mandatory training up to date", "Attended safeguarding level 2 training")
    assert not involvement.may_show("Visit landlords to give rental valuations",
                                    "Accompanied the branch manager on landlord valuation appointments")
    assert not involvement.may_show("Carry out SIP 2 investigations into company affairs",
                                    "Collate bank statements and records for the case manager's SIP 2 review")


def test_being_in_the_room_is_not_a_working_knowledge_and_sending_data_on_is_not_managing_it():
    mha = "Working knowledge of the Mental Health Act, Mental Capacity Act and Care Act"
    assert not involvement.may_show(mha, "Attended Mental Health Act tribunals and managers' hearings with service users")
    assert not involvement.may_show("Sound working knowledge of NEC4 ECC",
                                    "NEC4 Project Manager Accreditation course (attended, 2023)")
    assert involvement.may_show("A clear understanding of your safeguarding responsibilities",
                                "Completed safeguarding training and know how to log a concern")
    assert involvement.may_show("Safeguarding training and knowledge", "Attended safeguarding level 3 training")
    budget = "Setting and managing a production budget of around £1.4m"
    assert not involvement.may_show(budget, "Sent crew hours and consumables spend to the production manager each week")
    assert involvement.may_show("Report shift results to the site manager",
                                "Send an end-of-shift KPI report to the site manager and client account lead")
    assert not involvement.may_show("Keep the ER case tracker accurate",
                                    "Log new cases on the HR system for the Head of People's monthly report")


def test_a_participle_that_says_what_was_done_to_the_person_is_quoted_not_probed():
    assert not probeable("Approved to teach: Science 7–10, Chemistry 11–12 (NSW Department of Education)")
    assert not probeable("Promoted to team lead in 2023 after 18 months")
    assert probeable("Approved 40 supplier invoices a day in SAP")


def test_p_rules_a_duty_needs_the_work_itself():
    """Training to give, a grade of membership, exams part-passed, a placement, a scribe, practice and hand work."""
    training = "Deliver health and safety training - inductions, toolbox talks, IOSH Managing Safely for team leaders."
    assert not involvement.may_show(training, "IOSH Managing Safely (2021)")
    assert involvement.may_show(training, "Delivered 40 toolbox talks and ran IOSH Managing Safely for 12 supervisors")
    assert not involvement.may_show("Tech IOSH membership or above.", "Affiliate member, IOSH")
    assert involvement.may_show("Tech IOSH membership or above.", "Chartered Member of IOSH (CMIOSH), 2022")
    acca = "Qualified ATT, ACA or ACCA (CTA part-qualified is a plus)"
    assert not involvement.may_show(acca, "ACCA: 11 of 13 exams passed, including Advanced Taxation; final two in June")
    assert involvement.may_show("ACCA qualified", "Passed all ACCA exams at first attempt")
    assert not involvement.may_show("Take part in the community on-call rota",
                                    "Six-week community placement observing booking appointments and postnatal visits")
    assert not involvement.may_show("Recognise and manage obstetric emergencies",
                                    "Acted as scribe at two obstetric emergency calls")
    assert not involvement.may_show("Design, build and maintain end-to-end UI test suites in Playwright",
                                    "Currently building a Playwright practice suite against the SauceDemo demo store")
    assert not involvement.may_show("Write automated API tests for our order and payment services",
                                    "Use Postman to send requests to the order and payments APIs by hand")
    assert involvement.may_show("Automate repetitive operational work with Python or Go.",
                                "Wrote a Go tool that rotates credentials, replacing a monthly manual task")
    assert not involvement.may_show("Act as safeguarding lead, making referrals to the local authority",
                                    "Raised safeguarding concerns with the home manager, who made the referrals")
    assert tenure("At least 12 months' post-registration experience as a midwife")
    assert not tenure("Paediatric First Aid certificate, or happy to get one within 3 months of starting")


def test_a_duty_is_not_shown_by_what_the_person_holds():
    from core.job.evidence import brief
    posting = ("Responsibilities\n- Act as safeguarding lead, making referrals to the local authority and "
               "notifying the CQC\n\nRequirements\n- Registered Manager's Level 5 Diploma in Leadership and "
               "Management for Adult Care")
    resume = ("Jo Bloggs\njo@example.com\n\nQualifications\n- Safeguarding Adults Level 3; Mental Capacity Act and DoLS "
              "for managers; safeguarding lead training\n- Level 5 Diploma in Leadership and Management for Adult "
              "Care, 2020")
    lines = resume_lines(resume)
    assert all(line.held for line in lines)
    items = {i["requirement"][:20]: i["evidence"] for i in brief(posting, resume)}
    assert items["Act as safeguarding "] == []


def test_q_rules_a_smaller_team_a_lower_case_subject_and_others_work():
    from core.job import people
    store = "Lead, coach and develop a store team of around 140 colleagues"
    assert not people.may_show(store, "Line-manage a team of 22 colleagues across produce, bakery and fish")
    assert people.may_show(store, "Lead a team of 120 colleagues across two shifts")
    food = "A Level 3 food safety qualification (for example the Level 3 Award in Food Safety in Catering)"
    assert not credentials.names_it(food, "Level 3 Award in Health and Safety in the Workplace (2021)")
    assert credentials.names_it(food, "Level 3 Award in Food Safety in Catering, 2022")
    assert not involvement.may_show("Load programs, touch off tools, set work offsets and prove out new programs",
                                    "Ran first pieces on new jobs after the lead proved out the program")
    degree = "BSc (Hons) Diagnostic Radiography and current HCPC registration"
    assert not involvement.may_show(degree, "Practice educator for BSc Diagnostic Radiography students")
    assert involvement.may_show("Supervise and train pre-registration pharmacists",
                                "Educational supervisor for two pre-registration trainees")
    resume = "Ann Lee\nann@example.com\n\nIT SKILLS\nExcel (advanced: pivot tables, XLOOKUP, macros), Sage 200, COINS"
    assert resume_lines(resume) == []


def test_being_coached_or_through_an_academy_is_not_coaching():
    coach = "Coach and develop your Associate Brand Manager."
    assert not involvement.may_show(coach, "Completed the company's ABM Leadership Academy, with monthly coaching "
                                           "from a Senior Brand Manager")
    assert not involvement.may_show(coach, "Grew as a brand lead with fortnightly mentoring from the CMO")
    assert involvement.may_show(coach, "Coached two Associate Brand Managers, both promoted within 18 months")


def test_being_mentored_assisting_a_named_professional_or_taking_the_notes_is_not_the_work():
    mentor = "Mentor our newly qualified pharmacists and teach dispensing skills to trainees"
    assert not involvement.may_show(mentor, "Completed my foundation year in 2019, supported by a senior pharmacist "
                                            "mentor")
    assert not involvement.may_show(mentor, "Mentored by the chief pharmacist through my first two years")
    assert involvement.may_show(mentor, "Mentor three foundation pharmacists through their training year")
    operate = "Carry out routine dental extractions and root canal treatment"
    assert not involvement.may_show(operate, "Assisted the practice's visiting oral surgeon with extractions")
    assert involvement.may_show("Provide chairside assistance to our dentists", "Assist dentists chairside with "
                                                                                "fillings and extractions")
    hearings = "tribunal applications, and supporting our senior solicitors at hearings"
    assert not involvement.may_show(hearings, "Sat in on a contested tribunal hearing to take notes for the partner")
    assert involvement.may_show(hearings, "Supported the senior solicitor at 12 tribunal hearings, preparing bundles")
    assert not involvement.may_show("Run disciplinary hearings", "Took notes at 20 disciplinary hearings")
    assert involvement.may_show("Take notes at formal hearings", "Took notes at 20 disciplinary hearings")
    assert not involvement.may_show("Handle customer complaints and draft responses",
                                    "Gathered account histories for the Team Leader's complaint responses")


def test_a_course_booked_is_not_held_and_a_team_counted_in_words_is_read():
    assert not involvement.may_show("NEBOSH General Certificate", "NEBOSH General Certificate – course booked for "
                                                                  "June 2026")
    assert not people.may_show("Supervise a shift of up to 24 operatives", "Lead a team of five operatives on line 2")
    assert people.may_show("Supervise a shift of up to 24 operatives", "Lead a team of twelve operatives on line 2")


def test_a_duty_may_open_with_its_gerund_and_the_people_are_not_their_work():
    assert involvement.is_duty("Investigating customer complaints and drafting replies")
    assert involvement.is_duty("Carry out planned maintenance on the pumping stations")
    assert not involvement.is_duty("Working knowledge of Sage 200")
    assert not involvement.is_duty("Supporting the finance team at month end")
    manage = "Recruit, brief and manage freelance interpreters and reviewers"
    assert not objects.names_object(manage, "Interpret at 20 hospital appointments a week")
    assert objects.names_object(manage, "Managed a pool of 40 freelance interpreters across six languages")
    assert objects.names_object("Investigate accidents reported under RIDDOR", "Investigated RIDDOR-reported falls")


def test_a_lapsed_or_provisional_credential_and_being_involved_are_not_it():
    licence = "Full UK driving licence"
    assert not involvement.may_show(licence, "Provisional UK driving licence")
    assert involvement.may_show(licence, "Full UK driving licence, clean")
    lifeguard = "National Pool Lifeguard Qualification (NPLQ)"
    assert not involvement.may_show(lifeguard, "National Pool Lifeguard Qualification (lapsed 2023)")
    assert not involvement.may_show(lifeguard, "NPLQ - expired March 2024")
    assert involvement.may_show("Win back lapsed customers", "Won back 300 lapsed customers with a winback series")
    migrate = "Lead the migration of our payroll to Workday"
    assert not involvement.may_show(migrate, "Involved in the migration of payroll to Workday")
    assert not involvement.may_show(migrate, "Part of the project team that moved payroll to Workday")
    assert involvement.may_show(migrate, "Led the migration of payroll for 4,000 staff to Workday")


def test_asking_someone_else_to_do_it_escorting_them_or_being_trained_is_not_doing_it():
    repair = "Fault-find and repair the dosing pumps and chlorinators"
    assert not involvement.may_show(repair, "Raised work orders in SAP when dosing pumps failed")
    assert not involvement.may_show(repair, "Reported chlorinator faults to the maintenance team")
    assert involvement.may_show("Raise work orders for defects", "Raised work orders in SAP when dosing pumps failed")
    assert involvement.may_show("Report monthly results to the board", "Reported KPIs to the board every month")
    legionella = "Carry out legionella water temperature testing"
    assert not involvement.may_show(legionella, "Escorted the legionella contractor on monthly temperature checks")
    assert not involvement.may_show("Take blood samples from adults and children", "Trained in phlebotomy (2024)")
    assert involvement.may_show("Take blood samples from adults and children", "Take 30 blood samples a day in "
                                                                               "the outpatient clinic")


def test_a_qualification_in_another_subject_is_not_it_and_alternatives_are_read_one_by_one():
    nvq = "NVQ Level 3 in Signalling Maintenance, or an HNC in electrical/electronic engineering"
    assert not credentials.names_it(nvq, "NVQ Level 3 in Electrotechnical Services (2019)")
    assert credentials.names_it(nvq, "NVQ Level 3 Diploma in Signalling Maintenance (2021)")
    assert credentials.names_it(nvq, "HNC Electrical and Electronic Engineering, Leeds College, 2018")
    degree = "A degree in Environmental Health accredited by the CIEH"
    assert credentials.names_it(degree, "BSc (Hons) Environmental Health, CIEH accredited (2020)")
    assert not credentials.names_it(degree, "BSc (Hons) Environmental Science (2019)")
    assert credentials.names_it("A degree in a numerate subject", "BSc (Hons) Economics (2018)")
    assert credentials.names_it("NVQ Level 3 in Signalling Maintenance, or equivalent", "NVQ Level 3 in Electrotechnical "
                                                                                   "Services (2019)")


def test_handing_it_over_booking_it_for_someone_buying_it_in_or_sitting_on_a_group_is_not_doing_it():
    trusts = "Administering lifetime trusts, including registration with the Trust Registration Service"
    assert not involvement.may_show(trusts, "Spot trusts arising on death and pass them to the trusts team for "
                                            "registration and administration")
    assert involvement.may_show(trusts, "Administer 40 lifetime trusts, including TRS registration and tax returns")
    valuations = "Visit landlords to give rental valuations"
    assert not involvement.may_show(valuations, "Booked valuation visits for the lettings manager from canvassing calls")
    assert involvement.may_show("Book valuation visits for the lettings team", "Booked valuation visits for the "
                                                                               "lettings manager")
    surveys = "Undertaking measured surveys and producing plans in AutoCAD"
    assert not involvement.may_show(surveys, "Commissioned measured surveys from a specialist survey firm")
    assert involvement.may_show("Commission specialist surveys", "Commissioned measured surveys from a specialist "
                                                                 "survey firm")
    contact = "Act as the Trust's point of contact with the Information Commissioner's Office"
    assert not involvement.may_show(contact, "Member of the Trust's Information Governance Group")
    assert involvement.may_show("Sit on the Information Governance Group", "Member of the Trust's Information "
                                                                           "Governance Group")


def test_the_people_whose_work_a_line_is_near_are_one_list():
    assert not involvement.may_show("Carry out bat roost surveys", "Assisted the senior ecologist with bat roost "
                                                                   "surveys")
    assert not involvement.may_show("Write the monthly pricing report", "Pulled the data for the pricing analyst's "
                                                                        "monthly report")
    assert involvement.may_show("Serve 40 customers a day", "Assisted 40 customers a day at the counter")


def test_coaching_people_is_shown_by_coaching_and_a_licence_worked_under_is_not_held():
    coach = "Coach first-line analysts on network troubleshooting"
    assert not involvement.may_show(coach, "First-line support for 400 staff; patched cables and swapped switches")
    assert involvement.may_show(coach, "Coached four first-line analysts on VLAN and DHCP troubleshooting")
    mentor = "Support and mentor apprentices in the team"
    assert not involvement.may_show(mentor, "Engineering apprentice (Level 3, since 2024)")
    assert involvement.may_show(mentor, "Buddy and supervise two first-year apprentices on site")
    assert involvement.may_show("Adapt your teaching so that students with SEND can take part",
                                "Adapt lessons for students with SEND using visual timetables")
    licence = "Hold a Natural England class licence for great crested newts"
    assert not involvement.may_show(licence, "Accredited agent on my manager's Natural England newt class licence")
    assert involvement.may_show(licence, "Natural England great crested newt class licence (CL08), held since 2021")


def test_another_bodys_grade_is_read_by_name_unless_or_above_and_work_for_someone_to_finish_is_theirs():
    assert not involvement.may_show("Qualifying or Associate membership of CIEEM", "Graduate Member of CIEEM")
    assert involvement.may_show("Qualifying or Associate membership of CIEEM", "Full Member of CIEEM (MCIEEM)")
    assert involvement.may_show("Tech IOSH membership or above", "Graduate member of IOSH")
    assert not involvement.may_show("Tech IOSH membership or above", "Affiliate member of IOSH")
    gain = "Calculate biodiversity net gain with the statutory metric"
    assert not involvement.may_show(gain, "Entered habitat areas into the statutory metric for the BNG lead to check "
                                          "and finalise")
    assert involvement.may_show("Keep accurate clinical notes on SOE", "Type clinical notes into SOE for the dentist "
                                                                       "to check and sign")


def test_a_lesser_award_of_the_same_name_or_another_bodys_attestation_is_not_it():
    first_aid = "A current First Aid at Work certificate"
    assert not credentials.names_it(first_aid, "Emergency First Aid at Work (1-day), 2024")
    assert credentials.names_it(first_aid, "First Aid at Work (3-day), renewed 2024")
    attestation = "A current UK CAA Cabin Crew Attestation"
    assert not credentials.names_it(attestation, "Cabin Crew Attestation issued by the Irish Aviation Authority, 2022")
    assert credentials.names_it(attestation, "UK CAA Cabin Crew Attestation (2019)")


def test_a_degree_is_shown_by_a_degree_a_course_booked_onto_is_not_held_and_being_the_player_is_not_coaching():
    degree = "A degree in food science, microbiology or a related subject"
    assert not credentials.names_it(degree, "Member of the Institute of Food Science & Technology (MIFST)")
    assert credentials.names_it(degree, "BSc (Hons) Food Science, University of Reading, 2016")
    assert credentials.names_it("A diploma or degree in Hospitality Management",
                                "Diploma in Hospitality Management, 2012")
    assert not involvement.may_show("A completed Lead Auditor course", "Booked onto a Lead Auditor course, March 2026")
    assert not involvement.may_show("Complete six-weekly player reviews and learning plans",
                                    "Went through six-weekly reviews and learning plans as a player at the academy")


def test_another_unit_code_a_lower_grade_another_variant_or_no_degree_is_not_it():
    units = "NPTC / City & Guilds CS38 and CS39 (or the older equivalents)"
    assert not credentials.names_it(units, "City & Guilds NPTC CS30 and CS31")
    assert credentials.names_it(units, "City & Guilds NPTC CS38 Tree Climbing and Aerial Rescue, CS39")
    assert not credentials.another_code("Lead DFM reviews through T1 samples", "Led DFM reviews and T0-T2 tool trials")
    check = "A current NSW Working with Children Check (paid employment)"
    assert not credentials.names_it(check, "NSW Working with Children Check (volunteer) WWC0983154V")
    assert credentials.names_it(check, "NSW Working with Children Check (paid) WWC0983154E")
    assert not involvement.may_show("Chartered Engineer status with Engineers Ireland",
                                    "Associate Member, Engineers Ireland")
    degree = "Bachelor's degree in actuarial science, mathematics, statistics, economics or a related field"
    assert not credentials.names_it(degree, "VEE credits complete (Economics, Accounting and Finance, Statistics)")
    assert credentials.names_it(degree, "BS in Mathematics, University of Iowa, 2021")
    assert not credentials.names_it(degree, "Cut the model's run time from 900 ms to 40 ms")  # milliseconds are no MS


def test_reading_and_signing_it_is_not_writing_it_and_a_check_is_done_on_its_object():
    assert not involvement.may_show("Complete site-specific risk assessments and method statements",
                                    "Read and sign the site risk assessment at the morning briefing")
    assert involvement.may_show("Complete site-specific risk assessments and method statements",
                                "Wrote site-specific risk assessments and method statements for 40 felling jobs")
    machine = "Check and prepare the anaesthetic machine, airway equipment and monitoring before each list"
    assert not objects.names_object(machine, "Check and set up the laparoscopic stack, diathermy and tourniquet")
    assert objects.names_object(machine, "Check the anaesthetic machine and airway trolley before every list")


def test_fewer_hours_than_asked_another_certified_role_or_a_software_list_for_a_duty_is_not_it():
    hours = "At least 500 hours on the A320 family in commercial air transport operations"
    assert not involvement.may_show(hours, "Total 232 hrs, including 168 hrs piston and A320 base training")
    assert involvement.may_show(hours, "Logged 1,450 hours on the A320 family with a UK low-cost airline")
    admin = "Salesforce Certified Administrator credential (required)."
    assert not credentials.names_it(admin, "Salesforce Certified Associate, 2024")
    assert credentials.names_it(admin, "Salesforce Certified Administrator (2022)")
    resume = ("Experience\n- Designed steel portal frames to the Eurocodes\n\nSOFTWARE\n"
              "Tekla Structural Designer, Revit, AutoCAD, MasterSeries, IDEA StatiCa\n")
    listed = [line for line in resume_lines(resume) if line.text.startswith("Tekla")]
    assert listed and listed[0].held  # read for knowing the tools, never for a duty done in them


def test_still_enrolled_another_short_form_or_a_lower_school_grade_is_not_held():
    diploma = "Level 4 Diploma in Veterinary Practice Management"
    assert not involvement.may_show(diploma, "Level 4 Diploma in Veterinary Practice Management - currently "
                                             "enrolled, final units due March 2027")
    assert involvement.may_show(diploma, "Level 4 Diploma in Veterinary Practice Management, awarded 2021")
    therapist = "Registered Polysomnographic Technologist (RPT) credential through the BRPT"
    assert not credentials.names_it(therapist, "Certified Polysomnographic Technician (CPT), BRPT, 2023")
    assert credentials.names_it(therapist, "Registered Polysomnographic Technologist (RPT), BRPT, 2021")
    licence = "High Risk Work Licence - Dogging (DG) is essential"
    assert not credentials.names_it(licence, "High Risk Work Licence - RB (basic rigging)")
    assert credentials.names_it(licence, "High Risk Work Licence - DG (dogging), 2020")
    gcse = "GCSEs in English and Maths at grade 4 (C) or above"
    assert not involvement.may_show(gcse, "GCSEs (2012): English Literature B, Maths E, History C")
    assert not involvement.may_show(gcse, "GCSE Maths grade 3, English Language grade 5")
    assert involvement.may_show(gcse, "8 GCSEs including English Language 6 and Maths 4")


def test_recommending_it_to_a_manager_arranging_an_outside_trainer_or_mentoring_is_not_doing_it():
    assert not involvement.may_show("Set credit limits for new trade accounts",
                                    "Recommend credit limit increases to my team leader for approval")
    assert involvement.may_show("Recommend changes to the board on treasury policy",
                                "Recommended a revised hedging policy to the board, adopted in 2024")
    gas = "Carry out annual gas safety inspections on council homes"
    assert not involvement.may_show(gas, "Schedule the annual gas safety inspections with an external contractor "
                                         "and chase access")
    assert involvement.may_show(gas, "Carried out annual gas safety inspections on 400 council homes")
    train = "Train and assess new warehouse operatives on reach trucks"
    assert involvement.may_show(train, "Trained and assessed 30 new operatives on reach trucks")
    manage = "Line manage and develop two Payroll Administrators"
    assert not people.may_show(manage, "Mentor the apprentice payroll assistant through her Level 3")
    assert people.may_show(manage, "Line-managed two payroll administrators, setting objectives and reviews")


def test_a_lower_case_letter_after_a_subject_is_no_grade():
    gcse = "GCSE English and Maths at grade 4 (C) or above"
    assert involvement.may_show(gcse, "Ran English e-learning catch-up sessions for Year 9")
    assert not involvement.may_show(gcse, "GCSEs: English E, Maths C")

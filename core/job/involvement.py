"""Whether a résumé line shows the person doing a task, or only being near it: attending, training, shadowing,
observing, taking part in or helping with someone else's work.

A hiring manager does not take "Attended a training session on supporting SEND pupils" as evidence of "Adapts
teaching for pupils with SEND", nor "Took part in monthly valuations" as evidence of "Runs the monthly cost
reporting". The sentence model scores such lines close to the requirement (same field, same nouns), so they are
read by rule: a line that opens with one of these verbs (or says it took part) is evidence only for a requirement
that itself asks for training, knowledge or a supporting role. Chosen on labelled résumé lines marked "same task"
or "neighbouring task" (docs/job-tailoring.md).
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.job import standing, templates

# The people whose work a line may be near: "Assisted the visiting orthopaedic surgeon", "for the case manager's
# review", "Booked appointments for the branch valuer" (not customers, patients or pupils).
_ROLE_WORDS = (r"manager|lead|leader|head|supervisor|director|teacher|senior|consultant|surveyor|engineer|architect|"
               r"partner|officer|nurse|doctor|surgeon|vet|dentist|pharmacist|physician|solicitor|accountant|scientist|"
               r"technician|specialist|therapist|midwife|radiographer|anaesthetist|clinician|practitioner|investigator|"
               r"underwriter|adviser|advisor|editor|valuer|negotiator|ecologist|chef|buyer|planner|analyst|designer|"
               r"developer|auditor|actuary|controller|coordinator|administrator|paramedic|psychologist|registrar")
_ROLES = rf"(?:{_ROLE_WORDS})"

# Being near the work rather than doing it, as a résumé line opens ("Attended…", "Shadowed…") or says it
# anywhere ("…through a shadowing placement").
_OPENS = re.compile(
    r"^\s*(?:[-*•·▪◦–—]\s*)?(?:I\s+)?(?:attend(?:ed|s|ing)?|"
    r"complet(?:ed|es|ing)\s+(?:an?\s+|the\s+)?(?:[\w'’.+&]+[- ]){0,7}"
    r"(?:training|course|module|workshop|session|induction|cpd|e-learning|programme|program|academy)|"
    r"shadow(?:ed|s|ing)?|observ(?:ed|es|ing)|accompan(?:y|ied|ies|ying)|escort(?:ed|s|ing)?|"
    r"(?:was\s+)?trained (?:in|on)\b|took part in|take part in|taking part in|participat(?:ed|es|ing)\s+in|"
    r"(?:was\s+|been\s+)?involved in|(?:was\s+)?(?:a\s+)?part of (?:a|the|our)\s+(?:[\w-]+\s+){0,3}?team (?:that|which|who)|"
    r"sat in on|sit in on|(?:assist|help|support)(?:ed|s|ing)?\s+with\b|"
    # "Assisted the group's visiting orthopaedic surgeon with TPLOs": someone else's work, however they are named
    r"(?:assist|help|support)(?:ed|s|ing)?\s+(?:(?:the|my|a|an|our)\s+)?(?:[\w'’-]+\s+){0,3}?(?:" + _ROLE_WORDS
    + r"|team)s?\b|"
    r"gain(?:ed|s|ing)?\s+(?:\w+\s+)?exposure|exposure to|familiar(?:ity)? with|introduc(?:ed|tion)\s+to|"
    r"learn(?:ed|t|ing)\s+(?:about|the basics)|studied|read up on|"
    r"read(?:s|ing)?\s+and\s+sign(?:ed|s|ing)?|(?:was\s+)?briefed\s+on)\b",
    re.IGNORECASE)
# Helping someone else do it: "Helped build the team's monitoring checklist" (not "Helped 40 customers a day…").
_HELPED = re.compile(r"^\s*(?:[-*•·▪◦–—]\s*)?(?:I\s+)?help(?:ed|s|ing)?\s+(?:to\s+)?([A-Za-z]+)",
                     re.IGNORECASE)
# Being taught: "BAPEN study day: parenteral nutrition", "Completed MUST e-learning" (not for one who gives it:
# "Designed and delivered the annual financial crime e-learning").
_COURSE = re.compile(r"\b(?:awareness (?:course|training|session)|e-learning|online course|webinar|study day|"
                     r"training (?:session|course|day) on|twilight (?:session|training))\b", re.IGNORECASE)
_GIVES_IT = re.compile(r"^\W*(?:I\s+)?(?:design|deliver|ran\b|run|led\b|lead|wr[io]te|built|build|creat|develop|present|"
                       r"author|host|facilitat|teach|taught)", re.IGNORECASE)
_ANYWHERE = re.compile(r"\b(?:shadowing|work experience placement|as an observer|placement observing|"
                       # being coached, not coaching: "with monthly coaching from a Senior Brand Manager"
                       r"(?:coaching|mentoring|supervision|mentorship) from (?:a|an|the|my|our)|"
                       # "…supported by a senior vet mentor", "mentored by the deputy head"
                       r"(?:mentored|coached) by\b|(?:supported|supervised) by (?:a|an|the|my|our) (?:[\w-]+ ){0,3}?"
                       r"(?:mentor|coach|supervisor|educator|assessor)\b|"
                       r"(?:as|acted as) (?:a |the )?(?:scribe|runner|observer)|"
                       # on the receiving end: "Went through six-weekly reviews and ILPs as a player"
                       r"\bas an? (?:player|pupil|participant|patient|client|service user|customer|candidate)\b|"
                       # gathering for someone else's piece of work: "Collate records for the case manager's SIP 2 review"
                       r"for (?:the|my|our|a|an) (?:[\w-]+ ){0,2}" + _ROLES + r"['’]s\b|"
                       r"for (?:the|my|our) head of (?:[\w-]+ ){0,2}?[\w-]+['’]s\b|"

                       # the work was someone else's: "radiographs taken by the clinic vet", "A/B tests set up by the growth team"
                       r"(?:taken|done|performed|carried out|led|run|planned|written|designed|conducted|made|set|set up|"
                       r"prepared|maintained|built|created|developed|drafted|owned|bound|prescribed|chaired|specified|"
                       r"assigned|allocated) by "
                       r"(?:the|a|an|our|my)\b)", re.IGNORECASE)
# Testing, watching, receiving, requesting, contributing to or passing on what someone else makes or owns ("Tested
# REST APIs", "Escalated complaints to the second line", "Submitted the department's budget request", "Receive
# fortnightly clinical supervision", "Request management packs from managing agents", "Contributed a case study to
# the Trust's bid", "Pass client leads to the account managers"): evidence only for a requirement with the same verb.
_OTHERS_WORK = re.compile(r"^\s*(?:[-*•·▪◦–—]\s*)?(?:I\s+)?(?P<verb>test(?:ed|s|ing)?|monitor(?:ed|s|ing)?|"
                          r"submit(?:ted|s|ting)?|escalat(?:e|ed|es|ing)|receiv(?:e|ed|es|ing)|referr?(?:ed|ing|s)?|"
                          r"contribut(?:e|ed|es|ing)|suppl(?:y|ied|ies|ying)|"
                          r"request(?:ed|s|ing)?|pass(?:ed|es|ing)? on|"
                          # asking someone else to do it: "Raised work orders in SAP when dosing pumps failed",
                          # "Reported breakdowns to the maintenance team"
                          r"rais(?:e|ed|es|ing)\s+(?:[\w-]+\s+){0,2}?(?:work orders?|tickets?|jobs?|requisitions?|"
                          r"purchase orders?|POs|defects?|faults?|repair requests?|call-?outs?)|"
                          r"report(?:ed|s|ing)?\b[^.;]{1,60}?\bto (?:the|our|my|a|an)\b|"
                          # buying it in: "Commissioned measured building surveys from a specialist survey firm"
                          r"(?:commission|outsourc|instruct|engag)(?:e|ed|es|s|ing)?\b[^.;]{1,60}?\bfrom (?:a|an|the|our) "
                          r"[^.;]{0,40}?\b(?:firm|company|contractor|consultan\w*|agency|supplier|specialist|practice)s?\b|"
                          # arranging it for the one who does it: "Booked market appraisal appointments for the
                          # branch manager"
                          r"(?:book|schedul|arrang)(?:e|ed|es|s|ing)?\b[^.;]{1,60}?\bfor (?:the|our|my|a|an) "
                          r"(?:[\w-]+ ){0,2}(?:" + _ROLE_WORDS + r"|agent|team)s?\b|"
                          r"(?:pass(?:ed|es|ing)?|sen[dt]s?|sending|forward(?:ed|s|ing)?)\b[^.;]{1,60}?\bto "
                          r"(?:the|our|my|a|an)\b|"
                          # the decision is someone else's: "Recommend reserve changes to my team leader"
                          r"(?:recommend|propos|suggest)(?:e|ed|es|s|ing)?\b[^.;]{1,60}?\bto (?:the|our|my|a|an|their)\b|"
                          # someone from outside does it: "Organise the crew's VOC assessments with an external assessor"
                          r"(?:organi[sz]|arrang|book|schedul|coordinat)(?:e|ed|es|s|ing)?\b[^.;]{1,60}?\bwith (?:an?|the|our) "
                          r"(?:[\w-]+ ){0,3}?(?:assessors?|trainers?|providers?|instructors?|tutors?|examiners?|"
                          r"contractors?|consultan\w*|suppliers?|compan(?:y|ies)|firms?|agenc(?:y|ies))\b)\b",
                          re.IGNORECASE)
# A requirement that asks for the training, knowledge or supporting role itself.
_ASKS_TO_LEARN = (r"trained|training(?! (?:to|for)\b)|certifi(?:cat|ed)\w*|qualif\w*|knowledge|understanding|familiar\w*|"
                  r"aware\w*|exposure|licen[cs]\w*|degree|course\w*|cpd|working towards?|(?:willing|eager|keen) to learn|"
                  r"interest in")
_ASKS_FOR_IT = re.compile(rf"\b(?:{_ASKS_TO_LEARN}|assist(?:s|ing)?\b|support(?:ing)? (?:the|our|a) \w+|"
                          r"help(?:ing)? (?:the|our) \w+)\b", re.IGNORECASE)
# Being in the room, not helping: for a supporting role ("supporting our professional deputies with annual reports"),
# "Sat in on a contested deputyship hearing … to take notes" shows neither the support nor the work.
_LOOKED_ON = re.compile(r"^\s*(?:[-*•·▪◦–—]\s*)?(?:I\s+)?(?:attend(?:ed|s|ing)?|shadow(?:ed|s|ing)?|observ(?:ed|es|ing)|"
                        r"accompan(?:y|ied|ies|ying)|sat in on|sit in on)\b|\b(?:shadowing|as an observer|"
                        r"placement observing)\b", re.IGNORECASE)
# Taking the notes is not doing what the notes are of ("…hearing at the Court of Protection to take notes for the
# supervising partner"), unless notes are what is asked ("take notes at formal hearings").
_NOTES = re.compile(r"\b(?:(?:to take|taking|took|take) (?:the )?notes|note[- ]tak\w*|(?:as|acted as) (?:the )?minute[- ]taker)\b",
                    re.IGNORECASE)


def took_notes_only(requirement: str, line: str) -> bool:
    """Whether a line only took the notes, for a requirement that does not ask for notes or minutes."""
    return bool(_NOTES.search(line or "")) and not re.search(r"\b(?:notes?|minutes)\b", requirement or "", re.IGNORECASE)


def secondhand(line: str) -> bool:
    """Whether a résumé line shows only being near the work (attending, training, shadowing, assisting)."""
    helped = _HELPED.match(line or "")
    course = _COURSE.search(line or "") and not _GIVES_IT.match(line or "")
    return bool(_OPENS.search(line or "") or _ANYWHERE.search(line or "") or standing.not_yet(line) or course
                or (helped and templates.verb(helped.group(1))))


# Training the person gives is a duty, not training they need: "Deliver training to nurses on MUST screening".
_GIVES_TRAINING = re.compile(r"\b(?:deliver|provid|run|lead|giv|design|organi[sz]|plan|develop)\w*\s+(?:[\w&-]+\s+){0,4}"
                             r"training\b", re.IGNORECASE)
# The act is someone else's: "Pull together GST reports for our external accountant, who prepares and lodges the BAS".
_WHO_DOES_IT = re.compile(r"\b(?:for|to|with) (?:the|our|my|a|an|their) [^,.;]{1,40}?,? who (?:then )?([a-z]+)|"
                          # "…and hand them over to the firm's trusts team for registration and administration"
                          r"\b(?:hand(?:ed|s|ing)?|pass(?:ed|es|ing)?|refer(?:red|s|ring)?)\s+(?:[\w-]+\s+){0,3}?(?:over |on )?"
                          r"to (?:the|our|a|an|their|my) [^.;]{1,40}?\bfor (?!(?:the|a|an|our|their|his|her|my|your)\b)([a-z]{4,})|"
                          # "Ran first pieces on new jobs after the lead proved out the program"
                          r"\b(?:after|once) (?:the|our|my|a|an) (?:[\w-]+ ){0,2}?(?:lead|leader|manager|supervisor|"
                          r"setter|engineer|senior|partner|consultant|officer|nurse|doctor|teacher|programmer) ([a-z]+)",
                          re.IGNORECASE)


# A duty opens with the verb of the work ("Keep each property compliant: gas safety certificates, EICRs…"): it is shown
# by doing the work, whatever certificates or training it names. These verbs ask for learning or holding instead.
_LEARN_OR_HOLD = frozenset("complete undertake attend hold have obtain gain study learn support assist "
                           "help use apply work be show demonstrate".split())
_OPENING = re.compile(r"^\W*(?:[^.]{0,60}?\byou(?:'ll| will)(?: also)?\s+)?([A-Za-z]+)", re.IGNORECASE)


_OWN_LEARNING = re.compile(r"^\s*(?:(?:your|their|own|an?|up[- ]to[- ]date|current)\s+)*(?:[\w-]+\s+)?"
                           r"(?:training|registration|cpd|knowledge|skills|competenc\w*|certificat\w*|licen[cs]e)",
                           re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_duty(requirement: str) -> bool:
    """Whether a requirement is a duty: it opens with the verb of its work ("Keep each property compliant…"), not
    one that asks for learning or holding something; kept per requirement, as it is asked for every résumé line."""
    requirement = requirement or ""
    found = _OPENING.match(requirement)
    word = found.group(1).lower() if found else ""
    if word in ("keep", "maintain") and _OWN_LEARNING.match(requirement[found.end():]):
        return False  # "Keep your mandatory training up to date" asks for the training
    if word.endswith("ing") and len(word) > 5:  # "Investigating member complaints…", "Monitoring the process…"
        word = next((base for base in (word[:-3], word[:-3] + "e") if templates.verb(base)), word)
    if word == "carry":  # "Carry out planned maintenance…"
        return True
    # "Licensed architect…", "Registered BAS agent…": a participle before a noun says what the person is
    return bool(word) and templates.verb(word) and not word.endswith("ed") and word not in _LEARN_OR_HOLD


# Training to give is shown only by giving it: "IOSH Managing Safely (2021)" or "Completed MUST e-learning" is not
# "Deliver health and safety training - inductions, toolbox talks…".
_GAVE_TRAINING = re.compile(r"\b(?:deliver\w*|ran|run(?:s|ning)?|led|lead(?:s|ing)?|taught|teach\w*|train(?:ed|s|ing)?\s+(?:and\s+\w+\s+)?"
                            r"(?:\d+|new|all|our|the|staff|team|colleagues|others|nurses|managers|operatives|"
                            r"students|volunteers)|present\w*|facilitat\w*|design\w*|wr[io]te|writ\w*|coach\w*|"
                            r"induct\w*|mentor\w*|trainer)\b", re.IGNORECASE)


# Coaching or mentoring people is shown by doing it: "First-line support for staff and pupils" is not "Coach first- and
# second-line Service Desk colleagues", nor "PQiP learner since 2024" "Support and mentor PQiP learners".
_COACHES = re.compile(r"\b(?:coach|mentor|upskill|train)(?:es|s|ing)?\s+(?:and\s+\w+\s+)?(?:[\w&'’-]+\s+){0,5}?"
                      r"(?:colleagues|staff|learners|juniors|trainees|apprentices|officers|students|new starters|team|"
                      r"engineers|technicians|nurses|vets|managers|analysts|graduates|volunteers|operatives)\b",
                      re.IGNORECASE)
_COACHED = re.compile(r"\b(?:coach\w*|mentor(?:ed|s|ing)|mentor (?:to|for)|supervis\w*|buddy\w*|upskill\w*|"
                      r"practice educator|assessor|educator)\b", re.IGNORECASE)


# Preparing it for someone else to finish: "Entered habitat areas into the metric spreadsheet for the BNG lead to check
# and finalise" is not calculating the net gain (but typing the notes "for the dentist to check and sign" is keeping
# the notes).
_FOR_THEM_TO = re.compile(r"\bfor (?:the|my|our|a|an) (?:[\w-]+ ){0,2}" + _ROLES + r"s? to (?:check|review|approve|sign|"
                          r"finali[sz]e|complete|use|submit|send|present|calculate|decide|agree|assess)\b", re.IGNORECASE)
_KEEPS_RECORDS = re.compile(r"\b(?:records?|recording|notes|charting|documentation|document\w*|logs?|data entry)\b",
                            re.IGNORECASE)


def prepared_for_them(requirement: str, line: str) -> bool:
    """Whether a line prepares the work for someone else to finish, for a requirement that is not keeping records."""
    return bool(_FOR_THEM_TO.search(line or "")) and not _KEEPS_RECORDS.search(requirement or "")


def gives_training_shown(requirement: str, line: str) -> bool:
    """For a requirement to give training, or to coach or mentor people, whether the line shows doing it (True for
    any other requirement)."""
    if _GIVES_TRAINING.search(requirement or "") and not _GAVE_TRAINING.search(line or ""):
        return False
    return not _COACHES.search(requirement or "") or bool(_GAVE_TRAINING.search(line or "")
                                                         or _COACHED.search(line or ""))


def asks_for_it(requirement: str) -> bool:
    """Whether a requirement is met by training, knowledge or a supporting role (so a secondhand line may show it)."""
    return bool(_ASKS_FOR_IT.search(_GIVES_TRAINING.sub(" ", requirement or ""))) and not is_duty(requirement)


def done_by_someone_else(requirement: str, line: str) -> bool:
    """Whether the line says someone else does what the requirement asks (its verb, after "for X, who…")."""
    found = _WHO_DOES_IT.search(line or "")
    verb = found and (found.group(1) or found.group(2) or found.group(3))
    return bool(verb) and any(templates.same_verb(verb, word) or word.lower().startswith(verb.lower()[:4])
                              for word in re.findall(r"[A-Za-z]+", requirement or ""))


# Sitting on a group is not doing its work: "Member of the college's Information Governance Group" is not acting as
# the point of contact with the regulator (evidence for a requirement to sit on one).
_ON_A_GROUP = re.compile(r"^\s*(?:[-*•·▪◦–—]\s*)?(?:I\s+)?(?:(?:a\s+)?member of|sit(?:s|ting)? on|sat on|seat on)\s+"
                         r"(?:the|our|a|an|my)\s+[^.;]{0,60}?\b(?:group|committee|forum|panel|board|network|council)\b",
                         re.IGNORECASE)
_ASKS_A_GROUP = re.compile(r"\b(?:group|committee|forum|panel|board|network|council|member\w*|sit|attend\w*|"
                           r"experience|involvement|exposure)\b",
                           re.IGNORECASE)


def sat_on_a_group(requirement: str, line: str) -> bool:
    """Whether a line only sits on a group or committee, for a requirement that does not ask for that."""
    return bool(_ON_A_GROUP.match(line or "")) and not _ASKS_A_GROUP.search(requirement or "")


def checks_others_work(requirement: str, line: str) -> bool:
    """Whether a line only tests, monitors, submits, sends or passes on the thing a requirement asks the person to make or
    own (its verb differs from the requirement's)."""
    found = _OTHERS_WORK.match(line or "")
    if not found:
        return False
    verb = found.group("verb").lower()
    if verb[:4] in ("send", "sent", "forw"):  # sending one's own report on is reporting: "Report your aged debt…"
        return not re.search(r"\b(?:sen[dt]|forward|report)", requirement or "", re.IGNORECASE)
    verb = "contribut" if verb.startswith("contribut") else verb[:4]  # not "control", "contract"
    return not re.search(rf"\b{re.escape(verb)}", requirement or "", re.IGNORECASE)


# Work for oneself at home or as a hobby is not running something in production for real users: "Run a three-node k3s
# cluster at home for personal projects" for "Run, upgrade and scale our production Kubernetes clusters".
_PERSONAL = re.compile(r"\b(?:personal projects?|side projects?|home ?lab|hobby|for fun|in my spare time)\b",
                       re.IGNORECASE)
# Practice is not the work itself, for any duty: "Currently building a Playwright practice suite against the SauceDemo
# demo store" for "Design, build and maintain end-to-end UI test suites in Playwright".
_PRACTICE = re.compile(r"\b(?:practice (?:projects?|suites?|apps?|sites?)|demo (?:stores?|sites?|apps?)|tutorials?|"
                       r"bootcamp projects?|course projects?)\b", re.IGNORECASE)
_FOR_REAL = re.compile(r"\b(?:production|live|commercial|customer-facing|at scale|our)\b", re.IGNORECASE)
# Done by hand is not automated: "Use Postman to send requests … by hand" for "Write automated API tests".
_BY_HAND = re.compile(r"\bby hand\b|\bmanually\b|^\W*(?:I\s+)?(?:run|ran|perform(?:ed)?|carr(?:y|ied) out|do|did|"
                      r"execut\w*)\s+manual\b", re.IGNORECASE)


def personal_for_production(requirement: str, line: str) -> bool:
    """Whether a line shows a personal, practice or hobby project for a requirement about work in production or on
    the employer's own systems, or work by hand for a requirement to automate it."""
    return bool((_PERSONAL.search(line or "") and _FOR_REAL.search(requirement or ""))
                or (_PRACTICE.search(line or "") and (_FOR_REAL.search(requirement or "") or is_duty(requirement)))
                or (_BY_HAND.search(line or "") and re.search(r"\bautomat", requirement or "", re.IGNORECASE)))


# Knowledge is shown by using it or being trained in it, not by having been in the room: "Attended Mental Health Act
# tribunals", "NEC4 course (attended, 2023)" and "Attended the webinar series on the new syllabus" are not a
# working knowledge of them (three blind sets' labellers agreed), while "Completed safeguarding training" is.
_ATTENDED = re.compile(r"\battend(?:ed|s|ing)?\b", re.IGNORECASE)
_KNOWLEDGE = re.compile(r"\b(?:knowledge|understanding)\b", re.IGNORECASE)
_LEARNING = re.compile(r"\b(?:training|trained|courses?|cpd|attend\w*)\b", re.IGNORECASE)


def attended_for_knowledge(requirement: str, line: str) -> bool:
    """Whether a line only attended something, for a requirement of knowledge that does not ask for a course."""
    return bool(_ATTENDED.search(line or "") and _KNOWLEDGE.search(requirement or "")
                and not _LEARNING.search(requirement or ""))


# A credential is someone else's when the line teaches or supervises the people studying for it: "Practice educator for
# BSc Diagnostic Radiography students" is not the BSc.
_THEIRS = re.compile(r"\bfor (?:[\w()&'’-]+ ){0,6}?(?:students|trainees|apprentices|learners|candidates)\b", re.IGNORECASE)
_A_CREDENTIAL = re.compile(r"(?<![\w-])(?:BSc|BA|MSc|MA|degree|diploma|certificat\w*|qualifi\w*|registration|"
                           r"licen[cs]\w*)\b",
                           re.IGNORECASE)


# ...or as someone else's: "Accredited agent on a colleague's Natural England bat class licence (CL18)".
_SOMEONE_ELSES = re.compile(r"\b(?:on|under) (?:a|an|the|my|our) (?:[\w-]+ ){0,2}?(?:colleague|employer|company|firm|"
                            r"practice|supervisor|mentor|" + _ROLE_WORDS + r")['’]s\b|\baccredited agent\b",
                            re.IGNORECASE)


def others_credential(requirement: str, line: str) -> bool:
    """Whether a line names the credential asked for only as what the people it teaches are studying for, or as one
    someone else holds that the person works under."""
    if not _A_CREDENTIAL.search(requirement or "") or is_duty(requirement):
        return False
    return bool(_THEIRS.search(line or "") or _SOMEONE_ELSES.search(line or ""))


@lru_cache(maxsize=65536)  # pure, and a brief asks it of every pair on each rerun
def may_show(requirement: str, line: str) -> bool:
    """Whether a line may stand as evidence for a requirement as far as involvement goes (and, for a credential, as
    far as its standing goes: core.job.standing)."""
    if (not standing.may_show(requirement, line) or personal_for_production(requirement, line)
            or done_by_someone_else(requirement, line) or attended_for_knowledge(requirement, line)
            or not gives_training_shown(requirement, line) or others_credential(requirement, line)
            or took_notes_only(requirement, line)
            or sat_on_a_group(requirement, line) or prepared_for_them(requirement, line)):
        return False
    # a secondhand line may show training, knowledge or a supporting role ("Provide chairside assistance to our
    # dentists": "Assist dentists chairside…"), but looking on is no supporting role
    if asks_for_it(requirement) or re.search(r"\bassist(?:s|ing|ance)?\b", requirement or "", re.IGNORECASE):
        return not _LOOKED_ON.search(line or "") or bool(re.search(rf"\b(?:{_ASKS_TO_LEARN})\b", requirement or "",
                                                                 re.IGNORECASE))
    return not (secondhand(line) or checks_others_work(requirement, line))

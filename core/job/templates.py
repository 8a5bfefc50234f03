"""Questions written from the user's own materials, in plain interview English, each saying where it came from.

Two kinds: a requirement the résumé shows no evidence for ("This role asks for stakeholder reporting. Tell me
about a time you …"), and a résumé line worth probing ("Your résumé says you cut month-end close from 8 to 5
days. Walk me through how."). The requirement or résumé line is quoted in its own words, lightly reshaped
into the sentence (a leading "You will" dropped, the first letter lowered), never paraphrased.
"""
from __future__ import annotations

import re

_LEAD = re.compile(r"^(?:as an? [^,]{1,60}?,?\s+)?(?:you(?:'ll| will)(?: also)?(?: be)?|you(?:'d| would)|"
                   r"we(?:'re| are) looking for (?:someone|an? [\w -]{1,40}?) (?:who can|who|to|with)|the role (?:involves|includes)|"
                   r"we need (?:someone|an? [\w -]{1,40}?) (?:who can|who|to|with)|"
                   r"you (?:have|bring|are|can)|we need someone (?:who can|to|with)|must|"
                   r"(?:ideally,? )?you(?:'ve| have))\s+", re.IGNORECASE)
_TAIL = re.compile(r"(?:,?\s*(?:is|are|would be) (?:a (?:big |strong )?(?:plus|bonus|advantage)|"
                   r"(?:highly )?(?:desirable|preferred|welcome))|,?\s*(?:ideally|preferred|"
                   r"(?:is )?nice to have|required|essential))\s*[.!]?$", re.IGNORECASE)
_VERBS = frozenset(
    "build own lead manage design run work partner report support develop deliver analyse analyze teach care "
    "create maintain present prepare write review drive define plan coordinate conduct monitor improve mentor "
    "collaborate communicate translate turn implement test deploy operate oversee establish negotiate sell "
    "prospect close grow track assess diagnose treat document ensure help shape champion advise coach train "
    "produce handle engage organise organize identify evaluate research model forecast reconcile audit use "
    "apply respond triage facilitate deliver interpret lead set supervise measure recruit onboard give receive "
    "take keep follow join speak own partner obtain enter schedule screen record prepare titrate maintain "
    "recognize recognise provide contribute challenge assign propose write educate adapt do make spread host act "
    "round navigate visit travel administer procure resolve chase collect verify inspect install repair approve "
    "update answer serve cook clean compile calculate source purchase draft liaise win investigate edit publish "
    "lodge generate check complete perform undertake".split())
_PAST = re.compile(r"^(?:[A-Za-z]+ed|built|led|ran|cut|won|grew|wrote|made|set|taught|drove|took|brought|began|"
                   r"sold|kept|met|spoke|gave|found|held|saw|rebuilt|rewrote|overhauled|shipped)$", re.IGNORECASE)

_IRREGULAR = {"led": "lead", "built": "build", "ran": "run", "wrote": "write", "made": "make", "taught": "teach",
              "drove": "drive", "took": "take", "brought": "bring", "sold": "sell", "kept": "keep", "met": "meet",
              "spoke": "speak", "gave": "give", "found": "find", "held": "hold", "grew": "grow", "won": "win",
              "began": "begin", "rebuilt": "rebuild", "rewrote": "rewrite", "saw": "see", "drew": "draw"}


def _base(word: str) -> str:
    word = word.lower()
    word = _IRREGULAR.get(word, word)
    for ending, instead in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            word = word[: -len(ending)] + instead
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]  # planned -> plan
    return word.rstrip("e")


def verb(word: str) -> bool:
    """Whether a word reads as a verb of work ("build", "builds", "built", "managed")."""
    word = word.lower().strip(",")
    return (word in _VERBS or bool(_PAST.match(word)) or (word.endswith("s") and word[:-1] in _VERBS)
            or (word.endswith("es") and word[:-2] in _VERBS))


def same_verb(a: str, b: str) -> bool:
    """Whether two words are the same verb in any tense ("Lead" and "Led", "Contribute" and "Contributed")."""
    return _base(a) == _base(b)


_GAP_ASKS = (
    "Tell me about a time you did something like that: what was the situation, what did you do, and what came of it?",
    "Walk me through an example from your own work that shows it, and how it turned out.",
    "How have you done this before, or how would you go about it in your first months here?",
)
_PROBE_ASKS = (
    "Walk me through how you did it, and what you would do differently now.",
    "Take me through how that happened: what was your part, and how do you know it worked?",
    "How did you go about it, and what was the hardest part?",
)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in ("A", "An", "The"):
        return text[:1].lower() + text[1:]
    if first.isupper() or any(ch.isupper() for ch in first[1:]):  # SQL, iOS, McKinsey: keep as written
        return text
    return text[:1].lower() + text[1:]


def _trimmed(text: str) -> str:
    return text.strip().rstrip(".;:!").strip()


# "Day to day, you will plan…", "Twice a year you will contribute…", "Health and safety comes first: you will lead…":
# what the person will do starts at "you will". Not after a dash: "A firm telephone manner – you'll be speaking to
# busy customers" asks for the manner.
_OPENER = re.compile(r"^[^.;–—]{1,70}?(?:[,:]\s+|\s)(?=you(?:'ll| will)\s)", re.IGNORECASE)
# Verbs of work have these endings (investigate, prioritise, optimize, qualify); nouns rarely open a bullet with them.
_LY_ADJECTIVES = frozenset("friendly daily weekly monthly quarterly yearly elderly orderly timely costly likely "
                           "lovely family early".split())  # "Friendly customer service" names a quality, not a duty
_VERB_ENDING = re.compile(r"^[a-z]{3,}(?:ate|ise|ize|ify)$")
_LABEL = re.compile(r"^(?:nice to have|nice-to-have|bonus|desirable|preferred|essential|required|ideally)\s*[:–—-]\s*",
                    re.IGNORECASE)  # "Nice to have: experience with…"
_BE = frozenset("comfortable confident happy able willing fluent keen ready eager".split())
# Words that open a description of the person, not a thing they bring: "Well organised and able to prioritise…".
_ADJECTIVE_START = frozenset("well highly self-motivated organised organized numerate resilient proactive flexible "
                             "calm personable responsible accountable".split())
# "Process" opens a task ("Process new trade account applications") or names a field ("Process improvement
# experience"): it is the task unless the next word names the field.
_PROCESS_NOUNS = frozenset("improvement improvements mapping engineering design knowledge experience management "
                           "optimisation optimization automation excellence safety".split())
_NOUN_START = frozenset("a an the experience strong excellent deep solid proven".split())
# A clause with its own subject ("Our team is two people today"): it cannot follow "asks for", so it is quoted.
_CLAUSE = re.compile(r"^(?:[^\s;:,]+\s+){0,8}?(?:is|are|was|were|has|will|would)\b", re.IGNORECASE)


def requirement_phrase(requirement: str) -> tuple[str, bool]:
    """(the requirement as a phrase to follow "asks for" / "asks you to", whether it is a verb phrase)."""
    text = _trimmed(requirement)
    text = _TAIL.sub("", text).strip()
    text = _LABEL.sub("", text)
    if not _LEAD.match(text):
        text = _OPENER.sub("", text, count=1)
    lead = _LEAD.match(text)
    noun_lead = bool(lead) and lead.group(0).strip().lower().endswith(("with", "have", "'ve", "bring", "are"))
    text = _LEAD.sub("", text).strip()
    first = text.split(" ", 1)[0].lower().strip(",")
    if first == "you" and len(text.split()) > 2:  # "You write production-quality code in Go or Python"
        text = text.split(" ", 1)[1]
        first = text.split(" ", 1)[0].lower().strip(",")
        lead = lead or True
    second = (text.split()[1:2] or [""])[0].lower()
    if first in _BE and second in ("with", "in", "at", "about", "to", "using", "working"):  # "Comfortable with SQL"
        return "be " + _lower_first(text), True
    if lead and not isinstance(lead, bool) and lead.group(0).strip().lower().endswith(" be"):
        return "be " + _lower_first(text), True  # "You'll be responsible for payroll": "asks you to be responsible…"
    if first in _ADJECTIVE_START and not lead:
        return "be " + _lower_first(text), True
    if len(first) > 5 and first.endswith("ly") and first not in _LY_ADJECTIVES and second.isalpha():
        return _lower_first(text), True  # "Accurately fill prescriptions": a duty, said how
    if first == "process" and second not in _PROCESS_NOUNS:
        return _lower_first(text), True
    verb = not noun_lead and (first in _VERBS or bool(_VERB_ENDING.match(first)) or (bool(lead) and first not in _NOUN_START))
    return _lower_first(text), verb


_NOUN_ASKS = (
    "Tell me about a time your work showed it: what was the situation, what did you do, and what came of it?",
    "Walk me through an example from your own work that shows it, and how it turned out.",
    "Where have you used it, and what would you do in your first months here to build on it?",
)


def gap_question(requirement: str, n: int = 0) -> str:
    """A question on a requirement the résumé shows no evidence for."""
    phrase, verb = requirement_phrase(requirement)
    if not verb and _CLAUSE.match(phrase):
        return f"The job description says: “{_trimmed(requirement)}”. {_NOUN_ASKS[n % len(_NOUN_ASKS)]}"
    if verb:
        return f"This role asks you to {phrase}. {_GAP_ASKS[n % len(_GAP_ASKS)]}"
    return f"This role asks for {phrase}. {_NOUN_ASKS[n % len(_NOUN_ASKS)]}"


def _resume_claim(line: str) -> str:
    text = _trimmed(re.sub(r"^\s*(?:[-*•·▪◦–—]|\d{1,2}[.)])\s+", "", line))
    return re.sub(r"^I\s+", "", text)


def probeable(line: str) -> bool:
    """Whether a résumé line reads as something the person did or does: it opens with a verb of work, past
    ("Built…") or present, as a current role is usually written ("Record adverse events at each visit…"); not a
    credential or role named by a participle ("Licensed amateur radio operator")."""
    text = _resume_claim(line)
    return (_did(text) or _present(text)) and len(text.split()) >= 5


# "Licensed", "Certified", "Registered" open a credential more often than a deed ("Licensed amateur radio operator",
# "Registered Nurse with six years…"): read as a deed only with an object that says so ("Certified 30 technicians").
_ATTRIBUTIVE = frozenset("licensed certified registered qualified chartered accredited experienced skilled seasoned "
                         "board-certified".split())
# A participle that says what was done to the person, not what they did: "Approved to teach: Science 7–10",
# "Promoted to team lead", "Selected for the graduate scheme".
_PASSIVE = frozenset("approved authorised authorized cleared promoted seconded appointed elected invited selected "
                     "chosen nominated shortlisted accepted".split())


def _did(text: str) -> bool:
    """Whether a résumé claim opens with a past-tense verb of work ("Cut month-end close…"), not a participle that
    names a credential ("Licensed amateur radio operator", "Certified Scrum Master since 2021")."""
    words = [w.lower().strip(",;:()") for w in text.split()]
    if not words or not _PAST.match(words[0]):
        return False
    if words[0] in _PASSIVE and words[1:2] and words[1] in ("to", "as", "for", "onto", "into"):
        return False
    if words[0] in _ATTRIBUTIVE:
        return any(w[:1].isdigit() or w in ("a", "an", "the", "my", "our", "all", "over", "every") for w in words[1:2])
    return True


# "Research assistant on…", "Lead developer for…", "Support engineer…": a role named by a word that is also a verb.
_ROLE_WORD = re.compile(r"^(?:[a-z]+(?:er|or|ist|ant|ent|ian)s?|lead|hand|head|staff|nurse)$")


def _present(text: str) -> bool:
    """Whether a résumé claim opens with a present-tense verb of work ("Record adverse events…"), not a role."""
    words = text.split()
    return len(words) > 1 and words[0].lower() in _VERBS and not _ROLE_WORD.match(words[1].lower().strip(",;:"))


_PROBE_NOW_ASKS = (
    "Walk me through a recent time you did it, and what you would do differently now.",
    "Take me through a recent example: what was your part, and how do you know it worked?",
    "Walk me through how you go about it, using a recent example, and what the hardest part is.",
)


_FIRST_PERSON = {"my": "your", "me": "you", "myself": "yourself", "mine": "yours", "i": "you", "i'm": "you're",
                 "i’m": "you’re", "i've": "you've", "i’ve": "you’ve", "i'd": "you'd", "i’d": "you’d", "our": "your",
                 "ours": "yours", "ourselves": "yourselves", "we": "you", "us": "you"}


def _to_you(text: str) -> str:
    """The line said back to its writer: "Completed my Level 3…" -> "completed your Level 3…", "Briefed our agencies"
    -> "briefed your agencies" (case kept, so "US" stays the country), and a passive opening
    reads as one ("Mentored by a senior solicitor" -> "were mentored by…")."""
    text = re.sub(r"\b(?:my|me|myself|mine|our|ours|ourselves|we|us|I|I['’](?:m|ve|d))\b",
                  lambda m: _FIRST_PERSON[m.group(0).lower()], _lower_first(text))
    return re.sub(r"^(\w+ed) by\b", r"were \1 by", text)


def probe_question(line: str, n: int = 0) -> str:
    """A question that asks the candidate to back up one line of their résumé (in the line's own tense)."""
    text = _resume_claim(line)
    if _did(text):
        return f"Your résumé says you {_to_you(text)}. {_PROBE_ASKS[n % len(_PROBE_ASKS)]}"
    if _present(text):
        return f"Your résumé says you {_to_you(text)}. {_PROBE_NOW_ASKS[n % len(_PROBE_NOW_ASKS)]}"
    return f"Your résumé says: “{text}”. {_QUOTED_ASKS[n % len(_QUOTED_ASKS)]}"


_QUOTED_ASKS = (
    "Tell me more about that: what did it involve, and where has it made a difference in your work?",
    "What did that take, and how have you used it since?",
    "Give me a concrete example of how that shows in your work.",
)


def outline_for(kind: str) -> str:
    """What a good answer to a tailored question covers (said when the candidate doesn't know)."""
    if kind == "probe":
        return ("Set the scene in a sentence, say what you yourself did step by step, give the result with a number, "
                "and say what you learned.")
    return ("Pick one real example: the situation, what you did yourself, and the result, ideally with a number. "
            "If you have not done it yet, say so plainly and explain how you would approach it and how you would "
            "learn what you're missing.")

"""STAR parts of a spoken story, and whether a sentence states a measured result.

core.metrics.star_markers catches the textbook cues ("my task was", "as a result"); people
telling a real story mostly don't use them ("On a house extension, I presented…"). These
checks add the common natural cues on top, so a complete story isn't reported as missing
parts, while reflection ("I learned", "I guess") does not count as action.
"""
from __future__ import annotations

import re

from core.metrics import hedge_counts, star_markers

_SITUATION = re.compile(
    r"(?i)^\W*(?:on|at|during|in|when|while|last|one|a few|back|early|after)\b|"
    r"\b(?:at my|in my (?:first|second|third|last|previous|old)|during (?:a|my|the|our)|last (?:year|month|quarter|"
    r"spring|summer|autumn|fall|winter)|a (?:few|couple of) (?:years|months|weeks) ago|there was (?:a|one|this))\b")
_TASK = re.compile(
    r"(?i)\b(?:i had to|i needed to|we needed to|i wanted to make sure|my job was|the goal was|i was asked|"
    r"the (?:problem|issue|challenge|risk|concern) was|the real (?:issue|problem|gap)|needed to (?:get|fix|find|"
    r"decide|deliver)|before raising|had to decide|it came out that|turned out (?:that|to be))\b")
_ACTION = re.compile(
    r"(?i)\b(?:i|we) (?:(?!learned|learnt|realized|realised|guessed|liked|loved|wanted|used|supposed|noticed|"
    r"hoped|felt|believed|thought|remembered|assumed|tried|decided to be)\w+ed|went|got|made|told|took|brought|"
    r"set|built|ran|wrote|sent|spoke|met|gave|showed|kept|put|found|sat|chose|drew|led|dug|paged|rolled|moved|"
    r"split|cut|sold|taught|pulled|booked|called|asked)\b")
_RESULT = re.compile(
    r"(?i)\b(?:signed off|approved|renewed|resolved|stable by|by the end|by (?:spring|summer|autumn|winter|"
    r"morning|friday|then)|ended up|dropped|fell|rose|went from|down to|up to|caught|calmed down|thanked|"
    r"disappeared|stopped|picked|closed|won|recovered|restored|reduc\w*|increas\w*|improv\w*|sav(?:ed|ing)|"
    r"doubled|halved|launched|delivered|achiev\w*)\b")
# Digits or spelled-out amounts; "one" is left out because "one of my analysts" is not a figure.
_NUMBER = re.compile(r"(?i)\d|\b(?:zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                     r"twenty|thirty|forty|fifty|sixty|hundred|thousand|million|billion|half|twice|percent)\b")
_OUTCOME = re.compile(
    r"(?i)\b(?:reduc\w*|increas\w*|improv\w*|sav(?:ed|ing)|grew|cut|doubled|halved|dropped|fell|rose|went from|"
    r"down to|up to|from \S+ to|within|renewed|caught|moved up|recovered|restored|won|closed|launched|delivered|"
    r"achiev\w*|result\w*)\b")


def star_parts(text: str) -> dict[str, bool]:
    """Which of situation, task, action, result the story shows, by textbook or natural cues."""
    found = star_markers(text)
    for part, pattern in (("situation", _SITUATION), ("task", _TASK), ("action", _ACTION), ("result", _RESULT)):
        found[part] = found[part] or bool(pattern.search(text or ""))
    return found


def has_figure(sentence: str) -> bool:
    """A number stated plainly (digits or words such as "forty"), not inside a hedge ("maybe 10 percent")."""
    return bool(_NUMBER.search(sentence or "")) and not hedge_counts(sentence)


def quantified_result(sentence: str) -> bool:
    """A stated result with a number in it ("cut timeouts from forty a day to zero"), not a hedged guess."""
    return has_figure(sentence) and bool(_OUTCOME.search(sentence or ""))

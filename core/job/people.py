"""Whether a posting asks the person to manage people: "Lead a team of…", "Supervise a team of 12 technicians",
"Recruit, train and develop a team of 70", direct reports, line management.

A bank question that presupposes a team of one's own ("Tell me about a time you led a team through a significant
change") is one no interviewer asks an analyst or a coordinator, whatever its topic; the plan steps it back when
this says no. Read strictly, so that "our leadership team", "leaders and product managers", "manage suppliers such
as engineers" or "join a team of five" do not count: a verb of managing, then a determiner or a number, then staff.
"""
from __future__ import annotations

import re

_COUNT = r"(?:a|an|the|our|your|\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
_VERB = (r"(?:manag(?:e|es|ing)|lead(?:s|ing)?|supervis(?:e|es|ing)|line[- ]manag(?:e|es|ing)|coach(?:es|ing)?|"
         r"motivat(?:e|es|ing)|develop(?:s|ing)?|recruit(?:s|ing)?|hir(?:e|es|ing)|run(?:s|ning)?|oversee(?:s|ing)?|"
         r"direct(?:s|ing)?)")
_STAFF = (r"(?:team|teams|staff|employees|technicians|engineers|analysts|managers|nurses|crew|workforce|apprentices|"
          r"associates|servers|supervisors|operatives|assistants|coordinators|specialists|reps|representatives|agents|"
          r"designers|teachers|volunteers|workers|pickers|drivers|people)")
_MANAGES = re.compile(rf"\b{_VERB}(?:(?:,| and| or)\s+\w+)*\s+{_COUNT}\s+(?:[\w-]+\s+){{0,3}}?{_STAFF}\b"
                      r"|\bdirect reports?\b|\bpeople management\b|\bline management\b|\bmanage (?:people|staff)\b",
                      re.IGNORECASE)


def manages_people(job_description: str) -> bool:
    """Whether the posting asks the person to manage or lead people of their own."""
    return bool(_MANAGES.search(job_description or ""))

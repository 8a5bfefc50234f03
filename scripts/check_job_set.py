"""Labelling a new job set blind (tests/data/jobs_brief.md): check a set's format, or print the bank's texts for the
labellers (ids, field, type and question only: no mark of which questions suit any job).

    .venv/bin/python scripts/check_job_set.py bank > bank.txt
    python3 scripts/check_job_set.py FILE.json [bank.txt]   # prints the problems, or OK

The check needs only the standard library and bank.txt, so labellers can run it without the code.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def bank_texts() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from core import banks

    return "".join(f"{q['id']}\t[{domain} / {q['type']}]\t{q['question']}\n"
                   for domain, questions in banks.interview_banks().items() for q in questions)


def problems(data: dict, ids: set[str], brief: bool = True) -> list[str]:
    """What is wrong with a labelled set: missing fields, labels that are not verbatim in their texts, unknown question
    ids; with `brief`, also what the brief asks of a new set (8-12 requirements, a 'strong' and a 'gaps' résumé),
    which the earliest sets predate."""
    found = []
    for job in data["jobs"]:
        jid = job.get("id", "?")
        missing = [key for key in ("id", "domain", "title", "job_description", "requirements", "resumes", "materials",
                                   "passages", "relevant_question_ids", "notes") if key not in job]
        if missing:
            found.append(f"{jid}: missing {', '.join(missing)}")
            continue
        jd = job["job_description"]
        if not 150 <= len(jd.split()) <= 500:
            found.append(f"{jid}: job description has {len(jd.split())} words (150-500)")
        rids = {r["id"] for r in job["requirements"]}
        found += [f"{jid}/{r['id']}: jd_text is not verbatim in the job description: {r['jd_text'][:60]}"
                  for r in job["requirements"] if r["jd_text"] not in jd]
        if brief and not 8 <= len(rids) <= 12:
            found.append(f"{jid}: {len(rids)} requirements (8-12)")
        if brief and [r["id"] for r in job["resumes"]] != ["strong", "gaps"]:
            found.append(f"{jid}: resumes must be 'strong' then 'gaps'")
        for resume in job["resumes"]:
            for rid, lines in resume["evidence"].items():
                if rid not in rids:
                    found.append(f"{jid}/{resume['id']}: evidence for unknown requirement {rid}")
                found += [f"{jid}/{resume['id']}/{rid}: evidence not verbatim in the resume: {line[:60]}"
                          for line in lines if line not in resume["text"]]
        texts = [m["text"] for m in job["materials"]]
        for rid, passages in job["passages"].items():
            if rid not in rids:
                found.append(f"{jid}: passages for unknown requirement {rid}")
            found += [f"{jid}/{rid}: passage not verbatim in a material: {p[:60]}"
                      for p in passages if not any(p in t for t in texts)]
        found += [f"{jid}: unknown question id {q}" for q in job["relevant_question_ids"] if q not in ids]
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["bank"]:
        sys.stdout.write(bank_texts())
        return 0
    data = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    bank = Path(argv[1]).read_text(encoding="utf-8") if len(argv) > 1 else bank_texts()
    ids = {line.split("\t")[0] for line in bank.splitlines() if line.strip()}
    found = problems(data, ids)
    print("\n".join(found) or f"OK: {len(data['jobs'])} jobs")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

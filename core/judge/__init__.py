"""The offline judgement of interview answers: by meaning, on real sentences, against known wrong claims.

`judge(question, answer, bank)` is the one entry point; the coach's reaction and the report both use it.
"""
from core.judge.answer import Judgement, Point, WrongClaim, judge

__all__ = ["Judgement", "Point", "WrongClaim", "judge"]

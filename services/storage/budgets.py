"""LLM budgets kept in the database, so a new tab, another replica or a restart resets nothing.

A visitor's budget is a token bucket (capacity, refill per minute) stored as one row per visitor, spent by one
conditional UPDATE, so two tabs or two replicas spending at once never both take the last token. An optional
cap counts every visitor's calls per UTC day (PARLEY_DAILY_CALLS): the overall limit of a public key. A call
refused by the cap spends nothing from the visitor's bucket (one transaction).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import case, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from core.errors import StageError
from services.storage.schema import budgets, daily_calls
from services.storage.store import Store


class DailyCapReached(Exception):
    """Every visitor's calls for today are spent (PARLEY_DAILY_CALLS)."""


def _insert(conn: Connection, table):
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def take(store: Store, owner: str, capacity: int, per_minute: float, daily_cap: int = 0,
         now: float | None = None) -> float:
    """Spend one call of `owner`'s budget. 0.0 when allowed, else the seconds until the next one.
    Raises DailyCapReached when the day's cap is spent (nothing is then spent)."""
    now = time.time() if now is None else now
    rate = per_minute / 60.0
    day = datetime.fromtimestamp(now, timezone.utc).strftime("%Y-%m-%d")

    def work(conn: Connection) -> float:
        conn.execute(_insert(conn, budgets).values(owner=owner, tokens=float(capacity), updated_at=now)
                     .on_conflict_do_nothing(index_elements=["owner"]))
        elapsed = case((budgets.c.updated_at < now, now - budgets.c.updated_at), else_=0.0)
        refilled = case((budgets.c.tokens + elapsed * rate > capacity, float(capacity)),
                        else_=budgets.c.tokens + elapsed * rate)
        spent = conn.execute(update(budgets).where(budgets.c.owner == owner, refilled >= 1).values(
            tokens=refilled - 1, updated_at=case((budgets.c.updated_at < now, now), else_=budgets.c.updated_at)))
        if spent.rowcount == 0:
            tokens = conn.execute(select(refilled).where(budgets.c.owner == owner)).scalar_one()
            return max(0.01, (1 - tokens) / rate)
        if daily_cap > 0:
            conn.execute(_insert(conn, daily_calls).values(day=day, calls=0)
                         .on_conflict_do_nothing(index_elements=["day"]))
            counted = conn.execute(update(daily_calls).where(daily_calls.c.day == day,
                                                             daily_calls.c.calls < daily_cap)
                                   .values(calls=daily_calls.c.calls + 1))
            if counted.rowcount == 0:
                raise DailyCapReached(day)  # rolls the visitor's token back too
        return 0.0

    return store._do(work)


def calls_today(store: Store, now: float | None = None) -> int:
    """How many calls every visitor made together today (UTC)."""
    day = datetime.fromtimestamp(time.time() if now is None else now, timezone.utc).strftime("%Y-%m-%d")
    return store._do(lambda c: c.execute(select(daily_calls.c.calls).where(daily_calls.c.day == day)).scalar(),
                     write=False) or 0


@dataclass
class VisitorBudget:
    """A visitor's budget with TokenBucket's interface (`take()` -> seconds to wait), kept in `store`.

    `fallback` (an in-memory TokenBucket) is used when the database cannot be reached and no daily cap is
    set: practice goes on, limited per tab as before. With a cap, an unreachable database refuses the call
    (the cap could not be checked).
    """

    store: Store
    owner: str
    capacity: int
    per_minute: float
    daily_cap: int = 0
    fallback: object | None = None
    clock: Callable[[], float] = time.time

    def take(self) -> float:
        try:
            return take(self.store, self.owner, self.capacity, self.per_minute, self.daily_cap, self.clock())
        except StageError:
            if self.daily_cap > 0 or self.fallback is None:
                raise
            return self.fallback.take()

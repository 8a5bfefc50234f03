"""Every LLM call a visitor causes is paid from that visitor's budget (core.ratelimit.TokenBucket).

`budgeted(provider, limiter)` wraps a provider so that each `stream`, `complete` and `summarize`
call takes one token first: replies, their retries, rolling summaries, reports and their
regenerations, and live-voice turns all count, wherever they are made. With no limiter the
provider is returned unchanged (scripts, tests, benchmarks). The app's limiter is the visitor's budget kept
in the database (services.storage.budgets.VisitorBudget), with an optional cap on all visitors' calls per day.

A message the safety screen refused (core.safety) makes no call, but `charge_refused` takes its token all the
same: a flood of refused messages is slowed like any other, and probing the screen costs as much as using it.
"""
from __future__ import annotations

from core.errors import StageError
from core.ratelimit import TokenBucket
from services.storage.budgets import DailyCapReached


def too_fast(wait: float) -> StageError:
    seconds = max(1, round(wait))
    return StageError("llm", "too_fast", f"You're sending messages very fast. Wait {seconds} s and try again.",
                      retryable=True, retry_after=float(seconds))


def daily_cap_reached() -> StageError:
    return StageError("llm", "daily_cap", "This site's replies for today are used up (it shares one daily "
                      "allowance among all visitors). Try again tomorrow, or paste your own key in the sidebar.")


def spend(limiter: TokenBucket | None) -> None:
    """Take one token of `limiter` (nothing without one): StageError "too_fast" or "daily_cap" when refused."""
    if limiter is None:
        return
    try:
        wait = limiter.take()
    except DailyCapReached:
        raise daily_cap_reached() from None
    if wait > 0:
        raise too_fast(wait)


def charge_refused(limiter: TokenBucket | None) -> None:
    """A message the safety screen held back: no call is made, but it is paid for like one."""
    spend(limiter)


class BudgetedProvider:
    """A provider whose every call first spends one token of `limiter` (StageError "too_fast" when empty)."""

    def __init__(self, provider, limiter: TokenBucket):
        self.inner = provider
        self.limiter = limiter

    def __getattr__(self, name: str):
        value = getattr(self.inner, name)
        if name == "summarize":
            def summarize(*args, **kwargs):
                self.spend()
                return value(*args, **kwargs)
            return summarize
        return value

    def spend(self) -> None:
        spend(self.limiter)

    def stream(self, messages, **kwargs):
        self.spend()  # eagerly, at call time: a refusal is raised before any streaming starts
        return self.inner.stream(messages, **kwargs)

    def complete(self, messages, **kwargs):
        self.spend()
        return self.inner.complete(messages, **kwargs)


def budgeted(provider, limiter: TokenBucket | None):
    """`provider` charged to `limiter`; unchanged when there is no limiter (or it is already wrapped)."""
    if limiter is None or isinstance(provider, BudgetedProvider):
        return provider
    return BudgetedProvider(provider, limiter)

"""When each node and relationship on a page held, for the page's date slider (docs/time.md).

A span is [from, until]: from is the fact's start (a body's proposal or establishment, a
school's opening), until the first day it no longer held (end, close date); None where open.
The page fades what does not hold on the chosen date with the rule of graphmodel.queries'
VALID_FACT: from <= date < until, an open end always holding.
"""
from __future__ import annotations

STARTS = ("start", "proposed", "established", "open_date")   # the first one present
ENDS = ("end", "close_date")


def span(props: dict) -> list[str | None]:
    start = next((props[k] for k in STARTS if props.get(k)), None)
    end = next((props[k] for k in ENDS if props.get(k)), None)
    return [str(start)[:10] if start else None, str(end)[:10] if end else None]


def dates(items, also: str | None = None) -> list[str]:
    """Every date the spans of items (vis nodes and edges) hold, and `also`, oldest first."""
    return sorted({d for it in items for d in it.get("span") or () if d} | ({also} - {None}))


__all__ = ["dates", "span"]

"""Load errors that name the file, the line or row, and the field."""
from __future__ import annotations

from dataclasses import dataclass

from graphmodel.exc import GovgraphError

SHOWN = 20        # problems listed before "... and N more"
SHOWN_FOLLOWS = 3  # consequences listed under the problem they follow from


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # line (YAML) or row (CSV, 1-based data row); None for the whole file
    field: str | None
    reason: str
    where: str = "line"
    follows: tuple["Problem", ...] = ()  # problems that only follow from this one

    def __str__(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.where} {self.line}"
        if self.field:
            loc += f": {self.field}"
        return f"{loc}: {self.reason}"

    def lines(self, shown: int | None = SHOWN_FOLLOWS) -> list[str]:
        """This problem, then those that follow from it, indented (capped unless shown=None)."""
        out = [str(self)]
        follows = self.follows if shown is None else self.follows[:shown]
        out += [f"    and so {p}" for p in follows]
        if len(self.follows) > len(follows):
            out.append(f"    and so {len(self.follows) - len(follows)} more problem(s) in {self.file} "
                       "that follow from it")
        return out


class LoadError(GovgraphError, ValueError):
    """A file was rejected whole; nothing from it was written."""

    def __init__(self, problems: list[Problem], shown: int = SHOWN):
        self.problems = problems
        super().__init__(self.render(shown))

    @property
    def count(self) -> int:
        return sum(1 + len(p.follows) for p in self.problems)

    def render(self, shown: int | None = SHOWN) -> str:
        """The message; shown=None lists every problem and every consequence."""
        head = [line for p in (self.problems if shown is None else self.problems[:shown])
                for line in p.lines(None if shown is None else SHOWN_FOLLOWS)]
        more = len(self.problems) - (len(self.problems) if shown is None else min(shown, len(self.problems)))
        if more > 0:
            head.append(f"... and {more} more problem(s): --all-problems lists them all")
        files = sorted({p.file for p in self.problems})
        return (f"rejected {', '.join(files)} ({self.count} problem(s); nothing loaded "
                "from it):\n  " + "\n  ".join(head))

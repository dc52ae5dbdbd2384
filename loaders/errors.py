"""Load errors that name the file, the line or row, and the field."""
from __future__ import annotations

from dataclasses import dataclass

from graphmodel.exc import GovgraphError


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # line (YAML) or row (CSV, 1-based data row); None for the whole file
    field: str | None
    reason: str
    where: str = "line"

    def __str__(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.where} {self.line}"
        if self.field:
            loc += f": {self.field}"
        return f"{loc}: {self.reason}"


class LoadError(GovgraphError, ValueError):
    """A file was rejected whole; nothing from it was written."""

    def __init__(self, problems: list[Problem], shown: int = 20):
        self.problems = problems
        head = [str(p) for p in problems[:shown]]
        more = len(problems) - len(head)
        if more > 0:
            head.append(f"... and {more} more problem(s)")
        files = sorted({p.file for p in problems})
        super().__init__(f"rejected {', '.join(files)} ({len(problems)} problem(s); nothing loaded "
                         "from it):\n  " + "\n  ".join(head))

"""govgraph's exceptions: one base class, one subclass per kind of expected failure.

Every failure a user can cause or fix (a bad file, an unknown name, a store that cannot be
reached) raises a subclass of GovgraphError whose message is one clear line, safe to print
(no password). The command line catches GovgraphError only; anything else is a bug and is shown
as one, with a hint to rerun with --debug. Library callers (a notebook) can catch the base.

Classes that used to derive from ValueError still do, so that older callers keep working.
"""
from __future__ import annotations

from typing import Sequence


class GovgraphError(Exception):
    """Base of every expected govgraph failure; str(e) is the message for the user."""


class StoreError(GovgraphError):
    """The store could not be opened or used (also: Neo4j credentials or reachability)."""


class ServerError(StoreError):
    """The embedded FalkorDB server could not be started, reached, or did not answer."""


class InvalidModel(GovgraphError, ValueError):
    """The schema file is inconsistent (bad reference, unknown type, bad name)."""


class InvalidValue(GovgraphError, ValueError):
    """A value does not fit the property the schema declares."""


class QueryError(GovgraphError, ValueError):
    """Unknown question, bad question header, or parameters that do not fit the declaration."""


class InvalidInput(GovgraphError, ValueError):
    """A file or option given by the user cannot be used (unreadable, wrong shape, bad value)."""


class NotFound(InvalidInput):
    """No authority, body, person, school or cluster has the key or name given.

    suggestions: the closest existing keys and names, best first.
    """

    def __init__(self, message: str, suggestions: Sequence[str] = ()):
        self.suggestions = list(suggestions)
        super().__init__(message)


class Ambiguous(InvalidInput):
    """A name matches several nodes; candidates lists them (key and name) so the user can choose."""

    def __init__(self, message: str, candidates: Sequence[str] = ()):
        self.candidates = list(candidates)
        super().__init__(message)


def from_os_error(e: OSError, what: str = "") -> InvalidInput:
    """An OSError on a path the user gave, as one line: 'FILE: reason' (naming the folder too
    when the fault lies there)."""
    name = what or e.filename or "file"
    where = f"{e.filename}: " if e.filename and str(e.filename) != str(name) else ""
    return InvalidInput(f"{name}: {where}{e.strerror or e}")


__all__ = ["Ambiguous", "GovgraphError", "InvalidInput", "InvalidModel", "InvalidValue",
           "NotFound", "QueryError", "ServerError", "StoreError", "from_os_error"]

"""Errors that reach the user as one line: ``extract: <file>: <cause>``."""

from __future__ import annotations


class ExtractError(Exception):
    """Base class for every error the CLI reports as one line.

    ``where`` names the file (or rule, or gold entity) at fault; ``cause`` says why.
    ``str(err)`` is ``"<where>: <cause>"``, the line the CLI prints after ``extract: ``.
    """

    exit_code = 1

    def __init__(self, where: str, cause: str) -> None:
        self.where = str(where)
        self.cause = cause
        super().__init__(f"{self.where}: {cause}")

    def __reduce__(self):
        # Picklable (process pools, Dask workers): rebuild from (where, cause).
        return (type(self), (self.where, self.cause))


class InputError(ExtractError):
    """A document cannot be read or decoded (missing, empty, binary, undecodable)."""


class RuleError(ExtractError):
    """A rule file is malformed: names the file, the rule and the line."""


class GoldError(ExtractError):
    """A gold file is invalid: names the file, the entity and the cause."""


class UsageError(ExtractError):
    """The command line asks for something impossible (exit status 2)."""

    exit_code = 2

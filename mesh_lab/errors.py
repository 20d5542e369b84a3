"""Exceptions of the kit. Data problems are reported, not raised; these are for misuse."""

from __future__ import annotations


class MeshLabError(Exception):
    """Base class of every error the kit raises on purpose."""


class ContractError(MeshLabError):
    """A contract file cannot be used: names file, line, field path, expected and found.

    ``problems`` lists every :class:`mesh_lab.contracts.Problem` found, the first one is also in the
    attributes ``file``, ``line``, ``path``, ``expected`` and ``found``.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 path: str | None = None, expected: str | None = None, found: str | None = None,
                 problems: list | None = None):
        self.file = file
        self.line = line
        self.path = path
        self.expected = expected
        self.found = found
        self.problems = problems or []
        super().__init__(message)


class MissingDataError(MeshLabError, FileNotFoundError):
    """A product's data file is not where it should be (the message says where it looked)."""


class DataFileError(MeshLabError, ValueError):
    """A data file exists but cannot be read as a table (encoding, empty, broken CSV): says where and how to fix."""

"""Typed exceptions; the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class DelegraphError(Exception):
    """Base class: anything the user can fix. ``exit_code`` is what the CLI returns."""

    exit_code = 2


class InputError(DelegraphError):
    """A readout or data file is missing, empty, binary, not UTF-8 or malformed."""


class GazetteerError(DelegraphError):
    """A gazetteer data file is malformed."""


class CurationError(DelegraphError):
    """A curation file is malformed (the message names the file and line)."""


class StoreError(DelegraphError):
    """The store cannot be opened (locked, unreachable) or a write failed."""


class QueryError(DelegraphError):
    """Unknown named query, bad parameter, or a SPARQL error."""


class ValidationFailed(DelegraphError):
    """SHACL or violation checks found problems (exit 1, like pySHACL)."""

    exit_code = 1

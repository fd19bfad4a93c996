"""Checks of the dates and country codes users give (options, query parameters, readout
metadata, imported records), shared so that every way in refuses the same values alike.

Each check returns the value it accepts and raises the caller's error type (``InputError``
for files and options, ``QueryError`` for query parameters) with a one-line message that
names where the value came from and the value.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import DelegraphError, InputError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Za-z]{2}$")


def calendar_date(value: object, what: str, error: type[DelegraphError] = InputError) -> str:
    """*value* when it is a date that exists, written YYYY-MM-DD (the shape alone let
    2024-02-30 through: stored, it matched nothing and failed validation later)."""
    if not isinstance(value, str) or not _DATE.match(value):
        raise error(f"{what}: expected a date YYYY-MM-DD, got {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise error(f"{what}: {value!r} is not a real date ({exc})") from None
    return value


def known_country_codes() -> frozenset[str]:
    """The codes a stored country can have: the gazetteer's (ISO 3166-1 alpha-2, XK, EU)
    and its former states, which historical records give (SU, YU, ...)."""
    from .gazetteer import country_codes, former_countries

    codes = country_codes()
    return codes | frozenset(former_countries()) if codes else codes


def country_code(value: str, what: str, error: type[DelegraphError] = InputError) -> str:
    """*value* upper-cased when it is a two-letter code of a known country (any two letters
    when the gazetteer lists no countries); a name ("China") or an unknown code matched
    nothing, silently."""
    v = value.strip()
    if not _CODE.match(v):
        raise error(f"{what}: expected a two-letter ISO code, got {value!r}")
    known = known_country_codes()
    if known and v.upper() not in known:
        raise error(f"{what}: no country has the code {value!r} (ISO 3166-1 alpha-2, e.g. CN)")
    return v.upper()

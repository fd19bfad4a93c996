"""How ``delegraph eval`` matches an extracted value to a gold one, the rules of the shared
corpus's ``score.py``: names lose honorifics and middle initials, a first name may be a
prefix of the other (Jen/Jennifer), agency names lose country prefixes."""

from __future__ import annotations

import re
import unicodedata

# Leading words that do not change which body is meant ("the U.S. Department of State").
_AGENCY_PREFIX = re.compile(
    r"^(?:the |u\.s\. |us |united states |prc |china'?s |chinese "
    r"|people'?s republic of china'?s? |mexican |indian |japanese |british |uk |eu |european )+"
)
_HONORIFIC = re.compile(r"^(?:mr\.? |ms\.? |mrs\.? |dr\.? |h\.?e\.? )")
_NOT_WORDISH = re.compile(r"[^\w' .-]")
_SPACES = re.compile(r"\s+")


def normalise(value: object) -> str:
    """Case-folded NFKC text with punctuation other than ``' . -`` turned into spaces."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold().replace("\u2019", "'")
    text = _NOT_WORDISH.sub(" ", text)
    return _SPACES.sub(" ", text).strip(" .")


def person_key(name: object) -> str:
    """A name without a leading honorific, dots or middle initials (``Todd D. Robinson``)."""
    tokens = _HONORIFIC.sub("", normalise(name)).replace(".", " ").split()
    last = len(tokens) - 1
    return " ".join(t for i, t in enumerate(tokens) if not (0 < i < last and len(t) == 1))


def agency_key(name: object) -> str:
    """An agency name without leading country words; British and American spelling agree."""
    key = normalise(name).replace("defence", "defense")
    while True:
        shorter = _AGENCY_PREFIX.sub("", key)
        if shorter == key:
            return key
        key = shorter


def same_person(a: str, b: str) -> bool:
    """Equal keys, or the same surname with one first name a prefix of the other."""
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    if len(ta) < 2 or len(tb) < 2 or ta[-1] != tb[-1]:
        return False
    return ta[0].startswith(tb[0]) or tb[0].startswith(ta[0])

"""Type checks for the fields of a JSON-lines record or a ``.meta.json`` sidecar: each is
a string (or absent), holds no NUL and no lone surrogate, so a bad field fails its own
record with one line instead of failing the batch later."""

from __future__ import annotations

from ..errors import InputError

_JSON_TYPES = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    dict: "an object",
    list: "a list",
}


def json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def clean_string(value: str, field: str) -> str:
    """*value*, unless it holds a NUL or a lone surrogate (not text; cannot be stored)."""
    if "\x00" in value:
        raise InputError(f"'{field}' contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"'{field}' contains a lone surrogate (\\u{ord(value[exc.start]):04x}) at "
            f"character {exc.start}: not valid Unicode text"
        ) from None
    return value


def optional_string(record: dict, field: str) -> str | None:
    """The string in *record[field]*, None when absent, null or empty."""
    value = record.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"'{field}' must be a string, not {json_type(value)}")
    return clean_string(value, field)


def record_id(record: dict) -> str | None:
    """The record's ``id``: a string or a whole number (not true/false), or None."""
    value = record.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return optional_string(record, "id")

"""Rows (one dict each) as ``table``, ``csv`` or ``json``: the one set of format names of
every command that prints rows (``query``, ``queries``, ``analyze``).

A table never cuts a value: an id, IRI or URL (no spaces) stays whole on one line, and
longer prose wraps onto more lines within its column (rows that wrap are set apart by a
blank line), so what a table shows can be copied into the next command.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable, Sequence

from .errors import InputError

FORMATS = ("table", "csv", "json")
WRAP = 60  # characters of prose per line of a table cell


def cell_text(value: object) -> str:
    """A value as a CSV or table cell: None empty, booleans ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def columns_of(rows: Sequence[dict], columns: Sequence[str] | None = None) -> list[str]:
    """*columns* first (known without rows: a CSV of no rows keeps its header), then any
    other key of the rows, in the order first seen."""
    out = list(columns or [])
    for row in rows:
        out += [k for k in row if k not in out]
    return out


def render(
    rows: Sequence[dict],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    display: Callable[[object], str] | None = None,
) -> str:
    """*rows* in *fmt*: ``json`` (a list of objects), ``csv`` (a header, then one line a
    row) or ``table`` (aligned columns, ending with the row count; *display* turns a value
    into what the table shows). InputError for another format."""
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False)
    cols = columns_of(rows, columns)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if cols:
            writer.writerow(cols)
        for row in rows:
            writer.writerow([cell_text(row.get(c)) for c in cols])
        return buf.getvalue()
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if not rows:
        return "(no rows)"
    show = display or cell_text
    cells = [[_lines(show(row.get(c))) for c in cols] for row in rows]
    widths = [max(len(c), *(len(line) for r in cells for line in r[i])) for i, c in enumerate(cols)]
    tall = any(len(cell) > 1 for r in cells for cell in r)
    out = [_line(cols, widths), "  ".join("-" * w for w in widths)]
    for r in cells:
        height = max(len(cell) for cell in r)
        for k in range(height):
            out.append(_line([cell[k] if k < len(cell) else "" for cell in r], widths))
        if tall:
            out.append("")
    plural = "" if len(rows) == 1 else "s"
    return "\n".join(out).rstrip("\n") + f"\n({len(rows)} row{plural})"


def _lines(text: str) -> list[str]:
    """One cell as lines: prose wrapped at WRAP characters, never inside a word (so an id
    or a URL stays whole), line breaks of the value kept."""
    lines: list[str] = []
    for part in text.splitlines() or [""]:
        lines += textwrap.wrap(part, WRAP, break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

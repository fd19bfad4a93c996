"""Read readout files into ``Readout`` records (the pipeline's first stage).

Accepts plain-text readouts (``.txt``/``.md``) with an optional ``<stem>.meta.json``
sidecar, and JSON-lines files of records ``{id, text, published, url, title, source}``.
Bad input (missing, empty, binary, not UTF-8 or UTF-16 with its mark, over the size cap)
raises ``InputError`` before anything is written, so a failed ``add`` leaves the store as
it was; in a JSON-lines file each bad record is a ``Problem`` of its own and the others
are read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..checks import calendar_date
from ..errors import InputError
from ..records import Readout
from .decoding import bom_encoding, decode, max_readout_bytes, one_line_end, over_cap
from .fields import clean_string, json_type, optional_string, record_id

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)
META_SUFFIX = ".meta.json"
META_KEYS = {"title", "published", "publisher", "source_url", "id"}


@dataclass
class Problem:
    """A file that could not be read, reported without stopping a batch."""

    path: str
    message: str


def slugify(text: str) -> str:
    """Lower-case ASCII slug: ``"U.S.-PRC Talks"`` → ``"u-s-prc-talks"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "readout"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_bytes(path: Path, cap: int | None = None) -> bytes:
    """The bytes of *path*; InputError when it cannot be read or is over *cap* bytes."""
    try:
        if cap is not None and path.stat().st_size > cap:
            raise InputError(f"{path}: {over_cap(path.stat().st_size, cap)}")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _check_date(value: object, where: str) -> str | None:
    """A publication date that exists, or None when there is none (InputError else)."""
    if value is None or value == "":
        return None
    return calendar_date(value, f"{where}: published")


def _guess_title(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    if first and len(first) <= 200 and not first.endswith("."):
        return first
    return None


def read_sidecar(path: Path) -> dict:
    """Metadata for ``x.txt`` from ``x.meta.json`` if present (else ``{}``)."""
    meta_path = path.with_name(path.stem + META_SUFFIX)
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(decode(meta_path, _read_bytes(meta_path)))
    except json.JSONDecodeError as exc:
        raise InputError(f"{meta_path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{meta_path}: expected a JSON object")
    unknown = set(meta) - META_KEYS
    if unknown:
        raise InputError(
            f"{meta_path}: unknown keys {sorted(unknown)}; allowed {sorted(META_KEYS)}"
        )
    try:
        return {"id": record_id(meta)} | {k: optional_string(meta, k) for k in META_KEYS - {"id"}}
    except InputError as exc:
        raise InputError(f"{meta_path}: {exc}") from None


def read_text_readout(
    path: Path,
    *,
    published: str | None = None,
    source_url: str | None = None,
    publisher: str | None = None,
    max_bytes: int | None = None,
) -> Readout:
    """One text readout; explicit arguments override the sidecar's values. A file over
    *max_bytes* (default ``decoding.max_readout_bytes()``) is an InputError."""
    path = Path(path)
    text = decode(path, _read_bytes(path, max_readout_bytes(max_bytes)))
    meta = read_sidecar(path)
    return Readout(
        id=meta.get("id") or slugify(path.stem),
        text=text,
        title=meta.get("title") or _guess_title(text),
        published=_check_date(published or meta.get("published"), str(path)),
        publisher=publisher or meta.get("publisher"),
        source_url=source_url or meta.get("source_url"),
        path=str(path),
        sha256=text_sha256(text),
    )


def iter_jsonl_readouts(path: Path, max_bytes: int | None = None) -> Iterator[Readout | Problem]:
    """Records of a JSON-lines file; a bad line (not JSON, a mistyped field, a NUL, bytes
    not in the file's encoding, a text over *max_bytes*) yields a ``Problem`` and reading
    goes on. A file with no readable record and NUL bytes is one Problem: binary."""
    path = Path(path)
    data = _read_bytes(path)
    cap = max_readout_bytes(max_bytes)
    items = [
        _jsonl_record(f"{path}:{lineno}", line, cap)
        for lineno, line in enumerate(_jsonl_lines(path, data), start=1)
        if line.strip()
    ]
    if b"\x00" in data[:8192] and not any(isinstance(i, Readout) for i in items):
        raise InputError(f"{path}: looks like a binary file, not JSON lines")
    if not items:
        raise InputError(f"{path}: file is empty")
    yield from items


def _jsonl_lines(path: Path, data: bytes) -> list[str | bytes]:
    """The lines of a JSON-lines file (any line end): text when a byte-order mark names the
    encoding, else bytes, each decoded alone (so one line in another encoding fails
    alone)."""
    encoding, skip = bom_encoding(data)
    if encoding is None:
        return re.split(rb"\r\n|\r|\n", data)
    try:
        return re.split(r"\r\n|\r|\n", data[skip:].decode(encoding))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not {encoding} text (byte {exc.start + skip})") from None


def _jsonl_record(where: str, line: str | bytes, cap: int) -> Readout | Problem:
    try:
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 (byte {exc.start} of the line)") from None
        rec = json.loads(line)
        if not isinstance(rec, dict):
            raise InputError(f"expected an object with a 'text' string, not {json_type(rec)}")
        body = rec.get("text")
        if not isinstance(body, str):
            what = "no 'text'" if body is None else f"'text' is {json_type(body)}"
            raise InputError(f"expected an object with a 'text' string; {what}")
        body = one_line_end(clean_string(body, "text"))
        if not body.strip():
            raise InputError("empty text")
        size = len(body.encode("utf-8"))
        if size > cap:
            raise InputError(f"'text': {over_cap(size, cap)}")
        title = optional_string(rec, "title")
        rid = record_id(rec) or slugify((title or "")[:60]) + "-" + text_sha256(body)[:8]
        return Readout(
            id=slugify(rid),
            text=body,
            title=title,
            published=_check_date(optional_string(rec, "published"), where),
            publisher=optional_string(rec, "publisher") or optional_string(rec, "source"),
            source_url=optional_string(rec, "url") or optional_string(rec, "source_url"),
            path=where,
            sha256=text_sha256(body),
        )
    except json.JSONDecodeError as exc:
        return Problem(where, f"invalid JSON ({exc.msg})")
    except RecursionError:
        return Problem(where, "invalid JSON (nested too deeply)")
    except InputError as exc:
        return Problem(where, str(exc).removeprefix(where + ": "))


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into readout files (sorted); a missing path raises ``InputError``."""
    found: list[Path] = []
    for p in map(Path, paths):
        try:
            is_dir, exists = p.is_dir(), p.exists() or p.is_symlink()
        except OSError as exc:  # a folder on the way that cannot be entered
            raise InputError(f"{p}: {exc.strerror or exc}") from None
        if is_dir:
            found += _folder_files(p)
        elif exists:
            found.append(p)
        else:
            raise InputError(f"{p}: no such file or directory")
    return found


def _folder_files(folder: Path) -> list[Path]:
    """The readout files under *folder*, sorted; a sub-folder that cannot be read and a
    link to nothing are listed too, so that reading them reports them as failed instead
    of leaving them out without a word."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        found.append(Path(exc.filename))

    for root, _, files in os.walk(folder, onerror=unreadable):
        for name in files:
            f = Path(root) / name
            if _is_readout_file(f) and (f.is_file() or f.is_symlink()):
                found.append(f)
    return sorted(found)


def _is_readout_file(f: Path) -> bool:
    name = f.name
    if name.startswith(".") or name.endswith(META_SUFFIX) or name.lower() == "readme.md":
        return False
    return f.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES


def iter_readouts(paths: list[Path], max_bytes: int | None = None) -> Iterator[Readout | Problem]:
    """Every readout under ``paths``; unreadable files (and a readout over *max_bytes*,
    default ``decoding.max_readout_bytes()``) yield a ``Problem`` instead."""
    for f in discover(paths):
        if f.is_dir():  # listed by discover because it could not be read
            yield Problem(str(f), "cannot read this folder (permission denied)")
            continue
        if f.suffix and f.suffix.lower() not in TEXT_SUFFIXES + JSONL_SUFFIXES:
            # named on the command line (a folder only yields readout files): a .csv or
            # .pdf is not a readout text, and storing it as one makes a meeting of nothing
            yield Problem(str(f), "not a readout file (.txt or .md texts, .jsonl records)")
            continue
        try:
            if f.suffix.lower() in JSONL_SUFFIXES:
                yield from iter_jsonl_readouts(f, max_bytes)
            else:
                yield read_text_readout(f, max_bytes=max_bytes)
        except InputError as exc:
            yield Problem(str(f), str(exc).removeprefix(f"{f}: "))

"""Read readout files into ``Readout`` records (the pipeline's first stage).

Accepts plain-text readouts (``.txt``/``.md``) with an optional ``<stem>.meta.json``
sidecar, and JSON-lines files of records ``{id, text, published, url, title, source}``.
Bad input (missing, empty, binary, not UTF-8) raises ``InputError`` before anything is
written, so a failed ``add`` leaves the store as it was.
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


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks like a binary file, not a text readout")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start}); convert it with iconv -t UTF-8"
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _read_bytes(path: Path) -> bytes:
    try:
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
        meta = json.loads(_decode(meta_path, _read_bytes(meta_path)))
    except json.JSONDecodeError as exc:
        raise InputError(f"{meta_path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{meta_path}: expected a JSON object")
    unknown = set(meta) - META_KEYS
    if unknown:
        raise InputError(
            f"{meta_path}: unknown keys {sorted(unknown)}; allowed {sorted(META_KEYS)}"
        )
    return meta


def read_text_readout(
    path: Path,
    *,
    published: str | None = None,
    source_url: str | None = None,
    publisher: str | None = None,
) -> Readout:
    """One text readout; explicit arguments override the sidecar's values."""
    path = Path(path)
    text = _decode(path, _read_bytes(path))
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


def iter_jsonl_readouts(path: Path) -> Iterator[Readout | Problem]:
    """Records of a JSON-lines file; a bad line yields a ``Problem`` and reading goes on."""
    path = Path(path)
    data = _read_bytes(path)
    text = _decode(path, data)
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise InputError(f"{where}: expected an object with a 'text' string")
            body = rec["text"]
            if not body.strip():
                raise InputError(f"{where}: empty text")
            rid = (
                rec.get("id")
                or slugify((rec.get("title") or "")[:60]) + "-" + text_sha256(body)[:8]
            )
            yield Readout(
                id=slugify(str(rid)),
                text=body,
                title=rec.get("title"),
                published=_check_date(rec.get("published"), where),
                publisher=rec.get("publisher") or rec.get("source"),
                source_url=rec.get("url") or rec.get("source_url"),
                path=where,
                sha256=text_sha256(body),
            )
        except json.JSONDecodeError as exc:
            yield Problem(where, f"invalid JSON ({exc.msg})")
        except InputError as exc:
            yield Problem(where, str(exc).removeprefix(where + ": "))


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


def iter_readouts(paths: list[Path]) -> Iterator[Readout | Problem]:
    """Every readout under ``paths``; unreadable files yield a ``Problem`` instead."""
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
                yield from iter_jsonl_readouts(f)
            else:
                yield read_text_readout(f)
        except InputError as exc:
            yield Problem(str(f), str(exc).removeprefix(f"{f}: "))

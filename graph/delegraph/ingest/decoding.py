"""Bytes of a readout file to text: UTF-8, or UTF-16/32 when a byte-order mark says so;
line ends made ``\\n`` (CR LF and a lone CR alike, so sentences and titles split the same);
and the size cap for one readout (``DELEGRAPH_MAX_READOUT_BYTES``, default 5 MB)."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from ..errors import InputError

DEFAULT_MAX_READOUT_BYTES = 5 * 1024 * 1024
MAX_READOUT_ENV = "DELEGRAPH_MAX_READOUT_BYTES"

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_END = re.compile(r"\r\n|\r")
_SIZE = re.compile(r"(\d+)\s*([kmg]?)i?b?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str, where: str) -> int:
    """``5000000``, ``500k``, ``5M``, ``1GB`` as a number of bytes (InputError else)."""
    m = _SIZE.fullmatch(str(text).strip())
    if not m or int(m.group(1)) <= 0:
        raise InputError(f"{where}: {text!r} is not a size (bytes, or with k, M or G: 5M)")
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


def max_readout_bytes(given: int | None = None) -> int:
    """The cap for one readout: *given*, else ``$DELEGRAPH_MAX_READOUT_BYTES``, else 5 MB."""
    if given is not None:
        return given
    env = os.environ.get(MAX_READOUT_ENV)
    return parse_size(env, MAX_READOUT_ENV) if env else DEFAULT_MAX_READOUT_BYTES


def show_size(n: int) -> str:
    return f"{n / 1024**2:.1f} MB" if n >= 1024**2 else f"{n:,} bytes"


def over_cap(size: int, cap: int) -> str:
    """The message for a readout of *size* bytes over *cap*."""
    return (
        f"{show_size(size)} is over the {show_size(cap)} limit for one readout "
        f"(raise it with --max-readout-bytes or {MAX_READOUT_ENV})"
    )


def bom_encoding(data: bytes) -> tuple[str | None, int]:
    """(encoding, length of its byte-order mark) when *data* starts with one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


def one_line_end(text: str) -> str:
    """*text* with CR LF and lone CR written as LF."""
    return _LINE_END.sub("\n", text)


def decode(path: Path, data: bytes) -> str:
    """The text of a readout file (InputError: empty, binary, or not in its encoding)."""
    encoding, skip = bom_encoding(data)
    if not data[skip:].strip():
        raise InputError(f"{path}: file is empty")
    if encoding is None:
        if b"\x00" in data[:8192]:
            raise InputError(f"{path}: looks like a binary file, not a text readout")
        encoding = "utf-8"
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.upper().replace("-LE", "").replace("-BE", "")
        raise InputError(
            f"{path}: not {name} text (byte {exc.start + skip}); convert it with iconv -t UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: contains a NUL character: not a text readout")
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    return one_line_end(text)

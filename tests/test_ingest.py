"""Reading readout files: sidecar metadata, JSON lines, and one-line errors for bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from delegraph.errors import InputError
from delegraph.ingest.readers import (
    Problem,
    discover,
    iter_jsonl_readouts,
    iter_readouts,
    read_text_readout,
    text_sha256,
)


def test_sidecar_metadata_is_read_and_overridable(tmp_path):
    f = tmp_path / "talks.txt"
    f.write_text("Readout of Talks\nOn May 3, the two sides met.\n", encoding="utf-8")
    (tmp_path / "talks.meta.json").write_text(
        json.dumps({"published": "2023-05-04", "publisher": "Ministry X", "source_url": "u1"})
    )
    r = read_text_readout(f)
    assert (r.id, r.published, r.publisher, r.source_url) == (
        "talks",
        "2023-05-04",
        "Ministry X",
        "u1",
    )
    assert r.title == "Readout of Talks"
    assert r.sha256 == text_sha256(r.text)
    r2 = read_text_readout(f, published="2023-06-01", source_url="u2")
    assert (r2.published, r2.source_url) == ("2023-06-01", "u2")


def test_bom_and_crlf_are_normalised(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffLine one\r\nLine two\r\n".encode())
    assert read_text_readout(f).text == "Line one\nLine two\n"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("Caf\u00e9 talks".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_raise_one_line_input_errors(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_text_readout(f)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert str(f) in str(err.value)


def test_missing_file_and_bad_date(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text_readout(tmp_path / "nope.txt")
    f = tmp_path / "x.txt"
    f.write_text("Some text.")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        read_text_readout(f, published="31/07/2024")


@pytest.mark.parametrize("value", ["2024-13-45", "2021-02-30", "2023-02-29", "0000-01-01"])
def test_a_date_of_the_right_shape_that_does_not_exist_is_refused(tmp_path, value):
    """An impossible date was stored as a date and only failed `validate` afterwards."""
    f = tmp_path / "x.txt"
    f.write_text("Some text.")
    with pytest.raises(InputError, match=f"published: '{value}' is not a real date"):
        read_text_readout(f, published=value)
    (tmp_path / "x.meta.json").write_text(json.dumps({"published": value}))
    with pytest.raises(InputError, match=f"x.txt: published: '{value}' is not a real date"):
        read_text_readout(f)
    assert read_text_readout(f, published="2024-02-29").published == "2024-02-29"


def test_a_jsonl_record_with_an_impossible_date_fails_alone(tmp_path):
    f = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "one", "text": "First text.", "published": "2021-02-28"}),
        json.dumps({"id": "two", "text": "Second text.", "published": "2021-02-30"}),
        json.dumps({"id": "three", "text": "Third text.", "published": "2021-03-01"}),
    ]
    f.write_text("\n".join(lines) + "\n")
    items = list(iter_jsonl_readouts(f))
    assert [i.id for i in items if not isinstance(i, Problem)] == ["one", "three"]
    [bad] = [i for i in items if isinstance(i, Problem)]
    assert bad.path == f"{f}:2"
    assert bad.message == (
        "published: '2021-02-30' is not a real date (day is out of range for month)"
    )


def test_bad_sidecar_names_file_and_line(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("Some text.")
    (tmp_path / "x.meta.json").write_text('{\n "published": "2024-01-01",\n}')
    with pytest.raises(InputError, match=r"x\.meta\.json:3"):
        read_text_readout(f)
    (tmp_path / "x.meta.json").write_text('{"publishd": "2024-01-01"}')
    with pytest.raises(InputError, match="unknown keys"):
        read_text_readout(f)


def test_jsonl_bad_lines_become_problems_and_reading_goes_on(tmp_path):
    f = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "one", "text": "First text.", "published": "2022-01-02", "url": "u"}),
        "{not json",
        json.dumps({"id": "two", "text": "   "}),
        json.dumps({"id": "three", "text": "Third text."}),
    ]
    f.write_text("\n".join(lines) + "\n")
    items = list(iter_jsonl_readouts(f))
    ok = [i.id for i in items if not isinstance(i, Problem)]
    bad = [i for i in items if isinstance(i, Problem)]
    assert ok == ["one", "three"]
    assert [p.path for p in bad] == [f"{f}:2", f"{f}:3"]
    assert items[0].source_url == "u" and items[0].published == "2022-01-02"


def test_discover_expands_folders_and_skips_sidecars_and_readmes(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["a.txt", "a.meta.json", "README.md", "sub/b.md", "c.jsonl", "d.pdf", "E.TXT"]:
        (tmp_path / name).write_text("x")
    names = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert names == ["E.TXT", "a.txt", "c.jsonl", "sub/b.md"]
    with pytest.raises(InputError, match="no such file or directory"):
        discover([tmp_path / "missing"])


def test_iter_readouts_reports_bad_files_without_stopping(tmp_path):
    (tmp_path / "good.txt").write_text("A meeting happened.")
    (tmp_path / "empty.txt").write_text("")
    items = list(iter_readouts([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Problem", "Readout"]
    assert "empty" in items[0].message


def test_a_link_to_nothing_and_an_unreadable_folder_are_reported_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("A meeting happened.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")  # not a readout name
    (tmp_path / "locked").mkdir()
    walk = os.walk

    def walk_refused_in_locked(top, onerror=None, **kw):
        for root, dirs, files in walk(top, onerror=onerror, **kw):
            if "locked" in dirs:  # as os.walk does for a folder it may not list
                dirs.remove("locked")
                onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
            yield root, dirs, files

    monkeypatch.setattr(os, "walk", walk_refused_in_locked)
    names = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert names == ["gone.txt", "good.txt", "locked"]
    items = list(iter_readouts([tmp_path]))
    problems = {Path(i.path).name: i.message for i in items if isinstance(i, Problem)}
    assert set(problems) == {"gone.txt", "locked"}
    assert problems["locked"] == "cannot read this folder (permission denied)"
    assert [i.id for i in items if not isinstance(i, Problem)] == ["good"]


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00")],
)
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, encoding, bom):
    f = tmp_path / "wide.txt"
    f.write_bytes(bom + "Readout of Talks\r\nThe two sides met.\r\n".encode(encoding))
    assert read_text_readout(f).text == "Readout of Talks\nThe two sides met.\n"


def test_cr_only_line_ends_become_lf_and_the_title_is_the_first_line(tmp_path):
    f = tmp_path / "mac.txt"
    f.write_bytes(b"Readout of Talks\rThe two sides met.\rThey agreed.\r")
    r = read_text_readout(f)
    assert r.text == "Readout of Talks\nThe two sides met.\nThey agreed.\n"
    assert r.title == "Readout of Talks"


def test_a_readout_over_the_cap_is_refused_naming_file_and_cap(tmp_path, monkeypatch):
    f = tmp_path / "big.txt"
    f.write_text("Talks. " * 300)
    with pytest.raises(InputError) as err:
        read_text_readout(f, max_bytes=1000)
    assert str(err.value) == (
        f"{f}: 2,100 bytes is over the 1,000 bytes limit for one readout "
        "(raise it with --max-readout-bytes or DELEGRAPH_MAX_READOUT_BYTES)"
    )
    monkeypatch.setenv("DELEGRAPH_MAX_READOUT_BYTES", "3k")
    assert read_text_readout(f).text.startswith("Talks.")
    monkeypatch.setenv("DELEGRAPH_MAX_READOUT_BYTES", "1k")
    with pytest.raises(InputError, match="1,024 bytes limit"):
        read_text_readout(f)
    monkeypatch.setenv("DELEGRAPH_MAX_READOUT_BYTES", "big")
    with pytest.raises(InputError, match="DELEGRAPH_MAX_READOUT_BYTES: 'big' is not a size"):
        read_text_readout(f)


def test_a_sidecar_field_of_the_wrong_type_is_one_line(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("Some text.")
    (tmp_path / "x.meta.json").write_text(json.dumps({"title": {"en": "T"}}))
    with pytest.raises(InputError) as err:
        read_text_readout(f)
    assert str(err.value) == f"{tmp_path / 'x.meta.json'}: 'title' must be a string, not an object"


def test_a_jsonl_record_over_the_cap_fails_alone(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        json.dumps({"id": "small", "text": "Short text."})
        + "\n"
        + json.dumps({"id": "big", "text": "Long text. " * 200})
        + "\n"
    )
    items = list(iter_jsonl_readouts(f, max_bytes=1000))
    assert [i.id for i in items if not isinstance(i, Problem)] == ["small"]
    [bad] = [i for i in items if isinstance(i, Problem)]
    assert bad.path == f"{f}:2" and bad.message.startswith("'text': 2,200 bytes is over")

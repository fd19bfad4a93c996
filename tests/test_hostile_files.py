"""Hostile input files through ``delegraph add``, end to end: each bad file or JSON-lines
record is one line on stderr, every good one is stored with its identity label; and a
property test that ``add`` never raises on arbitrary Unicode, HTML and control characters."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegraph.ingest.readers import Problem
from delegraph.pipeline import add_paths, open_store

GOOD = (
    "Readout of the Talks\n"
    "Secretary of State Antony Blinken met with Foreign Minister Wang Yi in Beijing "
    "on May 3, 2024. They discussed trade and counternarcotics cooperation.\n"
)


MAIN = "from delegraph.cli import main; main()"


class Done(NamedTuple):
    exit_code: int
    output: str


def record(rid: str, **fields) -> str:
    return json.dumps({"id": rid, "text": GOOD.replace("Beijing", f"Beijing ({rid})"), **fields})


def add(tmp_path, *args, env=None):
    """``delegraph add ARGS --store tmp_path/store`` in its own process: (exit code, stderr
    and stdout together), store path."""
    store = tmp_path / "store"
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "add", *map(str, args), "--store", str(store), "-q"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    return Done(done.returncode, done.stderr + done.stdout), store


def labels(store_path) -> dict[str, set[str]]:
    """Readout id -> the identity labels of its participants."""
    store = open_store(str(store_path), must_exist=True)
    rows = store.select(
        "SELECT ?g ?label WHERE { GRAPH ?g { ?p dg:participant ?o } "
        "GRAPH <https://w3id.org/delegraph/id/graph/identity> { ?o rdfs:label ?label } }"
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(str(r["g"]).rsplit("/", 1)[-1], set()).add(r["label"])
    return out


def failures(output: str) -> dict[str, str]:
    lines = [line for line in output.splitlines() if line.startswith("failed: ")]
    return {
        line[len("failed: ") :].split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 2)[2]
        for line in lines
    }


def test_mistyped_jsonl_fields_fail_alone_and_the_good_records_are_stored(tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = [
        record("one"),
        record("url-number", url=123),
        record("title-object", title={"x": 1}),
        json.dumps({"id": "surrogate", "text": "Talks \ud800 held."}),
        record("published-number", published=20240101),
        record("published-list", published=["2024-01-01"]),
        record("impossible-date", published="2024-02-30"),
        json.dumps({"id": "text-list", "text": ["a"]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": {"a": 1}, "text": GOOD}),
        json.dumps({"id": "nul-escaped", "text": "Talks\u0000 held."}),
        '{"id": "nul-raw", "text": "Talks\x00 held."}',
        record("two", published="2024-05-04", url="https://example.org/two", title="Two"),
        record(7),
    ]
    batch.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
    result, store = add(tmp_path, batch)
    assert result.exit_code == 1, result.output
    failed = failures(result.output)
    assert set(failed) == {f"batch.jsonl:{n}" for n in range(2, 13)}, result.output
    assert failed["batch.jsonl:2"] == "'url' must be a string, not a number"
    assert failed["batch.jsonl:3"] == "'title' must be a string, not an object"
    assert "lone surrogate" in failed["batch.jsonl:4"]
    assert failed["batch.jsonl:10"] == "'id' must be a string, not an object"
    assert "NUL" in failed["batch.jsonl:11"]
    assert "Traceback" not in result.output
    assert "1 added" not in result.output and "3 added" in result.output
    # the good records are stored, with their officials' labels in the identity graph
    stored = labels(store)
    assert set(stored) == {"one", "two", "7"}
    assert all(names == {"Antony Blinken", "Wang Yi"} for names in stored.values())


def test_hostile_files_fail_one_line_each_and_the_good_ones_are_stored(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (inputs / "nul.txt").write_bytes(GOOD.encode()[:40] + b"\x00" + GOOD.encode()[40:])
    latin1 = GOOD.replace("Talks", "Caf\u00e9 talks").encode("latin-1")
    (inputs / "latin1.txt").write_bytes(latin1)
    (inputs / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    (inputs / "utf16be.md").write_bytes(codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"))
    (inputs / "utf8bom.txt").write_bytes(codecs.BOM_UTF8 + GOOD.encode())
    (inputs / "cronly.txt").write_bytes(GOOD.replace("\n", "\r").encode())
    (inputs / "huge.txt").write_bytes(GOOD.encode() * 40)
    mixed = [record("mixed-good").encode(), record("mixed-latin1").replace("Talks", "Caf\u00e9")]
    mixed[1] = mixed[1].encode("latin-1")
    (inputs / "mixed.jsonl").write_bytes(b"\r".join(mixed) + b"\r")
    (inputs / "nul.jsonl").write_bytes(record("nul-good").encode() + b"\n\x00\x00\x00\n")
    (inputs / "binary.jsonl").write_bytes(b"\x00\x01\x02\xff" * 100)
    utf16_jsonl = record("jsonl-utf16") + "\r\n" + record("jsonl-utf16-b") + "\r\n"
    (inputs / "u16.jsonl").write_bytes(codecs.BOM_UTF16_LE + utf16_jsonl.encode("utf-16-le"))
    result, store = add(tmp_path, inputs, env={"DELEGRAPH_MAX_READOUT_BYTES": "2k"})
    assert result.exit_code == 1
    failed = failures(result.output)
    assert failed == {
        "binary.jsonl": "looks like a binary file, not JSON lines",
        "binary.txt": "looks like a binary file, not a text readout",
        "huge.txt": (
            f"{len(GOOD.encode()) * 40:,} bytes is over the 2,048 bytes limit for one readout "
            "(raise it with --max-readout-bytes or DELEGRAPH_MAX_READOUT_BYTES)"
        ),
        "latin1.txt": f"not UTF-8 text (byte {latin1.index(0xE9)}); convert it with iconv -t UTF-8",
        "mixed.jsonl:2": f"not UTF-8 (byte {mixed[1].index(0xE9)} of the line)",
        "nul.jsonl:2": "invalid JSON (Expecting value)",
        "nul.txt": "looks like a binary file, not a text readout",
    }, result.output
    stored = labels(store)
    assert set(stored) == {
        "utf16",
        "utf16be",
        "utf8bom",
        "cronly",
        "mixed-good",
        "nul-good",
        "jsonl-utf16",
        "jsonl-utf16-b",
    }
    # a CR-only file gives the same facts as the same text with LF line ends
    lf = tmp_path / "lf"
    lf.mkdir()
    (lf / "cronly.txt").write_text(GOOD)
    _, lf_store = add(tmp_path / "lf", lf / "cronly.txt")
    assert sorted(labels(lf_store).items()) == sorted(
        (k, v) for k, v in stored.items() if k == "cronly"
    )
    # the cap is an option too, and a bad size is one line, exit 2
    result, _ = add(tmp_path, inputs / "huge.txt", "--max-readout-bytes", "1M")
    assert result.exit_code == 0, result.output
    result, _ = add(tmp_path, inputs / "huge.txt", "--max-readout-bytes", "lots")
    assert result.exit_code == 2
    assert result.output == (
        "error: --max-readout-bytes: 'lots' is not a size (bytes, or with k, M or G: 5M)\n"
    )


# --- never raises ---------------------------------------------------------------------------

HOSTILE_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=()), max_size=20),  # NUL, lone surrogates
        st.sampled_from(["<script>", "</p>", "&amp;", "\r", "\u2028", "\ufeff", "\x00", ". "]),
        st.sampled_from(
            ["Secretary of State ", "Minister ", " met with ", " led by ", "Ministry of "]
        ),
    ),
    max_size=30,
).map("".join)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=3), title=st.one_of(st.none(), HOSTILE_TEXT)
)
def test_add_never_raises_on_arbitrary_text(tmp_path, texts, title):
    """Through ``add`` end to end (JSON lines in, memory store out): every record is stored
    or reported, never an exception."""
    batch = tmp_path / "hostile.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": t, "title": title}) for i, t in enumerate(texts)]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    store = open_store("memory:")
    report = add_paths(store, [batch])
    stored = len(report.added) + len(report.replaced) + len(report.unchanged)
    assert stored + len(report.failed) == len(texts)
    assert all(isinstance(p, Problem) and "\n" not in p.message for p in report.failed)

"""The CLI as a user meets it: exit codes, one-line errors, and a store left as it was."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from delegraph.cli import cli

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "readouts" / "cnwg-2024-07-31.txt"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("DELEGRAPH_STORE", str(tmp_path / "store"))
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def _count(run) -> int:
    out = run("query", _count_query(), "--format", "json")
    assert out.exit_code == 0, out.output
    return int(json.loads(out.output)[0]["n"])


def _count_query() -> Path:
    path = Path(__file__).with_name("fixtures") / "count-quads.rq"
    return path


def _all_commands():
    names = []
    for name, cmd in cli.commands.items():
        if hasattr(cmd, "commands"):
            names += [(name, sub) for sub in cmd.commands]
        else:
            names.append((name,))
    return names


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(run, path):
    out = run(*path, "--help")
    assert out.exit_code == 0
    assert "Example" in out.output


def test_extract_json_has_the_issue_shape_and_evidence(run):
    out = run("extract", SEED, "--format", "json")
    assert out.exit_code == 0, out.output
    facts = json.loads(out.output)
    for key in (
        "kind",
        "date",
        "location",
        "mechanism",
        "countries",
        "officials",
        "agencies",
        "delegations",
        "topics",
    ):
        assert key in facts
    assert facts["date"] == "2024-07-31" and facts["kind"] == "meeting"
    text = SEED.read_text(encoding="utf-8")
    for official in facts["officials"]:
        for ev in official["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["quote"]


def test_extract_text_and_explain(run):
    out = run("extract", SEED)
    assert out.exit_code == 0 and "Wei Xiaojun" in out.output
    out = run("extract", SEED, "--explain")
    assert out.exit_code == 0 and "Wei Xiaojun" in out.output


@pytest.mark.parametrize(
    "content, fragment",
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
    ],
    ids=["missing", "empty", "binary", "latin-1"],
)
def test_bad_input_is_one_line_nonzero_and_store_unchanged(run, tmp_path, content, fragment):
    assert run("add", SEED).exit_code == 0
    before = _count(run)
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    for args in (("extract", bad), ("add", bad)):
        out = run(*args)
        assert out.exit_code != 0
        message = out.output.strip()
        assert fragment in message
        assert "Traceback" not in message
        assert len(message.splitlines()) <= 2  # the error (+ the add summary line)
    assert _count(run) == before


def test_unknown_query_is_a_one_line_error(run):
    out = run("query", "no-such-question")
    assert out.exit_code == 2
    assert out.output.startswith("error:") and len(out.output.strip().splitlines()) == 1


def test_bad_param_syntax_is_an_error(run):
    out = run("query", "meetings-between", "--param", "a")
    assert out.exit_code == 2 and "K=V" in out.output


def test_add_twice_is_unchanged_and_export_formats(run, tmp_path):
    assert "1 added" in run("add", SEED).output
    assert "1 unchanged" in run("add", SEED).output
    for fmt in ("turtle", "trig", "nquads", "jsonld"):
        target = tmp_path / f"out.{fmt}"
        out = run("export", "--format", fmt, "-o", target)
        assert out.exit_code == 0, out.output
        assert target.stat().st_size > 1000
    out = run("export", "--format", "nquads", "-o", tmp_path / "missing-dir" / "x.nq")
    assert out.exit_code == 2 and "no such directory" in out.output
    assert not (tmp_path / "missing-dir").exists()


def test_queries_lists_titles_and_params(run):
    out = run("queries")
    assert out.exit_code == 0
    assert "meetings-between" in out.output and "--param a=" in out.output


def test_build_prints_summary_and_writes_view(run, tmp_path):
    data = tmp_path / "data"
    (data / "readouts").mkdir(parents=True)
    shutil.copy(SEED, data / "readouts")
    shutil.copy(SEED.with_name("cnwg-2024-07-31.meta.json"), data / "readouts")
    view = tmp_path / "view.html"
    out = run("build", data, "-o", view)
    assert out.exit_code == 0, out.output
    assert "readouts: 1 added" in out.output
    assert "officials: 4" in out.output
    assert view.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_validate_exit_codes(run, tmp_path):
    examples = REPO / "ontology" / "examples"
    assert run("validate", *sorted((examples / "valid").glob("*.ttl"))).exit_code == 0
    invalid = sorted((examples / "invalid").glob("*.ttl"))[0]
    assert run("validate", invalid).exit_code == 1
    assert run("validate", tmp_path / "nope.ttl").exit_code == 2


def test_locked_store_is_a_clear_error(tmp_path):
    from delegraph.store import open_store

    held = open_store(tmp_path / "locked")  # noqa: F841 - keeps the lock
    out = CliRunner().invoke(cli, ["queries"], catch_exceptions=False)  # listing needs no store
    assert out.exit_code == 0
    out = CliRunner().invoke(
        cli, ["add", str(SEED), "--store", str(tmp_path / "locked")], catch_exceptions=False
    )
    assert out.exit_code == 2
    assert "in use by another delegraph process" in out.output


def test_mixed_batch_adds_the_good_reports_the_bad_and_exits_1(run, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    out = run("add", folder, "--quiet")
    assert out.exit_code == 1
    assert "1 added" in out.output and "1 failed" in out.output
    assert "empty.txt: file is empty" in out.output


def test_a_date_that_does_not_exist_is_refused_where_it_is_given(run, tmp_path):
    """`extract --published` and a query's date exit 2 naming the value; in a JSON-lines
    batch, the record with the impossible date fails alone and the others are added."""
    out = run("extract", SEED, "--published", "2024-13-45")
    assert out.exit_code == 2
    assert out.output == (
        "error: --published: '2024-13-45' is not a real date (month must be in 1..12)\n"
    )
    batch = tmp_path / "batch.jsonl"
    text = SEED.read_text(encoding="utf-8")
    records = [
        {"id": "bad-date", "text": text, "published": "2021-02-30"},
        {"id": "good", "text": text, "published": "2024-07-31"},
    ]
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = run("add", batch, "--quiet")
    assert out.exit_code == 1
    assert "1 added" in out.output and "1 failed" in out.output
    assert f"failed: {batch}:1: published: '2021-02-30' is not a real date" in out.output
    on = ["--param", "name=Wei", "--param", "on=2024-02-30"]
    out = run("query", "official-title-on-date", *on, "--store", tmp_path / "other")
    assert out.exit_code == 2 and "'2024-02-30' is not a real date" in out.output


def test_refresh_recomputes_what_the_named_queries_read(run, tmp_path):
    """Readout graphs written by another tool: the named queries see them only after
    `delegraph refresh` recomputes the identity and derived graphs."""
    from delegraph.rdf import extraction_to_quads
    from delegraph.store import open_store
    from seedfacts import seed_extraction, seed_readout

    store = open_store(tmp_path / "store")
    graph, quads = extraction_to_quads(seed_readout(), seed_extraction())
    store.replace_graph(graph, quads)
    del store

    def between():
        out = run(
            "query", "meetings-between", "--param", "a=US", "--param", "b=CN", "--format", "json"
        )
        assert out.exit_code == 0, out.output
        return json.loads(out.output)

    assert between() == []
    out = run("refresh")
    assert out.exit_code == 0, out.output
    assert "derived graph:" in out.output
    rows = between()
    assert len(rows) == 1 and rows[0]["a_leaders"] and rows[0]["b_leaders"]


def test_a_full_page_says_how_to_read_the_next(run, tmp_path, monkeypatch):
    from delegraph import derive

    data = tmp_path / "data"
    (data / "readouts").mkdir(parents=True)
    shutil.copy(SEED, data / "readouts")
    monkeypatch.setattr(derive, "PAGE_SIZE", 2)
    assert run("build", data, "-o", tmp_path / "view.html").exit_code == 0
    first = run("query", "agency-coparticipation", "--format", "json")
    assert first.exit_code == 0
    assert "--param page=2 for the next" in first.stderr
    assert len(json.loads(first.stdout)) == 2
    second = run("query", "agency-coparticipation", "--param", "page=2", "--format", "json")
    assert "--param page=3" in second.stderr
    assert not {r["agency_a"] + r["agency_b"] for r in json.loads(second.stdout)} & {
        r["agency_a"] + r["agency_b"] for r in json.loads(first.stdout)
    }
    one_country = run("query", "agency-coparticipation", "--param", "a=US", "--format", "json")
    assert len(json.loads(one_country.stdout)) == 2 and "--param page=2" in one_country.stderr
    both = ["--param", "a=US", "--param", "b=CN"]
    narrowed = run("query", "agency-coparticipation", *both, "--format", "json")
    assert len(json.loads(narrowed.stdout)) > 2 and narrowed.stderr == ""


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (["page=0"], "--param page: page must be a whole number from 1, got '0'"),
        (["page=-1"], "--param page: page must be a whole number from 1, got '-1'"),
        (["page=99999999999999999999999"], "--param page: '99999999999999999999999' is out of"),
        (
            ["a=US", "b=CN", "page=2"],
            "query agency-coparticipation: --param page does not apply with a and b",
        ),
    ],
)
def test_a_page_that_holds_no_rows_by_construction_is_exit_2(run, params, message):
    """These answered no rows (or, with a and b, every row, ignoring the page) with exit 0."""
    args = [x for p in params for x in ("--param", p)]
    out = run("query", "agency-coparticipation", *args)
    assert out.exit_code == 2
    assert out.output.startswith(f"error: {message}") and out.output.count("\n") == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_names_the_refresh_on_a_terminal_unless_quiet(monkeypatch, quiet):
    from delegraph.cli import Progress

    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    progress = Progress(2, "extracting", quiet)
    progress(2)
    progress.stage("updating the identity and derived graphs")
    progress.close()  # after the stage: nothing more is drawn
    text = err.getvalue()
    if quiet:
        assert text == ""
    else:
        assert "extracting" in text
        assert text.rstrip().endswith("updating the identity and derived graphs…")

"""The CLI as a user meets it: exit codes, one-line errors, and a store left as it was."""

from __future__ import annotations

import gc
import io
import json
import shutil
import sys
from pathlib import Path

import click
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


def _options(path):
    cmd = cli
    for name in path:
        cmd = cmd.commands[name]
    return [p for p in cmd.params if isinstance(p, click.Option)]


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p))
def test_every_option_is_described(path):
    """analyze --projection/--top, build -j, view -o/--max-nodes and serve --port had none."""
    for option in _options(path):
        assert option.help and len(option.help) > 10, option.opts


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p))
def test_format_names_are_one_set_across_commands(path):
    """table|csv|json wherever rows come out, text only for prose (it was text|json,
    table|csv|json and table|json for the same kind of output)."""
    rows, prose = {"table", "csv", "json"}, {"text", "json"}
    files = {"turtle", "trig", "nquads", "jsonld", "graphml", "gexf", "csv"}  # export
    for option in _options(path):
        if option.name == "fmt":
            names = set(option.type.choices)
            assert names <= rows or names <= prose or names <= files, (path, names)
            assert "text" not in names or names == prose


def test_bare_delegraph_prints_the_help_and_succeeds(run):
    out = run()
    assert out.exit_code == 0
    assert out.output.startswith("Usage: ") and "Commands:" in out.output and "query" in out.output


def test_bare_import_lists_what_it_imports_and_succeeds(run):
    out = run("import")
    assert out.exit_code == 0, out.output
    assert "historyatstate" in out.output and "Usage:" in out.output


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


def test_a_csv_of_no_rows_prints_the_header(run):
    assert run("add", SEED).exit_code == 0
    params = ("-p", "name=Wei", "-p", "on=2020-01-01")
    out = run("query", "official-title-on-date", *params, "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["name,on,official,label,title,date,meeting"]


def test_an_unknown_official_or_meeting_is_exit_2_naming_it(run):
    assert run("add", SEED).exit_code == 0
    out = run("query", "official-history", "--param", "name=Nobody")
    code, output = out.exit_code, out.output
    del out  # its exit's traceback holds the store open, in a cycle
    gc.collect()
    assert (code, output) == (
        2,
        "error: --param name: no official's name or id contains 'Nobody'\n",
    )
    out = run("query", "meeting-delegations", "-p", "meeting=2024-07-31-nothing")
    assert out.exit_code == 2 and "no meeting '2024-07-31-nothing' in the store" in out.output


def test_a_meeting_id_from_a_table_runs_the_next_query(run):
    """The id meetings-between shows is what meeting-delegations takes."""
    assert run("add", SEED).exit_code == 0
    table = run("query", "meetings-between").output.splitlines()
    meeting = table[2].split()[2]
    assert meeting == "2024-07-31-cn-us-counternarcotics-working-group"
    out = run("query", "meeting-agencies", "--param", f"meeting={meeting}")
    assert out.exit_code == 0 and "Drug Enforcement Administration" in out.output


def test_an_empty_store_option_is_an_error_not_the_current_folder(run, tmp_path, monkeypatch):
    """``--store "$STORE"`` with the variable unset made a database of the current folder."""
    monkeypatch.chdir(tmp_path)
    commands = (("add", SEED), ("query", "meetings-between", "-p", "a=US", "-p", "b=CN"))
    for args, value in zip(commands, ("", " "), strict=True):
        out = run(*args, "--store", value)
        assert out.exit_code == 2, out.output
        assert out.output.startswith("error: --store is empty: ")
    assert list(tmp_path.iterdir()) == []


def test_resolve_explain_of_no_name_is_an_error_not_the_whole_store(run):
    assert run("add", SEED).exit_code == 0
    for blank in ("", "  "):
        out = run("resolve", "--explain", blank)
        assert (out.exit_code, out.output) == (2, "error: --explain needs a name\n")


def test_bad_param_syntax_is_an_error(run):
    out = run("query", "meetings-between", "--param", "a")
    assert out.exit_code == 2 and "K=V" in out.output


def test_a_param_given_twice_or_unnamed_is_an_error_not_the_last_one(run):
    """``a=US a=CN b=CN`` answered CN-CN (the last value won, silently)."""
    out = run("query", "meetings-between", "-p", "a=US", "-p", "a=CN", "-p", "b=CN")
    assert (out.exit_code, out.output) == (2, "error: --param 'a=CN': a given twice\n")
    out = run("query", "meetings-between", "-p", "=US", "-p", "b=CN")
    assert (out.exit_code, out.output) == (2, "error: --param '=US': no parameter name\n")


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
    assert "(meeting, required)" in out.output  # the type, and whether it must be given
    listed = json.loads(run("queries", "--format", "json").output)
    delegations = next(q for q in listed if q["name"] == "meeting-agencies")
    assert delegations["title"] and delegations["description"]
    assert delegations["params"] == [
        {
            "name": "meeting",
            "type": "meeting",
            "description": delegations["params"][0]["description"],
            "default": None,
            "required": True,
        }
    ]


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


def test_two_readouts_with_one_id_in_a_batch_fail_the_second_every_time(run, tmp_path):
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
    shutil.copy(SEED, tmp_path / "a" / "readout.txt")
    text = SEED.read_text(encoding="utf-8").replace("Washington", "Geneva")
    (tmp_path / "b" / "readout.txt").write_text(text, encoding="utf-8")
    first, second = tmp_path / "a" / "readout.txt", tmp_path / "b" / "readout.txt"
    for expected in ("1 added", "1 unchanged"):  # stable: the first is kept, run after run
        out = run("add", tmp_path / "a", tmp_path / "b", "--quiet")
        code, output = out.exit_code, out.output
        del out  # its exit's traceback holds the store open, in a cycle
        gc.collect()
        assert code == 1, output
        assert expected in output and "1 failed" in output and "0 replaced" in output
        assert f"{second}: readout id 'readout' is also {first}'s" in output
    rows = json.loads(run("query", "meetings-between", "--format", "json").output)
    places = [row["place"] for row in rows]
    assert places == ["Washington"]

    records = tmp_path / "records.jsonl"
    line = {"id": "same", "text": SEED.read_text(encoding="utf-8"), "published": "2024-07-31"}
    records.write_text(json.dumps(line) + "\n" + json.dumps(line | {"text": text}) + "\n")
    out = run("add", records, "--quiet")
    assert out.exit_code == 1 and "1 added" in out.output and "1 failed" in out.output
    assert f"{records}:2: readout id 'same' is also {records}:1's" in out.output


def test_a_named_file_that_is_not_a_readout_text_fails_and_the_rest_are_added(run, tmp_path):
    table = tmp_path / "people.csv"
    table.write_text("name,title\nAnn Roe,Envoy\n")
    bare = tmp_path / "readout"  # no extension: read as a text
    shutil.copy(SEED, bare)
    out = run("add", table, bare, "--quiet")
    assert out.exit_code == 1
    assert f"{table}: not a readout file (.txt or .md texts, .jsonl records)" in out.output
    assert "1 added" in out.output and "1 failed" in out.output


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
    from delegraph.rdf.encode import extraction_to_quads
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
        return json.loads(out.stdout), out.stderr

    rows, warning = between()
    assert rows == [] and "warning: an earlier add to this store stopped" in warning
    out = run("refresh")
    assert out.exit_code == 0, out.output
    assert "derived graph:" in out.output
    rows, warning = between()
    assert warning == ""
    assert len(rows) == 1 and rows[0]["a_leaders"] and rows[0]["b_leaders"]


def test_a_full_page_says_how_to_read_the_next(run, tmp_path):
    from delegraph.pipeline import refresh_whole
    from delegraph.store import open_store
    from test_pages import many_pairs

    store = open_store(tmp_path / "store")
    many_pairs(store)
    refresh_whole(store)
    del store
    first = run("query", "agency-coparticipation", "--format", "json")
    assert first.exit_code == 0
    rows = json.loads(first.stdout)
    assert len(rows) == 1000
    assert first.stderr == (
        "this page of agency-coparticipation is full: "
        f"--param after={rows[-1]['pair']} for the next\n"
    )
    second = run(
        "query",
        "agency-coparticipation",
        "--param",
        f"after={rows[-1]['pair']}",
        "--format",
        "json",
    )
    assert "for the next" in second.stderr
    assert len(json.loads(second.stdout)) == 1000
    assert not {r["pair"] for r in json.loads(second.stdout)} & {r["pair"] for r in rows}
    one_country = run("query", "agency-coparticipation", "--param", "a=US", "--format", "json")
    assert len(json.loads(one_country.stdout)) == 1000 and "--param after=" in one_country.stderr
    both = ["--param", "a=US", "--param", "b=CN"]
    narrowed = run("query", "agency-coparticipation", *both, "--format", "json")
    assert len(json.loads(narrowed.stdout)) > 2000 and narrowed.stderr == ""


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (["after=pair 2"], "--param after: expected a full IRI, got 'pair 2'"),
        (
            ["a=US", "b=CN", "after=https://w3id.org/delegraph/id/derived/agency-pair/x"],
            "query agency-coparticipation: --param after does not apply with a and b",
        ),
    ],
)
def test_an_after_that_holds_no_rows_by_construction_is_exit_2(run, params, message):
    """With a and b the rows come whole: an after was ignored with exit 0."""
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


# commands that only read the store, with what they need besides it
READING = [
    ("query", "meetings-between"),
    ("analyze",),
    ("view", "-o", "{tmp}/v.html"),
    ("export",),
    ("validate",),
    ("resolve", "--explain", "Daskal"),
    ("refresh",),
]


@pytest.mark.parametrize("args", READING, ids=lambda a: a[0])
def test_reading_a_store_that_is_not_there_is_an_error_not_an_empty_store(run, tmp_path, args):
    missing = tmp_path / "typo"
    out = run(*[a.format(tmp=tmp_path) for a in args], "--store", missing)
    assert out.exit_code == 2
    expected = f"error: no store at {missing}: build one first (delegraph build / add)"
    assert out.output.strip() == expected
    assert not missing.exists()
    assert not (tmp_path / "v.html").exists()

    other = tmp_path / "papers"
    other.mkdir()
    (other / "notes.csv").write_text("a,b\n")
    out = run(*[a.format(tmp=tmp_path) for a in args], "--store", other)
    assert out.exit_code == 2 and "is not a delegraph store" in out.output
    assert sorted(p.name for p in other.iterdir()) == ["notes.csv"]


def test_an_address_of_another_scheme_is_refused_not_made_a_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (("query", "meetings-between"), ("add", SEED)):
        out = run(*command, "--store", "sparql+ftp://example/")
        assert out.exit_code == 2 and "not a store address" in out.output
    assert list(tmp_path.iterdir()) == []


def test_writing_commands_still_create_their_store(run, tmp_path):
    fresh = tmp_path / "new" / "store"
    assert run("add", SEED, "--store", fresh).exit_code == 0
    out = run("query", "meetings-between", "--store", fresh, "--format", "json")
    assert out.exit_code == 0 and json.loads(out.output)


@pytest.mark.parametrize(
    "args",
    [("view", "-o", "{dir}"), ("export", "-o", "{dir}"), ("build", "-q", "-o", "{dir}")],
    ids=["view", "export", "build"],
)
def test_an_output_that_is_a_folder_is_refused_before_any_work(run, tmp_path, args):
    assert run("add", SEED).exit_code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    store = tmp_path / "fresh-store"
    out = run(*[a.format(dir=folder) for a in args], "--store", store)
    assert out.exit_code == 2
    assert out.output.strip() == f"error: {folder}: is a directory; give a file name"
    assert list(folder.iterdir()) == []
    assert not store.exists()  # build checked -o before it opened (and filled) a store


def test_an_output_that_cannot_be_written_leaves_nothing_behind(run, tmp_path):
    assert run("add", SEED).exit_code == 0
    out = run("export", "-o", "/proc/delegraph-export.trig")
    assert out.exit_code == 2
    assert out.output.startswith("error: /proc/delegraph-export.trig: ")
    assert len(out.output.strip().splitlines()) == 1


def test_eval_refuses_a_predictions_dir_that_is_a_file_before_extracting(run, tmp_path):
    gold, texts = tmp_path / "gold", tmp_path / "texts"
    gold.mkdir()
    texts.mkdir()
    taken = tmp_path / "taken"
    taken.write_text("x")
    out = run("eval", gold, texts, "--predictions-dir", taken)
    assert out.exit_code == 2
    assert out.output.strip() == f"error: {taken}: exists and is not a folder"


def test_a_full_disk_on_stdout_is_one_line_and_exit_1(tmp_path):
    import subprocess

    code = "from delegraph.cli import main; main()"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-c", code, "queries"], stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "error: cannot write the output: No space left on device\n"


def test_validate_reports_an_impossible_date_without_a_logged_traceback(run, tmp_path):
    readout = "https://w3id.org/delegraph/id/readout/x"
    graph = "https://w3id.org/delegraph/id/graph/readout/x"
    bad = tmp_path / "bad.nq"
    bad.write_text(
        f'<{readout}> <https://schema.org/datePublished> "2021-02-30"'
        f"^^<http://www.w3.org/2001/XMLSchema#date> <{graph}> .\n"
        f"<{readout}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        f"<https://w3id.org/delegraph/ontology#Readout> <{graph}> .\n"
    )
    import subprocess

    # its own process: rdflib logs through logging's last-resort handler to the real stderr
    code = "from delegraph.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "validate", str(bad)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "schema:datePublished" in done.stdout
    assert done.stderr == "error: 2 violation(s)\n"


def test_resolve_explains_a_gazetteer_agency_by_name_or_acronym(run):
    """A gazetteer agency is only typed in the readout graph (its label is the
    gazetteer's), as `add` stores it: explain finds it by its name and its acronym."""
    assert run("add", SEED).exit_code == 0
    for name in ("Drug Enforcement Administration", "DEA", "drug enforcement"):
        out = run("resolve", "--explain", name)
        assert out.exit_code == 0, out.output
        lines = out.output.splitlines()
        assert lines[:4] == [
            "Agency Drug Enforcement Administration (US)",
            "  IRI: https://w3id.org/delegraph/id/agency/us-dea",
            "  names seen:",
            "    - 'Drug Enforcement Administration' — gazetteer name",
        ]
    out = run("resolve", "--explain", "Bureau of Nothing")
    assert out.exit_code == 1 and "No official or agency named" in out.output


def test_extract_refuses_a_jsonl_file_and_points_to_add(run, tmp_path):
    records = tmp_path / "batch.jsonl"
    line = {"id": "one", "text": SEED.read_text(encoding="utf-8")}
    records.write_text(json.dumps(line) + "\n" + json.dumps(line | {"id": "two"}) + "\n")
    out = run("extract", records)
    assert out.exit_code == 2
    assert out.output.strip() == (
        f"error: {records}: a JSON-lines file holds many readouts; extract reads one "
        f"(store them all with `delegraph add {records}`)"
    )


def test_build_names_a_data_folder_that_is_missing_or_holds_no_data(run, tmp_path):
    store = tmp_path / "never"
    out = run("build", tmp_path / "nope", "--store", store)
    assert (
        out.exit_code == 2 and out.output.strip() == f"error: {tmp_path / 'nope'}: no such folder"
    )
    (tmp_path / "empty").mkdir()
    out = run("build", tmp_path / "empty", "--store", store)
    assert out.exit_code == 2
    assert "no readouts/ or curation/ folder in it" in out.output
    assert not store.exists()


def test_what_export_writes_under_its_format_name_validate_reads(run, tmp_path):
    assert run("add", SEED).exit_code == 0
    for fmt in ("turtle", "nquads"):
        target = tmp_path / f"graph.{fmt}"
        assert run("export", "--format", fmt, "-o", target).exit_code == 0
        out = run("validate", target)
        assert out.exit_code == 0, out.output
        assert out.output.startswith("Conforms: yes")


def test_a_missing_curation_path_is_named_without_a_line_number(run, tmp_path):
    out = run("add", SEED, "--curation", tmp_path / "nope")
    assert out.exit_code == 2
    assert out.output.strip() == f"error: {tmp_path / 'nope'}: no such curation file or folder"


def test_the_readme_example_of_an_own_query_runs_with_its_parameters(run, tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    mine = tmp_path / "mine.rq"
    mine.write_text(readme.split("```sparql\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    assert run("add", SEED).exit_code == 0

    def dates(*params):
        out = run("query", mine, "--format", "json", *params)
        assert out.exit_code == 0, out.output
        return sorted({row["date"] for row in json.loads(out.output)})

    assert dates("--param", "name=wei") == ["2024-07-31"]
    assert dates("--param", "name=wei", "--param", "since=2024-07-01") == ["2024-07-31"]
    assert dates("--param", "name=wei", "--param", "since=2024-08-01") == []
    assert dates("--param", "name=nobody") == []


def test_python_dash_m_runs_the_same_command_line():
    import subprocess

    for module in ("delegraph", "delegraph.cli"):
        done = subprocess.run(
            [sys.executable, "-m", module, "queries"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "meetings-between" in done.stdout


def test_a_query_file_with_service_is_refused_unless_allowed(run, tmp_path):
    """A .rq from elsewhere must not make the CLI fetch a URL: refused from a parse, the
    canary on 127.0.0.1 never called; with --allow-service the engine does call it."""
    from canary import Canary

    assert run("add", SEED).exit_code == 0
    canary = Canary()
    try:
        federated = tmp_path / "federated.rq"
        federated.write_text(
            f"# a comment\rSELECT * WHERE {{ SERVICE <{canary.url}sparql> {{ ?s ?p ?o }} }}"
        )
        out = run("query", federated)
        assert out.exit_code == 2, out.output
        assert out.output == (
            "error: SERVICE (federated query) is disabled: add --allow-service to allow it\n"
        )
        assert canary.hits == 0
        out = run("query", federated, "--allow-service")  # the canary answers 404: an error
        assert out.exit_code != 0 and canary.hits >= 1
        del out  # its exit's traceback holds the store open, in a cycle
        gc.collect()
        # the shipped queries and a plain file run as before
        assert run("query", _count_query(), "--format", "json").exit_code == 0
    finally:
        canary.close()


def test_ctrl_c_is_one_line_and_exit_130(run, monkeypatch):
    """An interrupt says so in one line with the shell's 128 + SIGINT, not "Aborted!"."""
    import delegraph.query.named as named

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    assert run("add", SEED).exit_code == 0
    monkeypatch.setattr(named, "run_query", interrupted)
    out = run("query", "meetings-between")
    assert (out.exit_code, out.output) == (130, "interrupted\n")


def test_an_update_file_is_named_as_such_and_changes_nothing(run, tmp_path):
    assert run("add", SEED).exit_code == 0
    before = _count(run)
    update = tmp_path / "change.rq"
    update.write_text("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }\n")
    out = run("query", update)
    assert out.exit_code == 2
    assert out.output == (
        f"error: {update}: a SPARQL update, not a query: `delegraph query` only reads the store\n"
    )
    assert _count(run) == before

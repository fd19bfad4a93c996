"""Command-line interface: a thin click layer, one verb per pipeline stage.

Library errors (``DelegraphError``) become one line on stderr and the error's exit code;
heavy modules are imported inside commands so ``--help`` stays fast.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import DelegraphError, InputError, ValidationFailed
from .output import checked_output, output_folder, write_atomically, write_files_atomically

STORE_HELP = (
    "Store: a folder for the embedded Oxigraph store, or a SPARQL endpoint "
    "(sparql+http://HOST:PORT/...). Default: $DELEGRAPH_STORE, else "
    "~/.local/share/delegraph/store."
)


def store_option(f):
    return click.option(
        "--store",
        "store_location",
        envvar="DELEGRAPH_STORE",
        default=None,
        metavar="PATH|URL",
        help=STORE_HELP,
    )(f)


def curation_options(f):
    f = click.option(
        "--no-curation", is_flag=True, help="Do not apply data/curation (analysts' corrections)."
    )(f)
    return click.option(
        "--curation",
        "curation_dirs",
        multiple=True,
        type=click.Path(path_type=Path),
        metavar="DIR|FILE",
        help="Curation YAML to apply (repeatable). Default: the checkout's data/curation.",
    )(f)


TABULAR = ("table", "csv", "json")  # one set of names for every command that prints rows


def format_option(choices, default: str, help_text: str):
    """``--format`` with *choices*: ``table|csv|json`` wherever rows are printed, ``text``
    only where the output is prose."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help=help_text,
    )


def jobs_option(f):
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(1, 64),
        default=1,
        show_default=True,
        help="Processes for extraction.",
    )(f)


def projection_options(projection_help: str):
    """``--projection`` and ``--rollup``, as ``analyze`` and ``export`` take them."""

    def decorate(f):
        f = click.option(
            "--rollup",
            is_flag=True,
            help="Count every agency as its top-level parent (the Drug Enforcement "
            "Administration as the Department of Justice), each meeting once; links then "
            "join top-level agencies of one country or of two (agencies projection only).",
        )(f)
        return click.option(
            "--projection",
            type=click.Choice(["agencies", "officials", "bipartite"]),
            default="agencies",
            show_default=True,
            help=projection_help,
        )(f)

    return decorate


def output_option(f):
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        metavar="FILE",
        help="Write to FILE (whole or not at all) instead of stdout.",
    )(f)


def _emit(text: str, output) -> None:
    """*text* to *output* (written atomically) or to stdout."""
    if output:
        write_atomically(output, (text + "\n").encode())
    else:
        click.echo(text)


def _load_curation(curation_dirs, no_curation):
    from .pipeline import load_curation_sources

    return load_curation_sources(list(curation_dirs), enabled=not no_curation)


def _open(store_location, must_exist: bool = True, warn_owed: bool = True):
    """The store of ``--store``; commands that write may create it, the rest need one (and
    say on stderr when an earlier ``add`` stopped before its refresh: they read the
    identity and derived graphs as that left them, and the next ``add`` or ``refresh``
    catches up)."""
    from .pipeline import open_store

    store = open_store(store_location, must_exist=must_exist)
    if must_exist and warn_owed and store.refresh_left_pending():
        click.echo(
            "warning: an earlier add to this store stopped before updating the identity and "
            "derived graphs: named queries may miss its readouts until the next add or "
            "`delegraph refresh`",
            err=True,
        )
    return store


class Progress:
    """A progress bar on a terminal; silent in pipes and with --quiet."""

    def __init__(self, total: int, label: str, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar = None
        if self.enabled:
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self.bar.__enter__()

    def __call__(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def stage(self, label: str) -> None:
        """A step with no count begins (the refresh after extraction: a minute at 100k
        meetings): the bar ends and the step is named, so the wait does not look hung."""
        if self.enabled:
            self.close()
            click.echo(f"{label}…", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class CliError(click.ClickException):
    """A library error shown as one line, with the error's own exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class DelegraphGroup(click.Group):
    """Turns ``DelegraphError`` into ``CliError`` (one line, typed exit code)."""

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or closed pipe shows here, not at exit
            return result
        except DelegraphError as exc:
            raise CliError(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            # Ctrl-C: the shell's convention (128 + SIGINT), not click's "Aborted!" and 1
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRNOS:
                raise
            # drop what the buffer still holds, so the exit's flush does not fail again
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            raise CliError(f"cannot write the output: {exc.strerror}", 1) from None


# stdout or a file going away under the command (disk full, I/O error, quota)
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG})


@click.group(
    cls=DelegraphGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@click.version_option(__version__, prog_name="delegraph")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """delegraph: a knowledge graph of bilateral delegations from meeting readouts.

    Readouts go in (extract, add, import); a graph comes out that you can query with
    SPARQL (queries, query, serve), analyse (analyze) and look at (view).

    \b
    Example:
      delegraph build                      # bundled data -> store, summary, delegraph.html
      delegraph extract data/readouts/cnwg-2024-07-31.txt --format json
      delegraph query meetings-between --param a=US --param b=CN
    """
    if ctx.invoked_subcommand is None:  # bare `delegraph`: the help, and success
        click.echo(ctx.get_help())


# --- extract -------------------------------------------------------------------------


_min_confidence_option = click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    metavar="P",
    help="Keep only facts whose calibrated confidence is at least P (e.g. 0.9).",
)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date (resolves 'On July 31').")
@click.option("--source-url", metavar="URL", help="Where the readout was published.")
@format_option(("text", "json"), "text", "text: a short summary; json: the facts with evidence.")
@click.option("--explain", is_flag=True, help="Show the text with what was found, and why.")
@_min_confidence_option
def extract(file, published, source_url, fmt, explain, min_confidence):
    """Extract the facts of one readout FILE (nothing is stored).

    Metadata comes from FILE's sidecar FILE.meta.json when present; the options
    override it.

    \b
    Example:
      delegraph extract data/readouts/cnwg-2024-07-31.txt --format json
      delegraph extract readout.txt --published 2024-08-01 --explain
      delegraph extract readout.txt --min-confidence 0.9
    """
    from .pipeline import explain_extraction, extract_file

    readout, ex = extract_file(
        file, published=published, source_url=source_url, min_confidence=min_confidence
    )
    if explain:
        click.echo(explain_extraction(readout, ex))
        return
    if fmt == "json":
        click.echo(json.dumps(ex.to_json(), indent=2, ensure_ascii=False))
        return
    click.echo(_summary_text(ex))


def _summary_text(ex) -> str:
    lines = [
        f"{ex.kind} on {ex.date or '?'} in {ex.location or '?'}"
        + (f" ({ex.mechanism})" if ex.mechanism else ""),
        f"countries: {', '.join(ex.countries) or '-'}",
    ]
    for o in ex.officials:
        lines.append(
            f"  {o.name} ({o.country}) {o.title or ''}"
            + (f" [{o.agency}]" if o.agency else "")
            + f": {', '.join(o.roles)}"
        )
    for d in ex.delegations:
        lines.append(
            f"delegation {d.country}: led by {', '.join(d.led_by) or '-'}; "
            f"{', '.join(d.agencies) or 'no agencies'}"
        )
    if ex.agencies:
        lines.append(
            "agencies: "
            + "; ".join(
                f"{a.name} ({a.country}{', in ' + a.parent if a.parent else ''})"
                for a in ex.agencies
            )
        )
    if ex.topics:
        lines.append("topics: " + "; ".join(t.label for t in ex.topics))
    if not ex.is_readout:
        lines.insert(0, "no meeting, call or visit reported in this text")
    return "\n".join(lines)


# --- add / build / export --------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@jobs_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--prune",
    is_flag=True,
    help="The given files are the whole collection: remove the stored readouts that are "
    "not among them (curated meetings aside; a file that cannot be read keeps its readout).",
)
@click.option(
    "--max-readout-bytes",
    "max_bytes",
    metavar="SIZE",
    help="Refuse a readout larger than this (bytes, or 500k, 5M, 1G; a .jsonl file is "
    "checked record by record). Default: $DELEGRAPH_MAX_READOUT_BYTES, else 5M.",
)
@curation_options
@_min_confidence_option
def add(
    paths,
    store_location,
    jobs,
    quiet,
    prune,
    max_bytes,
    curation_dirs,
    no_curation,
    min_confidence,
):
    """Extract readouts (files, folders, .jsonl) and store them, one named graph each.

    A readout already stored with the same text, by the same delegraph and curation, is
    skipped; any other replaces its own graph. Bad files, and bad records of a .jsonl, are
    reported one line each and skipped (the others are stored); the exit code is 1 if any
    failed. Texts are UTF-8, or UTF-16/32 with a byte-order mark.

    \b
    Example:
      delegraph add data/readouts/
      delegraph add corpus.jsonl --jobs 2 --store ./mystore
      delegraph add readouts/ --min-confidence 0.9
      delegraph add big-readouts/ --max-readout-bytes 20M
      delegraph add data/readouts/ --prune     # files deleted since: readouts removed
    """
    from .pipeline import add_readouts, read_inputs

    curation = _load_curation(curation_dirs, no_curation)
    items = read_inputs(list(paths), max_bytes)  # nothing readable: fails before the store
    store = _open(store_location, must_exist=False)
    progress = Progress(len(items), "extracting", quiet)
    try:
        report = add_readouts(
            store,
            items,
            jobs=jobs,
            progress=progress,
            curation=curation,
            min_confidence=min_confidence,
            prune=prune,
        )
    finally:
        progress.close()
    for problem in report.failed:
        click.echo(f"failed: {problem.path}: {problem.message}", err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@cli.command()
@click.argument("data_dir", required=False, type=click.Path(path_type=Path))
@store_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("delegraph.html"),
    show_default=True,
    help="Where to write the HTML view.",
)
@jobs_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(data_dir, store_location, output, jobs, quiet):
    """The main job: load the bundled data, print a summary, write the HTML view.

    Reads DATA_DIR/readouts (texts, extracted) and DATA_DIR/curation (analysts' facts
    and corrections, applied to every readout); DATA_DIR defaults to the checkout's
    data/ folder. Unchanged readouts are skipped, so running it again is cheap.

    \b
    Example:
      delegraph build
      delegraph build data/ --store ./store -o graph.html
    """
    from .pipeline import build as run_build
    from .pipeline import count_readout_files
    from .resources import repo_data_dir
    from .views.html import write_view

    data = data_dir or repo_data_dir()
    if data is None:
        raise InputError("no data folder: pass DATA_DIR (a folder with readouts/ and curation/)")
    data = Path(data)
    if not data.is_dir():
        raise InputError(f"{data}: no such folder")
    if not any((data / sub).is_dir() for sub in ("readouts", "curation")):
        raise InputError(f"{data}: no readouts/ or curation/ folder in it (see README)")
    checked_output(output)  # before the build, not after it
    total = count_readout_files(data / "readouts")
    store = _open(store_location, must_exist=False)
    progress = Progress(total, "extracting", quiet)
    try:
        report, curated = run_build(store, data, jobs=jobs, progress=progress)
    finally:
        progress.close()
    for problem in report.failed:
        click.echo(f"failed: {problem.path}: {problem.message}", err=True)
    click.echo(f"readouts: {report.summary()}")
    click.echo(f"curated meetings: {curated.summary()}")
    _print_stats(store)
    write_view(store, output)
    click.echo(f"view: {output}")
    if report.failed:
        sys.exit(1)


def _print_stats(store) -> None:
    from .views.summary import store_stats

    for key, value in store_stats(store).items():
        click.echo(f"{key}: {value}")


RDF_FORMATS = ("turtle", "trig", "nquads", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf", "csv")  # views.network.FORMATS (pyvis stays unloaded)


@cli.command()
@store_option
@format_option(
    RDF_FORMATS + NETWORK_FORMATS,
    "trig",
    "turtle, trig, nquads, jsonld: the whole graph as RDF; graphml, gexf, csv: the network "
    "of --projection (csv: nodes.csv and edges.csv in the folder -o names).",
)
@projection_options("The network graphml, gexf and csv write (those of `analyze`).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="File to write (default: stdout); for csv, the folder to write nodes.csv and "
    "edges.csv into (created if missing).",
)
@click.pass_context
def export(ctx, store_location, fmt, projection, rollup, output):
    """Write the whole graph as RDF, or a network for Gephi, Cytoscape and networkx.

    RDF keeps every named graph (turtle merges them). The networks are those `analyze`
    ranks: nodes are the store's IRIs with label, country and meetings, and an agency's
    parent and top, a rolled-up agency's members, an official's titles and agencies;
    links carry weight (shared meetings). GraphML and GEXF hold no lists: titles,
    agencies and members are written as one text joined by "; " (in csv too); a value
    the store lacks is left out of that node. The csv folder is what Gephi's spreadsheet
    import reads (nodes: Id, Label, ...; edges: Source, Target, Type, Weight).

    \b
    Example:
      delegraph export --format trig -o graph.trig
      delegraph export --format nquads | gzip > graph.nq.gz
      delegraph export --format graphml --projection agencies -o agencies.graphml
      delegraph export --format gexf --projection officials -o officials.gexf
      delegraph export --format csv --projection agencies --rollup -o agencies-csv/
    """
    import io

    from click.core import ParameterSource

    network = fmt in NETWORK_FORMATS
    for name in ("projection", "rollup"):
        if not network and ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
            raise InputError(f"--{name} applies to graphml, gexf and csv, not to {fmt}")
    if fmt == "csv":
        if not output:
            raise InputError("csv writes two files: give the folder for them with -o DIR")
        output_folder(output)
    elif output:
        checked_output(output)
    store = _open(store_location)
    if network:
        from .views.network import encode, network

        files = encode(network(store, projection, rollup=rollup), fmt)
        if fmt == "csv":
            write_files_atomically(output, files)
            click.echo(f"{output}: {', '.join(files)}", err=True)
            return
        data = files[""]
    else:
        buf = io.BytesIO()
        store.export(fmt, buf)
        data = buf.getvalue()
    if output:
        write_atomically(output, data)
    else:
        sys.stdout.buffer.write(data)


# --- queries ---------------------------------------------------------------------------


@cli.command("queries")
@format_option(
    ("text", "json"),
    "text",
    "text: each query with its description and parameters; json: the same as data (what "
    "`serve` answers at /queries).",
)
def list_queries_cmd(fmt):
    """List the named queries: what each answers and the parameters it takes.

    \b
    Example:
      delegraph queries
      delegraph queries --format json
    """
    import textwrap

    from .query.named import catalogue

    queries = catalogue()
    if fmt == "json":
        click.echo(json.dumps(queries, indent=2, ensure_ascii=False))
        return
    for q in queries:
        click.echo(f"{q['name']}: {q['title']}")
        click.echo(textwrap.fill(q["description"], 88, initial_indent="  ", subsequent_indent="  "))
        for p in q["params"]:
            if p["required"]:
                need = "required"
            else:
                need = f"default {p['default']}" if p["default"] is not None else "optional"
            click.echo(f"    --param {p['name']}=...  ({p['type']}, {need})")
            click.echo(
                textwrap.fill(
                    p["description"], 88, initial_indent=" " * 8, subsequent_indent=" " * 8
                )
            )
        click.echo("")


@cli.command()
@click.argument("name")
@store_option
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="K=V",
    help="Bind query variable K to V (repeatable, each K once).",
)
@format_option(
    TABULAR,
    "table",
    "table: aligned columns, the store's IRIs as short ids, nothing cut; csv and json: full IRIs.",
)
@output_option
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let a .rq file's SERVICE patterns query other endpoints (refused by default: "
    "a query file from elsewhere could make this machine send requests anywhere).",
)
def query(name, store_location, params, fmt, output, allow_service):
    """Run a named query (see `delegraph queries`) or a .rq file.

    Parameters are bound to the query's variables, never pasted into its text.

    \b
    Example:
      delegraph query meetings-between --param a=US --param b=CN
      delegraph query official-history --param name="Wei Xiaojun" --format csv
      delegraph query agency-coparticipation --param a=US
      delegraph query agency-coparticipation --param after=PAIR   # the last row's pair
      delegraph query mechanism-timeline --param mechanism=counternarcotics
      delegraph query my-question.rq --format json -o answers.json
      delegraph query federated.rq --allow-service   # a .rq with SERVICE <...>

    A table shows the store's own IRIs as their short ids, which --param takes as they
    are (the meeting id of meetings-between for meeting-delegations), and cuts nothing:
    long text wraps within its column. A meeting, official or mechanism that is not in
    the store is an error naming it (exit 2), not an empty answer.

    Long lists (agency-coparticipation, also with one country; mechanism-meetings,
    mechanism-timeline, topics-by-mechanism without a mechanism) come a page of 1,000
    rows at a time: when a page is full, stderr gives the --param after=… that reads the
    next (the last row's pair, meeting or count). The narrow questions (two countries, a
    mechanism) come whole: an after with them is an error. A mechanism parameter is a
    mechanism's id, full IRI or part of its label.

    A .rq file naming a SERVICE (a federated query, which makes this machine fetch from
    another endpoint) is refused unless --allow-service, decided from a SPARQL parse as
    `delegraph serve` decides it.
    """
    from .errors import QueryError
    from .query.guard import check_query
    from .query.named import (
        bind_params,
        format_rows,
        is_shipped,
        load_query,
        next_page,
        query_columns,
        run_query,
    )

    bound = {}
    for item in params:
        if "=" not in item:
            raise QueryError(f"--param {item!r}: expected K=V")
        k, v = item.split("=", 1)
        if not k.strip() or k.strip() in bound:
            what = "no parameter name" if not k.strip() else f"{k.strip()} given twice"
            raise QueryError(f"--param {item!r}: {what}")
        bound[k.strip()] = v
    q = load_query(name)
    if not is_shipped(q):
        q.text = check_query(q.text, allow_service, "add --allow-service to allow it").text
    bind_params(q, bound)  # a bad value is named before the store is opened
    if output:
        checked_output(output)
    rows = run_query(_open(store_location), q, bound)
    _emit(format_rows(rows, fmt, query_columns(q, bound)).removesuffix("\n"), output)
    following = next_page(q, bound, rows)
    if following:
        click.echo(
            f"this page of {q.name} is full: --param after={following} for the next",
            err=True,
        )


# --- validate / analyze / view -----------------------------------------------------------


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@store_option
def validate(files, store_location):
    """Check data against the SHACL shapes and the *-violation.rq checks.

    Validates FILES (Turtle, TriG, N-Quads) when given, else the store.
    Exit codes: 0 conforms, 1 violations, 2 error.

    \b
    Example:
      delegraph validate
      delegraph validate ontology/examples/invalid/*.ttl
    """
    from .query.validate import validate_files, validate_store

    report = validate_files(list(files)) if files else validate_store(_open(store_location))
    click.echo(report.format())
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} violation(s)")


@cli.command()
@store_option
@projection_options("Which network (see Projections above).")
@click.option(
    "--top",
    type=click.IntRange(0),
    default=15,
    show_default=True,
    help="How many nodes, and how many links, to list (by weighted degree; 0: all).",
)
@format_option(
    TABULAR,
    "table",
    "table: the summary and both rankings; csv: the node "
    "ranking (every link: `export --format csv`); json: everything as data.",
)
@output_option
def analyze(store_location, projection, rollup, top, fmt, output):
    """Project the graph into networkx and rank its nodes and links.

    Prints the projection's size, its nodes by weighted degree (meetings shared with
    others) with betweenness (how often a node sits between two others: brokers), and
    the heaviest links, each node with its country.

    \b
    Projections:
      agencies   agencies linked when they took part in the same meeting (weighted)
      officials  officials linked when they attended the same meeting
      bipartite  officials and the agencies they acted for

    The agencies projection links every two agencies at a meeting, both sides' and the
    same side's alike (Department of Homeland Security and Department of Justice on the
    U.S. side); with --rollup each agency counts as its top-level parent. The named query
    agency-coparticipation counts differently: only pairs of two countries, each agency
    for itself and for every agency above it.

    \b
    Example:
      delegraph analyze --projection agencies --rollup --top 10
      delegraph analyze --projection officials --format csv -o officials.csv
      delegraph analyze --top 0 --format json -o agencies.json
    """
    from .views.report import analyze as run_analysis
    from .views.report import render_analysis

    if output:
        checked_output(output)
    found = run_analysis(
        _open(store_location), projection=projection, rollup=rollup, top=top or None
    )
    _emit(render_analysis(found, fmt), output)


@cli.command()
@store_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("delegraph.html"),
    show_default=True,
    help="Where to write the HTML page.",
)
@click.option(
    "--focus",
    metavar="NAME",
    help="Only the meetings of one official, agency, meeting, mechanism or country, "
    "named by any name, alias or acronym (DEA); an ambiguous name lists the candidates "
    "and exits 2.",
)
# from views.html.MIN_NODES and DEFAULT_MAX_NODES (not imported: --help stays fast)
@click.option(
    "--max-nodes",
    type=click.IntRange(10),
    default=300,
    show_default=True,
    help="Node budget: above it the page opens on countries linked by their meetings, "
    "and a scene too big for it rolls agencies up and folds meetings into weighted links.",
)
def view(store_location, output, focus, max_nodes):
    """Write the interactive HTML view (works offline, one file).

    Search by name, alias or acronym; filter by country, kind, dates, mechanism
    and topic; click a node for its meetings with the sentences that state them;
    the Timeline tab shows meetings over time per mechanism, country pair or
    official.

    \b
    Example:
      delegraph view -o graph.html
      delegraph view --focus "Wei Xiaojun" -o wei.html
      delegraph view --focus DEA -o dea.html
      delegraph view --max-nodes 2000 -o everything.html
    """
    from .views.html import write_view

    checked_output(output)
    write_view(_open(store_location), output, focus=focus, max_nodes=max_nodes)
    click.echo(f"view: {output}")


@cli.command()
@click.option(
    "--explain",
    "name",
    required=True,
    metavar="NAME",
    help="The official or agency to explain (a name or part of one).",
)
@store_option
@curation_options
def resolve(name, store_location, curation_dirs, no_curation):
    """Explain identity decisions: which mentions were merged into one entity, and why.

    Shows each entity matching NAME with its IRI, the name forms, titles and agencies
    merged into it (with the readout and the rule), and near-misses kept apart.
    Exit code 1 when nothing matches.

    \b
    Example:
      delegraph resolve --explain "Daskal"
      delegraph resolve --explain "Drug Enforcement Administration"
    """
    from .errors import QueryError
    from .pipeline import explain_identity

    if not name.strip():  # '' is part of every name: it listed the whole store
        raise QueryError("--explain needs a name")
    curation = _load_curation(curation_dirs, no_curation)
    text = explain_identity(_open(store_location), name, curation)
    click.echo(text)
    if text.startswith("No official or agency"):
        sys.exit(1)


# --- eval / import -----------------------------------------------------------------------


@cli.command("eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.argument("texts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--predictions-dir",
    type=click.Path(path_type=Path),
    help="Also write one prediction JSON per gold id here.",
)
@format_option(("table", "json"), "table", "table: the scores aligned; json: as data.")
@click.option(
    "--require",
    metavar="FIELD=MIN,...",
    help="Exit 1 when a score is below its minimum (e.g. officials=0.95,date=0.95).",
)
@click.option(
    "--errors",
    is_flag=True,
    help="Also list every missed, extra or wrong fact with its sentence, grouped by class.",
)
def eval_cmd(gold_dir, texts, predictions_dir, fmt, require, errors):
    """Score the extractor against hand-annotated gold facts.

    GOLD_DIR holds <id>.json annotations (the `extract --format json` shape); TEXTS are
    a folder of <id>.txt (with optional <id>.meta.json) or .jsonl files of records
    {id, text, published, url}. Prints per-field precision/recall/F1 (officials, roles,
    agencies, parents, leaders) and accuracies (date, location, kind, countries, titles).

    \b
    Example:
      delegraph eval gold/ texts/
      delegraph eval gold/ corpus.jsonl --require officials=0.95,roles=0.9,date=0.95
      delegraph eval gold/ texts/ --errors
    """
    from .pipeline import run_eval

    out, code = run_eval(gold_dir, list(texts), predictions_dir, fmt, require, errors=errors)
    click.echo(out)
    sys.exit(code)


@cli.group("import", invoke_without_command=True)
@click.pass_context
def import_group(ctx: click.Context) -> None:
    """Load structured records (not readout texts) as meetings.

    \b
    Example:
      delegraph import historyatstate historyatstate/travels --since 2021-01-20
    """
    if ctx.invoked_subcommand is None:  # bare `delegraph import`: what it can import
        click.echo(ctx.get_help())


@import_group.command("historyatstate")
@click.argument("path", type=click.Path(path_type=Path))
@store_option
@click.option("--since", metavar="YYYY-MM-DD", help="Only records starting on or after.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only records starting on or before.")
@click.option(
    "--country",
    metavar="CC",
    help="Only records with this country, by its two-letter ISO code (CN, not China).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@curation_options
def import_historyatstate(
    path, store_location, since, until, country, quiet, curation_dirs, no_curation
):
    """Import the Office of the Historian's travels and visits XML.

    PATH is one XML file or a folder (travels/ with president-travels/ and
    secretary-travels/, or visits/data/). Each trip or visit becomes a meeting of kind
    visit with its officials and countries.

    \b
    Example:
      delegraph import historyatstate historyatstate/travels --since 2021-01-20
      delegraph import historyatstate visits/data --country CN
    """
    from .pipeline import add_extractions, historyatstate_records

    pairs, problems = historyatstate_records(path, since=since, until=until, country=country)
    curation = _load_curation(curation_dirs, no_curation)
    store = _open(store_location, must_exist=False)
    progress = Progress(len(pairs), "importing", quiet)
    try:
        report = add_extractions(store, pairs, curation=curation, progress=progress)
    finally:
        progress.close()
    report.failed[:0] = problems
    for problem in report.failed:
        click.echo(f"failed: {problem.path}: {problem.message}", err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


# --- serve / push / pull ---------------------------------------------------------------


@cli.command()
@store_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (only this one)."
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on (0: any free port, announced on start).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before it is stopped.",
)
@click.option("--allow-update", is_flag=True, help="Accept SPARQL UPDATE on /sparql.")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE (federated) clauses: the server then fetches the URLs queries name.",
)
@click.option(
    "--allow-load",
    is_flag=True,
    help="Allow LOAD <url> in updates (needs --allow-update): the server fetches the URL.",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Query worker processes.",
)
def serve(store_location, host, port, timeout, allow_update, allow_service, allow_load, workers):
    """Serve the store over HTTP: a SPARQL 1.1 endpoint and a query page.

    \b
    Routes:
      /               query page: the named queries with their parameters, a SPARQL box
      /sparql         SPARQL 1.1 Protocol (GET/POST; JSON, XML, CSV, TSV by Accept)
      /queries/NAME   a named query as a URL (?param=value): a table with links for a
                      browser, JSON or CSV by Accept or ?format=json|csv|html
      /view           the HTML graph view

    Read-only unless --allow-update; SERVICE and LOAD (which make the server fetch a URL)
    are refused unless --allow-service / --allow-load, decided from a SPARQL parse; runs
    until Ctrl-C.

    \b
    Example:
      delegraph serve --port 7878 --timeout 10
      delegraph serve --allow-update --allow-load   # accept LOAD <http://...> too
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/queries/meetings-between?a=US&b=CN'
    """
    from .serve import serve as run

    run(
        store_location,
        host=host,
        port=port,
        timeout=timeout,
        allow_update=allow_update,
        allow_service=allow_service,
        workers=workers,
        announce=lambda m: click.echo(m, err=True),
        allow_load=allow_load,
    )


@cli.command()
@click.argument("url")
@store_option
@curation_options
def push(url, store_location, curation_dirs, no_curation):
    """Copy the readout and curation graphs of the store to the SPARQL endpoint URL.

    Each graph is replaced atomically on the endpoint; its other graphs are kept. The
    endpoint's identity and derived graphs are then recomputed from all its readout
    graphs (as `refresh` does), so the named queries see what was there and what came.

    \b
    Example:
      delegraph push sparql+http://127.0.0.1:7878/
    """
    from .pipeline import open_endpoint
    from .pipeline import push as do_push

    local, remote = _open(store_location), open_endpoint(url)
    curation = _load_curation(curation_dirs, no_curation)
    click.echo(do_push(local, remote, curation).format("pushed"))


@cli.command()
@click.argument("url")
@store_option
@curation_options
def pull(url, store_location, curation_dirs, no_curation):
    """Copy the readout and curation graphs of the SPARQL endpoint URL into the store.

    Each graph is replaced atomically; the store's other graphs are kept. Its identity
    and derived graphs are then recomputed from all its readout graphs (as `refresh`
    does).

    \b
    Example:
      delegraph pull sparql+http://127.0.0.1:7878/ --store ./local-copy
    """
    from .pipeline import open_endpoint
    from .pipeline import pull as do_pull

    remote = open_endpoint(url)
    curation = _load_curation(curation_dirs, no_curation)
    local = _open(store_location, must_exist=False)
    click.echo(do_pull(remote, local, curation).format("pulled"))


@cli.command()
@click.argument("readout_ids", nargs=-1, required=True, metavar="READOUT_ID...")
@store_option
@curation_options
def remove(readout_ids, store_location, curation_dirs, no_curation):
    """Remove readouts from the store: their named graphs, and what the identity and
    derived graphs held because of them (a pair met only there, a leader named only
    there), as an add updates them.

    A readout's id is its file's name without the extension, or a JSON-lines record's
    id. An id with no readout stored is an error (exit 2) and nothing is removed;
    curated meetings are removed by deleting them from the curation files.

    \b
    Example:
      delegraph remove cnwg-2024-07-31
      delegraph remove r-0012 r-0013 --store ./mystore
    """
    from .pipeline import remove_readouts

    store = _open(store_location, warn_owed=False)
    report = remove_readouts(
        store, readout_ids, curation=_load_curation(curation_dirs, no_curation)
    )
    click.echo(f"{len(report.removed)} removed")


@cli.command()
@store_option
@curation_options
def refresh(store_location, curation_dirs, no_curation):
    """Recompute the identity and derived graphs from the readout graphs.

    ``add`` and ``build`` do this after every batch; run it after writing readout graphs
    with another tool (``push`` and ``pull`` do it themselves), so that the named
    queries, which read the derived graph, see every readout. It reads everything back,
    whatever snapshot the last refresh saved in the store folder.

    \b
    Example:
      delegraph refresh --store ./mystore
    """
    from .pipeline import refresh_whole

    store = _open(store_location, warn_owed=False)
    n = refresh_whole(store, _load_curation(curation_dirs, no_curation))
    click.echo(f"derived graph: {n} quads")


def main() -> None:
    """Entry point for the ``delegraph`` script."""
    cli(prog_name="delegraph")


if __name__ == "__main__":  # python -m delegraph.cli
    main()

"""The ``kg`` command: a thin shell; each command parses arguments and calls one library function.

Exit codes, the same for every command: 0 success; 1 the result is not clean
(violations, documents skipped); 2 a usage error or input that cannot be read;
70 an internal error (a bug in kg: sysexits' EX_SOFTWARE); 130 interrupted.
"""
from __future__ import annotations

import json
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from .errors import KGError, StageError
from .query import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from .pipeline import BuildReport, Engine
    from .query import QueryResult

EXIT_NOT_CLEAN, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 1, 2, 70, 130  # and 0 for success
DEFAULT_GRAPH = Path("out/graph.ttl")

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build, query, validate and view knowledge graphs of policy news. Exit codes: 0 ok, "
                  "1 not clean, 2 usage error or unreadable input, 70 internal error (--debug, on any command, "
                  "prints its traceback), 130 interrupted.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    _say(message)
    raise typer.Exit(code)


def _say(message: str) -> None:
    """One line on stderr; control characters (a newline in a file name) are shown escaped, so that
    no name can split a message or forge another ``kg:`` line."""
    err.print("kg: " + _CONTROL.sub(lambda m: repr(m[0])[1:-1], message), markup=False, highlight=False)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _on_signal(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _graph_file(ctx: typer.Context, value: Path) -> Path:
    """``--graph``: a file as given; ``-`` (standard input) or a pipe (``/dev/stdin``, ``<(...)``) is
    copied to a temporary file first, removed when the command ends, since the graph loaders
    (``graph.load_graph``, ``query.load_store``) read files by path."""
    stdin = str(value) == "-"
    if not stdin and not _is_pipe(value):
        return value
    if stdin and sys.stdin.isatty():
        _fail("--graph -: standard input is a terminal; pipe a Turtle graph in (kg view --graph - < graph.ttl)")
    folder = Path(tempfile.mkdtemp(prefix="kg-stdin-"))
    ctx.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    copy = folder / ("stdin.ttl" if stdin else f"pipe{value.suffix or '.ttl'}")
    try:
        with copy.open("wb") as dst:
            if stdin:
                shutil.copyfileobj(sys.stdin.buffer, dst)
            else:
                with value.open("rb") as src:
                    shutil.copyfileobj(src, dst)
    except OSError as exc:
        _fail(f"--graph {value}: cannot read the graph ({exc.strerror or exc})")
    return copy


def _is_pipe(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


GraphOpt = Annotated[Path, typer.Option("--graph", "-g", callback=_graph_file,
                                        help="The graph file (Turtle); - reads it from standard input.")]


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt articles.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for graph.ttl and graph.html.")] = Path("out"),
    html: Annotated[bool, typer.Option(help="Also write graph.html.")] = True,
    max_mb: Annotated[float, typer.Option(help="Refuse articles larger than this many MB.")] = 2.0,
    debug: Annotated[bool, typer.Option(help="Print the traceback of a document that failed.")] = False,
    doc_timeout: Annotated[float, typer.Option(help="Leave out a document that takes longer than this many "
                                               "seconds (0: no limit).")] = 600.0,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline: an installed package or a saved pipeline's "
                                              "folder (default: the English model).")] = None,
    spans: Annotated[list[str] | None, typer.Option(help="Also take mentions from the pipeline's doc.spans[KEY] "
                                                    "(or 'ents'), through the label map.")] = None,
    labels: Annotated[Path | None, typer.Option(help="Label map for --spans (TOML: [labels] LABEL = \"Class\").")]
    = None,
    curation: Annotated[Path | None, typer.Option(help="Corrections to apply (TOML): merge, rename, block, "
                                                  "fix_class, relation; see examples/curation.toml.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Extract in this many processes (0, the default: "
                                      "the number of cores); the output is the same for any number.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    store: Annotated[Path | None, typer.Option(help="Build into (or bring up to date) the kg store in this folder "
                                               "instead of writing OUT: only new or changed articles are "
                                               "extracted, removed ones dropped.")] = None,
    engine: Annotated[str, typer.Option(help="Where extraction runs: local (processes of this machine) or dask "
                                        "(a Dask cluster: pip install 'kg[dask]').")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="With --engine dask: the scheduler's address "
                                                  "(tcp://HOST:8786); default: a LocalCluster of --jobs "
                                                  "worker processes.")] = None,
) -> None:
    """Build the graph of articles into OUT/graph.ttl and OUT/graph.html (or into a --store).

    A document that cannot be read is skipped, and one that fails inside kg is reported as
    "kg: failed FILE: ERROR in STAGE: MESSAGE"; the others land, and the exit code is 1.
    """
    from . import pipeline
    from .export import check_out_dir, turtle_bytes, write_set
    from .view import render_html

    signal.signal(signal.SIGTERM, _on_signal)
    t0 = time.perf_counter()
    if engine not in ("local", "dask"):
        _fail(f"--engine {engine!r}: use local or dask")
    if scheduler is not None and engine != "dask":
        _fail("--scheduler needs --engine dask")
    cluster = None
    if engine == "dask":
        from .cluster import DaskEngine

        cluster = DaskEngine(scheduler, model=model, workers=jobs or pipeline.default_jobs())
    if store is not None:
        if curation is not None:
            _fail("--curation does not apply to a --store build yet; build with --out to curate")
        _build_store(paths, store, max_mb=max_mb, debug=debug, doc_timeout=doc_timeout, model=model, jobs=jobs,
                     quiet=quiet, spans=spans, labels=labels, engine=cluster)
        return
    try:
        check_out_dir(out_dir)  # before the extraction: a bad --out costs nothing
        from .curation import load_curation
        from .nlp import make_nlp
        from .sources import SpanSource, load_labels

        curated = load_curation(curation) if curation else None  # before the extraction, like --out
        label_map = load_labels(labels) if spans else None
        sources = [SpanSource(key, label_map) for key in spans or []]
        nlp = make_nlp(model) if model else None
        if not 0 <= doc_timeout < 1e9:
            _fail(f"--doc-timeout {doc_timeout!r}: give a number of seconds from 0 (no limit) to 1e9")
        with _progress(quiet) as progress:
            g, report = pipeline.build(paths, max_bytes=int(max_mb * 1024 * 1024), nlp=nlp, sources=sources,
                                       doc_timeout=doc_timeout or None, curation=curated,
                                       jobs=jobs or pipeline.default_jobs(), progress=progress, engine=cluster)
        if not report.documents:
            _report_losses(report, debug)
            _fail("no readable article among the inputs; nothing written")
        outputs = {out_dir / "graph.ttl": turtle_bytes(g)}
        if html:
            outputs[out_dir / "graph.html"] = render_html(g).encode("utf-8")
        write_set(outputs)  # all new or all old
    except OSError as exc:
        _fail(f"{out_dir}: cannot write the outputs ({exc.strerror or exc}); the previous outputs are left as they were")
    except KeyboardInterrupt:
        _fail("interrupted; the previous outputs are left as they were", 130)
    except KGError as exc:
        _fail(str(exc))
    for w in report.warnings:
        _say(f"warning: {w}")
    _report_losses(report, debug)
    _summary(g, out_dir, html, len(report.documents), time.perf_counter() - t0)
    if not report.clean:
        raise typer.Exit(EXIT_NOT_CLEAN)


def _build_store(paths: list[Path], folder: Path, *, max_mb: float, debug: bool, doc_timeout: float,
                 model: str | None, jobs: int, quiet: bool, spans: list[str] | None, labels: Path | None,
                 engine: Engine | None = None) -> None:
    """``kg build --store``: bring the store up to date and say what changed."""
    from .nlp import make_nlp
    from .pipeline import default_jobs
    from .store import build_store

    if not 0 <= doc_timeout < 1e9:
        _fail(f"--doc-timeout {doc_timeout!r}: give a number of seconds from 0 (no limit) to 1e9")
    try:
        from .sources import SpanSource, load_labels

        label_map = load_labels(labels) if spans else None
        sources = [SpanSource(key, label_map) for key in spans or []]
        with _progress(quiet) as progress:
            res = build_store(paths, folder, max_bytes=int(max_mb * 1024 * 1024), nlp=make_nlp(model) if model else None,
                              sources=sources, doc_timeout=doc_timeout or None, jobs=jobs or default_jobs(),
                              progress=progress, engine=engine)
    except KeyboardInterrupt:
        _fail("interrupted; the next build brings the store up to date", 130)
    except KGError as exc:
        _fail(str(exc))
    report = res.report
    for w in report.warnings:
        _say(f"warning: {w}")
    _report_losses(report, debug)
    out.print(f"kg: {len(report.documents)} documents -> store {folder}: {res.extracted} extracted, {res.reused} "
              f"unchanged, {res.removed} removed; {res.graphs_written} graphs written, {res.quads} quads; "
              f"time: {report.seconds:.2f} s", markup=False, highlight=False)
    if not report.clean:
        raise typer.Exit(EXIT_NOT_CLEAN)


#: Builds of fewer documents show no progress bar.
PROGRESS_MIN_DOCS = 6


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar with documents/s on stderr, for builds of ``PROGRESS_MIN_DOCS`` documents
    or more; none under ``--quiet`` or when stderr is not a terminal."""
    if quiet or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]} documents/s"), TimeRemainingColumn(), console=err, transient=True)
    task = bar.add_task("extract", total=None, rate="-")
    t0 = time.perf_counter()

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN_DOCS:
            return
        if not bar.live.is_started:
            bar.start()
        bar.update(task, completed=done, total=total, rate=f"{done / max(time.perf_counter() - t0, 1e-9):.1f}")

    try:
        yield update
    finally:
        bar.stop()


def _report_losses(report: BuildReport, debug: bool) -> None:
    """One line per skipped or failed file; a failure's traceback only with ``--debug``."""
    for line in report.skipped:
        _say(f"skipped {line}")
    for f in report.failed:
        if debug:
            err.print(f.traceback.rstrip(), markup=False, highlight=False)
        _say(f"failed {f}")


def _summary(g: object, out_dir: Path, html: bool, ndocs: int, seconds: float) -> None:
    """What a build prints: counts only (``kg stats`` has the centrality and the communities)."""
    from .analytics import counts

    s = counts(g)  # type: ignore[arg-type]
    t = Table(title=f"kg: {ndocs} documents -> {out_dir / 'graph.ttl'}" + (" and graph.html" if html else ""),
              show_header=True)
    t.add_column("class")
    t.add_column("entities", justify="right")
    for cls, n in s.entities.items():
        t.add_row(cls, str(n))
    out.print(t)
    rels = ", ".join(f"{k} {v}" for k, v in s.relations.items())
    out.print(f"relations: {sum(s.relations.values())} ({rels})", markup=False, highlight=False)
    out.print(f"evidence statements: {s.evidence_statements}; time: {seconds:.2f} s", markup=False,
              highlight=False)


@app.command()
def rules(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print what each rule requires and assigns, "
                                          "and the words a sentence must hold for it to run there.")]
    = False,
) -> None:
    """List the extraction rules in the order they run, with the rule ids they write to kg:rule."""
    from .rules.registry import RELATION_RULE_IDS, RULES

    t = Table(show_header=True, title="kg rules (in order; kg:rule ids they write)")
    t.add_column("#", justify="right")
    t.add_column("rule")
    t.add_column("scope")
    if verbose:
        t.add_column("requires")
        t.add_column("assigns")
        t.add_column("runs on a sentence with one of")
    t.add_column("kg:rule ids")
    t.add_column("what it does")
    for k, r in enumerate(RULES, 1):
        extra = [", ".join(r.requires), ", ".join(r.assigns), str(r.needs or "")] if verbose else []
        t.add_row(str(k), r.name, r.scope.value, *extra, ", ".join(r.emits), r.doc)
    out.print(t)
    out.print(f"relation stage (kg.rules.relations.relate): {', '.join(RELATION_RULE_IDS)}", markup=False,
              highlight=False)


@app.command()
def query(
    query_: Annotated[str | None, typer.Argument(metavar="QUERY", help="Bundled query name, .rq file or SPARQL text.")] = None,
    graph: GraphOpt = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the bundled queries.")] = False,
    bind: Annotated[list[str] | None, typer.Option(help="NAME=VALUE: bind a query variable to an IRI, a prefixed "
                                                   "name, \"text\", or a name (the text and the entities so named); "
                                                   "repeat for more.")] = None,
    allow_update: Annotated[bool, typer.Option(help="Allow SPARQL Update (changes nothing on disk; LOAD also "
                                               "needs --allow-network).")] = False,
    allow_network: Annotated[bool, typer.Option("--allow-network", "--allow-service",
                                                help="Allow what reaches the network: federated SERVICE calls, "
                                                "and LOAD with --allow-update (--allow-service is its old name).")]
    = False,
    timeout: Annotated[float, typer.Option(help="Stop a query that runs longer than this many seconds "
                                           "(0 or inf: no limit; at most a week).")] = DEFAULT_TIMEOUT,
    max_memory: Annotated[int, typer.Option(help="Stop a query that needs more than this many MB of memory "
                                            "beyond the loaded graph (0: no limit).")] = DEFAULT_MAX_MEMORY,
    store: Annotated[Path | None, typer.Option(help="Query the kg store in this folder (kg build --store) where "
                                               "it lies, instead of a --graph file.")] = None,
) -> None:
    """Run a SPARQL query over a graph (or a store)."""
    from .query import RENAMED, bundled, load_store, run_query

    if list_:
        for name, (desc, _text) in bundled().items():
            out.print(f"{name:20} {desc}", markup=False, highlight=False)
        for old, new in RENAMED.items():
            out.print(f"{old:20} the old name of {new}", markup=False, highlight=False)
        return
    if not query_:
        _fail("give a QUERY (a bundled name, a .rq file or SPARQL text) or --list")
    if fmt not in ("table", "csv", "json"):
        _fail(f"unknown format {fmt!r}; use table, csv or json")
    bindings: dict[str, list[str]] = {}
    for b in bind or []:
        if "=" not in b:
            _fail(f"--bind {b!r}: write NAME=VALUE")
        k, v = b.split("=", 1)
        bindings.setdefault(k.lstrip("?"), []).append(v)  # a name bound twice takes both values
    try:
        if store is not None:
            from .store import Store

            if allow_update:
                _fail("--store is read-only for kg query: rebuild it with kg build --store to change it")
            res = Store.open(store).query(query_, bindings=bindings, allow_network=allow_network, timeout=timeout,
                                          max_memory=max_memory)
        else:
            res = run_query(load_store(graph), query_, bindings=bindings, allow_update=allow_update,
                            allow_network=allow_network, timeout=timeout, max_memory=max_memory)
    except KGError as exc:
        _fail(str(exc))
    for note in res.notes:
        _say(f"note: {note}")
    _print_result(res, fmt)


def _print_result(res: QueryResult, fmt: str) -> None:
    """A query's result as CSV, JSON or a table with its row count."""
    if fmt == "csv":
        sys.stdout.write(res.to_csv())
    elif fmt == "json":
        sys.stdout.write(res.to_json() + "\n")
    else:
        t = Table(*res.columns, show_lines=False)
        for row in res.rows:
            t.add_row(*row)
        out.print(t)
        out.print(f"{len(res.rows)} rows", markup=False)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, trig, nquads, ntriples, jsonld or graphml.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The file to write; - for standard output.")],
    graph: GraphOpt = DEFAULT_GRAPH,
    store: Annotated[Path | None, typer.Option(help="Export the kg store in this folder instead of a --graph "
                                               "file (TriG, N-Quads and JSON-LD keep a graph per document).")]
    = None,
) -> None:
    """Write a graph or a store in another format (GraphML: the entity network for Gephi or Cytoscape)."""
    from .export import FORMATS, export_bytes

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        if store is not None:
            from .store import Store

            data = export_bytes(fmt, quads=Store.open(store).quads())
        else:
            from .graph import load_graph

            data = export_bytes(fmt, load_graph(graph))
        if str(out_file) == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        from .export import write_atomic

        write_atomic(out_file, data)
    except OSError as exc:
        _fail(f"{out_file}: cannot write it ({exc.strerror or exc})")
    except KGError as exc:
        _fail(str(exc))
    out.print(f"wrote {out_file} ({fmt}, {len(data)} bytes)", markup=False, highlight=False)


@app.command()
def push(
    endpoint: Annotated[str, typer.Option(help="The server's Graph Store Protocol URL: Oxigraph "
                                          "http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data.")],
    store: Annotated[Path | None, typer.Option(help="Push the kg store in this folder (kg build --store).")] = None,
    graph: Annotated[Path | None, typer.Option("--graph", "-g", help="Push this graph file instead, split into "
                                               "the same graphs (one per document, shared, build).")] = None,
    replace: Annotated[bool, typer.Option(help="Also drop the server's graphs of documents no longer present "
                                          "(and staging graphs a killed push left).")] = False,
    force: Annotated[bool, typer.Option(help="Send every graph, not only those whose content changed since "
                                        "the last push.")] = False,
    query_endpoint: Annotated[str | None, typer.Option(help="The SPARQL query URL (default: 'query' beside "
                                                       "--endpoint).")] = None,
    update_endpoint: Annotated[str | None, typer.Option(help="The SPARQL update URL (default: 'update' beside "
                                                        "--endpoint).")] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds each HTTP request may take.")] = 60.0,
) -> None:
    """Load a store (or a graph file) into a SPARQL 1.1 server, one named graph per document: only
    changed graphs are sent, staged, and swapped in with one SPARQL Update request."""
    from .push import push_graphs

    if (store is None) == (graph is None):
        _fail("give --store DIR or --graph FILE (one of them)")
    try:
        res = push_graphs(endpoint, store=store, graph=graph, replace=replace, force=force,
                          query_url=query_endpoint, update_url=update_endpoint, timeout=timeout)
    except KGError as exc:
        _fail(str(exc))
    out.print(f"kg: pushed {len(res.sent)} graphs ({res.triples} triples) to {res.endpoint}; {res.unchanged} "
              f"unchanged, {len(res.dropped)} dropped", markup=False, highlight=False)


@app.command()
def find(
    name: Annotated[str, typer.Argument(help="A name, as written or close to it (case, accents, plurals).")],
    graph: GraphOpt = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """The IRI, class, labels and documents of every entity whose names match NAME (exit 1: none)."""
    from .find import find as run_find
    from .find import to_json, to_rows
    from .query import QueryResult, load_store

    if fmt not in ("table", "csv", "json"):
        _fail(f"unknown format {fmt!r}; use table, csv or json")
    try:
        found = run_find(load_store(graph), name)
    except KGError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(to_json(found) + "\n")
    elif found or fmt == "csv":  # no empty table: the line below says it
        _print_result(QueryResult(*to_rows(found)), fmt)
    if not found:
        _fail(f"no entity is named {name!r} in {graph}; `kg query entities` lists every name", EXIT_NOT_CLEAN)


@app.command("compare")
def compare_cmd(
    from_: Annotated[str, typer.Option("--from", help="The earlier documents: a year, YYYY-MM, a date, or one "
                                       "document (file name or stem).")],
    to: Annotated[str, typer.Option("--to", help="The later documents, given the same way.")],
    graph: GraphOpt = DEFAULT_GRAPH,
    place: Annotated[str | None, typer.Option(help="Only what belongs to this place (and the places in it, "
                                              "the bodies governing them, their meetings and resolutions).")]
    = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """What the later documents add, keep and drop against the earlier ones: sectors prioritised,
    strategies pursued, groups and their members, meetings and resolutions, with evidence."""
    from .compare import compare
    from .query import load_store

    if fmt not in ("table", "csv", "json"):
        _fail(f"unknown format {fmt!r}; use table, csv or json")
    try:
        result = compare(load_store(graph), earlier=from_, later=to, place=place)
    except KGError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(result.to_json() + "\n")
    elif fmt == "csv":
        sys.stdout.write(result.to_csv())
    else:
        where = f" for {', '.join(result.place)}" if result.place else ""
        out.print(f"{from_} ({', '.join(result.earlier)}) -> {to} ({', '.join(result.later)}){where}",
                  markup=False, highlight=False)
        _print_result(result.rows(), fmt)


@app.command()
def validate(graph: GraphOpt = DEFAULT_GRAPH) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl."""
    from .graph import load_graph
    from .validate import validate as run_validate

    try:
        g = load_graph(graph)
        report = run_validate(g)
    except KGError as exc:
        _fail(str(exc))
    if report.conforms:
        out.print(f"{graph}: conforms to the kg shapes ({len(g)} triples)", markup=False, highlight=False)
        return
    out.print(f"{graph}: {len(report.violations)} violations", markup=False, highlight=False)
    for v in report.violations:
        out.print(f"  {v}", markup=False, highlight=False)
    raise typer.Exit(EXIT_NOT_CLEAN)


@app.command()
def view(
    graph: GraphOpt = DEFAULT_GRAPH,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("out/graph.html"),
    documents: Annotated[bool, typer.Option("--documents", help="Also draw documents and what they mention.")] = False,
    max_nodes: Annotated[int, typer.Option(min=0, help="Draw at most this many nodes, the most connected "
                                           "(0: all).")] = 5_000,
) -> None:
    """Write the interactive HTML network of an existing graph."""
    from .graph import load_graph
    from .view import write_html

    try:
        note = write_html(load_graph(graph), out_file, documents=documents, max_nodes=max_nodes)
    except KGError as exc:
        _fail(str(exc))
    if note:
        err.print(f"kg: view: {note}", markup=False, highlight=False)
    out.print(f"wrote {out_file}", markup=False, highlight=False)


@app.command("evaluate")
def evaluate_cmd(
    graph: Annotated[Path, typer.Argument(callback=_graph_file, help="The graph file (Turtle); - reads it from "
                                          "standard input.")],
    gold: Annotated[Path, typer.Argument(help="A folder of gold .json files, one per document.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list what each document missed and "
                                          "what it found wrongly.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Precision, recall and F1 of entities and relations against gold files, per document and overall."""
    from .evaluate import evaluate, load_gold_dir
    from .graph import load_graph

    if fmt not in ("table", "json"):
        _fail(f"unknown format {fmt!r}; use table or json")
    try:
        golds = load_gold_dir(gold)  # before the graph: a bad gold file costs no parsing
        result = evaluate(load_graph(graph), golds)
    except KGError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(result.as_dict(), indent=1, ensure_ascii=False) + "\n")
        return
    t = Table(title=f"kg evaluate: {graph}", box=None)
    t.add_column("document", no_wrap=True, min_width=max([len(d.document) for d in result.documents] + [8]))
    for name in ("ent P", "R", "F1", "rel P", "R", "F1", "attrs"):
        t.add_column(name, justify="right", no_wrap=True)
    for d in result.documents:
        e, r = d.entities, d.relations
        name = d.document if d.found else f"{d.document} (not in the graph)"
        t.add_row(name, *(f"{x:.2f}" for x in (e.precision, e.recall, e.f1, r.precision, r.recall, r.f1)),
                  f"{d.attributes_ok}/{d.attributes_total}")
    out.print(t)
    if verbose:
        for d in result.documents:
            for what, items in (("missed entity", d.missed_entities), ("wrong entity", d.wrong_entities),
                                ("absent name found", d.absent_found), ("missed relation", d.missed_relations),
                                ("wrong relation", d.wrong_relations), ("attribute miss", d.attribute_misses)):
                for item in items:
                    out.print(f"{d.document}: {what}: {item}", markup=False, highlight=False)
        for label, iris in result.not_canonical.items():
            out.print(f"not canonical: {label} -> {', '.join(iris)}", markup=False, highlight=False)
    out.print(result.summary_line(), markup=False, highlight=False)


@app.command("stats")
def stats_cmd(
    graph: GraphOpt = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Documents, entities per class, relations per property, central entities, communities."""
    from .analytics import stats
    from .graph import load_graph

    try:
        s = stats(load_graph(graph))
    except KGError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(s.as_dict(), indent=1, ensure_ascii=False) + "\n")
        return
    out.print(f"documents: {s.documents}; evidence statements: {s.evidence_statements}; "
              f"components: {s.components} (largest {s.largest_component} entities)", markup=False, highlight=False)
    for title, rows in (("entities", s.entities), ("relations", s.relations)):
        t = Table(title=title)
        t.add_column("name")
        t.add_column("count", justify="right")
        for k, v in rows.items():
            t.add_row(k, str(v))
        out.print(t)
    btw = "betweenness centrality" + ("" if s.betweenness_method == "exact" else f" ({s.betweenness_method})")
    for title, rows3 in (("degree centrality", s.degree), (btw, s.betweenness)):
        t = Table("entity", "class", "score", title=title)
        for lab, cls, score in rows3:
            t.add_row(lab, cls, f"{score:.3f}")
        out.print(t)
    if s.communities:
        out.print(f"communities: {len(s.communities)} ({s.community_method})", markup=False, highlight=False)
    for n, c in enumerate(s.communities[:8], 1):
        out.print(f"community {n} ({len(c)}): " + ", ".join(c[:12]) + (" …" if len(c) > 12 else ""),
                  markup=False, highlight=False)


def main() -> None:
    """Entry point, for every command: click reports usage errors itself (exit 2); an exception no
    command handles is one line, ``kg: internal error: Type: message``, and exit 70 (its traceback
    too with ``--debug``, taken anywhere on the command line); Ctrl-C exits 130."""
    args = sys.argv[1:]
    debug = _take_debug(args)
    try:
        app(args=args)
    except KeyboardInterrupt:  # typer turns one inside a command into exit 130 itself
        _say("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:
        if debug:
            traceback.print_exception(exc)
        message = " ".join(str(exc).split())
        if isinstance(exc, KGError) and not isinstance(exc, StageError):  # raised on purpose; a command missed it
            _say(message)
            sys.exit(EXIT_USAGE)
        hint = "" if debug else " (run with --debug for the traceback)"
        _say(f"internal error: {type(exc).__name__}: {message}{hint}")
        sys.exit(EXIT_INTERNAL)


def _take_debug(args: list[str]) -> bool:
    """Whether ``--debug`` is on the command line (before a ``--``); it is taken out of ``args`` unless
    the command has a ``--debug`` of its own (``kg build``), so that every command accepts it."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return False
    name = next((a for a in args[:end] if not a.startswith("-")), None)
    command = getattr(typer.main.get_command(app), "commands", {}).get(name)
    if command is None or not any("--debug" in getattr(p, "opts", ()) for p in command.params):
        args[:end] = [a for a in args[:end] if a != "--debug"]
    return True


if __name__ == "__main__":  # pragma: no cover
    main()

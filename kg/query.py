"""SPARQL over a graph file with pyoxigraph: bundled queries, bindings, table / CSV / JSON.

Read-only and offline by default: SPARQL Update is refused unless ``allow_update``, and what
reaches the network (``LOAD`` and federated ``SERVICE``, the only operations that make pyoxigraph
dereference an IRI; ``FROM``, ``USING`` and ``DESCRIBE`` name graphs of the store) unless
``allow_network``. Both are read from rdflib's parse of the query, not from its text, so a string
or a comment that says "service" or "load" is no call.

>>> sorted(bundled())[:3]
['about', 'committees', 'document']
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import io
import itertools
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .errors import GraphError, QueryError
from .namespaces import KG, KGID

#: The prefixes every query may use without declaring them: kg's own and rdflib's W3C namespaces.
PREFIXES = {
    "kg": str(KG), "kgid": str(KGID),
    "rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV),
    "xsd": str(XSD), "owl": str(OWL),
}


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Columns and rows of a SELECT (cells as short strings), or the boolean of an ASK; ``notes`` say
    what the reader should know about the bindings (a name that matched no entity)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    boolean: bool | None = None
    notes: tuple[str, ...] = ()

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        w.writerows(self.rows)
        return buf.getvalue()

    def to_json(self) -> str:
        if self.boolean is not None:
            return json.dumps({"boolean": self.boolean})
        return json.dumps([dict(zip(self.columns, r, strict=True)) for r in self.rows], indent=1,
                          ensure_ascii=False)


def bundled() -> dict[str, tuple[str, str]]:
    """Bundled queries: name -> (one-line description, SPARQL text)."""
    out = {}
    for f in resources.files("kg").joinpath("data").joinpath("queries").iterdir():
        if f.name.endswith(".rq"):
            text = f.read_text("utf-8")
            first = text.splitlines()[0] if text else ""
            out[f.name[:-3]] = (first.lstrip("# ").strip(), text)
    return dict(sorted(out.items()))


#: Old names of bundled queries that were renamed: they keep working.
RENAMED = {"sectors-by-city": "sectors-by-place"}


def query_text(query: str) -> str:
    """A bare word names a bundled query (or its old name); a path ending in ``.rq`` is read; anything
    else is SPARQL.

    >>> query_text("sectors-by-city") == query_text("sectors-by-place")
    True
    """
    q = query.strip()
    if _is_query_name(q):
        queries = bundled()
        q = RENAMED.get(q, q)
        if q not in queries:
            raise QueryError(f"no bundled query named {q!r}; `kg query --list` shows them: {', '.join(queries)}")
        return queries[q][1]
    if q.endswith(".rq") and "\n" not in q:
        p = Path(q)
        try:
            return p.read_text("utf-8")
        except OSError as exc:
            raise QueryError(f"{p}: cannot read the query file ({exc.strerror or exc})") from exc
    return query


def _is_query_name(query: str) -> bool:
    """Whether ``query`` is a bare word, the name of a bundled query."""
    return re.fullmatch(r"[A-Za-z][\w-]*", query.strip()) is not None


def load_store(path: Path) -> ox.Store:
    """An in-memory pyoxigraph store of a Turtle (or N-Triples) file."""
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file; build one with `kg build` or pass --graph")
    store = ox.Store()
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path}: not a readable Turtle graph ({str(exc).splitlines()[0]}); rebuild it") from exc
    return store


def graph_store(g: Graph) -> ox.Store:
    """An in-memory pyoxigraph store of an rdflib graph, converted term by term (no Turtle in between).

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef(PREFIXES["kgid"] + "x"), URIRef(PREFIXES["rdfs"] + "label"), Literal("X", lang="en")))
    >>> run_query(graph_store(g), "SELECT ?l (LANG(?l) AS ?lang) WHERE { ?e rdfs:label ?l }").rows
    (('X', 'en'),)
    """
    bnodes: dict[BNode, ox.BlankNode] = {}
    store = ox.Store()
    store.extend(ox.Quad(_resource(s, bnodes), _iri(p), _value(o, bnodes)) for s, p, o in _turtle_order(g))
    return store


def _turtle_order(g: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """The triples in the order rdflib's Turtle serializer writes them (blank nodes it nests aside).

    oxigraph answers in the order it was given the triples where SPARQL leaves the order open (rows
    without ORDER BY, GROUP_CONCAT), so this order gives the answers of the exported Turtle file.
    """
    refs = Counter(g.objects())
    top = sorted(g.subjects(RDF.type, RDFS.Class))  # type: ignore[type-var]  # rdflib terms do order
    rest = sorted((isinstance(s, BNode), refs[s], s) for s in set(g.subjects()) - set(top))
    for s in [*top, *(s for _bnode, _refs, s in rest)]:
        objects: dict[Node, list[Node]] = defaultdict(list)
        for p, o in g.predicate_objects(s):
            objects[p].append(o)
        for p in sorted(objects, key=lambda p: (p != RDF.type, p != RDFS.label, p)):
            for o in sorted(objects[p]):  # type: ignore[type-var]
                yield s, p, o


def ox_term(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term of an rdflib IRI or literal (a blank node gets a fresh label)."""
    return _value(t, {})


def _iri(t: Node) -> ox.NamedNode:
    if not isinstance(t, URIRef):
        raise _not_a_term(t, "an IRI")
    try:
        return ox.NamedNode(str(t))
    except ValueError as exc:
        raise _not_a_term(t, f"a valid IRI ({exc})") from exc


def _resource(t: Node, bnodes: dict[BNode, ox.BlankNode]) -> ox.NamedNode | ox.BlankNode:
    """An IRI or a blank node; a blank node keeps its rdflib label when oxigraph accepts it."""
    if not isinstance(t, BNode):
        return _iri(t)
    if t not in bnodes:
        try:
            bnodes[t] = ox.BlankNode(str(t))
        except ValueError:  # a label oxigraph does not accept: a fresh one names the same node
            bnodes[t] = ox.BlankNode()
    return bnodes[t]


def _value(t: Node, bnodes: dict[BNode, ox.BlankNode]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An IRI, a blank node or a literal with its language tag or datatype."""
    if not isinstance(t, Literal):
        return _resource(t, bnodes)
    try:
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    except ValueError as exc:
        raise _not_a_term(t, f"a valid literal ({exc})") from exc


def _not_a_term(t: Node, what: str) -> GraphError:
    return GraphError(f"{t!r} in the graph is not {what}; SPARQL cannot query it")


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        v = term.value
        for p, ns in PREFIXES.items():
            if v.startswith(ns):
                return f"{p}:{v[len(ns):]}"
        return v
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _term(name: str, value: str) -> str:
    """The SPARQL term of a binding's value: ``<IRI>``, ``prefix:name`` (a kg or W3C prefix) or an
    ``http(s)://`` address is an IRI, ``"text"`` or anything else a string; a malformed IRI is a
    ``QueryError`` that names the binding, raised before any query runs.

    >>> _term("s", "kg:City"), _term("l", "kg: a note"), _term("l", '"kg:City"')
    ('<https://w3id.org/policykg/ontology#City>', '"kg: a note"', '"kg:City"')
    >>> _term("subject", "kg:foo>bar")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.QueryError: cannot bind ?subject to 'kg:foo>bar': not a valid IRI (Invalid IRI code point '>'); ...
    """
    iri = None
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return str(ox.Literal(value[1:-1]))
    elif (m := re.fullmatch(r"([a-z]+):(.*)", value, re.DOTALL)) and m[1] in PREFIXES and not m[2].startswith(" "):
        iri = PREFIXES[m[1]] + m[2]
    elif re.match(r"https?://", value):
        iri = value
    if iri is None:
        return str(ox.Literal(value))
    try:
        return str(ox.NamedNode(iri))
    except ValueError as exc:
        raise QueryError(f"cannot bind ?{name} to {value!r}: not a valid IRI ({str(exc).splitlines()[0]}); "
                         'fix it, or write "..." to bind it as text') from exc


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What the parse of a SPARQL text says about it."""

    update: bool  #: an Update request (INSERT, DELETE, LOAD, CLEAR, ...), not a query
    network: tuple[str, ...]  #: what in it reaches the network: "LOAD", "SERVICE" (however deep)


#: What the parse of every bundled query says (``tests/test_startup.py`` parses each to hold it): a
#: bundled query is kg's own data, so ``kg query NAME`` skips rdflib's SPARQL parser, whose import
#: (pyparsing building the grammar, about 0.3 s) was the largest part of the command's start-up.
#: Its bindings are joined as pyoxigraph terms, which cannot add an update or a SERVICE.
_BUNDLED = _Parsed(update=False, network=())

#: The parse tree nodes (rdflib's ``CompValue`` names) that make pyoxigraph open a connection.
_NETWORK_NODES = {"Load": "LOAD", "ServiceGraphPattern": "SERVICE"}


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> _Parsed:
    """Parse ``text`` as a query, else as an update, with rdflib's SPARQL parser (a syntax error is a
    ``QueryError``); cached, as pyparsing takes tens of milliseconds and notebooks repeat queries.

    >>> _parse('SELECT * WHERE { ?s ?p ?l FILTER(CONTAINS(?l, "service")) }  # no SERVICE here')
    _Parsed(update=False, network=())
    >>> _parse("LOAD <http://example.org/data.ttl>")
    _Parsed(update=True, network=('LOAD',))
    >>> _parse('INSERT DATA { <a:b> <a:c> "LOAD <x>" } ; DROP SILENT GRAPH <a:load>').network
    ()
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return _Parsed(update=False, network=_network(parseQuery(text)))
    except ParseBaseException as exc:
        as_query = exc
    try:
        tree = parseUpdate(text)
    except ParseBaseException as exc:
        further = exc if exc.loc > as_query.loc else as_query  # the reading that got further says more
        raise QueryError(f"SPARQL syntax error: {' '.join(str(further).split())}") from exc
    if "request" not in tree:  # a prologue or comments only: neither a query nor an update
        raise QueryError(f"SPARQL syntax error: {' '.join(str(as_query).split())}") from as_query
    return _Parsed(update=True, network=_network(tree))


def _network(tree: object) -> tuple[str, ...]:
    """The operations of a parse tree (``CompValue`` nodes, ``ParseResults`` and lists) that reach the
    network, sorted, each once."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name in _NETWORK_NODES:
                found.add(_NETWORK_NODES[node.name])
            for v in node.values():
                walk(v)
        elif isinstance(node, ParseResults | list | tuple):
            for v in node:
                walk(v)

    walk(tree)
    return tuple(sorted(found))


#: The default time limit of ``kg query``, in seconds.
DEFAULT_TIMEOUT = 30.0
#: The longest time limit kept as given (a week); a longer finite one is cut to it, as the wait
#: for the query's process cannot be longer than about 24 days.
MAX_TIMEOUT = 7 * 24 * 3600.0


def time_limit(seconds: float | None) -> float | None:
    """The time to wait for a query: ``None`` (no limit) for ``None``, 0 or infinity, a finite one cut
    to ``MAX_TIMEOUT``; a negative or NaN one is a ``QueryError``.

    >>> time_limit(1e300) == MAX_TIMEOUT, time_limit(float("inf")), time_limit(0), time_limit(2.5)
    (True, None, None, 2.5)
    """
    if seconds is None:
        return None
    if math.isnan(seconds) or seconds < 0:
        raise QueryError(f"--timeout {seconds:g}: give a number of seconds >= 0 (0 or inf for no limit)")
    if seconds == 0 or math.isinf(seconds):
        return None
    return min(seconds, MAX_TIMEOUT)


#: The default memory limit of ``kg query``, in MB on top of what the loaded graph takes.
DEFAULT_MAX_MEMORY = 2048
#: The exit code of a query's child that ran out of memory in Python (pyoxigraph aborts instead).
_EXIT_NO_MEMORY = 3


def _limit_memory(mb: int) -> None:
    """Let this process map at most ``mb`` MB more than it has now (``RLIMIT_AS``), so that a query
    that needs more fails, whatever the process held before (a spaCy model, a large graph).

    Measured on pyoxigraph 0.5: with ``RLIMIT_AS`` (or ``RLIMIT_DATA``) a query that needs more
    aborts in Rust ("memory allocation of N bytes failed", SIGABRT) and a Python allocation raises
    ``MemoryError``; ``RLIMIT_AS`` is used as it counts every mapping.
    """
    import resource

    with open("/proc/self/statm", encoding="ascii") as f:  # Linux: the size now, in pages
        now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A query checked and ready to run: the SPARQL text with its bindings joined, and its kind."""

    text: str
    update: bool
    notes: tuple[str, ...] = ()
    union: bool = False  # the default graph is the union of the named graphs (a kg store)


#: How the refusal of each network operation names it.
_NETWORK_NAMES = {"LOAD": "LOAD requests", "SERVICE": "federated SERVICE calls"}

#: The properties whose literals name an entity (or a document, by its file name), as
#: ``--bind NAME=text`` and ``kg find`` match them.
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.identifier)

#: A value bound to a variable: one string, or several (each a row of the VALUES clause).
Bindings = Mapping[str, "str | Sequence[str]"]


@dataclass(frozen=True, slots=True)
class _Scope:
    """The variables of a query: all it names, those a binding can reach, and whether it already ends
    in a ``VALUES`` clause (SPARQL allows one)."""

    variables: tuple[str, ...]
    bindable: tuple[str, ...]
    grouped: bool
    has_values: bool
    keys: tuple[str, ...] = ()  #: the plain variables a grouping query groups by
    certain: tuple[str, ...] = ()  #: variables of the WHERE clause's own triple patterns: bound in every row


@functools.lru_cache(maxsize=256)
def _scope(text: str) -> _Scope:
    """The variables of a (parsed, valid) query and those a trailing ``VALUES`` clause can bind: in a
    query that groups its rows (``GROUP BY`` or an aggregate), only the group keys and the projected
    names survive to the end, where SPARQL joins that clause.

    >>> _scope("SELECT ?l WHERE { ?s rdfs:label ?l }")
    _Scope(variables=('l', 's'), bindable=('l', 's'), grouped=False, has_values=False, keys=(), certain=('l', 's'))
    >>> _scope("SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c").bindable
    ('c', 'n')
    """
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    query = parseQuery(text)[1]
    aggregate = False

    def walk(node: object, found: set[str]) -> set[str]:
        nonlocal aggregate
        if isinstance(node, Variable):
            found.add(str(node))
        elif isinstance(node, CompValue):
            aggregate = aggregate or node.name.startswith("Aggregate_")
            for v in node.values():
                walk(v, found)
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            for v in node:  # type: ignore[attr-defined]
                walk(v, found)
        return found

    found = walk(query, set())
    certain: set[str] = set()  # the variables of the WHERE clause's own triple patterns
    for part in query["where"].get("part") or []:
        if isinstance(part, CompValue) and part.name == "TriplesBlock":
            walk(part, certain)
    grouped = "groupby" in query or aggregate
    bindable = found
    keys: set[str] = set()
    if grouped:
        bindable = set()
        for cond in (query["groupby"]["condition"] if "groupby" in query else []):
            if isinstance(cond, Variable):
                keys.add(str(cond))
            elif isinstance(cond, CompValue) and isinstance(cond.get("var"), Variable):
                bindable.add(str(cond["var"]))
        bindable |= keys
        for item in query.get("projection") or []:
            if isinstance(item, CompValue):
                bindable.update(str(item[k]) for k in ("var", "evar") if isinstance(item.get(k), Variable))
    return _Scope(tuple(sorted(found)), tuple(sorted(bindable)), grouped, "valuesClause" in query,
                  tuple(sorted(keys)), tuple(sorted(certain)))


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _where_group(text: str) -> tuple[int, int] | None:
    r"""The offsets of the braces that open and close a query's last top-level group (its WHERE
    clause: the solution modifiers after it have no braces), skipping comments, strings and IRIs;
    ``None`` when the braces do not balance.

    >>> q = 'SELECT ?s WHERE { ?s ?p "}" . # a } in a comment\n FILTER(?s < <a:b>) { ?x ?y ?z } } ORDER BY ?s'
    >>> a, b = _where_group(q); q[a:b + 1][-14:]
    '{ ?x ?y ?z } }'
    """
    depth, i, n = 0, 0, len(text)
    start, span = -1, None
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "'\"":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        if c == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
            continue
        if c == "{":
            if depth == 0:
                start = i
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                span = (start, i)
        i += 1
    return span if depth == 0 else None


def _join_values(text: str, values: str, scope: _Scope, names: Sequence[str]) -> str:
    r"""``text`` with the ``VALUES`` clause ``values`` joined to it, where the store's planner starts
    from the bound values instead of filtering every row at the end, as far as SPARQL's meaning
    allows (a trailing clause is joined to the whole WHERE clause, after any grouping):

    - every bound variable is bound in every row of the WHERE clause (it is in one of its own
      triple patterns) and, in a grouping query, a group key: the clause opens the WHERE clause
      (joining first or last gives the same rows, and its FILTERs and OPTIONALs see the same values);
    - a grouping query whose bound variables are group keys: the WHERE clause becomes
      ``{ { WHERE } VALUES }``, the trailing clause's Join before the grouping;
    - else, or when the braces cannot be found, the clause trails the query.

    >>> s = _scope("SELECT ?l WHERE { ?s rdfs:label ?l }")
    >>> _join_values("SELECT ?l WHERE { ?s rdfs:label ?l }", "VALUES ?l { 'a' }", s, ["l"])
    "SELECT ?l WHERE { VALUES ?l { 'a' }  ?s rdfs:label ?l }"
    >>> q = "SELECT ?s (COUNT(?l) AS ?n) WHERE { OPTIONAL { ?s rdfs:label ?l } } GROUP BY ?s"
    >>> _join_values(q, "VALUES ?s { 'a' }", _scope(q), ["s"])
    "SELECT ?s (COUNT(?l) AS ?n) WHERE { { OPTIONAL { ?s rdfs:label ?l } } VALUES ?s { 'a' } } GROUP BY ?s"
    >>> q = "SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c"
    >>> _join_values(q, "VALUES ?n { 1 }", _scope(q), ["n"])
    'SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c\nVALUES ?n { 1 }'
    """
    span = _where_group(text)
    if span is not None and (not scope.grouped or set(names) <= set(scope.keys)):
        a, b = span
        if set(names) <= set(scope.certain):
            return f"{text[:a + 1]} {values} {text[a + 1:]}"
        if scope.grouped:
            return f"{text[:a + 1]} {{{text[a + 1:b]}}} {values} {text[b:]}"
    return f"{text}\n{values}"


def names_of(store: ox.Store, union: bool = False) -> dict[str, list[tuple[str, str]]]:
    """Every name of the graph's entities by its ``norm`` key: [(entity IRI, name as written)]
    (with ``union``, of the union of the store's named graphs)."""
    from .gazetteer import norm

    props = " ".join(f"<{p}>" for p in NAME_PROPERTIES)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    res = store.query(f"SELECT DISTINCT ?e ?n WHERE {{ VALUES ?p {{ {props} }} ?e ?p ?n "
                      "FILTER(isIRI(?e) && isLiteral(?n)) }", use_default_graph_as_union=union)
    assert isinstance(res, ox.QuerySolutions)
    for sol in res:
        e, n = sol["e"], sol["n"]
        assert isinstance(e, ox.NamedNode) and isinstance(n, ox.Literal)
        out[norm(n.value)].append((e.value, n.value))
    return out


def _terms(store: ox.Store | None, name: str, value: str, names: Names | None,
           notes: list[str]) -> list[str]:
    """The SPARQL terms one value binds ``?name`` to: an IRI, a quoted text, or a name: that text, every
    entity one of whose names matches it (as ``norm`` compares names: case, accents, plurals) and those
    names as written."""
    term = _term(name, value)
    if not _is_name(name, value) or store is None or names is None:
        return [term]
    from .gazetteer import norm

    matches = names.get(norm(value), [])
    if not matches:
        notes.append(f"no entity is named {value!r} (kg find lists names); ?{name} is bound to that text only")
    iris = sorted({str(ox.NamedNode(iri)) for iri, _n in matches})
    texts = sorted({str(ox.Literal(n)) for _iri, n in matches} - {term})
    return [term, *iris, *texts]


#: The names of a graph's entities by ``norm`` key, as ``names_of`` gives them (or an index of them).
Names = Mapping[str, "list[tuple[str, str]]"]


def _values(store: ox.Store | None, text: str, bindings: Bindings, union: bool = False,
            names_index: Names | None = None) -> tuple[str, tuple[str, ...]]:
    """The query joined with one ``VALUES`` clause of every binding (several values of one variable, or a name that
    matches several entities, are several rows), checked against the variables of the query, and the
    notes to show (a name that matches nothing)."""
    scope = _scope(text)
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"cannot bind {name!r}: a variable name is letters, digits and _")
        if name not in scope.variables:
            raise QueryError(f"cannot bind ?{name}: the query has no such variable; its variables are "
                             + ", ".join(f"?{v}" for v in scope.variables))
        if name not in scope.bindable:
            raise QueryError(f"cannot bind ?{name}: the query groups its rows, and only "
                             + ", ".join(f"?{v}" for v in scope.bindable) + " remain where a binding applies")
    if scope.has_values:
        raise QueryError("cannot bind: the query ends in a VALUES clause of its own; add the values there")
    notes: list[str] = []
    lookup: Names | None = None
    if store is not None and any(_is_name(n, v) for n in names for v in _as_list(bindings[n])):
        lookup = names_index if names_index is not None else names_of(store, union)
    columns = []
    for name in names:
        terms: list[str] = []
        for v in _as_list(bindings[name]):
            terms += [t for t in _terms(store, name, v, lookup, notes) if t not in terms]
        columns.append(terms)
    rows = " ".join("(" + " ".join(row) + ")" for row in itertools.product(*columns))
    return _join_values(text, f"VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }}", scope, names), tuple(notes)


def _is_name(name: str, value: str) -> bool:
    """Whether a bound value is a name to look up: neither an IRI nor a quoted text.

    >>> _is_name("s", "Shanghai"), _is_name("s", "kgid:shanghai"), _is_name("s", '"Shanghai"')
    (True, False, False)
    """
    return not (_term(name, value).startswith("<") or (len(value) >= 2 and value.startswith('"')
                                                        and value.endswith('"')))


def _as_list(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _prepare(query: str, bindings: Bindings | None, allow_update: bool, allow_network: bool,
             store: ox.Store | None = None, union: bool = False, names: Names | None = None) -> _Prepared:
    """Everything that can be wrong with a query short of running it: its text, its syntax, what it
    is allowed to do and its bindings (a ``QueryError``), checked before any process is forked.

    The bindings are joined as one ``VALUES`` clause (see ``_join_values`` for where); names are
    looked up in ``store``.

    >>> print(_prepare("SELECT ?l WHERE { ?s rdfs:label ?l }", {"s": "kgid:x", "l": ['"a"', '"b"']}, False, False).text)
    SELECT ?l WHERE { VALUES (?l ?s) { ("a" <https://w3id.org/policykg/id/x>) ("b" <https://w3id.org/policykg/id/x>) }  ?s rdfs:label ?l }
    """
    text = query_text(query)
    parsed = _BUNDLED if _is_query_name(query) else _parse(text)
    if parsed.update and not allow_update:
        raise QueryError("SPARQL Update is refused: kg query is read-only (pass --allow-update to change the graph)")
    if parsed.network and not allow_network:
        what = " and ".join(_NETWORK_NAMES[op] for op in parsed.network)
        raise QueryError(f"{what} are refused: kg query stays offline (pass --allow-network to allow them)")
    if parsed.update:
        if bindings:
            raise QueryError("cannot bind variables of an update; write the values into it")
        return _Prepared(text, update=True)
    if not bindings:
        return _Prepared(text, update=False)
    joined, notes = _values(store, text, bindings, union, names)
    return _Prepared(joined, update=False, notes=notes)


def run_query(store: ox.Store, query: str, *, bindings: Bindings | None = None,
              allow_update: bool = False, allow_network: bool = False, allow_service: bool = False,
              timeout: float | None = None, max_memory: int | None = None, union: bool = False,
              names: Names | None = None) -> QueryResult:
    """Run a SPARQL query (bundled name, .rq path or text) with optional variable bindings.

    With ``union`` the default graph is the union of the store's named graphs (a ``kg.store``
    keeps one per document).

    An update needs ``allow_update``; ``LOAD`` (with ``allow_update``) and ``SERVICE`` need
    ``allow_network`` (``allow_service`` is its old name and means the same).

    With a ``timeout`` (seconds; see ``time_limit``) or a ``max_memory`` (MB more than the store
    already takes; 0 or ``None`` for no limit) the query runs in a forked child that is stopped at
    the limit, with a ``QueryError`` that says which limit it hit.

    ``bindings`` map a variable to a value or a list of values: an IRI (``<...>``, ``kg:City``,
    ``http(s)://...``), a quoted ``"text"``, or a name, which binds the text and every entity one of
    whose labels matches it, case- and accent-insensitively (``--bind subject=shanghai``), looked up in
    ``names`` when given (a store's index, ``names_of``'s result) and else in the store. They join
    the query as one ``VALUES`` clause; a variable the query does not have is a ``QueryError``.

    >>> st = ox.Store()
    >>> st.add(ox.Quad(ox.NamedNode(PREFIXES["kgid"] + "x"), ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("X")))
    >>> run_query(st, "SELECT ?l WHERE { ?e rdfs:label ?l }").rows
    (('X',),)
    >>> run_query(st, "SELECT ?l WHERE { ?e rdfs:label ?l }", timeout=10, max_memory=256).rows
    (('X',),)
    >>> run_query(st, "SELECT ?e WHERE { ?e rdfs:label ?l }", bindings={"e": "x"}).rows
    (('kgid:x',),)
    """
    limit = time_limit(timeout)
    if max_memory is not None and max_memory < 0:
        raise QueryError(f"--max-memory {max_memory}: give a number of MB >= 0 (0 for no limit)")
    prepared = _prepare(query, bindings, allow_update, allow_network or allow_service, store, union, names)
    if union:
        prepared = replace(prepared, union=True)
    if limit is not None or max_memory:
        result = _in_child(store, prepared, limit, max_memory or None)
    else:
        result = _execute(store, prepared)
    return dataclasses.replace(result, notes=prepared.notes) if prepared.notes else result


def _execute(store: ox.Store, prepared: _Prepared) -> QueryResult:
    """Run a prepared query or update on ``store``."""
    if prepared.update:
        try:
            store.update(prepared.text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from exc
        except (OSError, RuntimeError) as exc:  # a LOAD that could not fetch its document
            raise QueryError(f"the update failed: {str(exc).splitlines()[0]}") from exc
        return QueryResult((), ())
    try:
        res = store.query(prepared.text, prefixes=PREFIXES, use_default_graph_as_union=prepared.union)
        if isinstance(res, ox.QueryBoolean):
            return QueryResult(("ask",), ((str(bool(res)).lower(),),), boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):  # solutions are computed as they are read
            cols = tuple(v.value for v in res.variables)
            rows = tuple(tuple(_cell(sol[c]) for c in cols) for sol in res)
            return QueryResult(cols, rows)
        triples = tuple((_cell(t.subject), _cell(t.predicate), _cell(t.object)) for t in res)
        return QueryResult(("subject", "predicate", "object"), triples)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from exc
    except (OSError, RuntimeError) as exc:  # a SERVICE that could not be reached, ...
        raise QueryError(f"the query failed: {str(exc).splitlines()[0]}") from exc


def _in_child(store: ox.Store, prepared: _Prepared, timeout: float | None, max_memory: int | None) -> QueryResult:
    """Run a prepared query in a forked child, killed after ``timeout`` seconds and limited to
    ``max_memory`` MB more than it starts with: pyoxigraph cannot cancel a running query, and a
    thread could be neither stopped nor limited.  (An update changes the child's copy of the store
    only, which is what a read-only command wants anyway.)  The child sends back the result or the
    exception it raised; what it writes to stderr (pyoxigraph's abort message) goes to a temporary
    file that the parent reads when the child dies without a result."""
    import faulthandler
    import multiprocessing as mp
    import signal
    import tempfile

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    errors = tempfile.TemporaryFile()

    def work() -> None:
        faulthandler.disable()  # an abort at the memory limit is expected: no Python stack on the terminal
        os.dup2(errors.fileno(), 2)
        if max_memory:
            _limit_memory(max_memory)
        result: QueryResult | Exception
        try:
            result = _execute(store, prepared)
        except MemoryError:
            os._exit(_EXIT_NO_MEMORY)
        except Exception as exc:  # the parent raises it again: a QueryError, or a bug reported as one
            result = exc
        try:
            child.send(result)
        except MemoryError:
            os._exit(_EXIT_NO_MEMORY)
        except Exception:  # an exception that cannot be pickled
            child.send(RuntimeError(f"{type(result).__name__}: {result}"))

    proc = ctx.Process(target=work, daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryError(f"the query did not finish within {timeout:g} s; narrow it or raise --timeout")
        result = parent.recv()
    except EOFError as exc:
        proc.join()
        errors.seek(0)
        said = errors.read(4096).decode("utf-8", "replace")
        if proc.exitcode == _EXIT_NO_MEMORY or (
                proc.exitcode == -signal.SIGABRT and "memory allocation of" in said):
            raise QueryError(f"the query needed more than {max_memory} MB of memory; narrow it "
                             "(LIMIT, fewer joins, no ORDER BY over a join) or raise --max-memory") from exc
        first = said.strip().splitlines()[0] if said.strip() else "no message"
        raise QueryError(f"the query process ended without a result (exit code {proc.exitcode}: {first})") from exc
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
        errors.close()
    if isinstance(result, Exception):
        raise result
    assert isinstance(result, QueryResult)
    return result

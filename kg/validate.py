"""SHACL validation of a graph against ``kg/ontology/shapes.ttl`` (pySHACL), as a small frozen report.

The ontology and the shapes ship inside the package and are read with ``importlib.resources``; the
source tree's top-level ``ontology/`` is a link to ``kg/ontology/``.

pySHACL checks each focus node through its generic machinery and parses a shape's SPARQL
query once per node: a graph of a million triples took more than five minutes and 2 GB.  So
``validate`` first runs its own check of the constraints the kg shapes use (targets, counts,
datatypes, classes with the ontology's class tree, node kinds, ``sh:minInclusive``,
``sh:lessThan``, ``sh:or`` and SPARQL constraints, each query parsed once), which is
conservative: it lets a node through only when the constraint certainly holds.  pySHACL then
validates just the nodes it flagged against just the shapes they broke, so every verdict and
every message in the report is still pySHACL's own, and a graph with no flagged node conforms.
A shape with a constraint this check does not know is handed to pySHACL whole, and
``fast=False`` hands it everything, as before.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from .errors import ValidationError
from .graph import quiet_literals


def ontology_path(name: str) -> Traversable:
    """``kg/ontology/<name>`` (``kg.ttl``, ``shapes.ttl``), a resource of the installed package.

    >>> ontology_path("shapes.ttl").is_file()
    True
    """
    p = resources.files("kg").joinpath("ontology").joinpath(name)
    if not p.is_file():
        raise ValidationError(f"kg/ontology/{name} is missing from the installed kg package; reinstall kg")
    return p


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: the node, the path and the message."""

    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Whether a graph conforms, and its violations (sorted)."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


def ontology_version() -> str:
    """The ``owl:versionInfo`` of the ontology (``kg/ontology/kg.ttl``), read from its text.

    >>> ontology_version()
    '0.1.0'
    """
    import re

    text = ontology_path("kg.ttl").read_text("utf-8")
    m = re.search(r'owl:versionInfo\s+"([^"]+)"', text)
    if m is None:
        raise ValidationError("kg/ontology/kg.ttl: no owl:versionInfo; the ontology must say its version")
    return m.group(1)


def _load(source: Path | Traversable) -> Graph:
    """A Turtle file: a path, or a resource of the package (extracted to a file if it has to be)."""
    g = Graph()
    try:
        with resources.as_file(source) as path:
            g.parse(path, format="turtle")
    except OSError as exc:
        raise ValidationError(f"{source}: cannot be read ({exc.strerror or exc}); check the path") from exc
    except Exception as exc:  # rdflib raises many parser error types
        raise ValidationError(f"{source}: cannot be parsed ({exc}); fix the Turtle") from exc
    return g


def validate(data: Graph, *, shapes: Path | None = None, ontology: Path | None = None,
             fast: bool = True) -> ValidationReport:
    """Validate ``data`` with the kg shapes, using the ontology's class tree (no inference).

    With ``fast`` (the default) pySHACL sees only the focus nodes that kg's own check flags (see the
    module's docstring); the report is the one pySHACL gives on the whole graph.
    """
    sg = _load(shapes or ontology_path("shapes.ttl"))
    og = _load(ontology or ontology_path("kg.ttl"))
    if fast:
        try:
            flagged = _Check(sg, data, og).flagged()
        except _Unsupported:
            pass
        else:
            return _confirm(data, sg, og, flagged)
    return _pyshacl(data, sg, og)


def _pyshacl(data: Graph, sg: Graph, og: Graph, **options: Any) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    with quiet_literals():  # pySHACL reports ill-typed literals itself, as violations
        conforms, results, text = shacl_validate(data, shacl_graph=sg, ont_graph=og, inference="none",
                                                 advanced=True, allow_warnings=True, **options)
    if not isinstance(results, Graph):  # pyshacl reports a broken shapes graph this way
        raise ValidationError(f"the SHACL shapes cannot be used: {text}")
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        def v(p: URIRef, r: Node = r) -> str:
            x = results.value(r, p)
            return "" if x is None else str(x)
        violations.append(Violation(v(SH.focusNode), v(SH.resultPath), v(SH.resultMessage),
                                    v(SH.resultSeverity).rsplit("#", 1)[-1]))
    return ValidationReport(bool(conforms), tuple(sorted(violations, key=str)), str(text))


def _confirm(data: Graph, sg: Graph, og: Graph, flagged: dict[URIRef, set[Node]]) -> ValidationReport:
    """pySHACL on the flagged focus nodes of each flagged shape; one report."""
    if not flagged:
        return ValidationReport(True, (), "Validation Report\nConforms: True\n")
    if any(isinstance(n, BNode) for nodes in flagged.values() for n in nodes):
        return _pyshacl(data, sg, og)  # pySHACL takes focus nodes as IRIs only
    from pyshacl.rdfutil.clone import clone_graph

    work = clone_graph(data)  # pySHACL's own copy (prefixes too), which it then adds the ontology to, once
    conforms, violations, texts = True, set(), []
    for shape in sorted(flagged):
        r = _pyshacl(work, sg, og, inplace=True, use_shapes=[shape], focus_nodes=sorted(flagged[shape]))
        conforms &= r.conforms
        violations |= set(r.violations)
        if not r.conforms or r.violations:
            texts.append(r.text.split("\n", 3)[-1] if r.text.count("\n") >= 3 else r.text)
    head = f"Validation Report\nConforms: {conforms}\nResults ({len(violations)}):\n"
    return ValidationReport(conforms, tuple(sorted(violations, key=str)), head + "".join(texts))


class _Unsupported(Exception):
    """The shapes use something the check does not know: pySHACL validates everything."""


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_NOT_CONSTRAINTS = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description,
                    SH.order, SH.group, *_TARGETS}
_NODE_KINDS = {SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,), SH.BlankNodeOrIRI: (BNode, URIRef),
               SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal)}
_SCHEMA = (str(RDF), str(RDFS), str(OWL))


#: The Python type of a well-typed literal's value, for the datatypes pySHACL checks that way.
_VALUE_TYPES: dict[Node, type] = {XSD.integer: int, XSD.decimal: Decimal, XSD.double: float, XSD.float: float,
                                  XSD.boolean: bool, XSD.date: date, XSD.dateTime: datetime, XSD.time: time}


def _integer(x: Node) -> int | None:
    """The value of a well-typed integer literal, else None."""
    if isinstance(x, Literal) and x.ill_typed is not True and isinstance(x.value, int) \
            and not isinstance(x.value, bool):
        return x.value
    return None


class _Check:
    """Which focus nodes may break which top-level shape.  "May": whenever a constraint does not
    certainly hold (an odd literal, a comparison of other types), the node is flagged."""

    def __init__(self, sg: Graph, data: Graph, og: Graph) -> None:
        self.sg, self.g, self.og = sg, data, og
        for c in og.objects(None, RDF.type):  # an ontology with individuals: pySHACL mixes those in
            if not str(c).startswith(_SCHEMA):
                raise _Unsupported(c)
        self.subclasses: dict[Node, set[Node]] = defaultdict(set)
        for graph in (og, data):
            for s, o in graph.subject_objects(RDFS.subClassOf):
                self.subclasses[o].add(s)
        self._below: dict[Node, frozenset[Node]] = {}
        self._queries: dict[Node, Any] = {}

    def flagged(self) -> dict[URIRef, set[Node]]:
        for kind in (RDFS.Class, OWL.Class):  # a shape that is also a class targets its instances
            if any((s, RDF.type, kind) in self.sg for s in self.sg.subjects(RDF.type, None)
                   if (s, RDF.type, SH.NodeShape) in self.sg or (s, RDF.type, SH.PropertyShape) in self.sg):
                raise _Unsupported(kind)
        shapes = {s for t in (*_TARGETS, SH.target) for s in self.sg.subjects(t, None)}
        out: dict[URIRef, set[Node]] = {}
        for shape in sorted(shapes, key=str):
            if not isinstance(shape, URIRef) or (shape, SH.path, None) in self.sg or \
                    (shape, SH.target, None) in self.sg or (shape, SH.deactivated, None) in self.sg:
                raise _Unsupported(shape)
            nodes = self.targets(shape)
            if any((n, None, None) in self.og for n in nodes):
                raise _Unsupported(shape)
            try:
                bad = {n for n in nodes if not self.conforms(shape, n)}
            except _Unsupported:
                bad = nodes  # pySHACL checks this shape on all its focus nodes
            if bad:
                out[shape] = bad
        return out

    def below(self, cls: Node) -> frozenset[Node]:
        """``cls`` and its subclasses."""
        if cls not in self._below:
            seen, todo = {cls}, [cls]
            while todo:
                for sub in self.subclasses.get(todo.pop(), ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            self._below[cls] = frozenset(seen)
        return self._below[cls]

    def instance(self, node: Node, cls: Node) -> bool:
        classes = self.below(cls)
        return any(t in classes for g in (self.g, self.og) for t in g.objects(node, RDF.type))

    def targets(self, shape: Node) -> set[Node]:
        nodes: set[Node] = set()
        for g in (self.g, self.og):
            for cls in self.sg.objects(shape, SH.targetClass):
                for c in self.below(cls):
                    nodes.update(g.subjects(RDF.type, c))
            for p in self.sg.objects(shape, SH.targetSubjectsOf):
                nodes.update(g.subjects(p, None))
            for p in self.sg.objects(shape, SH.targetObjectsOf):
                nodes.update(g.objects(None, p))
        nodes.update(self.sg.objects(shape, SH.targetNode))
        return nodes

    def conforms(self, shape: Node, node: Node) -> bool:
        """Whether ``node`` certainly meets the constraints of a node shape (targets aside)."""
        for p, o in self.sg.predicate_objects(shape):
            if p in _NOT_CONSTRAINTS:
                continue
            if p == SH.property:
                if not self.property_ok(o, node):
                    return False
            elif p == SH.sparql:
                if not self.sparql_ok(o, node):
                    return False
            elif not self.value_ok(p, o, node):
                return False
        return True

    def property_ok(self, shape: Node, node: Node) -> bool:
        path = self.sg.value(shape, SH.path)
        if not isinstance(path, URIRef) or (shape, SH.deactivated, None) in self.sg:
            raise _Unsupported(shape)
        values = set(self.g.objects(node, path))
        for p, o in self.sg.predicate_objects(shape):
            if p in _NOT_CONSTRAINTS or p == SH.path:
                continue
            if p in (SH.minCount, SH.maxCount):
                n = _integer(o)
                if n is None:
                    raise _Unsupported(shape)
                if (len(values) < n) if p == SH.minCount else (len(values) > n):
                    return False
            elif p == SH.lessThan:
                others = [_integer(w) for w in self.g.objects(node, o)]
                for v in map(_integer, values):
                    if v is None or any(w is None or not v < w for w in others):
                        return False
            elif not all(self.value_ok(p, o, v) for v in values):
                return False
        return True

    def value_ok(self, p: Node, o: Node, v: Node) -> bool:
        """Whether the value node ``v`` certainly meets the constraint ``p o``."""
        if p == SH.datatype:
            if not isinstance(v, Literal):
                return False
            if o == XSD.string:
                return v.language is None and v.datatype in (None, XSD.string) and isinstance(v.value, str)
            kind = _VALUE_TYPES.get(o)  # another datatype: pySHACL decides
            return kind is not None and v.datatype == o and v.ill_typed is not True and isinstance(v.value, kind)
        if p == SH["class"]:
            return not isinstance(v, Literal) and self.instance(v, o)
        if p == SH.nodeKind:
            kinds = _NODE_KINDS.get(o) if isinstance(o, URIRef) else None
            if kinds is None:
                raise _Unsupported(o)
            return isinstance(v, kinds)
        if p == SH.minInclusive:
            low, value = _integer(o), _integer(v)
            return low is not None and value is not None and low <= value
        if p == SH["or"]:
            return any(self.conforms(m, v) for m in Collection(self.sg, o))
        raise _Unsupported(p)

    def sparql_ok(self, constraint: Node, node: Node) -> bool:
        """A SPARQL constraint holds when its query, with ``$this`` bound to ``node``, has no row."""
        if constraint not in self._queries:
            from rdflib.plugins.sparql import prepareQuery

            select = self.sg.value(constraint, SH.select)
            if select is None or (constraint, SH.deactivated, None) in self.sg or \
                    any(v in str(select) for v in ("$currentShape", "$shapesGraph", "$value", "$PATH")):
                raise _Unsupported(constraint)
            try:
                self._queries[constraint] = prepareQuery(str(select), initNs=dict(self.prefixes(constraint)))
            except Exception as exc:  # pySHACL will say what is wrong with it
                raise _Unsupported(constraint) from exc
        rows = self.g.query(self._queries[constraint], initBindings={"this": node})  # type: ignore[dict-item]
        return not any(True for _row in rows)

    def prefixes(self, constraint: Node) -> Iterable[tuple[str, str]]:
        for holder in self.sg.objects(constraint, SH.prefixes):
            for decl in self.sg.objects(holder, SH.declare):
                yield str(self.sg.value(decl, SH.prefix)), str(self.sg.value(decl, SH.namespace))

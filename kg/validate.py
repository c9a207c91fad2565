"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pySHACL), as a small frozen report."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node
from rdflib.namespace import RDF, SH

from .errors import ValidationError
from .graph import quiet_literals

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


def ontology_path(name: str) -> Path:
    """``ontology/<name>``, in the source tree or next to the installed package."""
    for base in (ONTOLOGY_DIR, Path(__file__).resolve().parent / "data" / "ontology"):
        p = base / name
        if p.exists():
            return p
    raise ValidationError(f"ontology file {name} not found; reinstall kg from its source tree")


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


def _load(path: Path) -> Graph:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser error types
        raise ValidationError(f"{path}: cannot be parsed ({exc}); fix the Turtle") from exc
    return g


def validate(data: Graph, *, shapes: Path | None = None, ontology: Path | None = None) -> ValidationReport:
    """Validate ``data`` with the kg shapes, using the ontology for class inference (RDFS)."""
    from pyshacl import validate as shacl_validate

    sg = _load(shapes or ontology_path("shapes.ttl"))
    og = _load(ontology or ontology_path("kg.ttl"))
    with quiet_literals():  # pySHACL reports ill-typed literals itself, as violations
        conforms, results, text = shacl_validate(data, shacl_graph=sg, ont_graph=og, inference="none",
                                                 advanced=True, allow_warnings=True)
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

"""One error hierarchy for kg.

    KGError                      every error kg raises on purpose
    ├── InputError               a document or file that cannot be read or decoded
    ├── ModelError               the spaCy model is missing or broken
    ├── GraphError               a graph file that cannot be parsed
    ├── QueryError               a SPARQL query that is malformed, unknown or refused
    └── ValidationError          the ontology or shapes cannot be loaded

Third-party errors (rdflib parse errors, SPARQL syntax errors, a missing spaCy
model) are mapped to these at the boundary, with a message that tells the user
what to do. The CLI prints ``str(error)`` as one line and exits non-zero.
"""
from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """A document or input file cannot be read or decoded."""


class ModelError(KGError):
    """The spaCy model is not installed or cannot be loaded."""


class GraphError(KGError):
    """A graph file is missing or cannot be parsed."""


class QueryError(KGError):
    """A SPARQL query is malformed, unknown or refused."""


class ValidationError(KGError):
    """The SHACL shapes or ontology cannot be loaded."""

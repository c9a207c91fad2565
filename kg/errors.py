"""One error hierarchy for kg.

    KGError                      every error kg raises on purpose
    ├── InputError               a document or file that cannot be read or decoded
    ├── ModelError               the spaCy model is missing or broken
    ├── GraphError               a graph file that cannot be parsed
    ├── QueryError               a SPARQL query that is malformed, unknown or refused
    ├── ValidationError          the ontology or shapes cannot be loaded
    ├── EndpointError            a SPARQL server or Dask cluster that cannot be reached or used
    └── StageError               an unexpected error inside one stage or rule of one document;
                                 the build reports it against that file and goes on

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


class EndpointError(KGError):
    """A server kg works with cannot be reached, times out or refuses: a SPARQL endpoint (``kg push``),
    a Dask scheduler or its workers (``kg build --engine dask``)."""


class StageError(KGError):
    """An unexpected error inside one named stage or rule; ``__cause__`` is the original error.

    >>> str(StageError("committees", IndexError("no such group")))
    'IndexError in committees: no such group'
    """

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__} in {stage}: {cause}")
        self.stage = stage
        self.cause = cause

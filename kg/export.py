"""Writing outputs atomically: a temporary file in the same folder, then a rename.

A build killed at any moment leaves either the previous file or the new one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from collections import Counter

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from .errors import InputError

#: Set by the kill test to pause between the temporary write and the rename.
_PAUSE_ENV = "KG_TEST_PAUSE_BEFORE_RENAME"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half of one."""
    write_set({path: data})


def check_out_dir(path: Path) -> None:
    """Make sure ``path`` is, or can become, a folder kg can write into; raise ``InputError`` in
    one line otherwise.  Called before any extraction, so that a bad ``--out`` costs nothing."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: is a file, not a folder; give --out a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kg-probe.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror or exc}); give --out a writable folder") from exc


def write_set(files: dict[Path, bytes]) -> None:
    """Write several outputs so that they are all new or all old: every temporary file is written
    and synced first, and only then are they renamed into place.  A failure while writing (a full
    disk) removes the temporary files and leaves the previous outputs as they were."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        pause = os.environ.get(_PAUSE_ENV)
        if pause:
            import time

            time.sleep(float(pause))
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _path in temps:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def turtle_bytes(g: Graph) -> bytes:
    """The graph as Turtle; the same graph gives the same bytes.

    A graph of IRIs and literals (what ``kg build`` makes) is written by ``fast_turtle``, byte for
    byte what rdflib's pretty serializer writes, about ten times faster; any other graph (blank
    nodes, lists, a base IRI, predicates in a namespace without a prefix) by rdflib itself.
    """
    fast = fast_turtle(g)
    if fast is not None:
        return fast
    data = g.serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def fast_turtle(g: Graph) -> bytes | None:
    """rdflib's pretty Turtle of ``g`` without its per-node overhead, or ``None`` when ``g`` holds
    what only rdflib's serializer handles (blank nodes, ``rdfs:Class`` subjects, ``rdf:nil``, a base
    IRI, a predicate without a prefix).

    The same layout as ``rdflib.plugins.serializers.turtle.TurtleSerializer``: the used prefixes in
    order; subjects by (times referenced as an object, IRI); ``a`` and ``rdfs:label`` first, then
    predicates by IRI; objects in rdflib's order of terms; each name through the serializer's own
    ``get_pname`` (cached per IRI) and each literal through ``Literal._literal_n3``.

    >>> from rdflib import Literal, URIRef
    >>> from kg.graph import new_graph
    >>> g = new_graph()
    >>> x = URIRef("https://w3id.org/policykg/id/x")
    >>> _ = g.add((x, RDF.type, URIRef("https://w3id.org/policykg/ontology#City"))).add((x, RDFS.label, Literal("X")))
    >>> fast_turtle(g) == g.serialize(format="turtle", encoding="utf-8")
    True
    """
    if g.base is not None or (None, RDF.type, RDFS.Class) in g:
        return None
    ser = TurtleSerializer(g)
    ser.reset()
    props: dict[Node, dict[Node, list[Node]]] = {}
    refs: Counter[Node] = Counter()
    for s, p, o in g.triples((None, None, None)):
        by_p = props.get(s)
        if by_p is None:
            by_p = props[s] = {}
        objs = by_p.get(p)
        if objs is None:
            by_p[p] = [o]
        else:
            objs.append(o)
        refs[o] += 1
    rdf_type, rdfs_label, nil = RDF.type, RDFS.label, RDF.nil
    if nil in refs or nil in props or any(isinstance(n, BNode) for n in (*props, *refs)):
        return None
    # what preprocess() does: name every node once, which decides the prefixes written
    labels: dict[Node, str] = {}
    for node in (*props, *refs):
        if node in labels:
            continue
        if isinstance(node, Literal):
            if node.datatype is not None:
                ser.get_pname(node.datatype, gen_prefix=False)
            labels[node] = node._literal_n3(
                use_plain=True, qname_callback=lambda dt: ser.get_pname(dt, gen_prefix=False))
        else:
            labels[node] = ser.get_pname(node, gen_prefix=False) or node.n3()
    verbs: dict[Node, str] = {rdf_type: "a"}
    for by_p in props.values():
        for p in by_p:
            if p not in verbs:
                name = ser.get_pname(p, gen_prefix=False)
                if name is None:
                    return None  # rdflib would make up a prefix for it: leave that to rdflib
                verbs[p] = name

    out = [f"@prefix {prefix}: <{uri}> .\n" for prefix, uri in sorted(ser.namespaces.items())]
    first = (rdf_type, rdfs_label)
    for _refs, _key, s in sorted((refs[s], str(s), s) for s in props):
        by_p = props[s]
        out.append("\n" + labels[s])
        preds = [p for p in first if p in by_p] + sorted(p for p in by_p if p != rdf_type and p != rdfs_label)  # type: ignore[type-var,misc]
        sep = " "
        for p in preds:
            objs = by_p[p]
            if len(objs) > 1:
                objs = sorted(objs)  # type: ignore[type-var]  # rdflib terms order
            out.append(sep + verbs[p] + " " + labels[objs[0]])
            out.extend(",\n        " + labels[o] for o in objs[1:])
            sep = " ;\n    "
        out.append(" .\n")
    out.append("\n")
    return "".join(out).encode("utf-8", "replace")


def write_turtle(g: Graph, path: Path) -> None:
    """Serialise ``g`` as Turtle to ``path`` atomically."""
    write_atomic(path, turtle_bytes(g))

"""Mention sources: anything that proposes mentions of a document's sentences.

The registered rules (``kg.rules.registry``) are the built-in source; any other source
implements ``MentionSource`` and its candidates meet the rules' in one selection
(``kg.rules.relations.select``), each with its own rule id and score.  ``SpanSource`` turns
``doc.ents`` or ``doc.spans[key]`` of any spaCy pipeline into candidates through a label
map kept in a data file (``kg/data/labels.toml``), so a trained NER or span categorizer
plugs in without code.

>>> src = SpanSource("ents")
>>> src.name, src.labels["ORG"]
('spacy-ents', 'Organization')
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Protocol

from .errors import InputError
from .gazetteer import norm
from .rules.base import Cand, DocState, Priority, Sent
from .types import EntityClass, EntityKey


class MentionSource(Protocol):
    """Proposes candidate mentions in one sentence of a document."""

    @property
    def name(self) -> str:
        """The rule id its mentions carry in ``kg:rule``."""
        ...

    def propose(self, run: DocState, i: int, s: Sent) -> Iterable[Cand]:
        """The candidates of sentence ``i`` (offsets absolute in the document text)."""
        ...


def load_labels(path: Path | str | None = None) -> dict[str, str]:
    """A label map: spaCy label -> kg class name (``kg/data/labels.toml`` unless ``path``)."""
    try:
        if path is None:
            text = resources.files("kg").joinpath("data").joinpath("labels.toml").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        table = tomllib.loads(text)["labels"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path or 'labels.toml'}: not a label map ([labels] LABEL = \"Class\"): {exc}") from exc
    names = {c.value for c in EntityClass}
    bad = sorted(v for v in table.values() if v not in names)
    if bad:
        raise InputError(f"{path or 'labels.toml'}: unknown classes {bad}; use one of {sorted(names)}")
    return {str(k): str(v) for k, v in table.items()}


class SpanSource:
    """Mentions from ``doc.ents`` (``key="ents"``) or ``doc.spans[key]`` of the pipeline's Doc."""

    def __init__(self, key: str, labels: Mapping[str, str] | None = None, *, rule: str | None = None,
                 score: float = 0.5) -> None:
        self.key = key
        self.labels = dict(labels) if labels is not None else load_labels()
        self._name = rule or f"spacy-{key}"
        self.score = score

    @property
    def name(self) -> str:
        return self._name

    def propose(self, run: DocState, i: int, s: Sent) -> Iterator[Cand]:
        sent = s.span
        if self.key == "ents":
            spans = list(sent.ents)
        elif self.key in sent.doc.spans:
            spans = [sp for sp in sent.doc.spans[self.key] if sent.start <= sp.start and sp.end <= sent.end]
        else:
            spans = []
        for sp in spans:
            cls_name = self.labels.get(sp.label_)
            if cls_name is None or not sp.text.strip():
                continue
            cls = EntityClass.named(cls_name)
            label = sp.text.strip()
            key = EntityKey(cls, norm(label))
            if cls.is_place and (pk := run.place_key(label, cls_name)) is not None:
                key, label = pk
            st = s.at(sp.start_char)
            yield Cand(key, st, st + len(sp.text.rstrip()), self.name, label, Priority.MODEL, score=self.score)

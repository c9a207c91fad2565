"""Helpers for the gold generators (make_gold.py here and in heldout/): the scorer's JSON format."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CPC = {"type": "Organization", "label": "Communist Party of China", "aliases": ["CPC", "the Communist Party of China"]}


def E(type_: str, label: str, *aliases: str, **attrs: Any) -> dict[str, Any]:  # noqa: N802 - reads as a table
    """One gold entity: its class, preferred label, other names and attributes."""
    entry: dict[str, Any] = {"type": type_, "label": label}
    if aliases:
        entry["aliases"] = list(aliases)
    entry.update(attrs)
    return entry


class GoldFolder:
    """The gold/ folder beside a generator, whatever the current folder: ``save = GoldFolder(__file__).save``."""

    def __init__(self, generator: str) -> None:
        self.path = Path(generator).resolve().parent / "gold"

    def save(self, name: str, doc: str, date: str, entities: list[dict[str, Any]],
             relations: Iterable[tuple[str, str, str]], optional: Iterable[dict[str, Any]] = (),
             optional_relations: Iterable[tuple[str, str, str]] = (), absent: Iterable[str] = ()) -> None:
        """Write one gold file into the folder."""
        gold = {"document": doc, "date": date, "entities": entities, "optional": list(optional),
                "absent": list(absent), "relations": [list(r) for r in relations],
                "optional_relations": [list(r) for r in optional_relations]}
        self.path.mkdir(exist_ok=True)
        with open(self.path / name, "w", encoding="utf-8") as fh:
            json.dump(gold, fh, indent=1, ensure_ascii=False)

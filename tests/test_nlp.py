"""Loading a spaCy pipeline by name: packages without ``load()`` and names that load nothing."""
from __future__ import annotations

import sys

import pytest
import spacy

from kg.errors import ModelError
from kg.nlp import _load_named


def _package(tmp_path, monkeypatch, name: str, body: str) -> None:
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text(body)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)


def test_a_package_without_load_is_loaded_from_its_model_path(tmp_path, monkeypatch):
    saved = tmp_path / "saved"
    spacy.blank("en").to_disk(saved)
    _package(tmp_path, monkeypatch, "kgfake_modelpath", f"def model_path():\n    return {str(saved)!r}\n")
    nlp = _load_named("kgfake_modelpath")
    assert nlp.lang == "en" and nlp("a b").text == "a b"


def test_a_package_with_neither_load_nor_a_pipeline_is_one_clear_error(tmp_path, monkeypatch):
    _package(tmp_path, monkeypatch, "kgfake_empty", "X = 1\n")
    with pytest.raises(ModelError, match="cannot load the spaCy pipeline 'kgfake_empty'"):
        _load_named("kgfake_empty")


def test_an_unknown_name_is_one_clear_error():
    with pytest.raises(ModelError, match="give the name of an installed pipeline package"):
        _load_named("no_such_pipeline_kg_test")

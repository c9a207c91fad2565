"""spaCy Doc -> mentions and relation candidates (``Extraction``), by the rules of ``kg/rules``.

The rules are the registered ones of ``kg.rules.registry`` (``kg rules`` lists them, in the
order they run, with what each needs and assigns); any other ``MentionSource`` adds its
candidates after them, and ``kg.rules.relations`` selects the non-overlapping mentions and
relates them.  Paragraphs are the lead (after the date prefix) and every line; photo credits,
captions and bylines (short lines without sentence punctuation) are skipped.

Every regular expression is built from the cue words of ``kg/data/cues.toml``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import StageError
from .gazetteer import Lexicon
from .gazetteer import load as load_lexicon
from .nlp import CHUNK_CHARS, SPANS_KEY
from .rules import relations
from .rules.base import DocState, Patterns, Sent, ordinal_word, resolve_weekday
from .rules.registry import RULES, DocumentRule, SentenceRule, passes, sentence_checks
from .sources import MentionSource
from .types import Extraction, MentionRec, SourceDoc


class Extractor:
    """Runs the rules over documents with one shared spaCy pipeline and one set of compiled patterns."""

    def __init__(self, nlp: Language, lex: Lexicon | None = None, sources: Sequence[MentionSource] = ()) -> None:
        self.nlp = nlp
        self.lex = lex or load_lexicon()
        self.patterns = Patterns(self.lex)
        self.sources = tuple(sources)

    def paragraphs(self, doc: SourceDoc, skipped: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
        """(start, end) of every line worth reading, cut to spaCy-sized chunks.  A run of more than
        ``MAX_RUN`` characters without a space (",).).).", 3,000 nested brackets) is no prose and
        would make the tokenizer quadratic: it is left out, and appended to ``skipped``."""
        out: list[tuple[int, int]] = []
        text = doc.text
        pos = doc.body_start
        for m in re.finditer(r"[^\r\n]+", text[pos:]):
            s, e = pos + m.start(), pos + m.end()
            line = text[s:e].strip()
            if not line or self._is_caption(line):
                continue
            s += len(text[s:e]) - len(text[s:e].lstrip())
            e -= len(text[s:e]) - len(text[s:e].rstrip())
            dateline = _DATELINE.match(text, s, e)  # "BEIJING, Nov. 25 (Xinhua) --" names where it was filed
            if dateline:
                s = dateline.end()
            for a, b in _without_long_runs(text, s, e, skipped):
                out.extend(_chunks(text, a, b, CHUNK_CHARS))
        return out

    def _is_caption(self, line: str) -> bool:
        """A photo credit, a caption or a byline: a line that opens like a byline ("By Li Wei", "Photo:",
        "Source: Xinhua"; not "By the end of 2025, ..." nor "By 2025", whose next word is no name) and is
        short or no sentence, or any other short line without sentence punctuation."""
        prefix = next((b for b in self.patterns.byline_prefixes if line.startswith(b)), None)
        if prefix is not None:
            rest = line[len(prefix):].split()
            named = not prefix.rstrip().lower().endswith("by") or bool(rest) and rest[0][:1].isupper()
            if named and (len(line.split()) <= 12 or not re.search(r"[.!?\"”]$", line)):
                return True
        if re.match(r"[-•*▪‣–—]\s", line):
            return False  # a bulleted item of a list, however short ("- Four pillar industries")
        words = line.split()
        return len(words) <= self.patterns.caption_max_words and not re.search(r"[.!?:;\"”]$", line)

    def extract(self, doc: SourceDoc) -> Extraction:
        """Run every rule over one document; an unexpected error is a ``StageError`` naming the stage or rule."""
        skipped: list[tuple[int, int]] = []
        try:
            paras = self.paragraphs(doc, skipped)
            sents = self.sentences_of(paras, self.nlp.pipe(doc.text[s:e] for s, e in paras))
        except Exception as exc:
            raise StageError("nlp", exc) from exc
        return self.finish(doc, sents, skipped)

    def finish(self, doc: SourceDoc, sents: list[Sent], skipped: Sequence[tuple[int, int]] = ()) -> Extraction:
        """Run the rules over a document's parsed sentences; ``skipped`` are the runs its
        ``paragraphs`` left out (one warning)."""
        x = run_rules(DocState(self.patterns, doc, sents), self.sources)
        if skipped:
            chars = sum(b - a for a, b in skipped)
            x = replace(x, warnings=(f"{doc.identifier}: left out {len(skipped)} run(s) of {chars} characters "
                                     f"without a space (no prose; the first at offset {skipped[0][0]})",))
        return x

    def sentences(self, doc: SourceDoc, skipped: list[tuple[int, int]] | None = None) -> list[Sent]:
        """The document's sentences as parsed by the pipeline, with the gazetteer spans inside each."""
        paras = self.paragraphs(doc, skipped)
        return self.sentences_of(paras, self.nlp.pipe(doc.text[s:e] for s, e in paras))

    def sentences_of(self, paras: Sequence[tuple[int, int]], parsed: Iterable[Doc]) -> list[Sent]:
        """The sentences of paragraphs ``paras`` (offsets into the document) parsed as ``parsed``."""
        sents: list[Sent] = []
        for (start, _end), sdoc in zip(paras, parsed, strict=True):
            sents.extend(paragraph_sentences(start, sdoc))
        return sents


def paragraph_sentences(start: int, sdoc: Doc) -> list[Sent]:
    """The sentences of one parsed paragraph that starts at ``start`` in its document, with the
    gazetteer spans inside each.  The paragraph's tensor (the tok2vec output, which no rule
    reads and which is most of a Doc's memory) is dropped."""
    sdoc.tensor = sdoc.tensor[:0].copy()  # a copy: a slice would keep the whole array alive
    para_sents = list(sdoc.sents)
    starts = [sp.start for sp in para_sents]
    gaz: list[list[Span]] = [[] for _ in para_sents]
    for sp in sdoc.spans[SPANS_KEY]:
        k = bisect_right(starts, sp.start) - 1
        if k >= 0 and sp.end <= para_sents[k].end:
            gaz[k].append(sp)
    return [Sent(start + sp.start_char, start + sp.end_char, sp.text, sp, spans)
            for sp, spans in zip(para_sents, gaz, strict=True) if sp.text.strip()]



#: The passes of the registered rules (``kg.rules.registry.RULES``, whose order is checked there).
PASSES: list[tuple[list[SentenceRule], list[DocumentRule]]] = passes(RULES)


def run_rules(run: DocState, sources: Sequence[MentionSource] = (), *, prefilter: bool = True) -> Extraction:
    """Run the passes of the registered rules, add the candidates of the other mention sources,
    keep the non-overlapping mentions, relate them.  A sentence rule that declares what it needs
    (``Rule.needs``) is skipped on a sentence without it (with ``prefilter``; without it every rule
    runs on every sentence, for the same result).

    An unexpected error is raised as a ``StageError`` that names the rule or source it came from.
    """
    stage = "rules"
    checks = run.ex.compiled(sentence_checks) if prefilter else {}
    try:
        for sentence_rules, document_rules in PASSES:
            guarded = [(rule, checks.get(rule)) for rule in sentence_rules]
            for i, s in enumerate(run.sents):
                for sentence_rule, check in guarded:
                    if check is None or check(s):
                        stage = sentence_rule.__name__
                        sentence_rule(run, i, s)
            for document_rule in document_rules:
                stage = document_rule.__name__
                document_rule(run)
        for source in sources:
            stage = source.name
            for i, s in enumerate(run.sents):
                for cand in source.propose(run, i, s):
                    run.add(i, cand)
        stage = "select"
        kept = relations.select(run)
        stage = "relate"
        relations.relate(run, kept)
    except Exception as exc:
        raise StageError(stage, exc) from exc
    mentions = tuple(MentionRec(c.key, run.text[c.start:c.end], c.start, c.end, run.sents[i].text, c.rule)
                     for i, c in kept)
    for _i, c in kept:
        if c.label:
            run.info(c.key, label=c.label)
    return Extraction(run.doc, mentions, tuple(run.relations), tuple(run.infos.values()))


#: A news dateline at the start of a paragraph: a place in capitals, a date, an agency, a dash.
_DATELINE = re.compile(r"[A-Z][A-Z' .-]{2,30},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
                       r"(?:,\s*\d{4})?\s*(?:\([A-Za-z .]{2,40}\)\s*|/[A-Za-z .]{2,30}/\s*)?(?:--|—|–|-)\s*")

#: The longest run of characters without a space that is read as prose (URLs fit; ").).)." does not).
MAX_RUN = 120


def _without_long_runs(text: str, s: int, e: int, skipped: list[tuple[int, int]] | None) -> Iterator[tuple[int, int]]:
    """[s, e) with every run of more than ``MAX_RUN`` non-space characters cut out."""
    for m in re.finditer(rf"\S{{{MAX_RUN + 1},}}", text[s:e]):
        a, b = s + m.start(), s + m.end()
        if skipped is not None:
            skipped.append((a, b))
        if text[s:a].strip():
            yield s, a
        s = b
    if text[s:e].strip():
        yield s + len(text[s:e]) - len(text[s:e].lstrip()), e


def _chunks(text: str, s: int, e: int, size: int) -> Iterator[tuple[int, int]]:
    """Cut [s, e) into pieces of at most ``size`` characters at sentence ends where possible."""
    while e - s > size:
        cut = max(text.rfind(". ", s, s + size), text.rfind("\n", s, s + size))
        cut = cut + 1 if cut > s else s + size
        yield s, cut
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        yield s, e


__all__ = ["Extractor", "run_rules", "resolve_weekday", "ordinal_word"]

"""Matching source words to SKOS concepts of ontology/schemes.ttl.

A concept matches by its prefLabel or any altLabel, ignoring case, accents and punctuation,
so stewards teach the importer a new spelling by adding an altLabel, not by editing code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, SKOS, Graph, Literal, URIRef

from rolegraph import resources
from rolegraph.namespaces import RG, RGC

_NON_WORD = re.compile(r"[^a-z0-9]+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces ("Agile / SDLC" -> "agile sdlc")."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("&", " and ").lower()
    return " ".join(w for w in _NON_WORD.split(ascii_text) if w)


@dataclass(frozen=True)
class Concept:
    iri: str
    pref_label: str
    labels: tuple[str, ...]
    """Normalised prefLabel and altLabels."""


@dataclass(frozen=True)
class Scheme:
    key: str
    """The scheme's local name, e.g. "frequency" for rgc:frequency."""
    iri: str
    open: bool
    concepts: tuple[Concept, ...]

    def match(self, text: str) -> Concept | None:
        """The concept the whole text names: exact, without a trailing "(...)", or by prefix."""
        candidates = [normalise(text)]
        stripped = text
        while _TRAILING_PAREN.search(stripped):
            stripped = _TRAILING_PAREN.sub("", stripped)
            candidates.append(normalise(stripped))
        for candidate in candidates:
            for concept in self.concepts:
                if candidate and candidate in concept.labels:
                    return concept
        # a heading that starts with a label ("Common feeder roles into AI Engineer")
        best: tuple[int, Concept] | None = None
        for candidate in candidates:
            for concept in self.concepts:
                for label in concept.labels:
                    starts = label and candidate.startswith(label + " ")
                    if starts and (best is None or len(label) > best[0]):
                        best = (len(label), concept)
        return best[1] if best else None

    def first_named(self, text: str) -> Concept | None:
        """The concept named first in a free text ("Optional to Important ..." -> Optional)."""
        norm = f" {normalise(text)} "
        best: tuple[int, int, Concept] | None = None
        for concept in self.concepts:
            for label in concept.labels:
                pos = norm.find(f" {label} ")
                if pos < 0 or not label:
                    continue
                key = (pos, -len(label))
                if best is None or key < (best[0], best[1]):
                    best = (pos, -len(label), concept)
        return best[2] if best else None

    def is_bare(self, concept: Concept, text: str) -> bool:
        """True when the text says nothing but the concept's label."""
        return normalise(text) in concept.labels


@cache
def schemes() -> dict[str, Scheme]:
    """All concept schemes of the shipped schemes.ttl, by local name."""
    graph = Graph()
    graph.parse(resources.schemes_file(), format="turtle")
    result: dict[str, Scheme] = {}
    for scheme_iri in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        key = str(scheme_iri).removeprefix(str(RGC))
        is_open = graph.value(scheme_iri, RG.openScheme) == Literal(True)
        concepts: list[Concept] = []
        for concept in sorted(graph.subjects(SKOS.inScheme, scheme_iri), key=_rank(graph)):
            pref = graph.value(concept, SKOS.prefLabel)
            labels = [str(pref)] if pref is not None else []
            labels += sorted(str(a) for a in graph.objects(concept, SKOS.altLabel))
            normalised = tuple(dict.fromkeys(normalise(lbl) for lbl in labels if normalise(lbl)))
            concepts.append(Concept(str(concept), str(pref or ""), normalised))
        result[key] = Scheme(key, str(scheme_iri), is_open, tuple(concepts))
    return result


def _rank(graph: Graph) -> Callable[[URIRef], tuple[int, str]]:
    def key(concept: URIRef) -> tuple[int, str]:
        rank = graph.value(concept, RG.rank)
        return (int(rank) if rank is not None else 10_000, str(concept))

    return key


def scheme(key: str) -> Scheme:
    return schemes()[key]

"""How easy a Dutch text reads: the Flesch-Douma score, sentence length, jargon.

Flesch-Douma (W.H. Douma, 1960) is the Dutch adaptation of the Flesch reading ease:
``206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)``. Scores of 60 and
up read as easy ("makkelijk") to fairly easy; B1 texts for the public sit there. Syllables
are counted as vowel groups (``ij`` is one vowel; a vowel with a diaeresis starts a new
syllable: ``be-ëin-digd``). The measure is a check, not a guarantee: docs/plan.md says
what else the household's letter follows.

>>> round(flesch_douma("Dit is uw plan. U maakt het samen met ons."), 1)
117.5
>>> syllables("beëindigd"), syllables("huishouden"), syllables("vrijwilliger")
(3, 3, 4)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["JARGON", "Readability", "find_jargon", "flesch_douma", "measure", "syllables"]

_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9]+(?:[-'][A-Za-zÀ-ÿ0-9]+)*")
_SYLLABLE = re.compile(r"[ëïöüäéè][aeiouy]*|[aeiouyáóúàâêîôû]+")

JARGON: tuple[str, ...] = (
    "betaald via",
    "geen kosten",
    "lichte hulp",
    "vrij toegankelijke hulp",
    "hulp op maat",
    "specialistische hulp",
    "eigen kracht",
    "leefgebied",
    "peildatum",
    "signaal",
    "triage",
    "transitie",
    "parameter",
    "bestaanszekerheid",
    "maatwerkvoorziening",
    "ZRM",
    "ADL",
    "Meldcode",
    "enkelvoudig",
    "meervoudig",
    "iJw",
    "iWmo",
    "Zvw",
    "eigen_prioriteit",
    "korte_check",
)
"""Words from the engine or the office that the household's letter never uses."""

_RULE_ID = re.compile(r"\b[a-z]+\.[a-z]+_[a-z_]+\b")
_MEMBER_ID = re.compile(r"\(m\d+\)")


def syllables(word: str) -> int:
    """Syllables of a Dutch word (at least 1)."""
    w = word.lower().replace("ij", "y")
    return max(1, len(_SYLLABLE.findall(w)))


def _sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if _WORD.search(s)]


@dataclass(frozen=True)
class Readability:
    """The measures of one text."""

    score: float
    """Flesch-Douma reading ease (higher is easier)."""
    words: int
    sentences: int
    mean_sentence_words: float
    longest_sentence_words: int
    longest_sentence: str


def flesch_douma(text: str) -> float:
    """The Flesch-Douma score of ``text``."""
    return measure(text).score


def measure(text: str) -> Readability:
    """Flesch-Douma score and sentence lengths of ``text``."""
    sentences = _sentences(text)
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return Readability(0.0, 0, 0, 0.0, 0, "")
    lengths = [len(_WORD.findall(s)) for s in sentences]
    longest = max(range(len(sentences)), key=lambda i: lengths[i])
    n_syllables = sum(syllables(w) for w in words)
    score = 206.835 - 0.93 * (len(words) / len(sentences)) - 77 * (n_syllables / len(words))
    return Readability(
        score=score,
        words=len(words),
        sentences=len(sentences),
        mean_sentence_words=len(words) / len(sentences),
        longest_sentence_words=lengths[longest],
        longest_sentence=sentences[longest],
    )


def find_jargon(text: str) -> list[str]:
    """Jargon words, rule ids and member ids found in ``text``."""
    lower = text.lower()
    found = [j for j in JARGON if j.lower() in lower]
    found += _RULE_ID.findall(text)
    found += _MEMBER_ID.findall(text)
    return found

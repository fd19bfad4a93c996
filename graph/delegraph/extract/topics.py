"""Topics: the phrases of "Discussions focused on A; B; and C" and "discussed A, B, and C"
sentences, each mapped to a SKOS concept of ontology/vocab/topics.ttl by its cue phrases."""

from __future__ import annotations

from ..records import TopicFact
from .text import Sentence


def find_topics(text: str, sents: list[Sentence]) -> list[TopicFact]:
    return []

"""The readout being extracted and its lookups: sentences, headline, publisher's country,
mentions and the offset indexes every step reads (``Doc``), and the participant record the
steps fill in (``Official``).

Every lookup is by offset (bisect), so each rule stays linear in the text length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..gazetteer import Gazetteer
from ..records import Evidence, Extraction, Readout
from .cues import FUTURE_RE, Cue
from .mentions import AgencyMention, CountryMention
from .meta import fold, topic_cut
from .people import Person
from .publisher import publisher_side
from .text import Sentence

READOUT_HEADLINE = re.compile(
    r"\b(?:Readout|Meeting|Meets|Met|Call|Calls|Spoke|Visit|Travel|Trip|Delegation|Dialogue|"
    r"Consultations|Talks|Working Group|Task Force|Convening|Hosts)\b"
)


@dataclass
class Official:
    """A participant as the steps build it: the person as named, roles with the cues that
    gave them, the agency named for them and the country decided for them."""

    person: Person
    roles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    agency: AgencyMention | None = None
    agency_id: str | None = None  # resolved gazetteer id (or None)
    agency_name: str | None = None
    country: str | None = None
    country_explicit: bool = False
    stated_parent: AgencyMention | None = None
    aliases: list[Person] = field(default_factory=list)


def make_evidence(text: str, s: int, e: int, rule: str, conf: float = 0.9) -> Evidence:
    return Evidence(start=s, end=e, quote=text[s:e], rule=rule, confidence=conf)


def headline_span(readout: Readout) -> tuple[int, int]:
    """Span of a headline line at the top of the text (or (0, 0))."""
    text = readout.text
    nl = text.find("\n")
    first = text[: nl if nl >= 0 else len(text)]
    if readout.title and first.strip() == readout.title.strip():
        return 0, len(first)
    if (
        nl > 0
        and len(first) < 220
        and not first.rstrip().endswith((".", ":"))
        and (READOUT_HEADLINE.search(first) or first.istitle())
    ):
        return 0, len(first)
    return 0, 0


_CITY_CACHE: dict[int, set[str]] = {}
_DEMONYM_CACHE: dict[int, frozenset[str]] = {}


def city_folds(gz: Gazetteer) -> set[str]:
    key = id(gz)
    if key not in _CITY_CACHE:
        _CITY_CACHE[key] = {fold(c) for c in getattr(gz, "cities", {})} | {
            fold(c) for c in gz.capitals
        }
    return _CITY_CACHE[key]


def demonym_words(gz: Gazetteer) -> frozenset[str]:
    """Last words, lower case, of the plural nouns for a country's people ("Israelis",
    "Palestinians", "Hong Kongers"): an adjective plus -s, a name ending in a consonant
    plus -ers. A people is never a person's name."""
    key = id(gz)
    if key not in _DEMONYM_CACHE:
        out = set()
        for c in gz.countries.values():
            for adj in c.adjectives:
                if adj[-1:].islower() and not adj.endswith(("s", "sh", "ch", "x", "z")):
                    out.add(adj.split()[-1].lower() + "s")
            for name in (c.name, *c.aliases):
                if re.search(r"[b-df-hj-np-rtv-xz]$", name):
                    out.add(name.split()[-1].lower() + "ers")
        _DEMONYM_CACHE[key] = frozenset(out)
    return _DEMONYM_CACHE[key]


class Doc:
    """One readout under extraction: what every step reads, and what the steps before it
    found (sentences, cues, event sentences, mentions, participants, stated hierarchy)."""

    def __init__(self, readout: Readout, gz: Gazetteer):
        self.r = readout
        self.gz = gz
        self.text = readout.text
        self.ex = Extraction(readout_id=readout.id)
        self.side = publisher_side(readout, gz)
        self.home = self.side.code
        self.cities = city_folds(gz)
        self.demonyms = demonym_words(gz)
        self.headline: tuple[int, int] = (0, 0)
        self.title = ""
        self.sents: list[Sentence] = []
        self.ref = None
        self.ref_rule = ""
        self.countries: list[CountryMention] = []
        self.agencies: list[AgencyMention] = []
        self.people: list[Person] = []
        self.cues: dict[int, list[Cue]] = {}
        self.event: list[Sentence] = []
        self.event_ids: set[int] = set()
        self.officials: list[Official] = []
        self.background: list[Person] = []
        self.parent_of: dict[int, tuple[AgencyMention, str]] = {}
        self._cst: list[int] = []
        self._ast: list[int] = []
        self._sst: list[int] = []
        self._sent_by_index: dict[int, Sentence] = {}

    def index(self) -> None:
        """Build the offset indexes once the mentions are known."""
        self._cst = [c.start for c in self.countries]
        self._ast = [a.start for a in self.agencies]
        self._sent_by_index = {x.index: x for x in self.sents}
        self._sst = [x.start for x in self.sents]

    def C(self, a: int, b: int) -> list[CountryMention]:
        """Country mentions starting in [a, b) (bisect: keeps every rule linear)."""
        lo = bisect.bisect_left(self._cst, a)
        return self.countries[lo : bisect.bisect_left(self._cst, b, lo)]

    def A(self, a: int, b: int) -> list[AgencyMention]:
        lo = bisect.bisect_left(self._ast, a)
        return self.agencies[lo : bisect.bisect_left(self._ast, b, lo)]

    def sent_end(self, pos: int) -> int:
        i = bisect.bisect_right(self._sst, pos) - 1
        return self.sents[i].end if i >= 0 else len(self.text)

    def people_in(self, index: int) -> list[Person]:
        if not hasattr(self, "_pbs"):
            self._pbs: dict[int, list[Person]] = {}
            for q in self.people:
                self._pbs.setdefault(q.sentence, []).append(q)
        return self._pbs.get(index, [])

    def officials_in(self, index: int) -> list[Official]:
        """The participants first named in sentence *index* (so that rules comparing a
        participant with its neighbours stay linear in their number)."""
        if getattr(self, "_obs_for", None) is not self.officials:
            self._obs: dict[int, list[Official]] = {}
            for o in self.officials:
                self._obs.setdefault(o.person.sentence, []).append(o)
            self._obs_for = self.officials
        return self._obs.get(index, [])

    def S(self, index: int) -> Sentence | None:
        return self._sent_by_index.get(index)

    def ev(self, s: int, e: int, rule: str, conf: float = 0.9) -> Evidence:
        return make_evidence(self.text, s, e, rule, conf)

    def cut(self, s: Sentence) -> int:
        """End of the participant part of an event sentence (never before its first cue):
        the topics, or a future meeting ("..., where the Secretary will meet with ...")."""
        cs = self.cues.get(s.index) or []
        lo = cs[0].start if cs else s.start
        cut = topic_cut(self.text, lo, s.end)
        fut = FUTURE_RE.search(self.text, lo, cut)
        return fut.start() if fut else cut

    def in_zone(self, p: Person) -> bool:
        s = self.S(p.sentence)
        return p.phrase_start < self.cut(s)

    def city_codes(self) -> dict[str, str]:
        if not hasattr(self, "_cc_map"):
            self._cc_map = {fold(k): v for k, v in self.gz.capitals.items()}
            self._cc_map.update({fold(k): v for k, v in self.gz.cities.items()})
        return self._cc_map

"""Import the Office of the Historian's travels and visits XML as meetings (issue 4 §6).

``<trip>`` records (presidents' and secretaries of state's trips abroad) and ``<visit>``
records (foreign leaders' visits to the United States) become one ``Readout`` and one
``Extraction`` each. The readout text is a short rendering composed here (the records are
data, not prose), so every fact's evidence span points into text the graph stores.
Files are parsed with ``iterparse`` and each record is released once read, so whole
folders stream in constant memory.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..checks import calendar_date
from ..errors import InputError
from ..records import DelegationFact, Evidence, Extraction, OfficialFact, Readout, SpanText
from .titlename import Person, parse_people, parse_person

PUBLISHER = "Office of the Historian"
_SITE = "https://history.state.gov/departmenthistory"
_TRAVELLER_TITLE = {"president": "President", "secretary": "Secretary of State"}
_TRAVELLER_AGENCY = {"secretary": "Department of State"}

# Slugs of today's countries that the gazetteer's names do not give (renamed, merged or
# misspelt in the records); former states (SU, YU, ...) come from former-countries.tsv.
SLUG_ALIASES = {
    "bosnia-herzegovina": "BA",
    "congo-democratic-republic": "CD",
    "congo-kinshasa": "CD",
    "zaire": "CD",
    "congo-republic": "CG",
    "congo-brazzaville": "CG",
    "korea": "KR",
    "korea-south": "KR",
    "korea-north": "KP",
    "macedonia": "MK",
    "palestinian-authority": "PS",
    "west-bank": "PS",
    "somoa": "WS",
}
# Adjectives in remarks the gazetteer may lack.
_EXTRA_ADJECTIVES = {"Palestinian Authority": "PS"}
# Organisations whose officials are nobody's national delegation.
_ORG_PREFIX = re.compile(r"(?:UN|U\.N\.|NATO|OAS|OSCE|IAEA|PLO|EU|E\.U\.|OPEC|ASEAN) (?=[A-Z])")
_LIST_SEP = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:with\s+)?(?:the\s+(?=[A-Z]))?")
_OF_COUNTRY = re.compile(r" of (?:the )?([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)")
_AND_WITH = re.compile(r",?\s+and\s+with\s+")
# Phrases in remarks that introduce the people met.
_MET_WITH = re.compile(
    r"\b(?:[Mm]et|[Mm]eetings?|[Tt]alks|[Aa]udience|[Cc]onferred|[Cc]onsultations?)\s+with\s+"
)


@lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """ASCII slug of a country name: ``"Côte d’Ivoire"`` → ``"cote-divoire"``."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


@dataclass
class CountryMap:
    """Slug/name → ISO code, built from the gazetteer's countries.tsv plus the table above."""

    by_slug: dict[str, str] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)  # surface -> code
    names: dict[str, str] = field(default_factory=dict)  # code -> English name
    former: dict[str, str] = field(default_factory=dict)  # former state's slug -> code

    def code(self, slug_id: str | None, name: str | None) -> str | None:
        """ISO code for a record's ``id`` slug, falling back to its display name."""
        # a former state's name wins over its slug ("U.S.S.R." is filed under "russia")
        if name and slug(name) in self.former:
            return self.former[slug(name)]
        for key in (slug_id, name):
            if not key:
                continue
            s = slug(key)
            if s in self.former:
                return self.former[s]
            if s in SLUG_ALIASES:
                return SLUG_ALIASES[s]
            if s in self.by_slug:
                return self.by_slug[s]
        if name:
            # "Germany, Federal Republic of" -> "Federal Republic of Germany"; drop "(...)"
            n = re.sub(r"\s*\(.*?\)", "", name).strip()
            m = re.fullmatch(r"(.+?),\s*(.+)", n)
            for cand in (n, f"{m.group(2)} {m.group(1)}" if m else None):
                if cand and slug(cand) in self.by_slug:
                    return self.by_slug[slug(cand)]
        return None


@lru_cache(maxsize=4)
def _country_map(gazetteer_dir: str | None) -> CountryMap:
    from ..gazetteer import former_countries, load_gazetteer

    cm = CountryMap()
    try:
        gz = load_gazetteer(gazetteer_dir)
    except Exception:  # the slug aliases and former states still map the common slugs
        gz = None
    if gz is not None:
        for code, c in gz.countries.items():
            cm.names[code] = c.name
            for s in (c.name, *c.aliases):
                cm.by_slug.setdefault(slug(s), code)
                if s.lower().startswith("the "):
                    cm.by_slug.setdefault(slug(s[4:]), code)
            for a in c.adjectives:
                cm.adjectives.setdefault(a, code)
    try:
        former = former_countries(gazetteer_dir)
    except Exception:  # a gazetteer without its former states: today's countries only
        former = {}
    for code, c in former.items():
        cm.names.setdefault(code, c.name)
        for s in (c.name, *c.aliases):
            cm.former[slug(s)] = code
        for a in c.adjectives:
            cm.adjectives.setdefault(a, code)
    for adj, code in _EXTRA_ADJECTIVES.items():
        cm.adjectives.setdefault(adj, code)
    return cm


def country_map(gazetteer_dir: str | Path | None = None) -> CountryMap:
    """The slug → ISO map (cached per gazetteer folder; default: the bundled gazetteer)."""
    return _country_map(str(gazetteer_dir) if gazetteer_dir else None)


# ---- text composition -----------------------------------------------------------------


def _clean(s: str | None) -> str:
    s = re.sub(r"\s+", " ", (s or "").replace("\u00a0", " ")).strip()
    # a title glued to the name in the source ("Prime MinisterHaidar")
    return re.sub(r"\b(Minister|President)(?=[A-Z][a-z])", r"\1 ", s)


def _ev(text: str, start: int, end: int, rule: str, confidence: float = 1.0) -> Evidence:
    return Evidence(start, end, text[start:end], rule, confidence)


def _dates(start: str, end: str) -> str:
    if not end or end == start:
        return f"on {start}"
    return f"from {start} to {end}"


# ---- records ----------------------------------------------------------------------------


@dataclass
class _Record:
    kind: str  # "trip" | "visit"
    fields: dict[str, str]
    attrs: dict[str, dict[str, str]]
    path: Path


def _trip(rec: _Record, cmap: CountryMap) -> tuple[Readout, Extraction]:
    f = rec.fields
    rid = f.get("id") or _hash(rec)
    role = (f.get("role") or rec.attrs.get("trip", {}).get("role") or "").strip().lower()
    title = _TRAVELLER_TITLE.get(role, role.capitalize() or None)
    name = _clean(f.get("name"))
    country_name = _clean(f.get("country"))
    code = cmap.code(rec.attrs.get("country", {}).get("id"), country_name)
    locale = _clean(f.get("locale")) or None
    start, end = f.get("start-date", ""), f.get("end-date", "")
    remarks = _clean(f.get("remarks"))

    t = SpanText()
    t_span = t.add(title) if title else (0, 0)
    if title:
        t.add(" ")
    n_span = t.add(name)
    t.add(" traveled to ")
    c_span = t.add(country_name or "an unnamed country")
    l_span = None
    if locale:
        t.add(" (")
        l_span = t.add(locale)
        t.add(")")
    t.add(" ")
    d_text = _dates(start, end)
    d_start = t.length + d_text.index(start) if start else None
    t.add(d_text + ".")
    r_span = None
    if remarks:
        t.add(" ")
        r_span = t.add(remarks)
    text = t.text

    who = rec.attrs.get("trip", {}).get("who") or rec.path.stem
    source_url = f"{_SITE}/travels/{role}/{who}" if role in _TRAVELLER_TITLE and who else None
    readout = Readout(
        id=f"hist-trip-{rid}",
        text=text,
        title=f"{title or 'Trip'} {name} to {country_name or 'abroad'}, {start}".strip(),
        published=None,
        publisher=PUBLISHER,
        source_url=source_url,
        path=str(rec.path),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    ex = Extraction(readout_id=readout.id, kind="visit", date=start or None, location=locale)
    ex.countries = ["US"] + ([code] if code and code != "US" else [])
    head = (t_span[0], n_span[1]) if title else n_span
    ex.evidence["kind"] = [_ev(text, head[0], c_span[1], "hist.trip")]
    if start and d_start is not None:
        ex.evidence["date"] = [_ev(text, d_start, d_start + len(start), "hist.start-date")]
    if l_span:
        ex.evidence["location"] = [_ev(text, *l_span, "hist.locale")]
    ex.evidence["countries"] = [_ev(text, *c_span, "hist.country")]
    if name:
        traveller = OfficialFact(
            name=name,
            country="US",
            title=title,
            agency=_TRAVELLER_AGENCY.get(role),
            roles=["led_delegation"],
            evidence=[_ev(text, head[0], head[1], "hist.trip.traveller")],
        )
        ex.officials.append(traveller)
        ex.delegations.append(
            DelegationFact(country="US", led_by=[name], evidence=list(traveller.evidence))
        )
    if r_span:
        met = _counterparts(text, r_span, code, cmap, {name.casefold()})
        ex.officials.extend(met)
        for person in met:  # "met with Russian President Putin" in Geneva: RU took part too
            if person.country and person.country not in ex.countries:
                ex.countries.append(person.country)
    return readout, ex


def _counterparts(
    text: str, span: tuple[int, int], default_cc: str | None, cmap: CountryMap, seen: set[str]
) -> list[OfficialFact]:
    """People the traveller met, from "Met with TITLE NAME[, TITLE NAME][ and ...]": a list
    is read item by item and stops at the first item that is not TITLE NAME."""
    out: list[OfficialFact] = []
    for m in _MET_WITH.finditer(text, span[0], span[1]):
        pos = m.end()
        while pos < span[1]:
            cc = default_cc
            item_start = pos
            adj = _adjective_at(text, pos, cmap)
            if adj is not None:
                cc, pos = adj
            person = parse_person(text[: span[1]], pos)
            if person is None and _ORG_PREFIX.match(text, pos) is None:
                # "met with senior officials and with King X": skip to "and with"
                again = _AND_WITH.search(text, pos, _sentence_end(text, pos, span[1]))
                if again is None:
                    break
                pos = again.end()
                continue
            org = _ORG_PREFIX.match(text, pos)
            if org is not None:
                person = parse_person(text[: span[1]], org.end())
                if person is None:
                    break
                # "NATO Secretary General": the organisation is part of the title
                person = replace(person, title=f"{org.group(0).strip()} {person.title}")
                cc = None
            end = person.end
            of = _OF_COUNTRY.match(text, end, span[1])
            of_cc = cmap.code(None, of.group(1)) if of and org is None else None
            if of and of_cc:
                cc, end = of_cc, of.end()
            if person.name.casefold() not in seen:
                seen.add(person.name.casefold())
                # the country comes from an adjective, an "of <country>", an organisation,
                # or (least sure) is assumed to be the host country of the trip
                how = "adjective" if adj else "of-country" if of_cc else "organisation"
                if cc == default_cc and not adj and not of_cc:
                    how = "host-country"
                rule = f"hist.remarks.met-with.{how}"
                conf = 0.8 if how == "host-country" else 0.9
                out.append(
                    OfficialFact(
                        name=person.name,
                        country=cc,
                        title=person.title,
                        roles=["met_with"],
                        evidence=[_ev(text, item_start, end, rule, conf)],
                    )
                )
            sep = _LIST_SEP.match(text, end, span[1])
            if sep is None:
                break
            pos = sep.end()
    return out


def _sentence_end(text: str, pos: int, end: int) -> int:
    m = re.compile(r"[;:]|\.(?:\s|$)").search(text, pos, end)
    return m.start() if m else end


def _adjective_at(text: str, pos: int, cmap: CountryMap) -> tuple[str, int] | None:
    """A country adjective or name before a title ("Russian Foreign Minister",
    "Palestinian Authority President"): (code, position after it), or None."""
    words = text[pos : pos + 60].split(" ")
    for n in (3, 2, 1):
        cand = " ".join(words[:n]).rstrip(",.;")
        if not cand[:1].isupper() or len(words) <= n:
            continue
        code = cmap.adjectives.get(cand) or cmap.by_slug.get(slug(cand))
        if code and cand == " ".join(words[:n]):
            return code, pos + len(cand) + 1
    return None


def _visit(rec: _Record, cmap: CountryMap) -> tuple[Readout, Extraction]:
    f = rec.fields
    visitor = _clean(f.get("visitor"))
    country_name = _clean(f.get("from"))
    code = cmap.code(rec.attrs.get("from", {}).get("id"), country_name)
    start, end = f.get("start-date", ""), f.get("end-date", "")
    description = _clean(f.get("description"))
    rid = f.get("id") or _hash(rec)

    t = SpanText()
    v_span = t.add(visitor or "An unnamed visitor")
    c_span = None
    if country_name:
        t.add(" of ")
        c_span = t.add(country_name)
    t.add(" visited the United States ")
    d_text = _dates(start, end)
    d_start = t.length + d_text.index(start) if start else None
    t.add(d_text + ".")
    if description:
        t.add(" ")
        t.add(description)
    text = t.text

    year = start[:4] if start else None
    readout = Readout(
        id=f"hist-visit-{rid}",
        text=text,
        title=f"Visit of {visitor or 'a foreign leader'} to the United States, {start}".strip(),
        published=None,
        publisher=PUBLISHER,
        source_url=f"{_SITE}/visits/{year}" if year else None,
        path=str(rec.path),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    ex = Extraction(readout_id=readout.id, kind="visit", date=start or None, location=None)
    ex.countries = ["US"] + ([code] if code and code != "US" else [])
    ex.evidence["kind"] = [_ev(text, 0, len(text.split(".")[0]), "hist.visit")]
    if start and d_start is not None:
        ex.evidence["date"] = [_ev(text, d_start, d_start + len(start), "hist.start-date")]
    if c_span:
        ex.evidence["countries"] = [_ev(text, *c_span, "hist.from")]
    people: list[Person] = parse_people(text, *v_span) if visitor else []
    leaders = []
    for p in people:
        ex.officials.append(
            OfficialFact(
                name=p.name,
                country=code,
                title=p.title,
                roles=["led_delegation"],
                evidence=[_ev(text, p.start, p.end, "hist.visit.visitor")],
            )
        )
        leaders.append(p.name)
    if code and leaders:
        ex.delegations.append(
            DelegationFact(
                country=code,
                led_by=leaders,
                evidence=[_ev(text, *v_span, "hist.visit.visitor")],
            )
        )
    return readout, ex


def _hash(rec: _Record) -> str:
    blob = "|".join(f"{k}={v}" for k, v in sorted(rec.fields.items()))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


# ---- streaming parse -------------------------------------------------------------------


def _records(path: Path) -> Iterator[_Record]:
    """Yield each <trip>/<visit> of one file, clearing parsed elements as it goes."""
    try:
        context = ET.iterparse(str(path), events=("start", "end"))
        depth = 0
        current: str | None = None
        fields: dict[str, str] = {}
        attrs: dict[str, dict[str, str]] = {}
        root = None
        for event, el in context:
            if event == "start":
                depth += 1
                if root is None:
                    root = el
                if el.tag in ("trip", "visit") and current is None:
                    current, fields, attrs = el.tag, {}, {el.tag: dict(el.attrib)}
                continue
            depth -= 1
            if current is None:
                continue
            if el.tag == current:
                yield _Record(current, fields, attrs, path)
                current = None
                if root is not None:
                    root.clear()
            else:
                fields[el.tag] = "".join(el.itertext())
                if el.attrib:
                    attrs[el.tag] = dict(el.attrib)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        raise InputError(f"{path}:{line}: malformed XML ({exc.msg})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _check(rec: _Record) -> None:
    start = rec.fields.get("start-date", "").strip()
    if start:
        calendar_date(start, f"{rec.path}: {rec.kind} {rec.fields.get('id', '?')}: bad start-date")
    for k in ("start-date", "end-date"):
        rec.fields[k] = rec.fields.get(k, "").strip()


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path}: no such file or folder")
    return sorted(p for p in path.rglob("*.xml") if p.is_file())


def iter_historyatstate(
    path: str | Path, gazetteer_dir: str | Path | None = None, problems: list | None = None
) -> Iterator[tuple[Readout, Extraction]]:
    """Yield (readout, extraction) for every trip and visit in *path* (a file, or a folder
    searched recursively, e.g. ``travels/`` with ``president-travels/`` and
    ``secretary-travels/``, or ``visits/data/``). XML files holding neither record type are
    skipped; malformed XML raises InputError naming the file and line, or with a
    *problems* list is added to it as an ``ingest.Problem`` and the next file is read.

    >>> # for readout, ex in iter_historyatstate("travels/"): ...
    """
    from .readers import Problem

    cmap = country_map(gazetteer_dir)
    for f in _files(Path(path)):
        try:
            for rec in _records(f):
                _check(rec)
                yield (_trip if rec.kind == "trip" else _visit)(rec, cmap)
        except InputError as exc:
            if problems is None:
                raise
            where, _, message = str(exc).partition(": ")
            problems.append(Problem(where, message))

"""Load the gazetteer TSVs (countries, agencies*, titles) into fast lookup structures.

Data, not code: ``data/gazetteer/README.md`` documents the columns. Lookups are compiled
alternation regexes (longest surface first), so matching is linear in the text length and
never loops over all entries per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import GazetteerError
from .resources import gazetteer_dir

_SEP = re.compile(r"\s+\|\s+")
_CC = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capital: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Agency:
    id: str
    country: str
    name: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    parent: str | None = None
    function: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class TitleRule:
    title: str
    country: str | None
    agency: str  # agency id, "function:<name>", or "" (the title tells the government only)


def _norm_apos(s: str) -> str:
    return s.replace("’", "'")


def _trie_pattern(words: list[str]) -> str:
    """A regex equivalent to ``w1|w2|...`` factored as a trie: linear, no re-scanning."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            esc = "['’]" if ch == "'" else re.escape(ch)
            alts.append(esc + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def _alternation(surfaces: list[str], flags: int = 0) -> re.Pattern[str]:
    """One compiled regex matching any surface as a whole phrase, longest first."""
    uniq = sorted({s for s in surfaces if s})
    if not uniq:
        return re.compile(r"(?!x)x")
    # whole words: no letter/digit right before or after (a trailing "." is part of U.S.)
    return re.compile(r"(?<![\w’'.-])" + _trie_pattern(uniq) + r"(?![\w-]|['’](?!s\b))", flags)


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read ({exc})") from exc
    header: list[str] | None = None
    out: list[tuple[int, dict[str, str]]] = []
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in columns if c not in header]
            if missing:
                raise GazetteerError(f"{path}:{no}: header lacks column(s) {', '.join(missing)}")
            continue
        if len(cells) > len(header):
            raise GazetteerError(
                f"{path}:{no}: {len(cells)} cells but the header has {len(header)} columns"
            )
        cells += [""] * (len(header) - len(cells))
        out.append((no, {h: c.strip() for h, c in zip(header, cells, strict=False)}))
    return out


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in _SEP.split(cell) if x.strip()) if cell else ()


@dataclass
class Gazetteer:
    """Countries, agencies and title rules with compiled matchers."""

    countries: dict[str, Country] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    titles: list[TitleRule] = field(default_factory=list)
    cities: dict[str, str] = field(default_factory=dict)  # city -> ISO code (cities.tsv)
    publishers: dict[str, str] = field(default_factory=dict)  # wire / press service -> ISO

    def __post_init__(self) -> None:
        self._build()

    # ---- construction -------------------------------------------------------------
    def _build(self) -> None:
        self.country_surface: dict[str, str] = {}  # surface -> code (names, aliases)
        self.adjective_surface: dict[str, str] = {}  # adjective -> code
        self.capitals: dict[str, str] = {}
        for c in self.countries.values():
            for s in (c.name, *c.aliases):
                self.country_surface.setdefault(_norm_apos(s), c.code)
                if s.startswith("The ") or s.startswith("the "):
                    self.country_surface.setdefault(_norm_apos(s[4:]), c.code)
            for s in c.adjectives:
                self.adjective_surface.setdefault(_norm_apos(s), c.code)
            if c.capital:
                self.capitals[c.capital] = c.code
        self.country_re = _alternation(list(self.country_surface) + list(self.adjective_surface))
        self.agency_surface: dict[str, list[str]] = {}  # surface -> agency ids
        self.acronym_surface: dict[str, list[str]] = {}
        self.by_function: dict[tuple[str, str], str] = {}
        self.children: dict[str, list[str]] = {}
        for a in self.agencies.values():
            for s in (a.name, *a.aliases):
                ids = self.agency_surface.setdefault(_norm_apos(s), [])
                if a.id not in ids:
                    ids.append(a.id)
            for s in a.acronyms:
                ids = self.acronym_surface.setdefault(s, [])
                if a.id not in ids:
                    ids.append(a.id)
            if a.function:
                for fn in _split(a.function.replace(",", " | ")):
                    self.by_function.setdefault((a.country, fn), a.id)
            if a.parent:
                self.children.setdefault(a.parent, []).append(a.id)
        names = list(self.agency_surface)
        self.agency_re = _alternation(names)
        self.acronym_re = _alternation(list(self.acronym_surface))
        self.title_by_phrase: dict[str, list[TitleRule]] = {}
        for t in self.titles:
            self.title_by_phrase.setdefault(_norm_apos(t.title.lower()), []).append(t)
        self.title_re = _alternation(list(self.title_by_phrase), flags=re.IGNORECASE)
        self.publisher_re = _alternation(list(self.publishers))

    # ---- lookups ------------------------------------------------------------------
    def country_of(self, surface: str) -> str | None:
        s = _norm_apos(surface)
        return self.country_surface.get(s) or self.adjective_surface.get(s)

    def agency_ids(self, surface: str) -> list[str]:
        s = _norm_apos(surface)
        return self.agency_surface.get(s) or self.acronym_surface.get(s) or []

    def function_agency(self, country: str | None, function: str) -> Agency | None:
        if not country:
            return None
        aid = self.by_function.get((country, function))
        return self.agencies.get(aid) if aid else None

    def title_rules(self, phrase: str) -> list[TitleRule]:
        return self.title_by_phrase.get(_norm_apos(phrase.lower()), [])


def _load_countries(path: Path) -> dict[str, Country]:
    out: dict[str, Country] = {}
    for no, r in _rows(path, ("code", "name")):
        code = r["code"]
        if not _CC.match(code) or not r["name"]:
            raise GazetteerError(
                f"{path}:{no}: bad country row (code {code!r}, name {r['name']!r})"
            )
        out[code] = Country(
            code=code,
            name=r["name"],
            aliases=_split(r.get("aliases", "")),
            adjectives=_split(r.get("adjectives", "")),
            capital=r.get("capital") or None,
            wikidata=r.get("wikidata") or None,
        )
    return out


def _load_agencies(paths: list[Path]) -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    where: dict[str, str] = {}
    for path in paths:
        for no, r in _rows(path, ("id", "country", "name")):
            aid, cc = r["id"], r["country"]
            if not aid or not r["name"] or not _CC.match(cc):
                raise GazetteerError(f"{path}:{no}: agency row needs id, ISO country and name")
            if aid in out:
                raise GazetteerError(
                    f"{path}:{no}: duplicate agency id {aid!r} (first at {where[aid]})"
                )
            where[aid] = f"{path}:{no}"
            out[aid] = Agency(
                id=aid,
                country=cc,
                name=r["name"],
                aliases=_split(r.get("aliases", "")),
                acronyms=_split(r.get("acronyms", "")),
                parent=r.get("parent") or None,
                function=r.get("function") or None,
                wikidata=r.get("wikidata") or None,
            )
    for aid, a in out.items():
        if a.parent and a.parent not in out:
            raise GazetteerError(f"{where[aid]}: parent {a.parent!r} is not an agency id")
    return out


def _load_titles(path: Path, agencies: dict[str, Agency]) -> list[TitleRule]:
    out: list[TitleRule] = []
    for no, r in _rows(path, ("title", "country", "agency")):
        ref = r["agency"]
        if not r["title"] or not (ref or r["country"]):
            raise GazetteerError(f"{path}:{no}: title row needs a title and an agency or country")
        if ref and not ref.startswith("function:") and ref not in agencies:
            raise GazetteerError(f"{path}:{no}: unknown agency id {ref!r}")
        out.append(TitleRule(title=r["title"], country=r["country"] or None, agency=ref))
    return out


def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """Read ``countries.tsv``, every ``agencies*.tsv``, ``titles.tsv``, ``cities.tsv`` and
    ``publishers.tsv`` from *directory*
    (default: the bundled gazetteer). Raises GazetteerError naming file:line on bad rows."""
    d = Path(directory) if directory else gazetteer_dir()
    if not d.is_dir():
        raise GazetteerError(f"{d}: gazetteer folder not found")
    countries = _load_countries(d / "countries.tsv") if (d / "countries.tsv").exists() else {}
    agencies = _load_agencies(sorted(d.glob("agencies*.tsv")))
    titles = _load_titles(d / "titles.tsv", agencies) if (d / "titles.tsv").exists() else []
    cities = _load_cities(d / "cities.tsv") if (d / "cities.tsv").exists() else {}
    pubs = _load_publishers(d / "publishers.tsv") if (d / "publishers.tsv").exists() else {}
    return Gazetteer(
        countries=countries, agencies=agencies, titles=titles, cities=cities, publishers=pubs
    )


def _load_publishers(path: Path) -> dict[str, str]:
    """News agencies and press services (name and aliases) -> the country they speak for."""
    out: dict[str, str] = {}
    for no, row in _rows(path, ("name", "country")):
        if not row["name"] or not _CC.match(row["country"]):
            raise GazetteerError(f"{path}:{no}: need a name and an ISO country code")
        for s in (row["name"], *_split(row.get("aliases", ""))):
            out[s] = row["country"]
    return out


def _load_cities(path: Path) -> dict[str, str]:
    """Meeting cities that are not capitals ("Anchorage", "Tianjin", "Bali") -> country."""
    out: dict[str, str] = {}
    for no, row in _rows(path, ("city", "country")):
        if not row["city"] or not _CC.match(row["country"]):
            raise GazetteerError(f"{path}:{no}: need a city and an ISO country code")
        out[row["city"]] = row["country"]
    return out


@lru_cache(maxsize=4)
def _cached(directory: str) -> Gazetteer:
    return load_gazetteer(directory)


def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process."""
    return _cached(str(gazetteer_dir()))


@lru_cache(maxsize=4)
def _country_codes(directory: str) -> frozenset[str]:
    path = Path(directory) / "countries.tsv"
    return frozenset(_load_countries(path)) if path.exists() else frozenset()


def country_codes() -> frozenset[str]:
    """The codes of the bundled gazetteer's countries.tsv, read alone (no agency or title
    matchers compiled), so checking a code a user typed stays fast."""
    return _country_codes(str(gazetteer_dir()))


@lru_cache(maxsize=4)
def _former_countries(directory: str) -> dict[str, Country]:
    path = Path(directory) / "former-countries.tsv"
    return _load_countries(path) if path.exists() else {}


def former_countries(directory: str | Path | None = None) -> dict[str, Country]:
    """Former states (ISO 3166-3 codes: SU, YU, DD, ...) in former-countries.tsv of the
    gazetteer at *directory* (default: the bundled one): valid codes of historical
    records, never looked for in readouts."""
    return _former_countries(str(directory or gazetteer_dir()))

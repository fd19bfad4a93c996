"""Give extracted facts deterministic local ids (the resolve stage).

Ids are plain slugs, not IRIs (rdf.py mints IRIs from them): the same name in the same
country always gets the same id, so re-ingesting a readout, or a second readout naming
the same person, agency or mechanism, lands on the same node. Aliases and analyst merges
(issue 4) are layered on top of these ids later; the rules here stay simple and stable.
"""

from __future__ import annotations

import copy
import re
import unicodedata

from .records import Extraction

# Honorifics dropped from the start of a person's name before it becomes an id.
_HONORIFICS = re.compile(
    r"^(?:(?:his|her|their)\s+excellency|h\.\s*e\.|the\s+(?:right\s+)?honou?rable|"
    r"hon\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?|prof\.?|sir|dame|madam|mme\.?|m\.)\s+",
    re.IGNORECASE,
)
# Words that add nothing to a mechanism's identity ("U.S.-PRC Bilateral ... Working Group").
_MECH_FILLER = {"bilateral", "the"}
# Country surfaces for stripping mechanism prefixes when no gazetteer is at hand.
_FALLBACK_COUNTRY_WORDS = {
    "u.s.": "US",
    "us": "US",
    "u.s.a.": "US",
    "usa": "US",
    "united states": "US",
    "american": "US",
    "america": "US",
    "prc": "CN",
    "china": "CN",
    "chinese": "CN",
    "people's republic of china": "CN",
}
# Roles that make someone a principal of a meeting (used in a meeting id without mechanism).
_PRINCIPAL_ROLES = ("led_delegation", "chaired", "co_chaired", "hosted", "met_with", "called")


def strip_accents(text: str) -> str:
    """``"José Müller"`` → ``"Jose Muller"`` (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """Lower-case ASCII slug: ``"Ministry of Public Security"`` → ``"ministry-of-public-security"``.

    Apostrophes vanish (``"People's"`` → ``"peoples"``); other punctuation separates words.
    """
    s = strip_accents(text).casefold().replace("’", "'").replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "unnamed"


def normalise_person_name(name: str) -> str:
    """Casefolded, accent-free name without honorifics or punctuation, words single-spaced."""
    n = re.sub(r"\s+", " ", name.replace("\u00a0", " ")).strip()
    while True:
        stripped = _HONORIFICS.sub("", n)
        if stripped == n:
            break
        n = stripped
    n = strip_accents(n).casefold()
    n = re.sub(r"[^\w\s-]", " ", n)
    return re.sub(r"\s+", " ", n).strip()


def _cc(country: str | None) -> str:
    return (country or "xx").lower()


def official_id(name: str, country: str | None) -> str:
    """``("Wei Xiaojun", "CN")`` → ``"cn-wei-xiaojun"``."""
    return f"{_cc(country)}-{slug(normalise_person_name(name))}"


def agency_id(name: str, country: str | None, gazetteer_id: str | None = None) -> str:
    """The gazetteer id when known (``"us-dea"``), else country + slug of the name."""
    if gazetteer_id:
        return gazetteer_id
    return f"{_cc(country)}-{slug(name)}"


_WORDS_CACHE: dict[int, tuple[object, dict[str, str], list[str]]] = {}


def _country_words(gazetteer) -> tuple[dict[str, str], list[str]]:
    """Country surface (casefolded) → ISO code, and the surfaces longest first (cached)."""
    cached = _WORDS_CACHE.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1], cached[2]
    words = _build_country_words(gazetteer)
    surfaces = sorted(words, key=len, reverse=True)
    _WORDS_CACHE[id(gazetteer)] = (gazetteer, words, surfaces)
    return words, surfaces


def _build_country_words(gazetteer) -> dict[str, str]:
    words = dict(_FALLBACK_COUNTRY_WORDS)
    if gazetteer is None:
        return words
    for code, c in getattr(gazetteer, "countries", {}).items():
        for s in (c.name, *c.aliases, *c.adjectives):
            words.setdefault(s.replace("’", "'").casefold(), code)
    return words


def _split_prefix(name: str, words: dict[str, str], surfaces: list[str]) -> tuple[list[str], str]:
    """Peel country names off the front of a mechanism name.

    ``"U.S.-PRC Bilateral Counternarcotics Working Group"`` → ``(["US","CN"], "Counternarcotics
    Working Group")``. Handles ``A-B``, ``A–B``, ``A/B``, ``A and B`` and single prefixes.
    """
    rest = re.sub(r"\s+", " ", name.replace("’", "'")).strip()
    codes: list[str] = []
    changed = True
    while changed and rest:
        changed = False
        low = rest.casefold()
        for s in surfaces:
            if low.startswith(s) and (len(low) == len(s) or not low[len(s)].isalnum()):
                # a whole-word match: "US" must not eat "USAID"
                codes.append(words[s])
                rest = rest[len(s) :].lstrip()
                rest = re.sub(r"^(?:[-–—/]|and\s|&)\s*", "", rest, flags=re.IGNORECASE)
                changed = True
                break
        if not changed:
            first = rest.split(" ", 1)
            if first[0].casefold() in _MECH_FILLER and len(first) > 1:
                rest = first[1]
                changed = True
    return codes, rest.strip(" -–—")


def mechanism_parts(
    name: str, countries: list[str] | None = None, gazetteer=None
) -> tuple[str, str]:
    """(id, label) of a mechanism: the name without country prefixes and filler words,
    keyed by the sorted countries so "U.S.-PRC" and "China-U.S." working groups coincide
    while a U.S.-Mexico group of the same name stays apart.

    ``"U.S.-PRC Counternarcotics Working Group"`` →
    ``("cn-us-counternarcotics-working-group", "Counternarcotics Working Group (CN–US)")``.
    """
    codes, core = _split_prefix(name, *_country_words(gazetteer))
    if not core:
        core = name
    key = sorted(set(codes)) if codes else sorted({c for c in countries or [] if c})
    prefix = "-".join(c.lower() for c in key)
    mid = f"{prefix}-{slug(core)}" if prefix else slug(core)
    label = f"{core} ({'–'.join(key)})" if key else core
    return mid, label


def meeting_id(ex: Extraction) -> str:
    """Date + sorted countries + mechanism (or kind and principals) when dated, else readout.

    Both governments' readouts of one dated meeting get the same id; without a mechanism the
    principals' names keep two same-day meetings between the same countries apart.
    """
    if not ex.date:
        return f"readout-{slug(ex.readout_id)}"
    parts = [ex.date] + sorted(c.lower() for c in set(ex.countries) if c)
    if ex.mechanism_id:
        mech = ex.mechanism_id
        prefix = "-".join(sorted(c.lower() for c in set(ex.countries) if c)) + "-"
        parts.append(mech[len(prefix) :] if mech.startswith(prefix) else mech)
    else:
        parts.append(ex.kind or "meeting")
        principals = sorted(
            {o.id or official_id(o.name, o.country) for o in ex.officials if _is_principal(o)}
        )
        parts.extend(p.split("-", 1)[1] if "-" in p else p for p in principals[:4])
    return "-".join(parts)


def _is_principal(o) -> bool:
    return any(r in _PRINCIPAL_ROLES for r in o.roles)


def mechanism_label(ex: Extraction, gazetteer=None) -> str | None:
    """The canonical label of the extraction's mechanism (None without one)."""
    if not ex.mechanism:
        return None
    return mechanism_parts(ex.mechanism, ex.countries, gazetteer)[1]


def _default_gazetteer():
    try:
        from .gazetteer import default_gazetteer

        return default_gazetteer()
    except Exception:  # the gazetteer only refines ids; resolve works without one
        return None


def resolve(ex: Extraction, gazetteer=None) -> Extraction:
    """Return a copy of *ex* with every ``id`` field filled (ids already set are kept, so
    curation can pin them). Uses the bundled gazetteer when none is given."""
    gz = gazetteer if gazetteer is not None else _default_gazetteer()
    out = copy.deepcopy(ex)

    by_name: dict[tuple[str, str | None], str] = {}
    for a in out.agencies:
        if a.id is None:
            a.id = agency_id(a.name, a.country, a.gazetteer_id)
        by_name[(a.name.casefold(), a.country)] = a.id
    for a in out.agencies:
        if a.parent and a.parent_id is None:
            a.parent_id = by_name.get((a.parent.casefold(), a.country)) or _gazetteer_agency_id(
                gz, a.parent, a.country
            )
            if a.parent_id is None:
                a.parent_id = agency_id(a.parent, a.country)

    for o in out.officials:
        if o.id is None:
            o.id = official_id(o.name, o.country)
        if o.agency and o.agency_id is None:
            o.agency_id = (
                by_name.get((o.agency.casefold(), o.country))
                or _gazetteer_agency_id(gz, o.agency, o.country)
                or agency_id(o.agency, o.country)
            )

    if out.mechanism and out.mechanism_id is None:
        out.mechanism_id = mechanism_parts(out.mechanism, out.countries, gz)[0]
    if out.meeting_id is None:
        out.meeting_id = meeting_id(out)
    return out


def _gazetteer_agency_id(gz, name: str, country: str | None) -> str | None:
    if gz is None:
        return None
    try:
        ids = gz.agency_ids(name)
    except Exception:
        return None
    for aid in ids:
        agency = gz.agencies.get(aid)
        if agency is not None and (country is None or agency.country == country):
            return aid
    return None

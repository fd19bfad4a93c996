"""Give extracted facts deterministic local ids (the resolve stage).

Ids are plain slugs, not IRIs (rdf.py mints IRIs from them): the same name in the same
country always gets the same id, so re-ingesting a readout, or a second readout naming
the same person, agency or mechanism, lands on the same node. Aliases and analyst merges
(issue 4) are layered on top of these ids later; the rules here stay simple and stable.
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata

from ..records import Extraction

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


# Generational suffixes: not part of who someone is ("Joseph R. Biden Jr." = "Joe Biden").
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Short forms of given names mapped to the full form (the key uses the full form, so
# "Jen Daskal" and "Jennifer Daskal" mint the same id whichever is seen first).
NICKNAMES = {
    "jen": "jennifer",
    "jenny": "jennifer",
    "joe": "joseph",
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "rob": "robert",
    "jim": "james",
    "mike": "michael",
    "kate": "katherine",
    "kathy": "katherine",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "tom": "thomas",
    "dan": "daniel",
    "dave": "david",
    "chris": "christopher",
    "tony": "anthony",
    "nick": "nicholas",
    "steve": "stephen",
    "sam": "samuel",
    "ben": "benjamin",
    "matt": "matthew",
    "pat": "patricia",
    "sue": "susan",
    "deb": "deborah",
}


def name_tokens(name: str) -> list[str]:
    """A person's name as comparable tokens: normalised, generational suffixes dropped.

    >>> name_tokens("Joseph R. Biden, Jr.")
    ['joseph', 'r', 'biden']
    """
    return list(_name_tokens(name))


@functools.lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    toks = [t for t in re.split(r"[\s-]+", normalise_person_name(name)) if t]
    while len(toks) > 1 and toks[-1] in _NAME_SUFFIXES:
        toks.pop()
    return tuple(toks)


def given_name(token: str) -> str:
    """The full form of a given name (``"jen"`` → ``"jennifer"``), else the token."""
    return NICKNAMES.get(token, token)


def person_key(name: str) -> str:
    """The order-independent part of an official id: full first name + surname, middle
    names, initials and suffixes dropped (``"Antony J. Blinken"`` → ``"antony-blinken"``)."""
    toks = name_tokens(name)
    if not toks:
        return slug(name)
    if len(toks) == 1:
        return slug(toks[0])
    return slug(f"{given_name(toks[0])} {toks[-1]}")


def official_id(name: str, country: str | None) -> str:
    """``("Wei Xiaojun", "CN")`` → ``"cn-wei-xiaojun"``; ``("Jen Daskal", "US")`` →
    ``"us-jennifer-daskal"`` (see :func:`person_key`)."""
    return f"{_cc(country)}-{person_key(name)}"


def agency_id(name: str, country: str | None, gazetteer_id: str | None = None) -> str:
    """The gazetteer id when known (``"us-dea"``), else country + slug of the name."""
    if gazetteer_id:
        return gazetteer_id
    return f"{_cc(country)}-{slug(name)}"


# Words before an agency name that only say whose it is ("PRC", "China's", "the U.S.").
_AGENCY_LEAD = re.compile(r"^(?:the\s+)", re.IGNORECASE)


def strip_agency_prefix(name: str, country: str | None, gazetteer=None) -> str:
    """The agency name without a leading article or country word of *country*:
    ``"China's Ministry of Public Security"`` → ``"Ministry of Public Security"``."""
    if gazetteer is None:
        gazetteer = _default_gazetteer()
    words, by_start = _surfaces_by_start(gazetteer)
    rest = re.sub(r"\s+", " ", name.replace("’", "'")).strip()
    changed = True
    while changed:
        changed = False
        stripped = _AGENCY_LEAD.sub("", rest)
        if stripped != rest and stripped:
            rest, changed = stripped, True
        low = rest.casefold()
        # only the surfaces sharing the name's first two letters (longest first) can match
        for s in by_start.get(low[:2], ()):
            if not low.startswith(s) or (country and words[s] != country.upper()):
                continue
            tail = rest[len(s) :]
            if tail.startswith("'s "):
                tail = tail[3:]
            elif not tail.startswith(" "):
                continue  # a whole word only: "US" must not eat "USAID"
            tail = tail.strip()
            if tail and tail[0].isupper():
                rest, changed = tail, True
                break
    return rest


def _surfaces_by_start(gazetteer) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Country surface → ISO code, and the surfaces grouped by their first two letters,
    longest first: a name is compared with a handful of surfaces, not all of them."""
    words, surfaces = _country_words(gazetteer)
    cached = _START_CACHE.get(id(words))
    if cached is None or cached[0] is not words:
        index: dict[str, list[str]] = {}
        for s in surfaces:  # already longest first
            index.setdefault(s[:2], []).append(s)
        cached = _START_CACHE[id(words)] = (words, index)
    return words, cached[1]


_START_CACHE: dict[int, tuple[dict[str, str], dict[str, list[str]]]] = {}


def lookup_agency(
    name: str, country: str | None, gazetteer=None, aliases=None
) -> tuple[str, str, bool]:
    """(id, canonical name, in gazetteer) of an agency named *name* in *country*.

    Curation aliases first, then the gazetteer's names, aliases and acronyms of that
    country, with and without a country prefix; else ``<cc>-<slug>`` of the bare name, so
    ``"PRC Ministry of X"`` and ``"China's Ministry of X"`` coincide even off-gazetteer.
    """
    if gazetteer is None:
        gazetteer = _default_gazetteer()
    if aliases is not None:
        name = aliases.agency(name, country)
    aid = _gazetteer_agency_id(gazetteer, name, country)
    bare = strip_agency_prefix(name, country, gazetteer)
    if aid is None and bare != name:
        aid = _gazetteer_agency_id(gazetteer, bare, country)
    if aid is not None:
        return aid, gazetteer.agencies[aid].name, True
    return agency_id(bare, country), bare, False


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
        from ..gazetteer import default_gazetteer

        return default_gazetteer()
    except Exception:  # the gazetteer only refines ids; resolve works without one
        return None


def resolve(ex: Extraction, gazetteer=None, aliases=None) -> Extraction:
    """Return a copy of *ex* with every ``id`` field filled (ids already set are kept, so
    curation can pin them). Uses the bundled gazetteer when none is given.

    *aliases* (``curation.Aliases``) maps analysts' merged names to the canonical name and
    says which names to split by agency or title. A surname alone ("Blinken") takes the id
    of the one official of that country in the readout whose name ends (or, for East Asian
    name order, starts) with it. Ids are a pure function of the extraction; reusing ids
    already in a store is ``identity.IdentityIndex``'s job.
    """
    gz = gazetteer if gazetteer is not None else _default_gazetteer()
    out = copy.deepcopy(ex)

    by_name: dict[tuple[str, str | None], str] = {}
    for a in out.agencies:
        if a.id is None:
            a.id = a.gazetteer_id or lookup_agency(a.name, a.country, gz, aliases)[0]
        by_name[(a.name.casefold(), a.country)] = a.id
    for a in out.agencies:
        if a.parent and a.parent_id is None:
            a.parent_id = (
                by_name.get((a.parent.casefold(), a.country))
                or lookup_agency(a.parent, a.country, gz, aliases)[0]
            )

    for o in out.officials:
        if o.agency and o.agency_id is None:
            o.agency_id = (
                by_name.get((o.agency.casefold(), o.country))
                or lookup_agency(o.agency, o.country, gz, aliases)[0]
            )
    full = [o for o in out.officials if o.id is None and len(name_tokens(o.name)) > 1]
    for o in full:
        o.id = official_key(o.name, o.country, o.agency_id, o.title, aliases)
    for o in out.officials:
        if o.id is None:
            o.id = _context_id(o, out.officials) or official_key(
                o.name, o.country, o.agency_id, o.title, aliases
            )

    if out.mechanism and out.mechanism_id is None:
        out.mechanism_id = mechanism_parts(out.mechanism, out.countries, gz)[0]
    if out.meeting_id is None:
        out.meeting_id = meeting_id(out)
    return out


# Countries whose officials are written family name first ("Wang Yi": "Wang" is the surname).
FAMILY_FIRST = {"CN", "TW", "HK", "MO", "JP", "KR", "KP", "VN", "SG"}


def surname_of(tokens: list[str], country: str | None) -> set[str]:
    """The token(s) a surname-only mention may equal: the last, and for East Asian
    countries also the first."""
    if not tokens:
        return set()
    out = {tokens[-1]}
    if (country or "").upper() in FAMILY_FIRST:
        out.add(tokens[0])
    return out


def _context_id(o, officials) -> str | None:
    """The id of the one fuller-named official of the same country in the same readout
    that a surname-only mention can mean (None when there is none or several)."""
    toks = name_tokens(o.name)
    if len(toks) != 1:
        return None
    hits = {
        x.id
        for x in officials
        if x is not o
        and x.id
        and x.country == o.country
        and len(name_tokens(x.name)) > 1
        and toks[0] in surname_of(name_tokens(x.name), x.country)
    }
    return hits.pop() if len(hits) == 1 else None


def official_key(
    name: str,
    country: str | None,
    agency_id_: str | None = None,
    title: str | None = None,
    aliases=None,
) -> str:
    """The id minted for a person: :func:`official_id` of the curated canonical name, plus
    the agency (or title) when curation splits that name by agency (or title)."""
    if aliases is not None:
        name = aliases.official(name, country)
        by = aliases.split_by(name, country)
        base = official_id(name, country)
        if by == "agency" and agency_id_:
            return f"{base}--{slug(agency_id_)}"
        if by == "title" and title:
            return f"{base}--{slug(title)}"
        return base
    return official_id(name, country)


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

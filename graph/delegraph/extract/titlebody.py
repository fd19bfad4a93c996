"""Bodies named by titles: "Minister of Defence" of Japan is its Ministry of Defense, Germany's
"Federal Minister of Foreign Affairs" the Federal Foreign Office, South Africa's "Minister of
International Relations and Cooperation" its Department of International Relations and
Cooperation; a title naming more than the gazetteer's body ("Minister of Foreign Affairs,
African Cooperation and Moroccans Abroad") or a body the gazetteer lacks keeps its own words.
"""

from __future__ import annotations

import re

from ..gazetteer import Agency, Gazetteer, TitleRule
from .lexicon import STATE_FORM

# "Ministry of X", "Federal Department for X", "Secretariat of X": the words that name the body
_BODY_HEAD = re.compile(
    r"^(?:the\s+)?(?:federal\s+)?(?:ministry|department|secretariat|office)\s+(?:of|for)\s+"
    r"(?:the\s+)?",
    re.I,
)
_JOIN = r"(?:,\s+|\s+and\s+|\s+&\s+|\s+(?:of|for)\s+(?:the\s+)?|\s+)"
_PORTFOLIO = rf"(?P<x>[A-Z][\w’'-]*(?:{_JOIN}[A-Z][\w’'-]*)*)"
# "Minister of X", "Deputy Minister for X", "Minister of State for X", "Secretary of X"
_MINISTER_OF = re.compile(
    r"\b(?P<head>Ministers?|Secretary|Secretaries|Undersecretary|Under\s+Secretary)\s+"
    r"(?P<state>of\s+State\s+)?(?:of|for)\s+(?:the\s+)?" + _PORTFOLIO
)
# "Defence Minister", "Foreign Secretary": the portfolio before the head
# (and the portfolio's further words: "Agriculture and Rural Development Secretary")
_X_MINISTER = re.compile(
    r"\b(?P<x>(?:Foreign|Defen[cs]e|Finance|Trade|Commerce|Interior|Justice|Health|Education|"
    r"Agriculture|Energy|Economy|Transport|Labou?r|Environment|Home)"
    r"(?:(?:\s+and\s+|\s*&\s*|,\s+|\s+)(?!(?:Deputy|Vice|Under|Assistant|State|Permanent|"
    r"Principal|Chief|General|Senior|Prime|Cabinet|Parliamentary|Minister|Secretary)\b)"
    r"[A-Z][\w’'-]*)*)\s+(?:Minister|Secretary)\b"
)
_FORM = re.compile(STATE_FORM)  # "Foreign Minister of the Republic of Portugal": no portfolio
# a portfolio that is itself a body's name ("Assistant Secretary for the Bureau of X")
_BODY_WORD = re.compile(r"(?:Bureau|Office|Department|Ministry|Agency|Division)\b")
_OFFICE_WORDS = {"sherpa", "minister", "secretary", "envoy", "representative", "member", "chair"}
_PORTFOLIO_OF = {"foreign": "Foreign Affairs", "home": "Home Affairs"}
# words a function's every body may be named with: they add nothing to a gazetteer name
_FUNCTION_WORDS = {
    "foreign": {"foreign", "affairs", "external", "relations"},
    "defense": {"defense", "national"},
    "interior": {"interior", "internal", "home", "affairs"},
    "trade": {"trade", "commerce"},
    "finance": {"finance"},
    "justice": {"justice"},
}
_STOP = {"of", "for", "the", "and", "&"}
_WORD = re.compile(r"[\w’'-]+")


def _words(text: str) -> list[str]:
    low = text.lower().replace("’", "'").replace("defence", "defense")
    return [w for w in _WORD.findall(low) if w not in _STOP]


def body_key(name: str) -> str | None:
    """The words after a body's head ("Department of International Relations and
    Cooperation" -> "international relations cooperation"), or None for other shapes."""
    m = _BODY_HEAD.match(name)
    if m is None:
        return None
    return " ".join(_words(name[m.end() :])) or None


_INDEX: dict[int, dict[str, list[tuple[frozenset[str], str]]]] = {}


def _index(gz: Gazetteer) -> dict[str, list[tuple[frozenset[str], str]]]:
    """country -> (words of the name after its head, agency id) of every body named
    "Ministry/Department/Secretariat of ...", the government's top bodies first. Official
    names only: a title in an alias's words ("Ministry of Foreign Affairs and International
    Cooperation" for a renamed ministry) keeps them, as the body was called at the time."""
    key = id(gz)
    if key not in _INDEX:
        out: dict[str, list[tuple[frozenset[str], str]]] = {}
        for a in sorted(gz.agencies.values(), key=lambda a: a.parent is not None):
            k = body_key(a.name) or _country_named_key(gz, a)
            if k:
                out.setdefault(a.country, []).append((frozenset(k.split()), a.id))
        _INDEX[key] = out
    return _INDEX[key]


def _country_named_key(gz: Gazetteer, a: Agency) -> str | None:
    """The words of a body named as its portfolio then its country ("Natural Resources
    Canada" -> "natural resources"), as a government names its departments."""
    country = gz.countries.get(a.country)
    if country is None or not a.name.endswith(" " + country.name):
        return None
    return " ".join(_words(a.name[: -len(country.name)])) or None


def portfolio(title: str, gz: Gazetteer) -> tuple[str | None, bool]:
    """The body a title names in its own words ("Minister for Foreign Affairs of Australia" ->
    "Foreign Affairs") and whether it names a body only when a government has one of that
    name: a Minister of State's portfolio, a Secretary's ("Assistant Secretary for Energy
    Resources" names a bureau, not a ministry)."""
    m = _MINISTER_OF.search(title)
    if m and gz.country_of(m.group("x").split()[0]):  # "Foreign Minister of Armenia"
        m = None
    if m:
        x = _own_part(_drop_country(m.group("x"), gz), gz)
        if x and not re.match(r"State\b", x) and not _BODY_WORD.match(x) and not _FORM.fullmatch(x):
            return x, bool(m.group("state")) or not m.group("head").startswith("Minister")
    m = _X_MINISTER.search(title)
    if m and not re.search(r"\bPrime\s+Minister\b", title[: m.end()]):
        x = m.group("x")
        return _PORTFOLIO_OF.get(x.lower(), x), False
    return None, False


def _own_part(x: str, gz: Gazetteer) -> str:
    """The portfolio up to a second office ("Commerce and Indian G20 Sherpa" -> "Commerce")."""
    for m in re.finditer(r"(?:,\s+|\s+and\s+|\s+)(?P<w>[\w’'-]+)", x):
        if gz.country_of(m.group("w")) or m.group("w").lower() in _OFFICE_WORDS:
            return x[: m.start()]
    return x


def _drop_country(x: str, gz: Gazetteer) -> str:
    """ "Foreign Affairs of Georgia" -> "Foreign Affairs" (the country is the official's)."""
    m = re.search(r"\s+of\s+(?:the\s+)?(?P<c>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)$", x)
    if m and gz.country_of(m.group("c")):
        return x[: m.start()]
    return x


def named_body(gz: Gazetteer, country: str | None, x: str, top: bool = True) -> Agency | None:
    """The body of *country* whose name is "Ministry/Department/Secretariat of <x>", or the
    one body whose name holds every word of *x* ("Industry and Science" -> "Department of
    Industry, Science and Resources"); *top*: a government's top bodies only (a minister
    heads a ministry, not one of its parts)."""
    if not country:
        return None
    words = frozenset(_words(x))
    if not words:
        return None
    bodies = [
        (ws, aid)
        for ws, aid in _index(gz).get(country, ())
        if not (top and gz.agencies[aid].parent)
    ]
    exact = next((aid for ws, aid in bodies if ws == words), None)
    if exact:
        return gz.agencies[exact]
    wider = {aid for ws, aid in bodies if words < ws}
    return gz.agencies[wider.pop()] if len(wider) == 1 else None


def fuller_than(x: str, function: str | None, body: Agency) -> bool:
    """The title names more than *body*'s name says ("Foreign Affairs, African Cooperation
    and Moroccans Abroad" against "Ministry of Foreign Affairs"): the title's own words win."""
    if not function:
        return False
    extra = set(_words(x)) - _FUNCTION_WORDS.get(function, set())
    return bool(extra - set(_words(body.name)))


def title_rule_body(
    gz: Gazetteer, title: str, country: str | None, home: str | None
) -> tuple[str | None, str | None]:
    """The body a titles.tsv rule gives (its id) and the rule's function, if any."""
    for m in gz.title_re.finditer(title):
        rules = gz.title_rules(m.group(0))
        cc = country or sole_title_country(rules, home)
        for rule in rules:
            if (rule.country and rule.country != cc) or not rule.agency:
                continue
            if rule.agency.startswith("function:"):
                fn = rule.agency.split(":", 1)[1]
                a = gz.function_agency(cc, fn)
                if a:
                    return a.id, fn
                continue
            return rule.agency, None
    return None, None


def sole_title_country(rules: list[TitleRule], home: str | None) -> str | None:
    """The government a title names when the official's country is unknown: the one
    government that uses it, else the publisher's own if it is one of them; never one
    of several ("Foreign Minister" is Germany's and every other country's)."""
    codes = {r.country for r in rules}
    if len(codes) == 1:
        return next(iter(codes))
    return home if home in codes else None


def ministry_from_title(title: str, gz: Gazetteer | None = None) -> str | None:
    """The ministry a minister's title names ("Minister of Foreign Affairs and
    International Cooperation", "Defence Minister" -> "Ministry of Defence"); none for a
    title that names no body ("Prime Minister", "Minister of State", a Minister of State's
    portfolio)."""
    if gz is None:
        from ..gazetteer import default_gazetteer

        gz = default_gazetteer()
    x, of_state = portfolio(title, gz)
    if x is None or of_state:
        return None
    return f"Ministry of {x}"


def body_from_title(
    gz: Gazetteer, title: str, country: str | None, home: str | None
) -> tuple[str | None, str | None, str]:
    """(agency id, or None with a name in the title's words, rule) for a title: a body of
    the official's government named by the title's words, a titles.tsv rule unless the
    title names more than that body, else the title's own words."""
    x, of_state = portfolio(title, gz)
    rule_id, fn = title_rule_body(gz, title, country, home)
    cc = country or (gz.agencies[rule_id].country if rule_id else None)
    minister = bool(x) and re.search(r"\bMinisters?\b", title) is not None
    named = named_body(gz, cc, x, top=minister) if x else None
    if named is None and of_state and x and " and " in x:
        # a Minister of State "for External Affairs and Parliamentary Affairs": the first
        named = named_body(gz, cc, x.split(" and ")[0], top=minister)
    if named is not None:
        return named.id, None, "agency-named-by-title"
    if rule_id and not (x and not of_state and fuller_than(x, fn, gz.agencies[rule_id])):
        return rule_id, None, "agency-from-title"
    if x and not of_state and country:
        return None, f"Ministry of {x}", "agency-from-title-shape"
    return None, None, ""

"""What the derived graph holds, as a value per key in sections (``derived_state``), the
N-Triples lines each value makes (``SECTIONS``), and the difference of two states
(``state_diff``), so a refresh writes only what changed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from .. import vocab as V
from ..iris import (
    country_page_iri,
    country_pair_iri,
    mechanism_topic_iri,
    pair_iri,
)
from ..store.base import nt_integer, nt_string
from .inputs import (
    _Q_PARENTS,
    DerivedInputs,
    _labels,
    _reference_labels,
    ancestors,
    coparticipation_counts,
)
from .terms import (
    DERIVED_FORMAT,
    agencyA,
    agencyB,
    agencyIRIs,
    betweenCountries,
    coparticipationPage,
    countryPair,
    derivedFormat,
    firstCountry,
    leaders,
    mechanismPage,
    meetingCount,
    ofMechanism,
    ofTopic,
    onCountryPage,
    page_of,
    pageNumber,
    pageOfCountry,
    readoutCount,
    searchName,
    secondCountry,
    sideLeaders,
    topicCountPage,
    transitiveSubOrganizationOf,
)

PATCH_LIMIT = 50_000  # changed quads beyond which the derived graph is rewritten whole

# a topic's English (or untagged) preferred label, from the SKOS scheme
_Q_TOPIC_LABELS = """SELECT ?t ?l WHERE {
  ?t skos:prefLabel ?l . FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "")
} ORDER BY ?t ?l"""


def _sort_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


def derived_state(store, inputs: DerivedInputs | None = None) -> dict[str, dict]:
    """What ``GRAPH_DERIVED`` should hold, as a value per key in each section of
    ``SECTIONS`` (whose formatter makes a key's lines from its value): plain containers,
    so the snapshot keeps them and the next refresh compares values (``state_diff``)
    instead of making and comparing every line (2.7M at 100k meetings)."""
    if inputs is None:
        inputs = DerivedInputs.from_store(store)
    parents: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_Q_PARENTS):
        if row["x"] != row["parent"]:
            parents[row["x"]].add(row["parent"])
    anc = ancestors(parents)
    counts = coparticipation_counts(inputs.rows(), anc)
    state: dict[str, dict] = {name: {} for name, _ in SECTIONS}
    state["format"][V.GRAPH_DERIVED] = DERIVED_FORMAT

    in_pairs = {a for _, a, _, _ in counts} | {b for _, _, _, b in counts}
    reference = _reference_labels(store)
    labels = _labels(store, in_pairs, reference)
    state["ancestors"] = {x: tuple(sorted(anc[x])) for x in sorted(anc)}
    state["agency_label"] = {x: labels[x] for x in sorted(in_pairs) if x in labels}
    by_meeting = inputs.meeting_agencies()
    state["agency_iris"] = {m: " ".join(sorted(by_meeting[m])) for m in sorted(by_meeting)}
    del by_meeting
    state["country_pair"] = dict.fromkeys(sorted({(ca, cb) for ca, _, cb, _ in counts}))
    first_page, second_page = _country_pages(counts, labels)
    listed_pages = {(key[0], number) for key, number in first_page.items()}
    listed_pages |= {(key[2], number) for key, number in second_page.items()}
    state["country_page"] = dict.fromkeys(sorted(listed_pages))
    del listed_pages

    # the order of agency-coparticipation: most meetings first, country A, the labels,
    # country B, the IRIs (an agency without a label sorts first, as unbound in SPARQL)
    def order(item):
        (ca, a, cb, b), k = item
        return (-k, ca, labels.get(a, ""), labels.get(b, ""), cb, a, b)

    ranked = sorted(counts.items(), key=order)
    state["pair"] = {
        key: (k, page_of(rank), first_page[key], second_page[key])
        for rank, (key, k) in enumerate(ranked)
    }
    del ranked, first_page, second_page
    numbers = inputs.sequence_numbers()  # once: the pages and the numbers both use them
    _meeting_summaries(state, store, inputs, reference, numbers)
    state["sequence"] = dict(sorted(numbers.items()))
    return state


def state_lines(state: dict[str, dict]) -> Iterator[str]:
    """The N-Triples lines of a ``derived_state``, section by section, yielded as made."""
    for name, lines in SECTIONS:
        for key, value in state[name].items():
            yield from lines(key, value)


_ABSENT = object()


def state_diff(old: dict[str, dict], new: dict[str, dict]) -> tuple[list[str], list[str]] | None:
    """The lines to remove and to add to bring a derived graph holding *old* to *new*
    (both ``derived_state``s), or None when more than ``PATCH_LIMIT`` quads would change
    (then the graph is written whole). Only the keys whose value changed are formatted:
    after adding a readout to 100k meetings, a few hundred of 800k."""
    if old.keys() != new.keys():
        return None
    removed: list[str] = []
    added: list[str] = []
    for name, lines in SECTIONS:
        before, after = old[name], new[name]
        for key, value in after.items():
            was = before.get(key, _ABSENT)
            if was == value:
                continue
            now = list(lines(key, value))
            if was is _ABSENT:
                added += now
                continue
            then = list(lines(key, was))
            kept = set(now) & set(then)
            removed += [line for line in then if line not in kept]
            added += [line for line in now if line not in kept]
        for key in before.keys() - after.keys():
            removed += lines(key, before[key])
        if len(removed) > PATCH_LIMIT or len(added) > PATCH_LIMIT:
            return None
    return removed, added


# --- the sections of the derived graph: a formatter per section makes a key's lines ---


_P_TSUB = f"<{transitiveSubOrganizationOf}>"
_P_A, _P_B, _P_N = f"<{agencyA}>", f"<{agencyB}>", f"<{meetingCount}>"
_P_FIRST, _P_SECOND = f"<{firstCountry}>", f"<{secondCountry}>"
_P_BETWEEN, _P_PAGE = f"<{betweenCountries}>", f"<{coparticipationPage}>"
_P_OF_COUNTRY, _P_NUMBER = f"<{pageOfCountry}>", f"<{pageNumber}>"


_P_ON = f"<{onCountryPage}>"
_P_LEADERS, _P_SIDE = f"<{leaders}>", f"<{sideLeaders}>"


_P_PAIR = f"<{countryPair}>"
_P_MECH, _P_TOPIC = f"<{ofMechanism}>", f"<{ofTopic}>"


_P_TPAGE = f"<{topicCountPage}>"


def _one_string(predicate: str):
    """A formatter of one line a key: the key, *predicate*, its value as a string."""
    p = f"<{predicate}>"

    def lines(subject: str, value: str) -> Iterator[str]:
        yield f"<{subject}> {p} {nt_string(value)} ."

    return lines


def _one_integer(predicate: str):
    """A formatter of one line a key: the key, *predicate*, its value as an integer."""
    p = f"<{predicate}>"

    def lines(subject: str, value: int) -> Iterator[str]:
        yield f"<{subject}> {p} {nt_integer(value)} ."

    return lines


def _ancestor_lines(x: str, above: tuple[str, ...]) -> Iterator[str]:
    for a in above:
        yield f"<{x}> {_P_TSUB} <{a}> ."


def _country_pair_lines(key: tuple[str, str], _: None) -> Iterator[str]:
    node = f"<{country_pair_iri(*key)}>"
    yield f"{node} {_P_FIRST} {nt_string(key[0])} ."
    yield f"{node} {_P_SECOND} {nt_string(key[1])} ."


def _country_page_lines(key: tuple[str, int], _: None) -> Iterator[str]:
    node = f"<{country_page_iri(*key)}>"
    yield f"{node} {_P_OF_COUNTRY} {nt_string(key[0])} ."
    yield f"{node} {_P_NUMBER} {nt_integer(key[1])} ."


def _pair_lines(key: tuple[str, str, str, str], value: tuple[int, int, int, int]):
    ca, a, cb, b = key
    k, page, first, second = value
    pair = f"<{pair_iri(a, b)}>"
    # untyped: seven triples a pair (it is hundreds of thousands at 100k)
    yield f"{pair} {_P_A} <{a}> ."
    yield f"{pair} {_P_B} <{b}> ."
    yield f"{pair} {_P_BETWEEN} <{country_pair_iri(ca, cb)}> ."
    yield f"{pair} {_P_N} {nt_integer(k)} ."
    yield f"{pair} {_P_PAGE} {nt_integer(page)} ."
    yield f"{pair} {_P_ON} <{country_page_iri(ca, first)}> ."
    yield f"{pair} {_P_ON} <{country_page_iri(cb, second)}> ."


def _leader_lines(m: str, value: tuple[tuple[str, ...], str]) -> Iterator[str]:
    sides, joined = value
    for side in sides:
        yield f"<{m}> {_P_SIDE} {nt_string(side)} ."
    yield f"<{m}> {_P_LEADERS} {nt_string(joined)} ."


def _country_pairs_lines(m: str, pairs: tuple[str, ...]) -> Iterator[str]:
    for pair in pairs:
        yield f"<{m}> {_P_PAIR} {nt_string(pair)} ."


def _mechanism_topic_lines(key: tuple[str, str], value: tuple[int, int | None]):
    mech, topic = key
    k, page = value
    node = f"<{mechanism_topic_iri(mech, topic)}>"
    yield f"{node} {_P_MECH} <{mech}> ."
    yield f"{node} {_P_TOPIC} <{topic}> ."
    yield f"{node} {_P_N} {nt_integer(k)} ."
    if page is not None:
        yield f"{node} {_P_TPAGE} {nt_integer(page)} ."


# (name, formatter) in the order the lines are written; a key's lines are its own (no
# two keys make one line), so a changed value changes only that key's lines
SECTIONS = (
    ("format", _one_string(derivedFormat)),
    ("ancestors", _ancestor_lines),
    ("agency_label", _one_string(V.label)),
    ("agency_iris", _one_string(agencyIRIs)),
    ("country_pair", _country_pair_lines),
    ("country_page", _country_page_lines),
    ("pair", _pair_lines),
    ("leaders", _leader_lines),
    ("country_pairs", _country_pairs_lines),
    ("mechanism_label", _one_string(V.label)),
    ("mechanism_page", _one_integer(mechanismPage)),
    ("topic_label", _one_string(V.label)),
    ("mechanism_topic", _mechanism_topic_lines),
    ("search_name", _one_string(searchName)),
    ("readout_count", _one_integer(readoutCount)),
    ("sequence", _one_integer(V.sequenceNumber)),
)


def _country_pages(
    counts: Counter[tuple[str, str, str, str]], labels: dict[str, str]
) -> tuple[dict, dict]:
    """Each pair's page (from 1) in the list of its first country's pairs and in that of
    its second country's, as agency-coparticipation orders one country's pairs: most
    meetings first, then the country's agency's label, the other agency's label, the other
    country, the IRIs. One country's list is sorted at a time."""
    of_country: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for key in counts:
        of_country[key[0]].append(key)
        of_country[key[2]].append(key)
    first: dict[tuple[str, str, str, str], int] = {}
    second: dict[tuple[str, str, str, str], int] = {}
    for country, keys in of_country.items():
        listed = []
        for key in keys:
            ca, a, cb, b = key
            mine, other, other_country = (a, b, cb) if ca == country else (b, a, ca)
            lm, lo = labels.get(mine, ""), labels.get(other, "")
            listed.append((-counts[key], lm, lo, other_country, mine, other, key))
        listed.sort()
        for rank, item in enumerate(listed):
            key = item[-1]
            (first if key[0] == country else second)[key] = page_of(rank)
    return first, second


def mechanism_listing(inputs: DerivedInputs, numbers: dict[str, int]) -> list[str]:
    """The meetings of every labelled mechanism in the order of mechanism-meetings: by
    mechanism label and IRI, then sequence number (*numbers*: ``sequence_numbers()``;
    unnumbered last), then IRI."""
    labels = inputs.mechanism_labels
    keyed = [
        (labels[mech], mech, m not in numbers, numbers.get(m, 0), m)
        for m, mech in inputs.mechanism.items()
        if mech in labels
    ]
    keyed.sort()
    return [key[-1] for key in keyed]


def _meeting_summaries(
    state: dict[str, dict],
    store,
    inputs: DerivedInputs,
    reference: dict[str, str],
    numbers: dict[str, int],
) -> None:
    """Into *state*: leaders and country pairs per meeting, topic counts per mechanism,
    one label per mechanism, search names per official, readout counts (see the module
    docstring)."""
    side = inputs.side_leaders()
    officials = {o for by_iso in side.values() for os_ in by_iso.values() for o in os_}
    officials |= set(inputs.forms)
    labels = _labels(store, officials, reference, V.Official)

    def name(o: str) -> str:
        if o in labels:
            return labels[o]
        forms = inputs.forms.get(o)
        return min(forms, key=_sort_key) if forms else o.rsplit("/", 1)[-1]

    leader_state = state["leaders"]
    for m in sorted(side):
        parts, sides = [], []
        for iso in sorted(side[m]):
            names = sorted({name(o) for o in side[m][iso]}, key=_sort_key)
            if not names:
                continue
            parts += [f"{iso}: {x}" for x in names]
            sides.append(f"{iso}: " + "; ".join(names))
        if parts:
            leader_state[m] = (tuple(sides), "; ".join(parts))
    pairs_state = state["country_pairs"]
    for m, codes in sorted(inputs.meeting_countries().items()):
        ordered = sorted(codes)
        pairs = tuple(f"{ca} {cb}" for i, ca in enumerate(ordered) for cb in ordered[i + 1 :])
        if pairs:
            pairs_state[m] = pairs
    state["mechanism_label"] = dict(sorted(inputs.mechanism_labels.items()))
    state["mechanism_page"] = {
        m: page_of(rank) for rank, m in enumerate(mechanism_listing(inputs, numbers))
    }
    per_topic: Counter[tuple[str, str]] = Counter()
    for m, topic in inputs.topics:
        if m in inputs.mechanism:
            per_topic[(inputs.mechanism[m], topic)] += 1
    topic_labels = {}
    for row in store.select(_Q_TOPIC_LABELS):
        topic_labels.setdefault(row["t"], str(row["l"]))
    counted_labels = state["topic_label"]
    for topic in sorted({t for _, t in per_topic}):
        label = topic_labels.get(topic) or topic.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        counted_labels[topic] = label
    # the order of topics-by-mechanism: by mechanism (label, IRI), most meetings first,
    # topic (label, IRI); a count of an unlabelled mechanism is not listed: no page
    mech_labels = inputs.mechanism_labels
    listed = sorted(
        (mech_labels[mech], mech, -k, counted_labels[topic], topic)
        for (mech, topic), k in per_topic.items()
        if mech in mech_labels
    )
    pages = {(key[1], key[4]): page_of(rank) for rank, key in enumerate(listed)}
    state["mechanism_topic"] = {key: (k, pages.get(key)) for key, k in sorted(per_topic.items())}
    search = state["search_name"]
    for o in sorted(officials):
        forms = set(inputs.forms.get(o, ())) | ({labels[o]} if o in labels else set())
        if forms:
            search[o] = " | ".join(sorted({f.lower() for f in forms}))
    state["readout_count"] = {
        m: len(readouts) for m, readouts in sorted(inputs.readouts.items()) if len(readouts) > 1
    }

"""What the derived graph holds, as a value per key in sections (``derived_state``), the
N-Triples lines each value makes (``SECTIONS``), and the difference of two states
(``state_diff``), so a refresh writes only what changed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from .. import vocab as V
from ..iris import country_pair_iri, mechanism_topic_iri, pair_iri
from ..resolve.identity import name_keys
from ..store.base import nt_integer, nt_string
from .chunks import (
    MEETINGS,
    PAIRS,
    TOPICS,
    chunk_rows,
    country_key,
    country_list,
    meeting_key,
    pair_key,
    topic_key,
)
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
    chunkOfCountry,
    chunkOfList,
    chunkStart,
    countryPair,
    derivedFormat,
    firstCountry,
    firstCountryChunk,
    firstCountryKey,
    inChunk,
    leaders,
    listKey,
    meetingCount,
    nameKey,
    ofMechanism,
    ofTopic,
    readoutCount,
    searchName,
    secondCountry,
    secondCountryChunk,
    secondCountryKey,
    sideLeaders,
    transitiveSubOrganizationOf,
)

PATCH_LIMIT = 50_000  # changed quads beyond which the derived graph is rewritten whole

# a topic's English (or untagged) preferred label, from the SKOS scheme
_Q_TOPIC_LABELS = """SELECT ?t ?l WHERE {
  ?t skos:prefLabel ?l . FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "")
} ORDER BY ?t ?l"""


def _sort_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


def _second(item: tuple) -> object:
    return item[1]


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
    state["pair"], state["chunk"] = pair_rows(counts, labels)
    numbers = inputs.sequence_numbers()  # once: the list keys and the numbers both use them
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
_P_BETWEEN = f"<{betweenCountries}>"
_P_KEY, _P_CHUNK = f"<{listKey}>", f"<{inChunk}>"
_P_FIRST_KEY, _P_FIRST_CHUNK = f"<{firstCountryKey}>", f"<{firstCountryChunk}>"
_P_SECOND_KEY, _P_SECOND_CHUNK = f"<{secondCountryKey}>", f"<{secondCountryChunk}>"
_P_OF_LIST, _P_OF_COUNTRY, _P_START = f"<{chunkOfList}>", f"<{chunkOfCountry}>", f"<{chunkStart}>"
_P_LEADERS, _P_SIDE = f"<{leaders}>", f"<{sideLeaders}>"


_P_PAIR = f"<{countryPair}>"
_P_MECH, _P_TOPIC = f"<{ofMechanism}>", f"<{ofTopic}>"


def _one_string(predicate: str):
    """A formatter of one line a key: the key, *predicate*, its value as a string."""
    p = f"<{predicate}>"

    def lines(subject: str, value: str) -> Iterator[str]:
        yield f"<{subject}> {p} {nt_string(value)} ."

    return lines


def _name_key_lines(official: str, keys: tuple[str, ...]) -> Iterator[str]:
    """One ``dg:nameKey`` line per token of the official's names (``identity.name_keys``)."""
    for k in keys:
        yield f"<{official}> <{nameKey}> {nt_string(k)} ."


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


def _chunk_lines(chunk: str, value: tuple[str, str, str]) -> Iterator[str]:
    kind, name, start = value
    yield f"<{chunk}> {_P_OF_COUNTRY if kind == 'country' else _P_OF_LIST} {nt_string(name)} ."
    yield f"<{chunk}> {_P_START} {nt_string(start)} ."


def _pair_lines(key: tuple[str, str, str, str], value: tuple) -> Iterator[str]:
    ca, a, cb, b = key
    k, row_key, chunk, first_key, first_chunk, second_key, second_chunk = value
    pair = f"<{pair_iri(a, b)}>"
    # untyped: ten triples a pair (it is hundreds of thousands at 100k)
    yield f"{pair} {_P_A} <{a}> ."
    yield f"{pair} {_P_B} <{b}> ."
    yield f"{pair} {_P_BETWEEN} <{country_pair_iri(ca, cb)}> ."
    yield f"{pair} {_P_N} {nt_integer(k)} ."
    yield from _row_lines(pair, row_key, chunk)
    yield f"{pair} {_P_FIRST_KEY} {nt_string(first_key)} ."
    yield f"{pair} {_P_FIRST_CHUNK} <{first_chunk}> ."
    yield f"{pair} {_P_SECOND_KEY} {nt_string(second_key)} ."
    yield f"{pair} {_P_SECOND_CHUNK} <{second_chunk}> ."


def _row_lines(node: str, row_key: str, chunk: str) -> Iterator[str]:
    """A row of a list: its sort key and its chunk (*node* in N-Triples form)."""
    yield f"{node} {_P_KEY} {nt_string(row_key)} ."
    yield f"{node} {_P_CHUNK} <{chunk}> ."


def _meeting_row_lines(m: str, value: tuple[str, str]) -> Iterator[str]:
    yield from _row_lines(f"<{m}>", *value)


def _leader_lines(m: str, value: tuple[tuple[str, ...], str]) -> Iterator[str]:
    sides, joined = value
    for side in sides:
        yield f"<{m}> {_P_SIDE} {nt_string(side)} ."
    yield f"<{m}> {_P_LEADERS} {nt_string(joined)} ."


def _country_pairs_lines(m: str, pairs: tuple[str, ...]) -> Iterator[str]:
    for pair in pairs:
        yield f"<{m}> {_P_PAIR} {nt_string(pair)} ."


def _mechanism_topic_lines(key: tuple[str, str], value: tuple[int, str | None, str | None]):
    mech, topic = key
    k, row_key, chunk = value
    node = f"<{mechanism_topic_iri(mech, topic)}>"
    yield f"{node} {_P_MECH} <{mech}> ."
    yield f"{node} {_P_TOPIC} <{topic}> ."
    yield f"{node} {_P_N} {nt_integer(k)} ."
    if row_key is not None and chunk is not None:
        yield from _row_lines(node, row_key, chunk)


# (name, formatter) in the order the lines are written; a key's lines are its own (no
# two keys make one line), so a changed value changes only that key's lines
SECTIONS = (
    ("format", _one_string(derivedFormat)),
    ("ancestors", _ancestor_lines),
    ("agency_label", _one_string(V.label)),
    ("agency_iris", _one_string(agencyIRIs)),
    ("country_pair", _country_pair_lines),
    ("chunk", _chunk_lines),
    ("pair", _pair_lines),
    ("leaders", _leader_lines),
    ("country_pairs", _country_pairs_lines),
    ("mechanism_label", _one_string(V.label)),
    ("meeting_row", _meeting_row_lines),
    ("topic_label", _one_string(V.label)),
    ("mechanism_topic", _mechanism_topic_lines),
    ("search_name", _one_string(searchName)),
    ("name_key", _name_key_lines),
    ("readout_count", _one_integer(readoutCount)),
    ("sequence", _one_integer(V.sequenceNumber)),
)


def pair_rows(counts: Counter[tuple[str, str, str, str]], labels: dict[str, str]):
    """({pair key: (count, its key and chunk in the list of all pairs, in its first
    country's list, in its second's)}, {chunk: (kind, list name, start key)}): every pair
    placed in the three lists it belongs to (``chunks``). Each list is sorted and chunked
    in turn, its chunks written into the pairs' values and the list let go (at 100k
    meetings a mapping of every (list, pair) to its chunk was 130 MB of the build's peak)."""
    keyed: dict[str, list[tuple[str, str, list, int]]] = defaultdict(list)
    pairs: dict[tuple[str, str, str, str], list] = {}
    for key in sorted(counts):
        ca, a, cb, b = key
        k = counts[key]
        row = pair_iri(a, b)
        value = [
            *(k, pair_key(k, ca, labels.get(a, ""), labels.get(b, ""), cb, a, b), None),
            *(country_key(k, a, b, cb, labels), None, country_key(k, b, a, ca, labels), None),
        ]
        keyed[PAIRS].append((value[1], row, value, 2))
        keyed[country_list(ca)].append((value[3], row, value, 4))
        keyed[country_list(cb)].append((value[5], row, value, 6))
        pairs[key] = value
    chunks: dict[str, tuple[str, str, str]] = {}
    for name in sorted(keyed):
        items = keyed.pop(name)
        items.sort(key=_key_and_row)
        of_row, starts = chunk_rows(name, [(row_key, row) for row_key, row, _, _ in items])
        for _, row, value, slot in items:
            value[slot] = of_row[row]
        chunks.update((c, chunk_value(name, start)) for c, start in starts.items())
        del items, of_row
    for key, value in pairs.items():
        pairs[key] = tuple(value)
    return pairs, dict(sorted(chunks.items()))


def _key_and_row(item: tuple) -> tuple[str, str]:
    return item[0], item[1]


def chunk_value(list_name: str, start: str) -> tuple[str, str, str]:
    """A chunk's value in the "chunk" section: (kind, list or country, start key)."""
    if list_name.startswith("pairs:"):
        return ("country", list_name.split(":", 1)[1], start)
    return ("list", list_name, start)


def meeting_values(state: dict[str, dict], inputs: DerivedInputs, labels, side=None) -> None:
    """Into *state*: each meeting's leaders (named by *labels*, an official → label
    mapping, else by the smallest name form seen), country pairs and readout count, for
    the meetings *inputs* holds (all of them, or those of one readout: ``upkeep``)."""
    side = side if side is not None else inputs.side_leaders()

    def name(o: str) -> str:
        label = labels.get(o)
        if label is not None:
            return label
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
    state["readout_count"] = {
        m: len(readouts) for m, readouts in sorted(inputs.readouts.items()) if len(readouts) > 1
    }


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
    meeting_values(state, inputs, labels, side)
    state["mechanism_label"] = dict(sorted(inputs.mechanism_labels.items()))
    mech_labels = inputs.mechanism_labels
    listed_meetings = sorted(
        (meeting_key(mech_labels[mech], mech, numbers.get(m), m), m)
        for m, mech in inputs.mechanism.items()
        if mech in mech_labels
    )
    chunk_of, starts = chunk_rows(MEETINGS, listed_meetings)
    by_meeting = sorted(listed_meetings, key=_second)
    state["meeting_row"] = {m: (key, chunk_of[m]) for key, m in by_meeting}
    state["chunk"].update((c, chunk_value(MEETINGS, start)) for c, start in starts.items())
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
    # topics-by-mechanism lists the counts of labelled mechanisms only
    listed = sorted(
        (topic_key(mech_labels[mech], mech, k, counted_labels[topic], topic), (mech, topic))
        for (mech, topic), k in per_topic.items()
        if mech in mech_labels
    )
    rows = [(key, mechanism_topic_iri(*count)) for key, count in listed]
    chunk_of, starts = chunk_rows(TOPICS, rows)
    row_of = {count: (key, chunk_of[mechanism_topic_iri(*count)]) for key, count in listed}
    state["mechanism_topic"] = {
        count: (k, *row_of.get(count, (None, None))) for count, k in sorted(per_topic.items())
    }
    state["chunk"].update((c, chunk_value(TOPICS, start)) for c, start in starts.items())
    state["chunk"] = dict(sorted(state["chunk"].items()))
    search, keys = state["search_name"], state["name_key"]
    for o in sorted(officials):
        forms = set(inputs.forms.get(o, ())) | ({labels[o]} if o in labels else set())
        if forms:
            search[o] = " | ".join(sorted({f.lower() for f in forms}))
            keys[o] = name_keys(forms)

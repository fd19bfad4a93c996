"""The data the page's script reads: meetings, entities, who attended what with the
sentence to cite, sources, and the laid-out scenes, as one JSON document.

Text stays text: the script puts it in the page with ``textContent`` (never as markup) and
makes a link only of an http(s) URL; this module also drops any other scheme from links.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from .scenes import Catalog, Scene, country_name
from .viewdata import ROLE_WORDS


def link_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, else None (shown as text)."""
    if not url:
        return None
    try:
        parts = urllib.parse.urlsplit(str(url).strip())
    except ValueError:
        return None
    return str(url).strip() if parts.scheme in ("http", "https") and parts.netloc else None


class _Interned:
    """A list of distinct values and each one's index (evidence sentences repeat)."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.index: dict[Any, int] = {}

    def __call__(self, value: Any) -> int:
        if value not in self.index:
            self.index[value] = len(self.items)
            self.items.append(value)
        return self.index[value]


def page_data(
    cat: Catalog, scenes: dict[str, Scene], initial: str, heading: str, budget: int
) -> dict[str, Any]:
    """The JSON document of the page (see the module docstring)."""
    data = cat.data
    texts, sources = _Interned(), _Interned()
    ref = cat.ref

    def source(readout: str | None) -> int:
        src = data.sources.get(readout or "")
        if src is None:
            return -1
        label = " · ".join(x for x in (src.publisher, src.headline) if x) or (src.url or "")
        return sources((label, src.url or "", link_url(src.url) or ""))

    meetings = []
    for iri in cat.meeting_iris:
        m = data.meetings[iri]
        meetings.append(
            {
                "label": m.label or f"{m.date or 'undated'} {m.kind or 'meeting'}",
                "date": m.date or "",
                "kind": m.kind or "meeting",
                "place": m.place or "",
                "mech": cat.mechanism_index.get(m.mechanism or "", -1),
                "countries": sorted(m.countries),
                "topics": sorted(m.topics),
                "sources": sorted(source(r) for r in m.readouts if source(r) >= 0),
                "iri": iri,
            }
        )
    entities = []
    for iri in cat.entity_iris:
        e = data.entities[iri]
        entities.append(
            {
                "kind": e.kind,
                "label": e.label,
                "country": e.country or "",
                "names": sorted(e.names - {e.label}),
                "parent": ref.get(e.parent or "", ""),
                "iri": iri,
            }
        )
    attend = []
    for (entity, meeting), att in sorted(data.attendances.items()):
        if entity not in ref or meeting not in ref:
            continue
        attend.append(
            {
                "e": ref[entity],
                "m": ref[meeting],
                "title": att.title or "",
                "roles": sorted(ROLE_WORDS.get(r, r) for r in att.roles),
                "agency": ref.get(att.agency or "", ""),
                "cite": [
                    [
                        texts(c.text),
                        sources((c.publisher or "", c.url or "", link_url(c.url) or "")),
                        1 if c.curated else 0,
                    ]
                    for c in att.citations
                ],  # fmt: skip
            }
        )
    codes = sorted({c for m in data.meetings.values() for c in m.countries})
    return {
        "heading": heading,
        "budget": budget,
        "initial": initial,
        "countries": {c: country_name(c) for c in codes},
        "mechanisms": [data.mechanisms[k] for k in cat.mechanism_iris],
        "meetings": meetings,
        "entities": entities,
        "attend": attend,
        "texts": texts.items,
        "sources": [list(s) for s in sources.items],
        "scenes": {
            key: {
                "title": s.title,
                "kind": s.kind,
                "note": s.note,
                "nodes": [list(n) for n in s.nodes],
                "edges": [list(e) for e in s.edges],
                "meetings": s.meetings,
            }
            for key, s in scenes.items()
        },
    }


def script_json(document: dict[str, Any]) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``
    (so no ``</script>`` or comment can end the element), no U+2028/9 line breaks."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

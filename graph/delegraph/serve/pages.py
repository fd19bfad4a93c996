"""The HTML pages of ``serve``: the query page (every named query as a form, with what it
answers in plain words) and a named query's answer as a table, every value escaped.

In a table, a value that is an http(s) URL is a link (any other scheme stays text); the
store's own meetings, officials and mechanisms link to the question that follows them up
(a meeting to its delegations, an official to their history, a mechanism to its
timeline), shown by their short id, and its other IRIs show as short ids. Columns wrap at
the window's width, and a long answer is shown ``ROWS_PER_SCREEN`` rows at a time
(``?rows-from=N``).
"""

from __future__ import annotations

import html
import urllib.parse
from typing import Any

from .. import vocab as V
from ..iris import MECHANISM_NS, MEETING_NS, OFFICIAL_NS, local_id
from ..query.named import short_id

ROWS_PER_SCREEN = 200
SHORT_CELL = 12  # characters: a value this short (a date, a code) is kept on one line
ROWS_FROM = "rows-from"  # never a query parameter: those are SPARQL variable names
# the question that follows up an entity of the store: (namespace, query, its parameter)
FOLLOW_UP = (
    (MEETING_NS, "meeting-delegations", "meeting"),
    (OFFICIAL_NS, "official-history", "name"),
    (MECHANISM_NS, "mechanism-timeline", "mechanism"),
)

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1em;line-height:1.4}"
    "main{max-width:72em;margin:auto}section{border-top:1px solid #ccc;padding:.3em 0}"
    "textarea{width:100%}small,.meta{color:#555}"
    "table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left;"
    "overflow-wrap:anywhere}th{background:#f3f3f3;position:sticky;top:0;white-space:nowrap}"
    # a long id or URL may break anywhere, so nothing widens the table past the window;
    # headers and short values (dates, codes, numbers) never break
    "td.short{white-space:nowrap}"
    "nav a{margin-right:1em}"
)


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_esc(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def index_page(catalogue: list[dict[str, Any]], allow_update: bool, timeout: float) -> str:
    """The query page: each named query as a form with its parameters, plus a free SPARQL
    box. Every piece of text is HTML-escaped."""
    sections = []
    for q in catalogue:
        inputs = []
        for p in q["params"]:
            placeholder = "" if p["default"] is None else p["default"]
            req = " required" if p["required"] else ""
            inputs.append(
                f'<label>{_esc(p["name"])} <input name="{_esc(p["name"])}" '
                f'placeholder="{_esc(placeholder)}"{req}></label> '
                f"<small>{_esc(p['description'])}</small><br>"
            )
        sections.append(
            f"<section><h3>{_esc(q['title'] or q['name'])} <code>{_esc(q['name'])}</code></h3>"
            f"<p>{_esc(q['description'])}</p>"
            f'<form method="get" action="/queries/{urllib.parse.quote(q["name"])}">'
            + "".join(inputs)
            + '<select name="format"><option>html</option><option>json</option>'
            "<option>csv</option></select> <button>Run</button></form></section>"
        )
    mode = "read-write" if allow_update else "read-only"
    example = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25"
    return _page(
        "delegraph",
        "<h1>delegraph</h1>"
        f"<p>SPARQL endpoint: <code>/sparql</code> ({mode}, {timeout:g} s timeout). "
        '<a href="/view">Graph view</a> · <a href="/queries">named queries (JSON)</a></p>'
        "<h2>Named queries</h2>" + "".join(sections) + "<h2>SPARQL</h2>"
        '<form method="get" action="/sparql">'
        f'<textarea name="query" rows="8">{_esc(example)}</textarea><br>'
        '<select name="format"><option>json</option><option>xml</option><option>csv</option>'
        "<option>tsv</option><option>turtle</option><option>ntriples</option>"
        "<option>jsonld</option></select> <button>Run</button></form>",
    )


def web_link(value: object) -> str | None:
    """*value* as an href when it is an http(s) URL with a host (parsed, not pattern
    matched), else None: ``javascript:``, ``data:`` and the like never become links."""
    if not isinstance(value, str) or any(ch.isspace() or ord(ch) < 0x20 for ch in value):
        return None
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _query_url(name: str, params: dict[str, object]) -> str:
    return f"/queries/{urllib.parse.quote(name)}?" + urllib.parse.urlencode(params)


def cell_html(value: object) -> str:
    """One table cell's content: a follow-up link for the store's meetings, officials and
    mechanisms (by short id), the short id of the store's other IRIs (its agencies,
    readouts, topics: identifiers, not pages to visit), a link for any other http(s) URL,
    escaped text otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    for ns, query, param in FOLLOW_UP:
        local = local_id(value, ns)
        if local and "/" not in local:
            href = _query_url(query, {param: local, "format": "html"})
            return f'<a href="{_esc(href)}" title="{_esc(value)}">{_esc(local)}</a>'
    if isinstance(value, str) and value.startswith(V.BASE):
        return f'<span title="{_esc(value)}">{_esc(short_id(value))}</span>'
    href = web_link(value)
    if href:
        return f'<a href="{_esc(href)}" rel="noreferrer">{_esc(value)}</a>'
    return _esc(value)


def results_page(
    query: Any,
    rows: list[dict],
    params: dict[str, str] | None = None,
    paging: tuple[bool, str | None] = (False, None),
    columns: list[str] | None = None,
    rows_from: str | None = None,
) -> str:
    """A named query's answer as a table (*query*: a ``NamedQuery``): its title and
    description, the parameters given, ``ROWS_PER_SCREEN`` rows from *rows_from*, and links
    to the other screens and, for a list read a page at a time (*paging*: whether it is
    one, and the ``after`` of the next page when this one is full), to its first page and
    the next."""
    params = dict(params or {})
    cols = list(columns or (rows[0] if rows else []))
    for row in rows[:1]:
        cols += [k for k in row if k not in cols]
    first = max(1, int(rows_from)) if (rows_from or "").isdigit() else 1
    shown = rows[first - 1 : first - 1 + ROWS_PER_SCREEN]
    kept = {k: v for k, v in params.items() if k not in ("after", "format")}
    same = {**kept, **({"after": params["after"]} if "after" in params else {}), "format": "html"}
    screens = []
    if first > 1:
        back = max(1, first - ROWS_PER_SCREEN)
        screens.append(_nav(query.name, {**same, ROWS_FROM: back}, "prev", "previous rows"))
    if first - 1 + ROWS_PER_SCREEN < len(rows):
        on = first + ROWS_PER_SCREEN
        screens.append(_nav(query.name, {**same, ROWS_FROM: on}, "next", "next rows"))
    paged, following = paging
    later = bool(params.get("after"))  # a page after the first
    pages = []
    if paged and later:
        pages.append(_nav(query.name, {**kept, "format": "html"}, "first", "first page"))
    if following:
        pages.append(
            _nav(query.name, {**kept, "after": following, "format": "html"}, "next", "next page")
        )
    counted = f"{len(rows)} row{'' if len(rows) == 1 else 's'}"
    if len(shown) < len(rows):
        counted = f"rows {first}–{first + len(shown) - 1} of {len(rows)}"
    if paged:
        counted += f", {'a later' if later else 'the first'} page of the list"
        counted += f" ({_list_pages(following, later)})"
    nav = "<nav>" + "".join(screens + pages) + "</nav>" if screens or pages else ""
    given = ", ".join(f"{k} = {v}" for k, v in params.items() if k != "format")
    head = "".join(f"<th>{_esc(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(_cell(r.get(c)) for c in cols) + "</tr>" for r in shown)
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if rows else ""
    other = urllib.parse.urlencode({**params, "format": "csv"})
    return _page(
        query.title or query.name,
        '<p><a href="/">all questions</a></p>'
        f"<h1>{_esc(query.title or query.name)}</h1>"
        f"<p>{_esc(query.description)}</p>"
        f'<p class="meta"><code>{_esc(query.name)}</code>'
        + (f" with {_esc(given)}" if given else "")
        + f": {counted}. "
        f'<a href="{_esc(_query_url(query.name, {}) + other)}">CSV</a></p>'
        + (nav + table + nav if rows else "<p>No rows.</p>"),
    )


def _cell(value: object) -> str:
    short = value is not None and len(str(value)) <= SHORT_CELL
    return f'<td class="short">{cell_html(value)}</td>' if short else f"<td>{cell_html(value)}</td>"


def _list_pages(following: str | None, later: bool) -> str:
    return "more follow" if following else "the last" if later else "the only one"


def _nav(name: str, params: dict[str, object], rel: str, text: str) -> str:
    return f'<a rel="{rel}" href="{_esc(_query_url(name, params))}">{_esc(text)}</a>'

"""The HTML pages of ``serve``: the query page and result tables, every value escaped."""

from __future__ import annotations

import html
import urllib.parse
from typing import Any


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


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
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>delegraph</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}"
        "section{border-top:1px solid #ccc}textarea{width:100%}small{color:#555}</style>"
        "</head><body><h1>delegraph</h1>"
        f"<p>SPARQL endpoint: <code>/sparql</code> ({mode}, {timeout:g} s timeout). "
        '<a href="/view">Graph view</a> · <a href="/queries">named queries (JSON)</a></p>'
        "<h2>SPARQL</h2>"
        '<form method="get" action="/sparql">'
        f'<textarea name="query" rows="8">{_esc(example)}</textarea><br>'
        '<select name="format"><option>json</option><option>xml</option><option>csv</option>'
        "<option>tsv</option><option>turtle</option><option>ntriples</option>"
        "<option>jsonld</option></select> <button>Run</button></form>"
        "<h2>Named queries</h2>" + "".join(sections) + "</body></html>"
    )


def _rows_html(
    name: str,
    rows: list[dict],
    params: dict[str, str] | None = None,
    paged: bool = False,
    following: str | None = None,
) -> str:
    """A named query's rows as a table; a page of a list after the first links the first
    page and, when full, the next (the rows *after* the cursor *following*), with the same
    parameters."""
    cols = list(rows[0]) if rows else []
    params = params or {}
    links = []
    url = f"/queries/{urllib.parse.quote(name)}?"
    kept = {k: v for k, v in params.items() if k not in ("after", "format")}
    if paged and params.get("after"):
        query = urllib.parse.urlencode({**kept, "format": "html"})
        links.append(f'<a rel="first" href="{_esc(url + query)}">first page</a>')
    if following:
        query = urllib.parse.urlencode({**kept, "after": following, "format": "html"})
        links.append(f'<a rel="next" href="{_esc(url + query)}">next page</a>')
    nav = "<p>" + " · ".join(links) + "</p>" if links else ""
    head = "".join(f"<th>{_esc(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(r.get(c))}</td>" for c in cols) + "</tr>" for r in rows
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{_esc(name)}</title>"
        "<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px}"
        "table{border-collapse:collapse}</style></head><body>"
        f'<p><a href="/">back</a></p><h1>{_esc(name)}</h1><p>{len(rows)} row(s)</p>'
        f"{nav}<table><tr>{head}</tr>{body}</table>{nav}</body></html>"
    )

"""Content negotiation for the endpoint: which media types each query form can answer,
which methods each route allows, and the HTTP error a request gets."""

from __future__ import annotations

RESULT_FORMATS = {  # SELECT / ASK
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}


GRAPH_FORMATS = {  # CONSTRUCT / DESCRIBE
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


MEDIA_TO_FORMAT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/rdf+xml": "rdfxml",
}


FORMAT_ALIASES = {
    "nt": "ntriples",
    "n-triples": "ntriples",
    "ttl": "turtle",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
}


class HttpError(Exception):
    """An error answer: status code, a one-line plain-text message and any headers it needs
    (``Allow`` on a 405)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def allowed_methods(path: str) -> str | None:
    """The ``Allow`` header of a route (the methods its path answers), None for no route."""
    if path == "/sparql":
        return "GET, HEAD, POST, OPTIONS"
    if path in ("/", "/queries", "/view") or path.startswith("/queries/"):
        return "GET, HEAD, OPTIONS"
    return None


# --- content negotiation --------------------------------------------------------------------


def accepted(accept: str | None) -> tuple[list[str], bool]:
    """The media types of an Accept header, most wanted first (q-values honoured, q=0
    dropped, ties in the header's order), and whether it named any."""
    ranked, named = [], False
    for i, part in enumerate((accept or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        named = named or bool(media)
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return [media for _, _, media in sorted(ranked)], named


NAMED_FORMATS = ("json", "csv", "html")  # a named query's answer at /queries/NAME
_NAMED_MEDIA = {
    "application/json": "json",
    "text/csv": "csv",
    "text/html": "html",
    "application/xhtml+xml": "html",
}


def negotiate_named(accept: str | None, fmt: str | None) -> str:
    """The format of a named query's answer: ``?format=`` when given, else the most wanted
    of HTML, JSON and CSV in Accept, so a browser (``text/html`` first) gets the table
    and a client that asks for anything (``*/*``, no Accept) JSON; 406 otherwise."""
    if fmt:
        if fmt.lower() not in NAMED_FORMATS:
            raise HttpError(406, f"format {fmt!r}: use {', '.join(NAMED_FORMATS)}")
        return fmt.lower()
    ranked, named = accepted(accept)
    for media in ranked:
        if media in ("*/*", "application/*", "text/*"):
            return "json"
        if media in _NAMED_MEDIA:
            return _NAMED_MEDIA[media]
    if named:
        raise HttpError(
            406, "no type in Accept is available: use text/html, application/json, text/csv or */*"
        )
    return "json"


def negotiate(form: str, accept: str | None, fmt: str | list[str] | None) -> str:
    """The output format key for a query form, from ``format`` (names or media types; the
    first usable of several wins, as SPARQLWrapper sends several) or else the Accept header
    (q-values honoured); SPARQL JSON / Turtle without Accept or for a wildcard, 406 when
    Accept names only types this form cannot give."""
    allowed = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
    default = next(iter(allowed))
    wanted = [fmt] if isinstance(fmt, str) else list(fmt or [])
    names = [n.strip().lower() for value in wanted for n in value.split(",") if n.strip()]
    for name in names:
        key = FORMAT_ALIASES.get(name, MEDIA_TO_FORMAT.get(name, name))
        if key == "json" and allowed is GRAPH_FORMATS:
            key = "jsonld"
        if key in allowed:
            return key
    if names:
        raise HttpError(
            406, f"format {wanted[-1]!r} is not available for {form}: use {', '.join(allowed)}"
        )
    ranked, named = accepted(accept)
    for media in ranked:
        if media in ("*/*", "application/*", "text/*"):
            return default
        key = MEDIA_TO_FORMAT.get(media)
        if key == "json" and allowed is GRAPH_FORMATS:
            key = "jsonld"
        if key in allowed:
            return key
    if named:
        types = ", ".join(media.split(";")[0] for media in allowed.values())
        raise HttpError(406, f"no type in Accept is available for {form}: use {types} or */*")
    return default

"""The interactive HTML view of a store: one offline file an analyst reads at any size.

``build_view`` reads the store (``viewdata``), lays out the scenes (``scenes``, ``layout``)
and renders the page (``payload``, ``page``; ``assets/view.js`` draws it). When meetings,
officials and agencies fit in the node budget the page opens on them; above it, on the
countries linked by their meetings, with the agency roll-up and one scene per country,
country pair and mechanism to drill down into. ``--focus`` keeps one entity's meetings.

Example:

>>> from delegraph.store import open_store  # doctest: +SKIP
>>> page = build_view(open_store("memory:"))  # doctest: +SKIP
>>> "vis.Network" in page  # doctest: +SKIP
True
"""

from __future__ import annotations

import html as _html
from pathlib import Path

from ..errors import QueryError
from ..output import checked_output, write_atomically
from .analyze import Selectable
from .focus import find_focus, focus_meetings
from .page import check_offline, render_page
from .payload import page_data
from .scenes import Catalog, all_scenes
from .viewdata import load_view_data

__all__ = ["build_view", "write_view", "notebook_html", "check_offline", "MIN_NODES"]

MIN_NODES = 10  # the smallest --max-nodes a view is drawn with
DEFAULT_MAX_NODES = 300  # nodes drawn before the view aggregates


def build_view(
    store: Selectable,
    focus: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = 7,
) -> str:
    """The HTML page of the store (see the module docstring).

    ``focus`` keeps only the meetings of the one official, agency, meeting, mechanism or
    country it names (by any name, alias or acronym), so the page stays small in a big
    store; ``QueryError`` when it names none or several (the message lists them). The
    same store and ``seed`` give the same page.
    """
    if max_nodes < 1:
        raise QueryError("--max-nodes must be at least 1")
    data = load_view_data(store)
    cat = Catalog(data)
    heading, title, target = "delegraph: meetings, officials and agencies", "All meetings", None
    if focus is not None:
        target = find_focus(cat, focus)
        cat = Catalog(data.restricted(focus_meetings(cat, target)))
        heading, title = f"delegraph: around {target.label}", f"Meetings of {target.label}"
    scenes, fits = all_scenes(cat, max_nodes, seed, title)
    document = page_data(cat, scenes, "all" if fits else "countries", heading, max_nodes)
    if target is not None:
        document["focus"] = {
            "country": f"c{target.key}",
            "mechanism": f"k{cat.mechanism_index.get(target.key)}",
        }.get(target.kind) or cat.ref[target.key]
    return render_page(document, heading)


def write_view(
    store: Selectable,
    path: str | Path,
    focus: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    seed: int = 7,
) -> Path:
    """Write ``build_view(...)`` to ``path`` atomically (temporary sibling, then rename);
    the path is checked before the view is built."""
    path = checked_output(path)
    page = build_view(store, focus=focus, max_nodes=max_nodes, seed=seed)
    return write_atomically(path, page.encode("utf-8"))


class _InlineHTML:
    """Fallback for ``notebook_html`` when IPython is not installed."""

    def __init__(self, data: str):
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


def notebook_html(page: str, height: int = 720):
    """Show a view page inline in Jupyter or VS Code: an ``<iframe srcdoc=…>`` (a file path
    would not load in every front end), returned as ``IPython.display.HTML``.

    >>> "<iframe srcdoc=" in notebook_html("<p>hi</p>").data
    True
    """
    frame = (  # wrapped in a div: IPython warns about a bare <iframe>
        f'<div class="delegraph-view"><iframe srcdoc="{_html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        'sandbox="allow-scripts"></iframe></div>'
    )
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover - IPython ships with the dev extras
        return _InlineHTML(frame)
    return HTML(frame)

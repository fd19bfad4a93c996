"""The HTML page: one offline file with vis-network (from pyvis's bundle), the view's own
script and style (``views/assets/``) and the data as JSON in a script element.

The only module that imports pyvis: we use its packaged copy of vis-network, not its
template (which links CDNs and inserts node ids and titles as HTML). Every text from the
store reaches the page as JSON data, never as markup; the heading is escaped.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis

from .payload import script_json

VIS_VERSION = "9.1.2"

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<style>@CSS@</style>
</head>
<body>
<header id="dg-head"><h1>@TITLE@</h1><nav id="dg-crumbs"></nav><div id="dg-note"></div></header>
<main id="dg-main">
<aside id="dg-side"></aside>
<section id="dg-stage">
  <div id="dg-tabs"></div>
  <div id="dg-network"></div>
  <div id="dg-timeline" hidden></div>
</section>
<aside id="dg-detail"><p class="dg-hint">Click a node, a link or a meeting in the timeline
to see its meetings and the sentences that state them.</p></aside>
</main>
<script type="application/json" id="dg-data">@DATA@</script>
<script>@VIS@</script>
<script>@SCRIPT@</script>
</body>
</html>
"""


@lru_cache(maxsize=1)
def _vis_network() -> str:
    path = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    return (path / "vis-network.min.js").read_text(encoding="utf-8")


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def render_page(document: dict[str, Any], title: str) -> str:
    """The page for ``document`` (``payload.page_data``); checked to load nothing remote."""
    parts = {
        "@TITLE@": html.escape(title),
        "@CSS@": _asset("view.css"),
        "@DATA@": script_json(document),
        "@VIS@": _vis_network().replace("</script", "<\\/script"),
        "@SCRIPT@": _asset("view.js"),
    }
    # one pass, so a marker inside the inserted text is never replaced in turn
    page = re.sub("|".join(map(re.escape, parts)), lambda m: parts[m.group(0)], _TEMPLATE)
    check_offline(page)
    return page


def check_offline(page: str) -> None:
    """Raise ``RuntimeError`` if the page would load anything from elsewhere."""
    found = re.search(
        r"<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//",
        page,
        re.IGNORECASE,
    ) or re.search(r"@import|url\(\s*[\"']?(?:https?:)?//", page, re.IGNORECASE)
    if found:
        raise RuntimeError(f"view would load a remote resource: {found.group(0)[:80]!r}")

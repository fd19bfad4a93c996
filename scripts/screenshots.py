"""Regenerate the README's pictures of the view from the bundled data: docs/view.png (the
network with an official's details) and docs/timeline.png (the timeline, a row per official).

Builds ``data/`` into a temporary store, writes the view, and photographs it in Debian's
headless chromium (playwright with ``executable_path``; never ``playwright install``).

    python scripts/screenshots.py            # from the repository root
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = os.environ.get("DELEGRAPH_CHROMIUM", "/usr/bin/chromium")
SIZE = {"width": 1600, "height": 1000}
OFFICIAL = "Wei Xiaojun"  # whose details the network picture shows


def main() -> int:
    from playwright.sync_api import sync_playwright

    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "view.html"
        command = [sys.executable, "-m", "delegraph", "build", "-q", "--store",
                   str(Path(tmp) / "store"), "-o", str(page_path)]  # fmt: skip
        subprocess.run(command, check=True, cwd=ROOT)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            page = browser.new_page(viewport=SIZE, device_scale_factor=1)
            page.goto(page_path.as_uri())
            page.wait_for_function("window.delegraphStable === true")
            page.fill("#dg-search", OFFICIAL)
            page.locator("#dg-suggest button").first.click()
            page.evaluate("delegraph.network.fit({animation: false})")
            page.screenshot(path=str(DOCS / "view.png"))
            page.click("#dg-tabs >> text=Timeline")
            page.select_option("#dg-rows", "official")
            page.locator("#dg-timeline circle[data-ref]").last.click()
            page.screenshot(path=str(DOCS / "timeline.png"))
            browser.close()
    print(f"wrote {DOCS / 'view.png'} and {DOCS / 'timeline.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The system Chromium driven by Playwright: shared by the browser tests, `make pdf` and the screenshots.

Never downloads a browser: Playwright is pointed at Debian's ``/usr/bin/chromium``
(``apt-get install chromium``; ``make browser-deps`` does it). Requests that leave the machine are
aborted, so what is tested is what a reader sees offline.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("MMDP_CHROMIUM", "/usr/bin/chromium")
# As root, on a machine with no network but the package registries: no sandbox, no background calls.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--font-render-hinting=none",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def chromium_missing() -> str | None:
    """Why the browser cannot start, or None."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} not found: install Debian's chromium (`make browser-deps`, or apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    return None


def launch(playwright):
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or (parts.hostname or "") in LOCAL_HOSTS


def block_outside_localhost(context, blocked: list[str] | None = None) -> None:
    """Abort every request that would leave the machine; record its URL in ``blocked``."""

    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL (with a trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def axe(page, options: dict | None = None) -> dict:
    """Run axe-core in ``page`` (the axe.min.js that the pinned axe-playwright-python ships)."""
    import axe_playwright_python

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        script = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
        page.evaluate(script)
    return page.evaluate("options => axe.run(document, options)", options or {})


def violations_by_impact(results: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for violation in results["violations"]:
        counts[violation["impact"] or "none"] = counts.get(violation["impact"] or "none", 0) + len(violation["nodes"])
    return counts


def screenshot_pages(browser, base: str, shots: dict[str, tuple[str, str | None]], folder: Path) -> None:
    """Each of ``shots`` ({file: (page, anchor or None)}) at desktop width, offline, scrolled to its anchor,
    saved into ``folder`` and shrunk to commit."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    block_outside_localhost(context)
    for file, (name, anchor) in shots.items():
        page = context.new_page()
        page.goto(base + name)
        if anchor:
            page.locator(anchor).first.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -160)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / file))
        shrink_png(folder / file)
        page.close()
    context.close()


def shrink_png(path: Path) -> None:
    """Make a screenshot small enough to commit: 256 colours, optimised (text stays sharp)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)

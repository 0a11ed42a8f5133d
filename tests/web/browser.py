"""Helpers for the browser tests: a live server on a free port, contrast maths, screenshots."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from swpolicy.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Set to a folder (e.g. docs/screenshots) to save a screenshot of each main page.
SHOTS = os.environ.get("SWPOLICY_SCREENSHOTS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(database: Path) -> Iterator[str]:
    """Run the app with uvicorn on 127.0.0.1 in a thread; yield its base URL."""
    port = free_port()
    app = create_app(f"sqlite:///{database}", reports_dir=database.parent / "reports")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def parse_rgb(text: str) -> tuple[float, float, float, float]:
    numbers = [float(x) for x in re.findall(r"[\d.]+", text)]
    return (numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0)


def luminance(rgb: tuple[float, float, float, float]) -> float:
    """WCAG 2 relative luminance."""

    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""
    a, b = luminance(parse_rgb(fg)), luminance(parse_rgb(bg))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


# For each matching element: its text colour and the first opaque background behind it.
COLOURS_JS = """
(selector) => Array.from(document.querySelectorAll(selector)).slice(0, 20).map((el) => {
  let node = el, bg = "rgb(255, 255, 255)";
  while (node) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && c !== "transparent" && !c.startsWith("rgba(0, 0, 0, 0)")) { bg = c; break; }
    node = node.parentElement;
  }
  return [getComputedStyle(el).color, bg, el.textContent.trim().slice(0, 30)];
})
"""

# Visible form controls without a label (a <label for>, a wrapping label or aria-label).
UNLABELLED_JS = """
() => Array.from(document.querySelectorAll("input, select, textarea"))
  .filter((el) => el.type !== "hidden")
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
  .map((el) => el.outerHTML.slice(0, 80))
"""

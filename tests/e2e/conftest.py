"""Browser tests: the real app under `streamlit run`, driven by Playwright in Debian's Chromium.

No skip when Chromium is missing: a suite that quietly skips its browser tests is failing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
# The first page of a fresh server loads the demo pilot; on a busy 2-core machine (CI, parallel
# work) that and Streamlit's first script run take seconds, so waits are generous (they end early).
expect.set_options(timeout=30_000)
CHROMIUM = os.environ.get("PILOT_CHROMIUM", "/usr/bin/chromium")
# Without an emoji font the pages' icons and signs are empty boxes (tofu), unlike in users' browsers
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: run ./test.sh to install it"
    assert EMOJI_FONT.exists(), f"No emoji font ({EMOJI_FONT}): run ./test.sh to install it"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """A fresh `streamlit run app.py` on 127.0.0.1 over a new database (so: the demo pilot)."""
    with serve(tmp_path / "e2e.db") as url:
        yield url


@contextlib.contextmanager
def serve(db: Path, address: str = "127.0.0.1", *extra: str) -> Iterator[str]:
    """`streamlit run app.py` over the database `db` (a new file: the demo pilot); its log is NAME.log."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        address,
        "--server.port",
        str(port),
        *extra,
    ]
    url = f"http://127.0.0.1:{port}"
    with running(cmd, f"{url}/_stcore/health", db.with_suffix(".log"), {"PILOT_DB": str(db)}):
        yield url


@contextlib.contextmanager
def running(cmd: list[str], ready_url: str, log_file: Path, env: dict[str, str]) -> Iterator[None]:
    """A server (`cmd`: python -m MODULE ..., run in the repository with `env` added), from the
    moment `ready_url` answers until the block ends."""
    with open(log_file, "w") as log:
        env = {**os.environ, **env}
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(ready_url, proc)
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a script still running (a PDF) holds it up: no leftovers
                proc.kill()
                proc.wait()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def open_app(page: Page, url: str) -> None:
    """Open a URL and wait until Streamlit has finished running the script."""
    page.goto(url)
    wait_idle(page)


def wait_idle(page: Page) -> None:
    """Wait for the page's title (every page has one), then for the script run to finish."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[2]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{proc.args[2]} did not answer at {url} within {timeout}s")


def tile(page: Page, label: str) -> Locator:
    """A figure drawn by ui.box or ui.tile (Markdown: the label, then the value as a heading)."""
    return page.get_by_test_id("stMarkdown").filter(has_text=label).filter(has=page.locator("h3")).first


def tile_values(page: Page) -> Locator:
    """The values of every ui.box and ui.tile on the page, in order."""
    return page.get_by_test_id("stMarkdown").locator("h3")

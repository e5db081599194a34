"""`make screenshots`: the demo's main pages at 1366x768 and 390x844, light and dark, as PNGs.

Builds a throwaway database, loads the demo (`seed_demo`), serves it on a free port, logs in as
the demo student, instructor and TA, and saves full-page PNGs into the git-ignored screenshots/.
`--readme` also refreshes the small copies in docs/screenshots/ that the README shows.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "colloquy-demo"  # noqa: S105 -- the demo accounts' published password
VIEWPORTS = {"1366": (1366, 768), "390": (390, 844)}
THEMES = ("light", "dark")
COURSE = "Civics 101: Founding Documents"
READING = "The Declaration of Independence"
# What a teacher might paste from a web page: the preview shows what is kept and what is not.
PASTE = "\n\n".join(
    [
        "Home | News | Opinion | Subscribe",
        "The Commonplace Book",
        "By Ada Whitfield",
        "Share this article",
        "Before notebooks were cheap, readers copied the lines that mattered to them into a "
        "single book, sorted under headings: friendship, courage, the weather, death. The habit "
        "made reading slow on purpose, because a sentence had to be chosen before it was kept.",
        "A commonplace book was never private in the way a diary is. Friends borrowed them, "
        "added to them, argued in their margins. Some were passed down for three generations, "
        "each owner's hand a little different from the last.",
        "What the habit teaches is not memory but judgement: which line, out of a whole "
        "chapter, is worth an evening's ink.",
        "Most Popular\nSign up for our newsletter",
    ]
)
# README copies: (screenshot name, viewport, theme), saved as small JPEGs of the first screen.
README_SHOTS = [
    ("reading-open", "1366", "light"),
    ("reading-open", "390", "dark"),
    ("import-preview", "1366", "dark"),
    ("queue", "390", "light"),
]
TAKEN: list[str] = []  # file names saved in this run, for the summary


def manage(env: dict, *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    for _ in range(150):
        if server.poll() is not None:
            sys.exit(f"The server stopped:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2)  # noqa: S310 -- loopback
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
        else:
            return
    sys.exit(f"The server did not answer at {url}:\n{log.read_text()}")


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def open_reading(page) -> None:
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name=READING, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(READING)


def open_discussion(page, number: int):
    page.get_by_role("link", name=re.compile(rf"^Discussion of paragraph {number}:")).click()
    discussion = page.get_by_role("region", name=f"Discussion of paragraph {number}", exact=True)
    expect(discussion).to_be_visible()
    return discussion


def prepare(browser, base: str) -> dict:
    """What the demo lacks for the tour: a flagged comment and an import waiting in preview."""
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, "amara")
    open_reading(page)
    reading_url = page.url
    discussion = open_discussion(page, 1)
    discussion.get_by_role("link", name="Flag").first.click()
    page.get_by_label("What is wrong with it?").select_option(label="Off-topic")
    page.get_by_label("Note for the staff").fill("This is about the King, not this paragraph.")
    discussion.get_by_role("button", name="Flag").click()
    expect(discussion).to_contain_text("a moderator will take a look")
    context.close()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, "rivera")
    page.goto(base + "/readings/import/")
    page.get_by_label("Or paste the text").fill(PASTE)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check")
    draft_url = page.url
    page.goto(base + "/")
    open_reading(page)
    participation_url = page.get_by_role("link", name="Participation").get_attribute("href")
    context.close()
    return {"reading": reading_url, "draft": draft_url, "participation": participation_url}


def open_reply_form(page) -> None:
    discussion = open_discussion(page, 2)
    ben = discussion.locator("article").filter(has=page.get_by_text("Ben Kowalski", exact=True))
    ben.first.get_by_role("link", name="Reply", exact=True).click()
    box = page.get_by_label("Reply to Ben Kowalski")
    expect(box).to_be_focused()
    box.fill("Douglass asks what the Fourth of July means to the enslaved:")
    if page.viewport_size["width"] >= 1120:
        # Beside the text: start the screen at the paragraph, its discussion in the margin.
        paragraph = discussion.locator("xpath=ancestor::section[contains(@class, 'paragraph')]")
        paragraph.evaluate("p => window.scrollTo(0, p.getBoundingClientRect().top + scrollY - 16)")


def shoot(page, name: str, size: str, theme: str, readme: bool, *, whole: bool = True) -> None:
    """Save the whole page, or (whole=False, for the long reading) the screen as it stands."""
    page.wait_for_load_state("networkidle")
    if readme and (name, size, theme) in README_SHOTS:
        page.screenshot(path=DOCS / f"{name}-{size}-{theme}.jpg", type="jpeg", quality=55)
    screen = page.viewport_size
    if whole:
        # A window as tall as the page, so a sticky bar sits where it ends, not mid-page.
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": screen["width"], "height": max(height, screen["height"])})
    page.screenshot(path=OUT / f"{name}-{size}-{theme}.png")
    page.set_viewport_size(screen)
    TAKEN.append(f"{name}-{size}-{theme}.png")


def shoot_all(browser, base: str, urls: dict, readme: bool) -> list[str]:
    for theme in THEMES:
        for size, (width, height) in VIEWPORTS.items():
            options = {
                "viewport": {"width": width, "height": height},
                "color_scheme": theme,
                "reduced_motion": "reduce",
                "device_scale_factor": 1,
            }

            def new_page(username=None, options=options):
                context = browser.new_context(**options)
                page = context.new_page()
                if username:
                    log_in(page, base, username)
                return page

            page = new_page()
            page.goto(base + "/accounts/login/")
            shoot(page, "login", size, theme, readme)
            page.context.close()

            page = new_page("amara")
            shoot(page, "home", size, theme, readme)
            page.goto(urls["reading"])
            shoot(page, "reading", size, theme, readme, whole=False)
            open_reply_form(page)
            shoot(page, "reading-open", size, theme, readme, whole=False)
            page.goto(urls["reading"] + "?all=1")
            shoot(page, "reading-all", size, theme, readme)
            page.context.close()

            page = new_page("rivera")
            page.get_by_role("link", name=COURSE).click()
            shoot(page, "course", size, theme, readme)
            page.get_by_role("link", name="Roster", exact=True).click()
            shoot(page, "roster", size, theme, readme)
            page.goto(urls["draft"])
            # The first screen shows the blocks the importer found, not the title fields.
            page.get_by_role("heading", name="Paragraphs").evaluate("h => h.scrollIntoView()")
            shoot(page, "import-preview", size, theme, readme)
            page.goto(base + urls["participation"])
            shoot(page, "participation", size, theme, readme)
            page.context.close()

            page = new_page("chen")
            page.get_by_role("link", name=COURSE).click()
            page.get_by_role("link", name="Review queue", exact=True).click()
            shoot(page, "queue", size, theme, readme)
            page.context.close()
    return TAKEN


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="refresh docs/screenshots/ too")
    readme = parser.parse_args().readme
    if not CHROMIUM.exists():
        sys.exit(f"Screenshots need Debian's Chromium at {CHROMIUM} (apt-get install chromium).")
    OUT.mkdir(exist_ok=True)
    if readme:
        DOCS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="colloquy-screenshots-") as folder:
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3"}
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo")
        base = f"http://127.0.0.1:{free_port()}"
        log = Path(folder) / "server.log"
        with log.open("w") as output:
            address = base.removeprefix("http://")
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", address, "--noreload"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_up(base, server, log)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
                )
                names = shoot_all(browser, base, prepare(browser, base), readme)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{len(names)} screenshots in {OUT.relative_to(ROOT)}/:")
    for name in names:
        print(f"  {name}")
    if readme:
        for path in sorted(DOCS.glob("*.jpg")):
            print(f"  README copy {path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()

"""Checks and screenshots at laptop and phone widths, shared by the browser tests."""

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}


def assert_fits_width(page, what: str) -> None:
    """Nothing may make the page scroll sideways or poke past the right edge."""
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll("body *")].filter((element) => {
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            if (box.width === 0 || style.visibility === "hidden") return false;
            if (element.closest(".visually-hidden, .skip-link, .table-wrap")) return false;
            return box.right > width + 1 || box.left < -1;
          });
          return {
            scroll: document.documentElement.scrollWidth - width,
            elements: wide.slice(0, 5).map((element) =>
              element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
              + (element.className ? "." + String(element.className).replace(/ /g, ".") : "")),
          };
        }"""
    )
    assert overflow["scroll"] <= 0, f"{what} scrolls sideways by {overflow['scroll']}px"
    assert not overflow["elements"], f"{what} has elements past the edge: {overflow['elements']}"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

"""What the browser tests measure on every page (controls too small to tap, whatever makes a
page wider than the window) and their screenshots at laptop and phone widths."""

from pathlib import Path

# Controls smaller than 44x44 CSS pixels. A checkbox counts as its label when that is big enough.
SMALL_TARGETS = """() => {
  const small = [];
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  for (const control of document.querySelectorAll(controls)) {
    if (control.closest(".visually-hidden, .skip-link")) continue;
    let box = control.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const label = control.closest("label");
    if (label && control.matches("input[type=checkbox], input[type=radio]")) {
      box = label.getBoundingClientRect();
    }
    if (box.width < 43.5 || box.height < 43.5) {
      const name = (control.innerText || control.value || control.id || "").trim().slice(0, 40);
      const size = `${box.width.toFixed(0)}x${box.height.toFixed(0)}`;
      small.push(`${control.tagName.toLowerCase()} "${name}" ${size}`);
    }
  }
  return small;
}"""

# How far the page scrolls sideways, and the elements that reach furthest past its edges.
SIDEWAYS = """() => {
  const width = window.innerWidth;
  const describe = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.className && typeof element.className === "string"
       ? "." + element.className.trim().replace(/\\s+/g, ".") : "");
  const wide = [...document.querySelectorAll("body *")]
    .map((element) => [element, element.getBoundingClientRect()])
    .filter(([element, box]) => box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)
      && !element.closest(".visually-hidden, .skip-link, .table-wrap")
      // Code and formulas scroll inside their own frame; the frame itself must fit.
      && !element.parentElement.closest("pre, math"))
    .sort((a, b) => b[1].right - a[1].right)
    .slice(0, 3)
    .map(([element, box]) => `${describe(element)} (${Math.round(box.right)}px)`);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
}"""

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}


def sideways(page) -> str:
    """How the page overflows the window sideways, in words; empty when it fits."""
    width = page.evaluate(SIDEWAYS)
    if width["scrollWidth"] <= width["innerWidth"] and not width["wide"]:
        return ""
    return (
        f"{width['scrollWidth']}px wide in a {width['innerWidth']}px window; "
        f"widest: {width['wide']}"
    )


def assert_fits_width(page, what: str) -> None:
    """Nothing may make the page scroll sideways or poke past the right edge."""
    problem = sideways(page)
    assert not problem, f"{what}: {problem}"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

"""The Nu Html Checker (the W3C validator, npm `vnu-jar` in tests/html_checker) run once over many
documents: one Java start for a whole crawl, not one per page."""

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .live import ROOT

VNU_JAR = (
    ROOT / "tests" / "html_checker" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)

# htmx's own attributes (hx-get, hx-on::after-request, …) are not HTML's, and the checker says
# so for each one. Colloquy keeps writing them as hx-* rather than data-hx-* (docs/architecture.md
# says why), so these messages, and only these, are left out of the count.
HTMX_ATTRIBUTE = re.compile(
    r"^Attribute 'hx-[^']+' not allowed on element '[^']+' at this point\.$"
)

# Fragments an htmx request gets back are checked inside the smallest document that holds them.
FRAGMENT_DOCUMENT = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fragment</title></head>'
    "<body>{}</body></html>"
)


@dataclass(frozen=True)
class CheckerError:
    document: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.document}:{self.line}: {self.message}\n    {self.extract.strip()[:200]}"


def java_for_the_checker() -> str:
    """The java command the checker runs under; skips, or fails where COLLOQUY_REQUIRE_VNU=1
    (CI, whose .ci/run installs both), when Java or the checker is missing."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append("the Nu Html Checker (`make test`, or `npm ci --prefix tests/html_checker`)")
    if missing:
        reason = "The HTML check needs " + " and ".join(missing) + "."
        if os.environ.get("COLLOQUY_REQUIRE_VNU") == "1":
            pytest.fail(reason + " COLLOQUY_REQUIRE_VNU=1 is set, so this is an error.")
        pytest.skip(reason)
    return java


def as_document(html: str) -> str:
    """A whole page as it is; an htmx fragment wrapped in a minimal document."""
    if html.lstrip()[:15].lower() == "<!doctype html>":
        return html
    return FRAGMENT_DOCUMENT.format(html)


def checker_errors(documents: dict[str, str], directory: Path) -> list[CheckerError]:
    """Every error the checker finds in `documents` (name → HTML), in one run of the checker,
    less the messages about htmx attributes."""
    names, paths = {}, []
    for number, (name, html) in enumerate(documents.items()):
        path = directory / f"{number:05}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
        paths.append(str(path))
    command = [java_for_the_checker(), "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
    command += ["--errors-only", "--asciiquotes", "--no-langdetect", "--exit-zero-always", *paths]
    finished = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    messages = json.loads(finished.stdout)["messages"]
    return [
        CheckerError(
            document=names.get(message.get("url", "").rpartition("/")[2], message.get("url", "")),
            line=message.get("lastLine", 0),
            message=message["message"],
            extract=message.get("extract", ""),
        )
        for message in messages
        if not HTMX_ATTRIBUTE.match(message["message"])
    ]

"""TeX between dollar signs in user Markdown, rendered to MathML on the server (latex2mathml),
with the MathML elements and attributes the sanitiser lets through."""

import re
from html import escape, unescape
from xml.etree.ElementTree import Element, tostring

from django.utils.translation import gettext as _
from latex2mathml.converter import convert_to_element

# `$x$` is inline math and `$$x$$` display math. Prose dollars stay prose by pandoc's rules: the
# opening `$` is followed by something other than a space, the closing one follows something
# other than a space and is not followed by a digit ("it costs $5 and $10"). `\$` is a dollar
# outside math (Markdown's escape) and inside it (TeX's). A formula holds no unescaped `$`, so
# each attempt scans only up to the next one and the whole comment is scanned in linear time.
_FORMULA_TEXT = r"(?:[^$\\]|\\.)"
_DISPLAY = re.compile(rf"\$\$({_FORMULA_TEXT}+?)\$\$", re.DOTALL)
_INLINE = re.compile(rf"\$(?![\s$])({_FORMULA_TEXT}+)(?<!\s)\$(?!\d)", re.DOTALL)

# latex2mathml's work grows with a formula's length and its recursion with its nesting; a
# formula longer or deeper than anyone writes in a comment is shown as written instead.
MAX_FORMULA_LENGTH = 1000
MAX_FORMULA_NESTING = 20
# MathML spells out what TeX abbreviates (`\,` is a 35-character <mspace>), so ordinary
# formulas come to 8 to 13 times their TeX, beyond the 10 the rest of Markdown may grow; a
# formula gets 15, measured on its own, and one built to balloon past that is shown as written.
MAX_FORMULA_GROWTH = 15
_SHORT_FORMULA = 10  # `$[0, 1]$` is 95 characters of MathML
# And a text's formulas together, so that a comment of many formulas costs no more than a few
# long ones: beyond these, the rest are shown as written.
MAX_FORMULAS_LENGTH = 3000
MAX_FORMULAS = 200
# Groups, \left…\right and environments open and close; `\{`, `\}` and `\\` are symbols.
_GROUPING = re.compile(r"\\(?:left|begin|right|end)\b|\\.|[{}]", re.DOTALL)
_OPENING = {"{", r"\left", r"\begin"}
_CLOSING = {"}", r"\right", r"\end"}
# Definitions expand when used, so a few lines of them can multiply into millions of symbols.
_DEFINITIONS = re.compile(r"\\(?:newcommand|renewcommand|def|DeclareMathOperator|newenvironment)")

# Only what latex2mathml writes for the TeX it supports. Not `maction`, `semantics`,
# `annotation-xml` or `mglyph` (the ways MathML reaches links, HTML and images), nor the `href`,
# `style`, `class`, `mathcolor` and `mathbackground` that `\href`, `\style`, `\class` and
# `\color` would add: colour can hide words, and the rest reach outside the formula.
MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac",
    "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose",
}  # fmt: skip
_LAYOUT = {"mathvariant", "displaystyle", "scriptlevel", "mathsize"}
MATHML_ATTRIBUTES = {
    "math": {"display"},
    "mi": _LAYOUT,
    "mn": _LAYOUT,
    "mtext": _LAYOUT,
    "mo": _LAYOUT
    | {"stretchy", "fence", "form", "separator", "accent", "largeop", "movablelimits"}
    | {"lspace", "rspace", "minsize", "maxsize", "symmetric"},
    "mrow": _LAYOUT,
    "mstyle": _LAYOUT,
    "mspace": {"width", "height", "depth", "linebreak"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mtable": {"columnalign", "rowspacing", "columnspacing", "rowlines", "columnlines", "frame"},
    "mtr": {"columnalign"},
    "mtd": {"columnalign"},
    "menclose": {"notation"},
}


class UnreadableFormula(ValueError):
    """TeX that cannot be shown as a formula: broken, unsupported or too large."""


def _nesting(tex: str) -> int | None:
    """How deeply the formula's groups nest, or None when they do not balance (latex2mathml
    would quietly drop what is missing, and the reader would see another formula)."""
    depth = deepest = 0
    for match in _GROUPING.finditer(tex):
        depth += (match.group() in _OPENING) - (match.group() in _CLOSING)
        if depth < 0:
            return None
        deepest = max(deepest, depth)
    return deepest if depth == 0 else None


def _compact(element: Element) -> None:
    """Decode the character references latex2mathml leaves in its text (so `<` is escaped
    once, on output), drop the attributes the sanitiser would, then the rows that wrap a
    single element: the same formula in about half the HTML."""
    element.text = unescape(element.text) if element.text else element.text
    element.tail = unescape(element.tail) if element.tail else element.tail
    kept = MATHML_ATTRIBUTES.get(element.tag, set())
    element.attrib = {
        name: unescape(value) for name, value in element.attrib.items() if name in kept
    }
    for index, child in enumerate(list(element)):
        _compact(child)
        if child.tag == "mrow" and not child.attrib and len(child) == 1 and not child.text:
            only = child[0]
            only.tail = child.tail
            element[index] = only


def tex_to_mathml(tex: str, *, display: bool) -> str:
    """MathML for a formula, or UnreadableFormula."""
    if len(tex) > MAX_FORMULA_LENGTH:
        raise UnreadableFormula(_("formula too long to show"))
    nesting = _nesting(tex)
    if nesting is None:
        raise UnreadableFormula(_("formula could not be read"))
    if nesting > MAX_FORMULA_NESTING or _DEFINITIONS.search(tex):
        raise UnreadableFormula(_("formula too complex to show"))
    try:
        math = convert_to_element(tex, display="block" if display else "inline")
    # latex2mathml reports broken TeX with its own exceptions and with whatever its parser
    # stumbles on (StopIteration, IndexError, KeyError…); each means the same to a reader.
    except Exception as error:
        raise UnreadableFormula(_("formula could not be read")) from error
    _compact(math)
    if not display:
        del math.attrib["display"]  # inline is what <math> is unless it says block
    (row,) = math  # latex2mathml puts the formula in one row, which <math> itself is
    if row.tag == "mrow" and not row.attrib:
        math[:] = list(row)
    mathml = tostring(math, encoding="unicode")
    if len(mathml) > MAX_FORMULA_GROWTH * max(len(tex), _SHORT_FORMULA):
        raise UnreadableFormula(_("formula too large to show"))
    return mathml


def _formula(state, silent: bool) -> bool:
    if state.src[state.pos] != "$":
        return False
    match = _DISPLAY.match(state.src, state.pos, state.posMax) or _INLINE.match(
        state.src, state.pos, state.posMax
    )
    if not match:
        return False
    if not silent:
        token = state.push("formula", "math", 0)
        token.content = match.group(1)
        token.markup = "$$" if match.re is _DISPLAY else "$"
    state.pos = match.end()
    return True


def _render_formula(self, tokens, index, options, env) -> str:
    token = tokens[index]
    # `env` is new for each text rendered.
    env["formulas"] = env.get("formulas", 0) + 1
    env["formulas_length"] = env.get("formulas_length", 0) + len(token.content)
    try:
        if env["formulas"] > MAX_FORMULAS or env["formulas_length"] > MAX_FORMULAS_LENGTH:
            raise UnreadableFormula(_("too many formulas to show"))
        mathml = tex_to_mathml(token.content, display=token.markup == "$$")
    except UnreadableFormula as reason:
        source = escape(f"{token.markup}{token.content}{token.markup}", quote=False)
        return f"<code>{source}</code> ({escape(str(reason), quote=False)})"
    env["formulas_html_length"] = env.get("formulas_html_length", 0) + len(mathml)
    return mathml


def formulas_html_length(env: dict) -> int:
    """How much of a text's HTML its formulas wrote, from the `env` it was rendered with:
    they have their own bound on growth."""
    return env.get("formulas_html_length", 0)


def formulas_plugin(markdown) -> None:
    """Teach a MarkdownIt parser `$…$` and `$$…$$`."""
    markdown.inline.ruler.before("emphasis", "formula", _formula)
    markdown.add_render_rule("formula", _render_formula)

"""Formulas in comments and prompts: `$…$` and `$$…$$` become MathML, prose dollars stay prose,
and TeX that cannot be shown is shown as written."""

import re
from html.parser import HTMLParser

import pytest
from latex2mathml.converter import convert

from articles.formulas import (
    MATHML_ATTRIBUTES,
    MATHML_TAGS,
    MAX_FORMULA_LENGTH,
    MAX_FORMULA_NESTING,
    MAX_FORMULAS,
    MAX_FORMULAS_LENGTH,
)
from articles.rendering import render_markdown


class Elements(HTMLParser):
    """Every element's name and attribute names, in order."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, set[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name for name, _ in attrs}))


def test_inline_and_display_formulas_become_mathml():
    html = render_markdown(r"Energy is $E = mc^2$, and $$\frac{a}{b} \le \sqrt{x}$$ holds.")
    assert (
        "<p>Energy is <math><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup>"
        "</math>, and " in html
    )
    assert '<math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac><mo>≤</mo>' in html
    assert "<msqrt><mi>x</mi></msqrt>" in html


def test_a_display_formula_may_span_lines():
    html = render_markdown("Sum:\n$$\n\\sum_{i=1}^n i\n$$")
    assert '<math display="block"><munderover><mo>∑</mo>' in html


def test_symbols_in_formulas_are_escaped_once():
    html = render_markdown(r"$a < b$ and $\text{<b>bold</b> & co}$")
    assert "<mo>&lt;</mo>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&amp;" in html
    assert "<b>" not in html


@pytest.mark.parametrize(
    "prose",
    [
        "It costs $5 and $10.",
        "Between $20,000 and $30,000 a year.",
        "Tickets were $5-$10 each.",
        "From $ 5 to $ 10.",
        "A lone $ sign, and another $.",
        "Spaces inside $ x $ are prose.",
        r"Escaped \$x\$ stays prose.",
        "$$",
        "$ $",
    ],
)
def test_dollars_in_prose_stay_prose(prose):
    html = render_markdown(prose)
    assert "<math" not in html and "<code>" not in html
    assert prose.replace("\\$", "$") in html


def test_a_closing_dollar_before_a_digit_is_prose():
    assert "<math" not in render_markdown("Pay $x$5 now")


def test_an_escaped_dollar_inside_a_formula_is_a_dollar():
    html = render_markdown(r"$\$5 + x$")
    assert "<math>" in html and "$" in html and "<code>" not in html


def test_code_keeps_dollars_and_whitespace():
    html = render_markdown("`$x$` and\n\n```\n$$ a  +  b $$\n    indented $y$\n```")
    assert "<code>$x$</code>" in html
    assert "<pre><code>$$ a  +  b $$\n    indented $y$\n</code></pre>" in html
    assert "<math" not in html


@pytest.mark.parametrize(
    "tex",
    [
        r"\frac{a",
        r"a}",
        r"\left( x",
        r"x \right)",
        r"\begin{matrix} a",
        "^",
        "x_",
        r"\frac",
        "x^1^2",
        r"\sqrt[",
    ],
)
def test_broken_tex_is_shown_as_written_with_a_note(tex):
    html = render_markdown(f"Try ${tex}$ here.")
    assert "<math" not in html
    source = tex.replace("&", "&amp;").replace("<", "&lt;")
    assert f"<p>Try <code>${source}$</code> (formula could not be read) here.</p>" in html


def test_formulas_too_long_or_too_deep_are_shown_as_written():
    too_long = "a+" * (MAX_FORMULA_LENGTH // 2 + 1)
    too_deep = "{" * (MAX_FORMULA_NESTING + 1) + "a" + "}" * (MAX_FORMULA_NESTING + 1)
    deep_enough = "{" * MAX_FORMULA_NESTING + "a" + "}" * MAX_FORMULA_NESTING
    assert "(formula too long to show)" in render_markdown(f"${too_long}$")
    assert "(formula too complex to show)" in render_markdown(f"${too_deep}$")
    assert "<math><mi>a</mi></math>" in render_markdown(f"${deep_enough}$")


def test_a_comment_that_is_one_formula_renders_though_mathml_is_wordy():
    """MathML is often more than 10 times its TeX, the bound for the rest of Markdown."""
    for tex in [r"$$\int_0^1 f(x)\,dx = F(1)-F(0)$$", r"$P(A|B) = \frac{P(B|A)P(A)}{P(B)}$"]:
        html = render_markdown(tex)
        assert len(html) > 10 * len(tex) and "<code>" not in html


def test_a_formula_built_to_balloon_is_shown_as_written():
    tex = "\\\\" * 20  # each `\\` is a line break in TeX, and an <mspace> of 45 characters
    assert "(formula too large to show)" in render_markdown(f"${tex}$")


def test_escaped_braces_are_symbols_not_groups():
    assert "<mo" in render_markdown(r"$\{x\}$") and "<code>" not in render_markdown(r"$\{x\}$")


def test_definitions_are_not_expanded():
    """Each definition doubles the one before: twenty lines would be a million symbols."""
    tex = r"\def\a{xx}\def\b{\a\a}\def\c{\b\b}\c" + "".join(
        rf"\newcommand{{\m{index}}}{{x}}" for index in range(3)
    )
    html = render_markdown(f"${tex}$")
    assert "<math" not in html and "(formula too complex to show)" in html


def test_beyond_a_texts_allowance_formulas_are_shown_as_written():
    many = " ".join(f"$x_{{{index}}}$" for index in range(MAX_FORMULAS + 5))
    html = render_markdown(many)
    assert html.count("<math>") == MAX_FORMULAS
    assert html.count("(too many formulas to show)") == 5

    long = "a+" * (MAX_FORMULA_LENGTH // 2 - 1)
    count = MAX_FORMULAS_LENGTH // len(long)
    html = render_markdown("\n\n".join([f"${long}$"] * (count + 1)))
    assert html.count("<math>") == count
    assert html.count("(too many formulas to show)") == 1


def test_a_formula_in_link_text_or_emphasis_renders():
    html = render_markdown(r"*see $x^2$* and [$\alpha$](https://example.com)")
    assert "<em>see <math><msup>" in html
    assert '<a href="https://example.com" rel="nofollow noopener noreferrer ugc"><math>' in html


# TeX a mathematics teacher writes: the sanitiser must keep every element and attribute
# latex2mathml writes for it, or formulas would silently lose parts.
SUPPORTED_TEX = [
    r"\frac{a}{b} + \dfrac{1}{2} - \tfrac{3}{4} \cdot \binom{n}{k}",
    r"\sqrt{x} \sqrt[3]{y} x^2 x_i x_i^2 {x'}",
    r"\sum_{i=0}^{n} \prod_{j} \int_a^b f(x)\,dx \lim_{x \to 0} \oint",
    r"\left( \frac{a}{b} \right] \left\{ x \middle| y \right\}",
    r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{bmatrix} 1 \end{bmatrix}",
    r"\begin{cases} x & x > 0 \\ -x & \text{otherwise} \end{cases}",
    r"\begin{array}{lcr} a & b & c \\ \hline d & e & f \end{array}",
    r"\begin{aligned} a &= b \\ &= c \end{aligned}",
    r"\hat{x} \bar{y} \vec{v} \dot{a} \ddot{b} \tilde{n} \overline{AB} \underline{CD}",
    r"\overbrace{a+b}^{n} \underbrace{c+d}_{m} \overset{!}{=} \underset{x}{\max}",
    r"\mathbb{R} \mathcal{F} \mathbf{v} \mathit{e} \mathrm{d} \mathfrak{g} \mathsf{s} \mathtt{t}",
    r"\alpha \beta \Gamma \infty \partial \nabla \forall \exists \in \notin \subseteq",
    r"\displaystyle \sum x \textstyle y \scriptstyle z \large A \small b \Huge C",
    r"a \quad b \qquad c \, d \; e \: f \! g \hspace{1em} h \phantom{x}",
    r"\boxed{x} \cancel{y} \not= \pmod{n} \operatorname{sgn} \sin \log \det",
    r"\mathrm{H_2O} \text{ and } \mbox{box} \xrightarrow{f} \stackrel{def}{=}",
    r"\big( \Big[ \bigg\{ \Bigg\langle x \rangle \lVert y \rVert \lfloor z \rfloor",
]
# Dropped on purpose: they reach outside the formula or colour it (see articles/formulas.py).
DROPPED_ATTRIBUTES = {"xmlns", "href", "style", "class", "mathcolor", "mathbackground"}


@pytest.mark.parametrize("tex", SUPPORTED_TEX)
def test_the_allow_list_keeps_what_latex2mathml_writes(tex):
    written = Elements(convert(tex)).found
    for tag, attributes in written:
        assert tag in MATHML_TAGS, f"<{tag}> would be dropped"
        kept = MATHML_ATTRIBUTES.get(tag, set())
        assert attributes - DROPPED_ATTRIBUTES <= kept, (tag, attributes - kept)
    html = render_markdown(f"${tex}$")
    assert "<code>" not in html
    rendered = Elements(html).found
    assert [tag for tag, _ in rendered if tag not in {"p", "mrow"}] == [
        tag for tag, _ in written if tag != "mrow"
    ]


def test_the_allow_list_is_narrow():
    assert not MATHML_TAGS & {"maction", "semantics", "annotation", "annotation-xml", "mglyph"}
    every_attribute = set().union(*MATHML_ATTRIBUTES.values())
    assert not every_attribute & DROPPED_ATTRIBUTES
    assert not any(re.match("on|xlink|src|data", name) for name in every_attribute)


@pytest.mark.parametrize(
    "tex",
    [
        r"\href{javascript:alert(1)}{click}",
        r"\href{https://example.com}{away}",
        r"\style{position:fixed;top:0}{x}",
        r"\class{comment-text}{x}",
        r"\color{white}{hidden} \colorbox{red}{x} \textcolor{red}{y}",
        r"\text{<script>alert(1)</script>} \mbox{<img src=x onerror=alert(1)>}",
        r"\unicode{x3C}script\unicode{x3E}",
        r"\operatorname{<svg onload=alert(1)>}",
    ],
)
def test_tex_cannot_add_links_styles_or_markup(tex):
    html = render_markdown(f"${tex}$")
    names = {name for _, attributes in Elements(html).found for name in attributes}
    tags = {tag for tag, _ in Elements(html).found}
    assert tags <= MATHML_TAGS | {"p", "code"}
    assert not names & DROPPED_ATTRIBUTES
    assert "<script" not in html and "<img" not in html and "<svg" not in html

"""Headings people write in Markdown stay within the page's outline: h2 and h3, never a skip."""

from articles.rendering import render_markdown


def test_a_writers_headings_become_h2_and_h3():
    html = render_markdown("# Top\n\n###### Deep\n\n## Middle\n\nText.")
    assert html.startswith("<h2>Top</h2>\n<h3>Deep</h3>\n<h3>Middle</h3>")


def test_a_text_starting_below_its_top_heading_starts_at_h2():
    html = render_markdown("### Start\n\n# Higher\n\n#### Lower")
    assert html == "<h2>Start</h2>\n<h2>Higher</h2>\n<h3>Lower</h3>\n"

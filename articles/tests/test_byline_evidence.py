"""Bylines from the page's own evidence: the lines under the headline, a date stamp before
"By", a closing biography that agrees with a lone name."""

from articles.importing import extract_reading
from articles.importing.bylines import names_in

BODY = "".join(
    f"<p>Paragraph {n} tells how the valley changed after the dam was built in {1950 + n}, "
    "and what the farmers who stayed remember about the years before the water came.</p>"
    for n in range(5)
)


def byline(under_headline: str, closing: str = "") -> str:
    html = (
        "<html><head><title>The Valley</title></head><body><article><h1>The Valley</h1>"
        f"{under_headline}{BODY}{closing}</article></body></html>"
    )
    return extract_reading(data=html.encode(), filename="valley.html").byline


def test_a_date_stamp_may_come_before_by():
    assert byline("<p>2/26/2015 7:11 AM PST BY SAM REYES</p>") == "SAM REYES"


def test_a_lone_name_under_the_headline_is_not_enough_alone():
    assert byline("<div>Sam Reyes<br>The Valley Post<br>Thu, 14 May 2020</div>") == ""


def test_a_closing_biography_confirms_a_lone_name_under_the_headline():
    bio = "<p>Sam Reyes is an award-winning journalist and the author of two books.</p>"
    lines = "<div>Sam Reyes<br>The Valley Post<br>Thu, 14 May 2020</div>"
    assert byline(lines, closing=bio) == "Sam Reyes"


def test_the_first_author_element_names_the_writer_not_the_teasers_after_it():
    author = (
        '<p class="byline"><span class="author-label">By</span> <a class="author">Sam Reyes</a></p>'
    )
    teasers = "".join(
        f'<div class="teaser"><h3>Story {n}</h3><span class="author">{name}</span></div>'
        for n, name in enumerate(["Lee Park", "Ana Ruiz", "Tom Berg"])
    )
    # No headline, so no line under it speaks: the author elements alone must tell.
    html = f"<html><body><article>{author}{BODY}</article>{teasers}</body></html>"
    assert extract_reading(data=html.encode(), filename="valley.html").byline == "Sam Reyes"


def test_an_author_element_in_a_form_is_a_field_label():
    form = '<form><label class="comment-author">Nama Lengkap</label><input name="n"></form>'
    assert byline("", closing=form) == ""


def test_by_is_a_whole_word():
    assert names_in("Denise Hall") == ["Denise Hall"]
    assert names_in("Byron Katz, Deborah Lo") == ["Byron Katz", "Deborah Lo"]

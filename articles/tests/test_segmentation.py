"""Web pages are cut into paragraphs where the page shows paragraph breaks, whatever markup
draws them: blocks, runs of <br>, line breaks between finished sentences, layout tables."""

from articles.importing import extract_reading

SENTENCES = [
    "The river rose through the night and by morning it had reached the old mill.",
    "Neighbours carried sandbags to the doors of the houses closest to the water.",
    "By noon the rain had stopped, and the first boats went out to check the fields.",
    "The council promised to repair the embankment before the next winter comes round.",
]


def page(body: str) -> bytes:
    return (
        "<html><head><title>The flood</title></head><body><article><h1>The flood</h1>"
        f"{body}</article></body></html>"
    ).encode()


def test_a_run_of_line_breaks_ends_a_paragraph():
    imported = extract_reading(data=page(f"<p>{'<br><br>'.join(SENTENCES)}</p>"), filename="a.html")
    assert imported.paragraphs == SENTENCES


def test_single_line_breaks_between_finished_sentences_separate_paragraphs():
    imported = extract_reading(data=page(f"<p>{'<br>'.join(SENTENCES)}</p>"), filename="a.html")
    assert imported.paragraphs == SENTENCES


def test_the_lines_of_a_poem_stay_together():
    poem = "<br>".join(
        ["The river rose and took the mill", "the fields lay under grey and still", "and still"]
    )
    body = f"<p>{SENTENCES[0]}</p><p>{poem}</p><p>{SENTENCES[1]}</p>"
    imported = extract_reading(data=page(body), filename="a.html")
    assert len(imported.paragraphs) == 3
    assert imported.paragraphs[1].split("\n") == [
        "The river rose and took the mill",
        "the fields lay under grey and still",
        "and still",
    ]


def test_a_layout_table_is_read_as_the_blocks_in_its_cells():
    cells = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)
    body = f"<table><tr><td><h2>Before the water came</h2>{cells}</td></tr></table>"
    imported = extract_reading(data=page(body), filename="a.html")
    assert imported.paragraphs == ["Before the water came", *SENTENCES]


def test_japanese_paragraphs_split_at_line_break_runs():
    lines = [
        "トレーニングは毎朝六時に始まり、選手たちは川沿いの道を十キロ走ってから朝食をとる。",
        "午後は技術練習に充てられ、コーチは一人ひとりの動きを動画で確認しながら助言する。",
        "大会まで残り三週間となり、チームの雰囲気は日に日に引き締まってきているという。",
    ]
    imported = extract_reading(data=page(f"<p>{'<br><br>'.join(lines)}</p>"), filename="a.html")
    assert imported.paragraphs == lines


def test_an_article_cut_into_chunks_around_an_advertisement_is_read_whole():
    more = [f"A day later, {sentence[0].lower()}{sentence[1:]}" for sentence in SENTENCES]
    chunk = '<div class="grid"><div class="article-body">{}</div><div class="rail"></div></div>'
    body = (
        chunk.format("".join(f"<p>{text}</p>" for text in SENTENCES))
        + '<div class="advert"><span>Advertisement</span></div>'
        + chunk.format("".join(f"<p>{text}</p>" for text in more))
    )
    imported = extract_reading(data=page(body), filename="a.html")
    assert imported.paragraphs == SENTENCES + more

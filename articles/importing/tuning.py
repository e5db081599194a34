"""The importer's judgement calls as named numbers, so the corpus bench can choose them on some
pages and check them on others (bench/import_corpus.py cross-validates them)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    # A byline is kept only when the page's evidence for it adds up to this much (0 to 1); an empty
    # byline costs a teacher less than a wrong one.
    byline_min_confidence: float = 0.5
    # How much each kind of evidence says about who wrote the page; agreeing kinds add up.
    byline_weight_linked_data: float = 0.8
    byline_weight_meta: float = 0.6
    byline_weight_near_title: float = 0.8
    byline_weight_author_markup: float = 0.6
    byline_weight_author_class: float = 0.4
    byline_weight_first_author_element: float = 0.5
    byline_weight_extractor: float = 0.5
    byline_weight_name_under_title: float = 0.35
    byline_weight_author_bio: float = 0.4
    # How many blocks at the end of the page are read for an author's biography.
    closing_blocks_for_bio: int = 4
    # Share of words a page heading and a declared title must share to be the same headline.
    title_agreement: float = 0.8
    # Full paragraphs the article must have run before a "Comments" label ends it.
    paragraphs_before_trailer: int = 3


DEFAULT_TUNING = Tuning()

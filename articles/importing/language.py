"""Language and writing direction of a reading, detected offline from its text."""

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

RIGHT_TO_LEFT = {"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}
_SAMPLE_CHARACTERS = 6000
_MIN_CHARACTERS = 40
_CONFIDENT = 0.6


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def primary_subtag(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


def detect_language(text: str, *, declared: str = "") -> str:
    """The text decides when there is enough of it; the page's own ``lang`` settles doubt."""
    declared = primary_subtag(declared)
    sample = text[:_SAMPLE_CHARACTERS]
    if len(sample.strip()) < _MIN_CHARACTERS:
        return declared or "en"
    language, confidence = _identifier().classify(sample)
    if confidence >= _CONFIDENT or not declared:
        return language
    return declared


def direction_for(language: str) -> str:
    return "rtl" if primary_subtag(language) in RIGHT_TO_LEFT else "ltr"

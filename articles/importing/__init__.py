"""Bring a reading in from pasted text, a file or a web page; see ``pipeline.extract_reading``."""

from .pipeline import (
    MAX_IMPORT_BYTES,
    SUPPORTED_EXTENSIONS,
    ImportSource,
    extract_reading,
    extract_source,
    is_url,
    load_source,
)
from .reading import Block, BlockKind, ImportedReading

__all__ = [
    "MAX_IMPORT_BYTES",
    "SUPPORTED_EXTENSIONS",
    "Block",
    "BlockKind",
    "ImportSource",
    "ImportedReading",
    "extract_reading",
    "extract_source",
    "is_url",
    "load_source",
]

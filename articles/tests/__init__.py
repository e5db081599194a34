"""Tests for readings and their import; the data they read is kept in data/ beside them."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_DIR = DATA_DIR / "corpus"
SEED_READING = DATA_DIR / "readings" / "us-occupying-iraq.txt"

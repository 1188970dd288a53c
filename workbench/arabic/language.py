"""Which language a text is written in."""

from __future__ import annotations

import re

from .obfuscation import AR_LETTER_RE

LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
LANGUAGE_SAMPLE = 400  # characters: enough to tell, and imports stay fast on long texts


def detect_language(text: str) -> str:
    """'ar' or 'en' by the share of Arabic letters among the letters of its beginning."""
    sample = text[:LANGUAGE_SAMPLE]
    if sample.isascii():
        return "en" if LATIN_LETTER_RE.search(sample) else "und"
    lat = len(LATIN_LETTER_RE.findall(sample))
    if lat == 0:  # the common case of an Arabic text: one scan, no counting
        return "ar" if AR_LETTER_RE.search(sample) else "und"
    return "ar" if len(AR_LETTER_RE.findall(sample)) >= lat else "en"

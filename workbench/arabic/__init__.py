"""Arabic text pipeline: one normaliser with fold profiles and offsets back to raw text,
de-obfuscation, the shared lexicon, match and search keys, language detection and sentence
segmentation. The lowest layer: it imports nothing else from the workbench.

    obfuscation   «الـ.ـمرتزقة»: the pattern and its linear-time spans
    rules         what each raw character becomes, per profile; normtable.py generation
    normtable     generated: the search profile's table for the common Unicode blocks
    normalizer    Profile (SEARCH, FIGURES, DIGITS), normalize, normalize_with_offsets,
                  Normalized (raw_span, word_span), match_key
    lexicon       months (Levantine and Gregorian), proclitic chains, ordinals, number words
    keys          tokens, proclitic stripping, full-text search keys
    language      detect_language
    segmentation  sentence spans

Raw text is never changed: it is what the analyst reads and what offsets point into. The
normalized forms serve matching and search only. camel-tools supplies the search profile's
character rules and is imported on first use, not at import time.
"""

from .keys import search_keys, strip_proclitics, tokens, word_tokenize
from .language import LANGUAGE_SAMPLE, detect_language
from .normalizer import (DIGITS, FIGURES, SEARCH, Normalized, Profile, match_key, normalize,
                         normalize_with_offsets)
from .obfuscation import ARABIC_LETTER, TATWEEL, obfuscation_spans
from .rules import computed_table, prefilled_codes, write_table
from .segmentation import Span, segment, sentences

__all__ = [
    "ARABIC_LETTER", "DIGITS", "FIGURES", "LANGUAGE_SAMPLE", "Normalized", "Profile", "SEARCH",
    "Span", "TATWEEL", "computed_table", "detect_language", "match_key", "normalize",
    "normalize_with_offsets", "obfuscation_spans", "prefilled_codes", "search_keys", "segment",
    "sentences", "strip_proclitics", "tokens", "word_tokenize", "write_table",
]

"""The controlled glossary: term model, clitic-aware matcher, stored term hits,
terminology QA and the exchange formats (TSV, CSV, JSON, TBX, OmegaT)."""

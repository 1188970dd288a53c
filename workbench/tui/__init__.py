"""The terminal workbench (Textual): the only package that imports Textual."""

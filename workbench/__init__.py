"""Arabic–English translation and annotation workbench."""

__version__ = "0.4.0"

"""The typed error tree: every expected failure becomes one clear line in the CLI and the UI."""


class WorkbenchError(Exception):
    """Base of every failure the workbench expects and reports in one line."""


class DatabaseError_(WorkbenchError):
    """The database cannot be opened, is not a workbench database, or is too new."""


class ImportError_(WorkbenchError):
    """A file or row could not be imported."""


class FetchError(ImportError_):
    """A URL could not be fetched: an HTTP error, a timeout, a redirect loop, a page too large."""


class GlossaryFormatError(WorkbenchError):
    """A glossary file or row is malformed."""


class NotFound(WorkbenchError):
    """A document, segment, term, claim or incident id that does not exist."""


class InvalidValue(WorkbenchError):
    """A value given by the user is out of range or not one of the allowed ones."""


class ModelError(WorkbenchError):
    """No translation model, or a model package that cannot be used."""


class MergeError(WorkbenchError):
    """Another database cannot be merged into this one."""

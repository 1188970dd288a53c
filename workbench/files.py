"""What kind of thing a path is, from its metadata alone (no open(), so nothing can block on a
FIFO and no SQLite lock is dropped): the one wording every refusal of a special file uses."""

from __future__ import annotations

import stat

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def kind_of(mode: int) -> str:
    """"a named pipe", "a socket", ... for a st_mode that is not a regular file."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")

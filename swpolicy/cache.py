"""Where swpolicy keeps work it can redo: the user-level disk cache folder.

``SWPOLICY_CACHE_DIR``, else ``$XDG_CACHE_HOME/swpolicy`` or ``~/.cache/swpolicy``. Everything
in it is safe to delete; ``SWPOLICY_CACHE=off`` turns it off. Nothing in it is ever executable
or unpickled: calibrations are ``.npz`` numbers, parsed law files are JSON.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    """The disk cache folder, or None when the disk cache is off."""
    if os.environ.get("SWPOLICY_CACHE", "").lower() in ("off", "0", "no"):
        return None
    root = os.environ.get("SWPOLICY_CACHE_DIR")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "swpolicy"


def write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a read-only or full disk only costs the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # a reader sees the old file or the whole new one
    except OSError:
        pass

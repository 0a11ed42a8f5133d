"""Session-wide test settings."""

from __future__ import annotations

import os
import tempfile

# Tests never write to the user's cache folder: the run platform's disk cache goes to a
# temporary folder for the whole session (subprocesses inherit it).
os.environ.setdefault("SWPOLICY_CACHE_DIR", tempfile.mkdtemp(prefix="swpolicy-test-cache-"))

"""Lazy package exports, so that importing a package does not import its heavy dependencies.

`swpolicy --help` must start in well under a second, but the packages' public APIs re-export
functions whose modules import SciPy, statsmodels, matplotlib or WeasyPrint. A package lists
its exports as `{name: module}` and gets a PEP 562 `__getattr__` that imports the module on
first use; type checkers still see the real imports under `TYPE_CHECKING`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`, importing `names[attr]` on first access."""

    def __getattr__(attr: str) -> Any:
        module = names.get(attr)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {attr!r}")
        return getattr(importlib.import_module(module), attr)

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__

"""Safe YAML loading that remembers where every value came from.

Every data file swpolicy reads (laws, bills, assumptions) goes through `load_yaml`, so that any
problem, from a syntax error to an unknown status word, is reported the same way:
``file:line:col: field: message``. Only plain YAML is accepted: mappings, sequences and scalars
with the core tags (aliases are expanded, within a size budget). Custom or Python tags and merge
keys are refused rather than interpreted, which keeps loading safe and keeps errors pointing at
the text the user wrote.
"""

from __future__ import annotations

import math
import os
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from swpolicy.bounds import MAX_DEPTH, MAX_INPUT_BYTES, MAX_VALUES
from swpolicy.errors import InputError, Issue

FieldPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
_WHOLE = object()  # `Document.parse` default: validate the whole document

_CORE = "tag:yaml.org,2002:"
_limit: ContextVar[int] = ContextVar("swpolicy_input_limit", default=MAX_INPUT_BYTES)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each path itself, or the *.yaml files of a directory (sorted)."""
    result: list[Path] = []
    for raw in paths:
        path = Path(raw)
        result.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return result


def load_many(paths: Iterable[str | Path]) -> tuple[list[Document], list[Issue]]:
    """Every readable YAML file under `paths`, and the problems of those that are not."""
    docs: list[Document] = []
    issues: list[Issue] = []
    for path in expand_paths(paths):
        try:
            docs.append(load_yaml(path))
        except InputError as exc:
            issues.extend(exc.issues)
    return docs, issues


def dotted(path: Iterable[str | int]) -> str:
    """Render a field path as the user would write it: ``provisions.selling.values``."""
    return ".".join(str(p) for p in path)


@dataclass
class Document:
    """Plain Python data from a YAML file plus the 1-based position of every field."""

    file: str
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # Containers being converted (id -> path): an alias back into one is a cycle.
    open_nodes: dict[int, FieldPath] = field(default_factory=dict, repr=False, compare=False)

    def where(self, path: FieldPath) -> tuple[int, int]:
        """Position of the longest prefix of `path` that exists in the file."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos is not None:
                return pos
        return (1, 1)

    def issue(self, path: FieldPath, message: str) -> Issue:
        line, col = self.where(path)
        return Issue(self.file, line, col, dotted(path), message)

    def parse(
        self, model: type[M], data: Any = _WHOLE, prefix: FieldPath = ()
    ) -> tuple[M | None, list[Issue]]:
        """Validate `data` (default: the whole document) against a pydantic model.

        Returns the model (or None) and every problem, located in this document.
        """
        try:
            return model.model_validate(self.data if data is _WHOLE else data), []
        except ValidationError as exc:
            return None, self.pydantic_issues(exc, prefix)

    def require(self, model: type[M], data: Any = _WHOLE) -> M:
        """Like `parse`, but raise `InputError` with every problem."""
        parsed, issues = self.parse(model, data)
        if parsed is None:
            raise InputError(issues)
        return parsed

    def pydantic_issues(self, error: ValidationError, prefix: FieldPath = ()) -> list[Issue]:
        """Translate a pydantic error into located issues with readable messages."""
        issues = []
        for err in error.errors(include_url=False):
            loc = prefix + tuple(p for p in err["loc"] if p != "[key]")
            issues.append(self.issue(loc, _readable(err)))
        return issues


def _readable(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"unknown value {err['input']!r}; expected one of {expected}"
    if kind.startswith("date"):
        return f"{err['input']!r} is not a valid date (expected YYYY-MM-DD): {err['msg']}"
    return str(err["msg"])


def input_limit() -> int:
    """The largest input file accepted now, in bytes (`MAX_INPUT_BYTES` unless overridden)."""
    return _limit.get()


def set_input_limit(max_bytes: int) -> Callable[[], None]:
    """Accept input files of up to `max_bytes` bytes from now; returns the undo (--max-bytes)."""
    token = _limit.set(max_bytes)
    return lambda: _limit.reset(token)


@contextmanager
def limited_to(max_bytes: int) -> Iterator[None]:
    """Accept input files of up to `max_bytes` bytes inside the block."""
    undo = set_input_limit(max_bytes)
    try:
        yield
    finally:
        undo()


def read_bounded(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, refused before it is read whole.

    Devices, FIFOs and links to them (``/dev/zero``) are refused from `stat`, before they are
    opened; the read itself is bounded too, in case the file grows or is swapped meanwhile.
    """
    name, limit = str(path), input_limit() if limit is None else limit

    def refuse(message: str) -> InputError:
        return InputError([Issue(name, 1, 1, "", message)])

    too_large = f"file is larger than the limit of {limit} bytes (raise it with --max-bytes)"
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("is a directory, not a YAML file")
        if not stat.S_ISREG(info.st_mode):
            raise refuse("not a regular file (a device, FIFO or socket); refused")
        if info.st_size > limit:
            raise refuse(f"{too_large}: {info.st_size} bytes")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise refuse("not a regular file (a device, FIFO or socket); refused")
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise refuse(f"cannot read file: {exc.strerror}") from exc
    if len(raw) > limit:
        raise refuse(too_large)
    return raw


def load_yaml(path: str | Path, text: str | None = None) -> Document:
    """Read one YAML document safely, keeping positions. Raises InputError on any problem.

    Work is bounded by the input: the file's size is checked before it is read, and the value
    budget applies while the document is composed, so a huge document stops early.
    """
    name = str(path)
    if text is None:
        raw = read_bounded(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = _line_col(raw, exc.start)
            raise InputError([Issue(name, line, col, "", "file is not valid UTF-8")]) from exc
    node = _compose(name, text)
    doc = Document(name, None)
    issues: list[Issue] = []
    if node is None:
        raise InputError([Issue(name, 1, 1, "", "file is empty")])
    try:
        doc.data = _convert(node, (), doc, issues, [MAX_VALUES])
    except _TooLarge as exc:
        raise InputError([_too_large(name, *exc.args)]) from exc
    except _Recursive:
        raise InputError(issues[-1:]) from None
    if issues:
        raise InputError(issues)
    return doc


def _compose(name: str, text: str) -> Node | None:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _BoundedComposer
    yaml.max_depth = MAX_DEPTH
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. a reused anchor: harmless, not for users
            node: Node | None = yaml.compose(text)
            return node
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = ", ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if isinstance(exc, MaxDepthExceededError):
            problem = f"document is nested more than {MAX_DEPTH} levels deep"
        raise InputError([Issue(name, line, col, "", f"YAML syntax error: {problem}")]) from exc
    except ReaderError as exc:
        # The reader reports a character offset, not a mark: locate it in the text.
        line, col = _line_col(text, exc.position)
        problem = f"character #x{exc.character:04x} is not allowed in YAML"
        raise InputError([Issue(name, line, col, "", problem)]) from exc
    except _TooLarge as exc:
        raise InputError([_too_large(name, *exc.args)]) from exc
    except (YAMLError, RecursionError, ValueError) as exc:
        raise InputError([Issue(name, 1, 1, "", f"YAML error: {exc}")]) from exc


def _line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    newline: Any = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline, 0, offset) + 1, offset - text.rfind(newline, 0, offset)


def _too_large(name: str, line: int = 1, col: int = 1) -> Issue:
    return Issue(name, line, col, "", f"document expands to more than {MAX_VALUES} values")


class _BoundedComposer(Composer):
    """ruamel's composer with the value budget applied to every node as it is composed."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.left = MAX_VALUES

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if not isinstance(event, AliasEvent):
            self.left -= 1
            if self.left < 0:
                raise _TooLarge(event.start_mark.line + 1, event.start_mark.column + 1)
        return super().compose_node(parent, index)


def _pos(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _TooLarge(Exception):
    """The document expands (through aliases) to more values than we accept; args: line, col."""


class _Recursive(Exception):
    """An alias that contains itself (raised once, with its issue recorded)."""


def _convert(
    node: Node, path: FieldPath, doc: Document, issues: list[Issue], budget: list[int]
) -> Any:
    # Aliases are expanded; the budget stops "billion laughs" documents from exhausting memory.
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge(*_pos(node))
    doc.positions.setdefault(path, _pos(node))
    if isinstance(node, MappingNode | SequenceNode) and id(node) in doc.open_nodes:
        # Only an alias can reach a node inside itself (`&a [*a]`): it would expand without end.
        start = doc.open_nodes[id(node)]
        issues.append(doc.issue(start, "an anchor is used inside itself (recursive alias)"))
        raise _Recursive()
    tag = str(node.tag)
    if isinstance(node, MappingNode | SequenceNode):
        plain = _CORE + ("map" if isinstance(node, MappingNode) else "seq")
        if tag != plain:
            # `!!python/object`, `!!set`, `!!omap`, custom tags: refused, never ignored.
            issues.append(doc.issue(path, f"unsupported YAML tag {tag!r}"))
            return None
    if isinstance(node, MappingNode | SequenceNode):
        doc.open_nodes[id(node)] = path
        try:
            if isinstance(node, MappingNode):
                return _convert_mapping(node, path, doc, issues, budget)
            return [
                _convert(item, (*path, index), doc, issues, budget)
                for index, item in enumerate(node.value)
            ]
        finally:
            del doc.open_nodes[id(node)]
    assert isinstance(node, ScalarNode)
    return _scalar(node, path, doc, issues)


def _convert_mapping(
    node: MappingNode, path: FieldPath, doc: Document, issues: list[Issue], budget: list[int]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == _CORE + "merge":
            doc.positions[(*path, "?")] = _pos(key_node)
            issues.append(doc.issue((*path, "?"), "keys must be plain scalars (no merge keys)"))
            continue
        key = str(key_node.value)
        child = (*path, key)
        if key in result:
            doc.positions[(*child, "(duplicate)")] = _pos(key_node)
            issues.append(doc.issue((*child, "(duplicate)"), f"duplicate key {key!r}"))
            continue
        doc.positions[child] = _pos(key_node)
        result[key] = _convert(value_node, child, doc, issues, budget)
    return result


def _scalar(node: ScalarNode, path: FieldPath, doc: Document, issues: list[Issue]) -> Any:
    tag, text = str(node.tag), str(node.value)
    kind = tag.removeprefix(_CORE) if tag.startswith(_CORE) else None
    if kind in ("str", "timestamp"):
        # Dates stay text here; the schema parses them so that impossible dates are located.
        return text
    if kind == "null":
        return None
    if kind == "bool" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind in ("int", "float"):
        number = _number(kind, text.replace("_", ""))
        if number is not None:
            return number
        issues.append(doc.issue(path, f"{text!r} is not a finite number"))
        return None
    issues.append(doc.issue(path, f"unsupported YAML tag {tag!r}"))
    return None


def _number(kind: str, text: str) -> int | float | None:
    """An int or finite float, or None: `.inf`, `.nan` and overflowing numbers are refused."""
    if kind == "int":
        for base in (0, 10):  # base 0 reads 0x/0o/0b; base 10 reads leading zeros
            try:
                return int(text, base)
            except ValueError:
                continue
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None

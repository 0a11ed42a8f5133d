"""Safe YAML loading that remembers where every value came from.

Every data file swpolicy reads (laws, bills, assumptions) goes through `load_yaml`, so that any
problem, from a syntax error to an unknown status word, is reported the same way:
``file:line:col: field: message``. Only plain YAML is accepted: mappings, sequences and scalars
with the core tags (aliases are expanded, within a size budget). Custom or Python tags and merge
keys are refused rather than interpreted, which keeps loading safe and keeps errors pointing at
the text the user wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from swpolicy.errors import InputError, Issue

FieldPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
_WHOLE = object()  # `Document.parse` default: validate the whole document

_CORE = "tag:yaml.org,2002:"
MAX_FILE_BYTES = 2_000_000
MAX_VALUES = 200_000


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


def load_yaml(path: str | Path, text: str | None = None) -> Document:
    """Read one YAML document safely, keeping positions. Raises InputError on any problem."""
    name = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise InputError([Issue(name, 1, 1, "", f"cannot read file: {exc.strerror}")]) from exc
        if len(raw) > MAX_FILE_BYTES:
            raise InputError([Issue(name, 1, 1, "", f"file is larger than {MAX_FILE_BYTES} bytes")])
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError([Issue(name, 1, 1, "", "file is not valid UTF-8")]) from exc
    try:
        node = YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError([Issue(name, line, col, "", f"YAML syntax error: {problem}")]) from exc
    except (YAMLError, RecursionError, ValueError) as exc:
        raise InputError([Issue(name, 1, 1, "", f"YAML error: {exc}")]) from exc
    doc = Document(name, None)
    issues: list[Issue] = []
    if node is None:
        raise InputError([Issue(name, 1, 1, "", "file is empty")])
    try:
        doc.data = _convert(node, (), doc, issues, [MAX_VALUES])
    except RecursionError as exc:
        raise InputError([Issue(name, 1, 1, "", "document is nested too deeply")]) from exc
    except _TooLarge as exc:
        raise InputError(
            [Issue(name, 1, 1, "", f"document expands to more than {MAX_VALUES} values")]
        ) from exc
    if issues:
        raise InputError(issues)
    return doc


def _pos(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _TooLarge(Exception):
    """The document expands (through aliases) to more values than we accept."""


def _convert(
    node: Node, path: FieldPath, doc: Document, issues: list[Issue], budget: list[int]
) -> Any:
    # Aliases are expanded; the budget stops "billion laughs" documents from exhausting memory.
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    doc.positions.setdefault(path, _pos(node))
    if isinstance(node, MappingNode):
        return _convert_mapping(node, path, doc, issues, budget)
    if isinstance(node, SequenceNode):
        return [
            _convert(item, (*path, index), doc, issues, budget)
            for index, item in enumerate(node.value)
        ]
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
    if not tag.startswith(_CORE):
        issues.append(doc.issue(path, f"unsupported YAML tag {tag!r}"))
        return None
    kind = tag.removeprefix(_CORE)
    try:
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        if kind == "int":
            return int(text.replace("_", ""), 0)
        if kind == "float":
            return float(text.replace("_", ""))
    except ValueError:
        return text
    if kind in ("str", "timestamp"):
        # Dates stay text here; the schema parses them so that impossible dates are located.
        return text
    issues.append(doc.issue(path, f"unsupported YAML tag {tag!r}"))
    return None

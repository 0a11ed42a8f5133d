"""`swpolicy law ...`: list, show, history, validate, classify, assess and diff laws and bills."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from swpolicy.bounds import LAW_DATE
from swpolicy.cliutil import console, guarded, print_json, word_table
from swpolicy.errors import InputError, UsageError
from swpolicy.law.assess import assess
from swpolicy.law.bills import bill_from_document, load_bill
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.coverage import coverage, non_iso_ids
from swpolicy.law.diff import diff
from swpolicy.law.model import Law, as_date
from swpolicy.law.provisions import provisions
from swpolicy.law.registry import JURISDICTIONS_DIR, children, ids, load, load_all, load_law_file
from swpolicy.law.validate import is_bill, validate_paths
from swpolicy.sourcefile import load_yaml
from swpolicy.vocabulary import label, value_label

app = typer.Typer(
    help="Law as code: jurisdictions' provisions as dated, cited data.", no_args_is_help=True
)

AT = typer.Option(None, "--at", help="Date (YYYY-MM-DD) of the law to use; default today.")
JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
LAW = typer.Argument(..., help="Jurisdiction id (e.g. nz, gb-eaw) or path to a law/bill YAML.")


def resolve(ref: str) -> Law:
    """A law from a shipped id, a jurisdiction file or a bill file (applied to its base)."""
    if not ref.endswith((".yaml", ".yml")):
        return _one_shipped(ref) or load(ref)
    doc = load_yaml(ref)
    return bill_from_document(doc).apply() if is_bill(doc.data) else load_law_file(ref)


def _one_shipped(jid: str) -> Law | None:
    """A shipped law read from its own file alone (one YAML file, not all of them: a fast
    `law show nz`); None when `jid` is not a shipped file, so `load` reports the error."""
    if not re.fullmatch(r"[a-z]{2}(-[a-z0-9]{2,5})?", jid):
        return None
    path = JURISDICTIONS_DIR / f"{jid}.yaml"
    law = load_law_file(path) if path.is_file() else None
    return law if law is not None and law.id == jid else None


def _selected(law: str | None, all_: bool) -> list[Law]:
    """The laws a command runs on: one id or path, or --all shipped jurisdictions."""
    if all_ == (law is not None):
        raise UsageError("give one jurisdiction id or --all")
    return [load(i) for i in ids()] if all_ else [resolve(law or "")]


def parse_at(text: str | None) -> date:
    """The --at option as a date (default today) in the documented range, or a usage error."""
    try:
        return LAW_DATE.check(text)
    except ValueError as exc:
        raise UsageError(f"--at: {exc}") from None


@app.command("list")
@guarded
def list_cmd(json: bool = JSON) -> None:
    """List the shipped jurisdictions."""
    rows: list[dict[str, Any]] = []
    for law in sorted(load_all().values(), key=lambda item: item.id):
        snap = law.at(None)
        rows.append(
            {
                "id": law.id,
                "name": law.name,
                "parent": law.parent,
                "level": law.spec.level,
                "source": Path(law.source).name,
                "unclear_today": [p for p, v in snap.items() if v.value == "unclear"],
                "low_confidence_today": [p for p, v in snap.items() if v.confidence == "low"],
            }
        )
    if json:
        print_json(rows)
        return
    table = Table(
        "id",
        "name",
        "parent",
        "level",
        "unclear",
        "low conf.",
        title=(f"{len(rows)} jurisdictions (unclear / low-confidence provisions in force today)"),
    )
    for row in rows:
        table.add_row(
            row["id"],
            row["name"],
            row["parent"] or "",
            row["level"],
            str(len(row["unclear_today"])),
            str(len(row["low_confidence_today"])),
        )
    console.print(table)


@app.command()
@guarded
def show(law: str = LAW, at: str | None = AT, json: bool = JSON) -> None:
    """Show a jurisdiction's provisions in force on a date, with references."""
    snap = resolve(law).at(parse_at(at))
    if json:
        print_json(snap.as_dict())
        return
    table = word_table(
        "provision",
        "value",
        "since",
        "confidence",
        "references",
        title=(f"{snap.name} ({snap.law_id}) on {snap.on.isoformat()}"),
    )
    for pid, pv in snap.items():
        refs = "; ".join(str(c) for c in pv.citations) or (pv.note or "")
        value = value_label(pid, pv.value)
        table.add_row(label("provision", pid), value, _iso(pv.since), pv.confidence, refs)
    console.print(table)


@app.command()
@guarded
def history(law: str = LAW, json: bool = JSON) -> None:
    """Show every dated value of every provision."""
    resolved = resolve(law)
    hist = resolved.history()
    if json:
        print_json(
            {
                "id": resolved.id,
                "name": resolved.name,
                "provisions": {pid: [v.as_dict() for v in vals] for pid, vals in hist.items()},
            }
        )
        return
    table = word_table(
        "provision",
        "from",
        "until",
        "value",
        "confidence",
        "references",
        title=f"{resolved.name} ({resolved.id}): history",
    )
    for pid, values in hist.items():
        for v in values:
            refs = "; ".join(str(c) for c in v.citations)
            words = label("provision", pid), value_label(pid, v.value)
            table.add_row(words[0], _iso(v.since), _iso(v.until), words[1], v.confidence, refs)
    console.print(table)


@app.command()
@guarded
def validate(
    paths: list[Path] = typer.Argument(..., help="Law or bill YAML files, or directories."),
    show_coverage: bool = typer.Option(
        False, "--coverage", help="Also list provisions each file leaves unrecorded (not errors)."
    ),
    json: bool = JSON,
) -> None:
    """Validate law and bill files; print every problem as file:line:col: field: message."""
    issues = validate_paths(paths, set(_shipped_ids_or_empty()))
    gaps = [gap for gap in coverage(paths) if gap.missing] if show_coverage else []
    not_iso = non_iso_ids(gap.law_id for gap in coverage(paths)) if show_coverage else []
    if json:
        result: dict[str, Any] = {"ok": not issues, "issues": [i.as_dict() for i in issues]}
        if show_coverage:
            result["unrecorded"] = [gap.as_dict() for gap in gaps]
            result["not_iso_3166"] = not_iso
        print_json(result)
    else:
        for issue in issues:
            sys.stderr.write(f"{issue}\n")
        for gap in gaps:
            console.print(f"{gap.file}: {gap.law_id}: unrecorded: {', '.join(gap.missing)}")
        for jid in not_iso:
            console.print(f"{jid}: not an ISO 3166-1/-2 code")
        if show_coverage and not gaps:
            console.print("coverage: every file records every provision")
        if not issues:
            console.print("[green]ok[/]: no problems found")
    if issues:
        raise typer.Exit(2)


def _shipped_ids_or_empty() -> list[str]:
    # Validating the shipped data must not require the shipped data to be valid already.
    try:
        return ids()
    except InputError:
        return []


@app.command("classify")
@guarded
def classify_cmd(
    law: str | None = typer.Argument(None, help="Jurisdiction id or law/bill YAML path."),
    all_: bool = typer.Option(False, "--all", help="Classify every shipped jurisdiction."),
    scheme: list[str] = typer.Option(
        list(SCHEMES), "--scheme", help=f"Scheme(s): {', '.join(SCHEMES)}; default all."
    ),
    at: str | None = AT,
    json: bool = JSON,
) -> None:
    """Derive the regime in each scheme from the provisions, with the provisions that decided it."""
    laws = _selected(law, all_)
    on = parse_at(at)
    results = [classify(item, s, on, children(item.id)) for item in laws for s in scheme]
    if json:
        print_json([r.as_dict() for r in results])
        return
    table = word_table("law", "scheme", "regime", "decided by", title=f"Classification on {on}")
    for r in results:
        decided = "; ".join(_said(x["provision"], x["value"]) for x in r.reasons)
        if r.units:
            units = ", ".join(f"{load(u).name}: {label('regime', g)}" for u, g in r.units)
            decided += f" | units: {units}"
        regime = f"[bold]{label('regime', r.regime)}[/]"
        table.add_row(r.name, label("scheme", r.scheme), regime, decided)
    console.print(table)


@app.command("assess")
@guarded
def assess_cmd(
    law: str | None = typer.Argument(None, help="Jurisdiction id or law/bill YAML path."),
    all_: bool = typer.Option(False, "--all", help="Assess every shipped jurisdiction."),
    at: str | None = AT,
    json: bool = JSON,
) -> None:
    """Assess a law against Amnesty International's 2016 policy (POL 30/4062/2016)."""
    laws = _selected(law, all_)
    results = [assess(item, parse_at(at)) for item in laws]
    if json:
        data = [r.as_dict() for r in results]
        print_json(data if all_ else data[0])
        return
    for result in results:
        table = word_table(
            "obligation",
            "finding",
            "provisions",
            "why",
            title=f"{result.name} ({result.law_id}) on {result.on}: Amnesty 2016",
        )
        for f in result.findings:
            colour = {"compliant": "green", "not_compliant": "red"}.get(f.status, "yellow")
            provs = "; ".join(_said(p["provision"], p["value"]) for p in f.provisions)
            finding = f"[{colour}]{label('finding', f.status)}[/]"
            table.add_row(label("obligation", f.obligation), finding, provs, f.explanation)
        console.print(table)
        console.print(f"Summary: {result.summary()['text']}")


@app.command("diff")
@guarded
def diff_cmd(
    a: str = typer.Argument(..., help="Jurisdiction id or law/bill YAML path."),
    b: str | None = typer.Argument(None, help="Second jurisdiction (omit with --reform)."),
    reform: Path | None = typer.Option(None, "--reform", help="Bill YAML to apply to A."),
    at: str | None = AT,
    json: bool = JSON,
) -> None:
    """Compare two laws, or a law before and after a bill, provision by provision."""
    if (b is None) == (reform is None):
        raise UsageError("give a second jurisdiction B or --reform BILL.yaml (not both)")
    if reform is not None:
        bill = load_bill(reform)
        base = resolve(a)
        if base.id != bill.spec.base:
            raise UsageError(f"the bill amends {bill.spec.base!r}, not {base.id!r}")
        on = parse_at(at) if at else max(as_date(None), bill.spec.effective)
        result = diff(base, bill.apply(base), on)
    else:
        result = diff(resolve(a), resolve(b or ""), parse_at(at))
    if json:
        print_json(result.as_dict())
        return
    title = f"{result.a.id} ({result.on_a}) vs {result.b.id} ({result.on_b})"
    for name, rows in (
        ("provision", result.provisions),
        ("scheme", result.classification),
        ("obligation", result.assessment),
    ):
        table = word_table(name, result.a.name, result.b.name, title=f"{title}: {name}s")
        for row in rows:
            style = "bold yellow" if row.changed else ""
            table.add_row(
                label(name, row.key), *_diff_words(name, row.key, row.a, row.b), style=style
            )
        console.print(table)
    changed = [r.key for r in result.provisions if r.changed]
    changed_words = ", ".join(label("provision", key) for key in changed)
    console.print(f"{len(changed)} provision(s) differ: {changed_words or 'none'}")


@app.command("provisions")
@guarded
def provisions_cmd(json: bool = JSON) -> None:
    """List the recorded provisions and the words each may take."""
    table_ = provisions()
    if json:
        print_json(
            [
                {
                    "id": p.id,
                    "label": p.label,
                    "kind": p.kind.name,
                    "words": list(p.kind.words),
                    "description": p.description,
                }
                for p in table_.values()
            ]
        )
        return
    table = word_table("id", "label", "words")
    for p in table_.values():
        table.add_row(p.id, p.label, p.kind.expected())
    console.print(table)


def _said(provision: str, value: Any) -> str:
    """`Buying: Criminal offence`: a deciding provision and its value, in words."""
    return f"{label('provision', provision)}: {value_label(provision, value)}"


def _diff_words(name: str, key: str, a: Any, b: Any) -> tuple[str, str]:
    """Both sides of a diff row in words: provision values, regimes or findings."""
    if name == "provision":
        return _value_words(key, a), _value_words(key, b)
    kind = "regime" if name == "scheme" else "finding"
    return label(kind, str(a)), label(kind, str(b))


def _value_words(provision: str, value: Any) -> str:
    return "" if value is None else value_label(provision, value)


def _iso(day: Any) -> str:
    return day.isoformat() if day else ""


# The open-dataset commands (export, codebook, crosswalk) live in their own module.
from swpolicy.law import dataset_cli  # noqa: E402, F401

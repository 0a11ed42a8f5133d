"""Write FSW indicators for sub-Saharan Africa from the Stevens et al. (2024) collated survey data.

Why: the builder (DESIGN.md section B) needs per-country FSW HIV prevalence, population size
and ART coverage, each value cited. Stevens et al. collated, deduplicated and checked against
source documents the key-population surveys of 39 sub-Saharan countries (2010-2023). Their
working tables are public in the GitHub repository osymandius/kp-data; this script reads three of
them (a checkout or `git show` copy, given by --data-dir) and writes one value per indicator per
country into swpolicy/epi/data/indicators/<id>.yaml.

The dataset itself is NOT copied into this project (the repository carries no licence file, and
the licence of the Zenodo deposit, record 10838437, was not read). Only single factual values are
written, each citing the original study as named in the collated table, the collation paper and
the exact file/row it was read from.

Selection rule (stated in each value's note): rows for kp == FSW whose source document is public
(source_found == "yes"); a national row (area named as the country) if any, else the most recent
year; ties broken by the largest sample size (prevalence, ART) or the largest count (size).
ART coverage uses only self-reported or laboratory-detected ART (not viral-load suppression).
Indicators and `unclear` entries written by hand (not marked as from this script) are kept.

Usage:
    python scripts/kp_indicators_ssa.py --data-dir /tmp/kp [--out swpolicy/epi/data/indicators]
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

REPO = "osymandius/kp-data"
COMMIT = "407acd181fd69fd31dced1818bd6a598363e5300"
PAPER = (
    "Stevens O, Sabin K, Anderson RL, et al. Population size, HIV prevalence, and antiretroviral "
    "therapy coverage among key populations in sub-Saharan Africa: collation and synthesis of "
    "survey data, 2010-23. Lancet Glob Health 2024;12(9):e1400-e1412"
)
DOI = "10.1016/S2214-109X(24)00236-5"
MARK = "as collated by Stevens et al. 2024"
FILES = {
    "fsw_hiv_prevalence": "src/aaa_assign_province/prev_clean_sourced.csv",
    "art_coverage": "src/aaa_assign_province/art_clean_sourced.csv",
    "fsw_size_estimate": "src/aaa_assign_populations/pse_cleaned_sourced_data.csv",
}
ISO3_TO_2 = {
    "AGO": "AO", "BDI": "BI", "BEN": "BJ", "BFA": "BF", "BWA": "BW", "CAF": "CF", "CIV": "CI",
    "CMR": "CM", "COD": "CD", "COG": "CG", "ERI": "ER", "ETH": "ET", "GAB": "GA", "GHA": "GH",
    "GIN": "GN", "GMB": "GM", "GNB": "GW", "GNQ": "GQ", "HTI": "HT", "KEN": "KE", "LBR": "LR",
    "LSO": "LS", "MLI": "ML", "MOZ": "MZ", "MWI": "MW", "NAM": "NA", "NER": "NE", "NGA": "NG",
    "RWA": "RW", "SEN": "SN", "SLE": "SL", "SSD": "SS", "SWZ": "SZ", "TCD": "TD", "TGO": "TG",
    "TZA": "TZ", "UGA": "UG", "ZAF": "ZA", "ZMB": "ZM", "ZWE": "ZW",
}  # fmt: skip
ART_METHODS = {"self-report", "lab"}
# Collated values not written because a source read contradicts them (reason goes to `unclear`).
EXCLUDE = {
    ("ZWE", "art_coverage"): "[kp-data] art_coverage: the collated 2011 value (Mutare 78.9%, n=108,"
    " self-report) conflicts with the source abstract (Cowan et al., PLoS One 2013, doi"
    " 10.1371/journal.pone.0077080: only 25-35% of FSW with laboratory-confirmed HIV were on ART"
    " in 2011 across Victoria Falls, Hwange and Mutare); not written.",
}


@dataclass(frozen=True)
class Row:
    """One collated survey estimate (a line of a Stevens et al. table)."""

    iso3: str
    area: str
    year: int
    value: float
    lo: float | None
    hi: float | None
    n: int | None
    ref: str
    link: str
    dataset: str
    method: str
    line: int


def _decode(raw: bytes) -> str:
    """A line as UTF-8, else Mac Roman or Windows-1252 (the tables mix all three).

    Of the two legacy decodings, the one giving more common accented letters wins.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    good = set("áàâãçéèêíóôõúÉÈ’–")
    texts = [raw.decode(enc, errors="replace") for enc in ("mac_roman", "cp1252")]
    return max(texts, key=lambda t: sum(c in good for c in t))


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def read_rows(path: Path, indicator: str) -> list[Row]:
    """FSW rows with a public source and a usable value, in file order."""
    out: list[Row] = []
    lines = [_decode(b) for b in path.read_bytes().splitlines()]
    for line, rec in enumerate(csv.DictReader(lines), start=2):
        if rec["kp"] != "FSW" or rec.get("source_found") != "yes" or rec["ref"] in ("", "NA"):
            continue
        if rec.get("duplicate_of", "NA") != "NA" or _num(rec["year"]) is None:
            continue
        method = rec.get("method", "").strip()
        if indicator == "art_coverage" and method.lower() not in ART_METHODS:
            continue
        key = "count_estimate" if indicator == "fsw_size_estimate" else "prop_estimate"
        value = _num(rec[key])
        if value is None or value <= 0:
            continue
        lo_key, hi_key = key.replace("estimate", "lower"), key.replace("estimate", "upper")
        lo, hi = _num(rec[lo_key]), _num(rec[hi_key])
        if lo is None or hi is None or not lo <= value <= hi:
            lo = hi = None
        n = _num(rec.get("denominator", "NA"))
        out.append(
            Row(rec["iso3"], rec["area_name"].strip(), int(float(rec["year"])), value,
                lo, hi, int(n) if n else None, rec["ref"].strip(), rec["link"].strip(),
                rec["dataset"].strip(), method, line)
        )  # fmt: skip
    return out


def pick(rows: list[Row], country: str, indicator: str) -> Row:
    """The national row if any, else the latest year; ties by sample size or count."""

    def key(r: Row) -> tuple[bool, int, float]:
        size = r.value if indicator == "fsw_size_estimate" else float(r.n or 0)
        return (r.area.lower() == country.lower(), r.year, size)

    return max(rows, key=key)


def peers(rows: list[Row], chosen: Row) -> str:
    """A note on the other sites of the chosen row's year (the spread the single value hides)."""
    same = [r for r in rows if r.year == chosen.year and r is not chosen]
    if not same:
        return ""
    vals = sorted(r.value for r in same)

    def fmt(v: float) -> str:
        return f"{v:.0f}" if chosen.value > 1 else f"{v:.3f}"

    return (
        f"Other {chosen.year} rows for this country in the table: {len(same)}, "
        f"range {fmt(vals[0])}-{fmt(vals[-1])}."
    )


def entry(row: Row, indicator: str, path: str, country: str, spread: str = "") -> dict[str, Any]:
    """One indicator value in the DESIGN.md section B format."""
    value: float | int = round(row.value) if indicator == "fsw_size_estimate" else row.value
    size = indicator == "fsw_size_estimate"
    out: dict[str, Any] = {"value": value if size else round(row.value, 4), "year": row.year}
    if row.lo is not None and row.hi is not None:
        out["lo"] = round(row.lo) if size else round(row.lo, 4)
        out["hi"] = round(row.hi) if size else round(row.hi, 4)
    if row.n and indicator != "fsw_size_estimate":
        out["n"] = row.n
    national = row.area.lower() == country.lower()
    out["area"] = "national" if national else row.area
    out["source"] = {
        "citation": f'{country}: "{row.ref}" ({MARK}: {PAPER})',
        "url": f"https://github.com/{REPO}/blob/{COMMIT}/{path}",
        "doi": DOI,
        "locator": f"{path} line {row.line} (kp FSW, {row.area}, {row.year}, method {row.method})",
    }
    notes = [
        "Read in the collated table, not in the original report.",
        f"Collated from: {row.dataset}.",
        "Chosen as " + ("the national estimate." if national else "the most recent estimate"
                        " (no national row); a sub-national value, not a national one."),
    ]  # fmt: skip
    if row.link and row.link != "NA":
        notes.append(f"Original source link given in the table: {row.link}")
    if indicator == "art_coverage":
        notes.append(
            f"ART measured by {row.method}. Caution: in the collated table a self-reported value"
            " may be among FSW who know they live with HIV (not all FSW living with HIV), which"
            " overstates coverage; check n against the source."
        )
    if row.lo is None and indicator != "fsw_size_estimate":
        notes.append("No interval reported in the table.")
    if spread:
        notes.append(spread)
    out["note"] = " ".join(notes)
    return out


def registry_names(jur_dir: Path) -> dict[str, str]:
    """Registry id -> country name, for country-level law files."""
    yaml = YAML(typ="safe")
    names: dict[str, str] = {}
    for f in sorted(jur_dir.glob("*.yaml")):
        doc = yaml.load(f.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and doc.get("level") == "country":
            names[str(doc["id"])] = str(doc["name"])
    return names


def main(argv: list[str] | None = None) -> int:
    """Write or update one indicators file per country found in the collated data."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("swpolicy/epi/data/indicators"))
    ap.add_argument("--jurisdictions", type=Path, default=Path("swpolicy/law/data/jurisdictions"))
    args = ap.parse_args(argv)
    names = registry_names(args.jurisdictions)
    tables = {k: read_rows(args.data_dir / Path(p).name, k) for k, p in FILES.items()}
    yaml = YAML()
    yaml.width = 100
    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    for iso3, iso2 in sorted(ISO3_TO_2.items()):
        jid = iso2.lower()
        if jid not in names:
            print(f"skip {iso3}: no registry jurisdiction {jid}", file=sys.stderr)
            continue
        path = args.out / f"{jid}.yaml"
        doc: dict[str, Any] = {"jurisdiction": jid, "country": iso2, "indicators": {}}
        if path.exists():
            doc = dict(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
        inds: dict[str, Any] = {
            k: v
            for k, v in (doc.get("indicators") or {}).items()
            if MARK not in str(v.get("source", {}).get("citation", ""))
        }
        unclear = [u for u in doc.get("unclear") or [] if "[kp-data]" not in u]
        for indicator, rel in FILES.items():
            rows = [r for r in tables[indicator] if r.iso3 == iso3]
            if indicator in inds:
                continue
            if (iso3, indicator) in EXCLUDE:
                unclear.append(EXCLUDE[(iso3, indicator)])
                continue
            if rows:
                chosen = pick(rows, names[jid], indicator)
                spread = peers(rows, chosen)
                inds[indicator] = entry(chosen, indicator, rel, names[jid], spread)
            else:
                unclear.append(
                    f"[kp-data] {indicator}: no public-source FSW row for {iso3} in {rel}"
                )
        if not inds and not unclear:
            continue
        order = ["fsw_hiv_prevalence", "fsw_size_estimate", "condom_last_paid_sex",
                 "art_coverage", "violence", "police"]  # fmt: skip
        doc["indicators"] = {k: inds[k] for k in sorted(inds, key=order.index)}
        doc["unclear"] = unclear
        with path.open("w", encoding="utf-8") as fh:
            fh.write(f"# {names[jid]}: FSW indicators. Values marked '{MARK}' are written by\n")
            fh.write("# scripts/kp_indicators_ssa.py; others by hand. See LICENSE.md here.\n")
            yaml.dump(doc, fh)
        written += 1
    print(f"wrote {written} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

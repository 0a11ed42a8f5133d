"""Words instead of identifiers: every id people may see, with a label and a plain explanation.

`label(kind, id)` gives the short words for a table cell or a legend; `explain(kind, id)` one
plain sentence for a tooltip, a glossary or a summary. Kinds:

    scheme, regime            classification schemes and their regimes (law/classify.py)
    provision                 the recorded provisions (law/data/provisions.yaml)
    status, licensing, testing, presence, age
                              the words each kind of provision may take (provisions.yaml)
    obligation, finding       Amnesty 2016 obligations and the assessment's findings
    level                     a jurisdiction's level (country, state or region, territory)
    setting, assumption_set   the epidemic model's settings and the shipped assumption sets
    setting_kind, calibration_status
                              calibrated or builder-made settings; a calibration's status
    target_kind               what a calibration target observes (epi/schema.py TargetKind)
    determinant, link         the model's structural determinants and the law-to-determinant links
    bill_template             the models a new bill can start from (law/data/bill_templates.yaml)
    setting_place             own, built or borrowed: a setting as it relates to a law (place.py)

The ids come from where they are defined (provisions.yaml, the classifier, amnesty2016.yaml,
the epidemic settings, mapping.yaml), so a new provision, status word or regime needs only a
label in vocabulary.yaml; the words already written in those files (explanations of status
words, settings' names, determinants) are read from there, not repeated. Building the table
fails, naming the entry, when a shipped id has no label (tests/test_vocabulary.py runs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from swpolicy.errors import SwpolicyError

VOCABULARY = Path(__file__).with_name("vocabulary.yaml")
PACKAGE = Path(__file__).parent
VALUE_KINDS = ("status", "licensing", "testing", "presence", "measure", "age")
KINDS = (
    "scheme",
    "regime",
    "provision",
    *VALUE_KINDS,
    "obligation",
    "finding",
    "level",
    "setting",
    "setting_kind",
    "calibration_status",
    "target_kind",
    "assumption_set",
    "determinant",
    "link",
    "bill_template",
    "setting_place",
)
SETTING_PLACES = ("own", "built", "borrowed")  # scenarios/place.py
# Settings: shipped calibrated files or builder-made (swpolicy.epi.settings.Kind); a
# calibration's status (swpolicy.scenarios.calibrated.Status) or none yet.
SETTING_KINDS = ("calibrated", "builder")
CALIBRATION_STATUSES = ("ok", "missed", "failed", "not_calibrated")
# What a calibration target observes: swpolicy.epi.schema.TargetKind (tests/test_vocabulary.py
# checks they agree; not imported here, so a law command loads no model code).
TARGET_KINDS = ("prevalence", "incidence", "art_coverage", "violence", "police", "outdoor")
# Regimes the classifier gives when the data cannot decide (see law/classify.py).
UNDECIDED_REGIMES = ("varies", "unclear")
_DIRECTION = {"up": "up", "down": "down", "none": "unchanged"}
_DIRECTION_VERB = {"up": "raises the {}", "down": "lowers the {}", "none": "keeps the {} unchanged"}


class VocabularyError(SwpolicyError, KeyError):
    """An id with no entry in the vocabulary (a missing label, or a typo in a kind or id)."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Term:
    """The words for one id."""

    kind: str
    id: str
    label: str
    explain: str


def label(kind: str, term_id: str) -> str:
    """Short words for `term_id` of `kind`, e.g. label("regime", "neo_abolitionism")."""
    return term(kind, term_id).label


def explain(kind: str, term_id: str) -> str:
    """One plain sentence saying what `term_id` of `kind` means."""
    return term(kind, term_id).explain


def term(kind: str, term_id: str) -> Term:
    """The entry for one id; VocabularyError names the kind and the known ids."""
    table = terms()
    if kind not in table:
        raise VocabularyError(f"unknown vocabulary kind {kind!r}; expected one of {KINDS}")
    found = table[kind].get(str(term_id))
    if found is None:
        raise VocabularyError(f"no words for {kind} {term_id!r} in {VOCABULARY.name}")
    return found


def value_label(provision_id: str, value: str | int) -> str:
    """Words for a provision's recorded value (a status word, or a number of years)."""
    if isinstance(value, int):
        return f"{value} years"
    return label(_value_kind(provision_id), value)


def value_explain(provision_id: str, value: str | int) -> str:
    """One sentence for a provision's recorded value."""
    if isinstance(value, int):
        return f"The minimum age is {value} years."
    return explain(_value_kind(provision_id), value)


def _value_kind(provision_id: str) -> str:
    from swpolicy.law.provisions import provision

    return provision(provision_id).kind.name


def sentence_part(provision_id: str, value: str) -> str:
    """`buying sex is a criminal offence`: a status provision and its value as a clause."""
    parts = sentences()
    return f"{parts['subjects'][provision_id]} {parts['phrases'][value]}"


@cache
def sentences() -> dict[str, dict[str, str]]:
    """Subjects (per status provision) and phrases (per status word), checked complete."""
    from swpolicy.law.provisions import provisions

    data = _read(VOCABULARY)["sentences"]
    for pid, prov in provisions().items():
        if prov.kind.name != "status":
            continue
        if pid not in data["subjects"]:
            raise VocabularyError(f"{VOCABULARY.name}: sentences.subjects lacks {pid!r}")
        for word in prov.kind.words:
            if word not in data["phrases"]:
                raise VocabularyError(f"{VOCABULARY.name}: sentences.phrases lacks {word!r}")
    return {k: {str(i): str(t) for i, t in v.items()} for k, v in data.items()}


@cache
def terms() -> dict[str, dict[str, Term]]:
    """Every kind's entries, keyed by id, in the order of the files that define the ids."""
    words = _read(VOCABULARY)
    provisions = _provisions(words)
    table = {
        "scheme": _pairs("scheme", _scheme_ids(), words["schemes"]),
        "regime": _pairs("regime", _regime_ids(), words["regimes"]),
        **provisions,
        "obligation": _obligations(words["obligations"]),
        "finding": _pairs("finding", list(words["findings"]), words["findings"]),
        "level": _pairs("level", _level_ids(), words["levels"]),
        "setting": _settings(),
        "setting_kind": _pairs("setting_kind", list(SETTING_KINDS), words["setting_kinds"]),
        "calibration_status": _pairs(
            "calibration_status", list(CALIBRATION_STATUSES), words["calibration_statuses"]
        ),
        "target_kind": _pairs("target_kind", list(TARGET_KINDS), words["target_kinds"]),
        **_model_terms(words["assumption_sets"], provisions["provision"]),
        "bill_template": _pairs("bill_template", _template_ids(), words["bill_templates"]),
        "setting_place": _pairs("setting_place", list(SETTING_PLACES), words["setting_places"]),
    }
    return {kind: table[kind] for kind in KINDS}


def _read(path: Path) -> Any:
    """Plain data of a shipped YAML file. These files are validated, with located errors, by
    their own loaders; here only words are looked up, so the fast C parser is enough."""
    with path.open(encoding="utf-8") as handle:
        return YAML(typ="safe").load(handle)


def _missing(kind: str, term_id: str) -> VocabularyError:
    return VocabularyError(f"{VOCABULARY.name}: {kind} {term_id!r} has no label; add one")


def _pairs(kind: str, ids: list[str], entries: dict[str, Any]) -> dict[str, Term]:
    """Terms whose label and explanation are both written in vocabulary.yaml."""
    out = {}
    for term_id in ids:
        entry = entries.get(term_id)
        if not entry or not entry.get("label") or not entry.get("explain"):
            raise _missing(kind, term_id)
        out[term_id] = Term(kind, term_id, str(entry["label"]), str(entry["explain"]))
    return out


def _level_ids() -> list[str]:
    from typing import get_args

    from swpolicy.law.schema import JurisdictionFile

    return [str(a) for a in get_args(JurisdictionFile.model_fields["level"].annotation)]


def _template_ids() -> list[str]:
    return list(_read(PACKAGE / "law" / "data" / "bill_templates.yaml")["templates"])


def _scheme_ids() -> list[str]:
    from swpolicy.law.classify import SCHEMES

    return list(SCHEMES)


def _regime_ids() -> list[str]:
    from swpolicy.law.classify import SCHEMES

    found = [rule.regime for rules in SCHEMES.values() for rule in rules]
    return list(dict.fromkeys([*found, *UNDECIDED_REGIMES]))


def _provisions(words: dict[str, Any]) -> dict[str, dict[str, Term]]:
    """Provisions and the words of each kind: labels here, explanations in provisions.yaml."""
    from swpolicy.law.provisions import UNRECORDED, provisions, unrecorded_meaning

    table: dict[str, dict[str, Term]] = {kind: {} for kind in ("provision", *VALUE_KINDS)}
    shared = words["words"].get("any", {})
    for pid, prov in provisions().items():
        short = words["provisions"].get(pid)
        if not short:
            raise _missing("provision", pid)
        table["provision"][pid] = Term("provision", pid, str(short), prov.description)
        kind = prov.kind
        if kind.name not in table:
            raise VocabularyError(f"provision kind {kind.name!r} is not in vocabulary KINDS")
        own = words["words"].get(kind.name) or {}
        for word, meaning in kind.words.items():
            text = own.get(word) or shared.get(word)
            if not text:
                raise _missing(kind.name, word)
            table[kind.name][word] = Term(kind.name, word, str(text), meaning)
        # Any provision a file does not record reads `unrecorded`, whatever its kind.
        if not shared.get(UNRECORDED):
            raise _missing("any", UNRECORDED)
        term = Term(kind.name, UNRECORDED, str(shared[UNRECORDED]), unrecorded_meaning())
        table[kind.name].setdefault(UNRECORDED, term)
    return table


def _obligations(short: dict[str, str]) -> dict[str, Term]:
    doc = _read(PACKAGE / "law" / "data" / "amnesty2016.yaml")
    out = {}
    for ob in doc["obligations"]:
        if not short.get(ob["id"]):
            raise _missing("obligation", ob["id"])
        out[ob["id"]] = Term("obligation", ob["id"], short[ob["id"]], f"{ob['title']}.")
    return out


def setting_files() -> dict[str, Path]:
    """The shipped settings' files by id, found without importing the model (which is slow).

    The settings registry keeps them in epi/data/settings/ (file name = id); in the older
    layout they sat in epi/data/ beside common.yaml, recognisable by their `label` and
    `epidemic` fields. Both layouts are read, so the vocabulary works with either.
    """
    data = PACKAGE / "epi" / "data"
    folder = data / "settings"
    if folder.is_dir():
        return {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    found = {}
    for path in sorted(data.glob("*.yaml")):
        spec = _read(path)
        if isinstance(spec, dict) and {"label", "epidemic"} <= spec.keys():
            found[path.stem] = path
    return found


def _settings() -> dict[str, Term]:
    """Settings' names are in their own files; the explanation is built from those files."""
    out = {}
    for name, path in setting_files().items():
        data = _read(path)
        text = (
            f"The HIV model calibrated to sex workers and clients in {data['label']} "
            f"({data['epidemic']} epidemic); its current law is the law in force there."
        )
        out[name] = Term("setting", name, str(data["label"]), text)
    return out


def _model_terms(
    set_labels: dict[str, str], provisions: dict[str, Term]
) -> dict[str, dict[str, Term]]:
    """Assumption sets, determinants and links, from the law-to-model mapping."""
    doc = _read(PACKAGE / "scenarios" / "data" / "mapping.yaml")
    sets = {}
    for name, text in doc["assumption_sets"].items():
        if not set_labels.get(name):
            raise _missing("assumption_set", name)
        sets[name] = Term("assumption_set", name, set_labels[name], str(text))
    determinants = {
        name: Term("determinant", name, str(d["label"]), f"Acts on the {d['acts_on']}.")
        for name, d in doc["determinants"].items()
    }
    links = {}
    for e in doc["effects"]:
        det, prov = determinants[e["determinant"]], provisions[e["provision"]].label
        when = "penalised" if e["when"] == "penalised" else "lawful"
        name = f"{prov} {when} → {_lower_first(det.label)} {_DIRECTION[e['direction']]}"
        in_sets = (
            "in every assumption set"
            if set(e["sets"]) == set(sets)
            else "only in the " + " and ".join(sets[s].label.lower() for s in e["sets"])
        )
        acts_on = doc["determinants"][e["determinant"]]["acts_on"]
        text = (
            f"When {prov.lower()} is {when}, the model "
            f"{_DIRECTION_VERB[e['direction']].format(acts_on)} ({in_sets})."
        )
        links[e["id"]] = Term("link", e["id"], name, text)
    return {"assumption_set": sets, "determinant": determinants, "link": links}


def _lower_first(text: str) -> str:
    """`Access to HIV treatment` -> `access to HIV treatment` (acronyms keep their capitals)."""
    return text[:1].lower() + text[1:]

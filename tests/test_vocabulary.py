"""The vocabulary: every shipped id has words, the words are not ids, and gaps fail loudly."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from swpolicy import vocabulary
from swpolicy.law.assess import STATUSES, policy
from swpolicy.law.classify import SCHEMES, classify
from swpolicy.law.provisions import Kind, Provision, provisions
from swpolicy.law.registry import load_all
from swpolicy.scenarios.mapping import load_mapping
from swpolicy.vocabulary import VocabularyError, explain, label, term, value_label

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    vocabulary.terms.cache_clear()
    yield
    vocabulary.terms.cache_clear()


def shipped_settings() -> set[str]:
    try:
        from swpolicy.epi.settings import shipped as settings  # type: ignore[import-not-found]

        return set(settings())
    except ImportError:
        from swpolicy.epi.schema import SETTINGS

        return set(SETTINGS)


def shipped() -> dict[str, set[str]]:
    """Every id the project ships, read from where each is defined (not from the vocabulary)."""
    mapping = load_mapping()
    ids: dict[str, set[str]] = {
        "scheme": set(SCHEMES),
        "regime": {rule.regime for rules in SCHEMES.values() for rule in rules},
        "provision": set(provisions()),
        "obligation": {ob.id for ob in policy().obligations},
        "finding": set(STATUSES),
        "setting": shipped_settings(),
        "assumption_set": set(mapping.assumption_sets),
        "determinant": set(mapping.determinants),
        "link": {e.id for e in mapping.effects},
    }
    for prov in provisions().values():
        ids.setdefault(prov.kind.name, set()).update(prov.kind.words)
    return ids


def test_every_shipped_id_has_a_label_and_an_explanation() -> None:
    for kind, ids in shipped().items():
        assert ids, kind
        for term_id in ids:
            words = term(kind, term_id)
            assert words.label and words.label != term_id, (kind, term_id)
            assert not IDENTIFIER.search(words.label), (kind, term_id, words.label)
            assert words.explain.endswith("."), (kind, term_id)
            assert not IDENTIFIER.search(words.explain), (kind, term_id, words.explain)


def test_regimes_the_classifier_gives_for_shipped_laws_all_have_words() -> None:
    laws = load_all().values()
    regimes = {classify(law, scheme, "2024-01-01").regime for law in laws for scheme in SCHEMES}
    assert {"neo_abolitionism", "decriminalisation"} <= regimes
    for regime in regimes:
        assert label("regime", regime)


def test_labels_are_distinct_within_a_kind() -> None:
    for kind, table in vocabulary.terms().items():
        labels = [t.label for t in table.values()]
        assert len(labels) == len(set(labels)), (kind, labels)


def test_examples_read_as_words() -> None:
    assert label("regime", "neo_abolitionism").startswith("Neo-abolitionism")
    assert label("status", "legal_restricted") == "Legal, with restrictions"
    assert label("finding", "not_compliant") == "Does not meet the policy"
    assert label("setting", "mombasa") == "Mombasa, Kenya"
    assert explain("status", "criminal") == provisions()["selling"].kind.words["criminal"]
    assert value_label("age_threshold", 18) == "18 years"
    assert value_label("licensing", "operators") == "Businesses must be licensed"
    assert label("licensing", "varies") == label("status", "varies")  # the shared word
    assert "market" in explain("link", "market_buying_shrinks").lower() or "number" in explain(
        "link", "market_buying_shrinks"
    )


def test_unknown_kind_or_id_is_a_clear_error() -> None:
    with pytest.raises(VocabularyError, match="no words for regime 'anarchy'"):
        label("regime", "anarchy")
    with pytest.raises(VocabularyError, match="unknown vocabulary kind"):
        label("metric", "x")


def copy_without(tmp_path: Path, line: str) -> Path:
    source = vocabulary.VOCABULARY.read_text(encoding="utf-8")
    assert line in source
    path = tmp_path / "vocabulary.yaml"
    path.write_text(source.replace(line, ""), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  buying: Buying\n", "provision 'buying' has no label"),
        ("    legal_restricted: Legal, with restrictions\n", "status 'legal_restricted'"),
        ("  protect_migrants: Migrant sex workers not penalised\n", "'protect_migrants'"),
        ("  critics: Critics' assumptions\n", "assumption_set 'critics'"),
    ],
)
def test_a_missing_label_fails_naming_the_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    monkeypatch.setattr(vocabulary, "VOCABULARY", copy_without(tmp_path, line))
    with pytest.raises(VocabularyError, match=message):
        vocabulary.terms()


def test_a_new_status_word_or_provision_needs_only_a_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words added to provisions.yaml are picked up from there: without a label they fail."""
    real = provisions()
    status = real["selling"].kind
    grown = Kind(status.name, status.description, {**status.words, "tolerated": "Tolerated."})
    extra = {**real, "selling": Provision("selling", grown, "Selling", "Selling sex.")}
    monkeypatch.setattr("swpolicy.law.provisions.provisions", lambda: extra)
    with pytest.raises(VocabularyError, match="status 'tolerated' has no label"):
        vocabulary.terms()
    path = tmp_path / "vocabulary.yaml"
    shutil.copy(vocabulary.VOCABULARY, path)
    text = path.read_text(encoding="utf-8").replace(
        "    legal: Legal\n", "    legal: Legal\n    tolerated: Tolerated\n"
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(vocabulary, "VOCABULARY", path)
    vocabulary.terms.cache_clear()
    assert label("status", "tolerated") == "Tolerated"
    assert explain("status", "tolerated") == "Tolerated."


def test_every_status_provision_has_sentence_words() -> None:
    from swpolicy.vocabulary import sentences

    assert sentences()["subjects"]  # raises if a status provision lacks its subject


def test_target_kinds_are_the_schema_kinds() -> None:
    from typing import get_args

    from swpolicy.epi.schema import TargetKind
    from swpolicy.vocabulary import TARGET_KINDS

    assert get_args(TargetKind) == TARGET_KINDS

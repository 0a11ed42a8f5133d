"""Every bill in its own place: its own calibrated setting, else one built from indicators,
else (only when picked, or when none can be built) one borrowed from another country."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from swpolicy.epi import settings
from swpolicy.epi.schema import Setting
from swpolicy.errors import UsageError
from swpolicy.law.registry import load
from swpolicy.scenarios import place

DAY = date(2027, 1, 1)


def fake_builder(monkeypatch: pytest.MonkeyPatch, jurisdictions: tuple[str, ...]) -> None:
    """A stand-in for the setting builder: `built-<j>` is Mombasa's inputs under j's law."""
    real: Callable[[str | Path], Setting] = settings.load
    mombasa = real("mombasa")

    def load(ref: str | Path) -> Setting:
        text = str(ref)
        if text.startswith("built-"):
            jid = text.removeprefix("built-")
            if jid not in jurisdictions:
                raise UsageError(f"no indicators for {jid}")
            law = mombasa.law.model_copy(update={"jurisdiction": jid})
            label = f"{load_name(jid)} (built from national indicators)"
            return mombasa.model_copy(update={"name": text, "label": label, "law": law})
        return real(ref)

    monkeypatch.setattr(settings, "load", load)
    monkeypatch.setattr(
        settings, "builder_ids", lambda: tuple(f"built-{j}" for j in jurisdictions), raising=False
    )
    monkeypatch.setattr(
        settings,
        "kind_of",
        lambda ref: "builder" if str(ref).startswith("built-") else "calibrated",
        raising=False,
    )


def no_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if no setting could be built: loading any `built-...` id fails."""
    real = settings.load

    def load(ref: str | Path) -> Setting:
        if str(ref).startswith("built-"):
            raise UsageError(f"cannot build {ref}")
        return real(ref)

    monkeypatch.setattr(settings, "load", load)


def load_name(jid: str) -> str:
    return load(jid).name


def test_a_law_with_a_calibrated_setting_runs_in_it() -> None:
    for s in settings.shipped():
        jurisdiction = settings.load(s).law.jurisdiction
        choice = place.setting_for(load(jurisdiction), DAY)
        # Several settings may share a law (Mombasa and Nairobi): the one measured most recently.
        chosen = settings.load(choice.setting)
        assert chosen.law.jurisdiction == jurisdiction
        assert chosen.law.exposures_measured >= settings.load(s).law.exposures_measured
        assert (choice.kind, choice.own) == ("own", True)
        assert place.place_phrase(choice) == f"In {choice.label}"


def test_otherwise_the_builder_made_setting_of_its_own_jurisdiction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_builder(monkeypatch, ("gb-nir", "ie"))
    ulster = place.setting_for(load("gb-nir"), DAY)
    assert (ulster.setting, ulster.kind, ulster.own) == ("built-gb-nir", "built", True)
    assert "built from indicators" in ulster.reason
    opening = place.place_phrase(ulster)
    assert opening.startswith("In Northern Ireland (built from national indicators)")
    assert opening.endswith("a setting built from indicators")
    assert place.known_setting("built-ie") and not place.known_setting("built-dk")
    assert place.setting_kind("built-ie") == "builder"
    assert place.setting_kind("mombasa") == "calibrated"


def test_borrowed_only_when_nothing_can_be_built_or_when_picked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_builder(monkeypatch, ("ie",))
    # Denmark has no setting that can be built here: the nearest shipped one, said borrowed.
    denmark = place.setting_for(load("dk"), DAY)
    assert denmark.kind == "borrowed" and not denmark.own
    assert f"borrowed from {denmark.country}" in place.place_phrase(denmark)
    assert "not Denmark's epidemic" in denmark.reason
    # A user may pick Mombasa for Ireland's bill: borrowed from Kenya, said so.
    picked = place.choice_for("mombasa", load("ie"), DAY)
    assert (picked.kind, picked.country) == ("borrowed", "Kenya")
    assert place.place_phrase(picked) == (
        "Modelled in Mombasa, Kenya, a setting borrowed from Kenya"
    )
    assert "the default for Ireland is Ireland (built" in picked.reason


def test_without_a_builder_the_nearest_setting_is_borrowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_builder(monkeypatch)
    ireland = place.setting_for(load("ie"), DAY)
    assert ireland.kind == "borrowed"
    assert "No modelled setting is in Ireland" in ireland.reason
    assert "same world region" in ireland.reason
    assert not place.known_setting("built-ie")
    ulster = place.setting_for(load("gb-nir"), DAY)
    assert ulster.kind == "borrowed" and "in the same country" in ulster.reason

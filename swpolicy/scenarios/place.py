"""Where a law or bill is simulated: its own place, else a setting built for it, said in words.

One choice for the web app's bill impact, the report and the CLI (``design: issue 10, C``). For
a law or bill whose base jurisdiction is J:

1. ``own``: a shipped calibrated setting whose current law is J (Kenya's bill in Mombasa);
2. ``built``: the builder-made setting ``built-J`` (national indicators and wide regional priors
   for what is missing; :mod:`swpolicy.epi.builder`), when the builder can make one;
3. ``borrowed``: another place's setting. Only when the user picks it, or as a last resort when
   no setting can be built for J (then the nearest: same country, same world region, else the
   one whose current law is most like J's).

The kind is said plainly in every headline (:func:`place_phrase`), and a bill is always
compared with its own base law, whatever setting it runs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from swpolicy.epi import settings
from swpolicy.errors import SwpolicyError
from swpolicy.law.model import Law
from swpolicy.law.provisions import UNDETERMINED, provisions
from swpolicy.law.registry import load as load_law
from swpolicy.maps import region_of
from swpolicy.vocabulary import explain, label

Kind = Literal["own", "built", "borrowed"]
BUILT_PREFIX = "built-"


@dataclass(frozen=True)
class SettingChoice:
    """The setting a law or bill is simulated in, what kind it is for that law, and why."""

    setting: str
    label: str
    kind: Kind
    reason: str
    country: str  # the setting's country in words ("Kenya"), for "borrowed from Kenya"

    @property
    def own(self) -> bool:
        """The setting's current law is the base law (its own, or built for it)."""
        return self.kind != "borrowed"


def built_id(jurisdiction: str) -> str:
    """The id of the builder-made setting of a registry jurisdiction (``built-gb-sct``)."""
    return f"{BUILT_PREFIX}{jurisdiction}"


def setting_kind(ref: str) -> Literal["calibrated", "builder"]:
    """Whether a setting reference is a shipped calibrated setting (or a file) or builder-made."""
    return settings.kind_of(ref)


def known_setting(ref: str) -> bool:
    """Whether an id names a shipped setting or a builder-made one that can be loaded."""
    if ref in settings.shipped():
        return True
    if ref not in settings.builder_ids():
        return False
    try:
        settings.load(ref)
    except SwpolicyError:
        return False
    return True


def _setting_law(ref: str) -> Law:
    return load_law(settings.load(ref).law.jurisdiction)


def _country_id(law: Law) -> str:
    return (law.parent or law.id).split("-")[0]


def _country_name(law: Law) -> str:
    try:
        return load_law(_country_id(law)).name
    except SwpolicyError:
        return law.name


def _shared_provisions(a: Law, b: Law, on: date) -> int:
    """How many of the sex-work offence provisions two laws give the same known status."""
    snap_a, snap_b = a.at(on), b.at(on)
    status = [pid for pid, p in provisions().items() if p.kind.name == "status"]
    return sum(
        1
        for p in status
        if p in snap_a
        and p in snap_b
        and snap_a[p].value == snap_b[p].value
        and snap_a[p].value not in UNDETERMINED
    )


def _built(base: Law) -> SettingChoice | None:
    """The builder-made setting of the base jurisdiction, if the builder can make one."""
    ref = built_id(base.id)
    try:
        found = settings.load(ref)
    except SwpolicyError:
        return None
    reason = (
        f"No calibrated setting is in {base.name}; {found.label} is "
        f"{label('setting_place', 'built').lower()}. "
        f"{explainer('built')}"
    )
    return SettingChoice(ref, found.label, "built", reason, _country_name(base))


def explainer(kind: Kind) -> str:
    """The sentence the vocabulary gives for a kind of setting (own, built, borrowed)."""
    return explain("setting_place", kind)


def _borrowed(base: Law, on: date) -> SettingChoice:
    """The nearest shipped setting: same country, same world region, else the most similar law."""
    laws = {s: _setting_law(s) for s in settings.shipped()}
    labels = {s: settings.load(s).label for s in settings.shipped()}
    none_in = f"No modelled setting is in {base.name}"
    country = _country_id(base)
    chosen, why = None, ""
    for s, law in laws.items():
        if _country_id(law) == country:
            chosen, why = s, f"{none_in}; {labels[s]} is in the same country."
            break
    region = region_of(base.id, base.parent)
    if chosen is None and region is not None:
        for s, law in laws.items():
            if region_of(law.id, law.parent) == region:
                chosen, why = s, f"{none_in}; {labels[s]} is in the same world region ({region})."
                break
    if chosen is None:
        shared = {s: _shared_provisions(base, law, on) for s, law in laws.items()}
        chosen = max(shared, key=lambda s: shared[s])
        why = (
            f"{none_in} or its world region; {labels[chosen]} is used because its current law "
            f"({laws[chosen].name}) is the most like {base.name}'s ({shared[chosen]} of "
            f"offence provisions the same)."
        )
    why += (
        f" The numbers describe {labels[chosen]}'s epidemic under {base.name}'s law, "
        f"not {base.name}'s epidemic."
    )
    return SettingChoice(chosen, labels[chosen], "borrowed", why, _country_name(laws[chosen]))


def setting_for(base: Law, on: date) -> SettingChoice:
    """The setting a law or bill with this base law runs in: own, else built, else borrowed."""
    own = [settings.load(s) for s in settings.shipped()]
    own = [found for found in own if found.law.jurisdiction == base.id]
    if own:
        # Several settings under one law (Mombasa and Nairobi under Kenya's): the one whose
        # exposures were measured most recently, so the closest to the law as it is now.
        found = max(own, key=lambda f: (f.law.exposures_measured, f.name))
        reason = f"{found.label} is under {base.name}'s law, the law this bill amends."
        others = [f.label for f in own if f.name != found.name]
        if others:
            reason += f" Also modelled under it: {', '.join(sorted(others))} (pick on this page)."
        return SettingChoice(found.name, found.label, "own", reason, _country_name(base))
    return _built(base) or _borrowed(base, on)


def choice_for(ref: str, base: Law, on: date) -> SettingChoice:
    """A setting the user picked, described for a law or bill with this base law."""
    default = setting_for(base, on)
    if ref == default.setting:
        return default
    found = settings.load(ref)
    law = load_law(found.law.jurisdiction)
    if law.id == base.id:
        kind: Kind = "built" if setting_kind(ref) == "builder" else "own"
        reason = f"Chosen by you; {found.label} is under {base.name}'s law."
        return SettingChoice(ref, found.label, kind, reason, _country_name(law))
    reason = (
        f"Chosen by you: {found.label} is borrowed from {_country_name(law)}; the default "
        f"for {base.name} is {default.label}. The numbers describe {found.label}'s epidemic "
        f"under {base.name}'s law, not {base.name}'s epidemic."
    )
    return SettingChoice(ref, found.label, "borrowed", reason, _country_name(law))


def place_phrase(choice: SettingChoice) -> str:
    """How a headline opens: ``In Mombasa, Kenya``, ``In Scotland (built from ...), a setting
    built from indicators`` or ``Modelled in Mombasa, Kenya, a setting borrowed from Kenya``."""
    return phrase(choice.kind, choice.label, choice.country)


def phrase(kind: str, setting_label: str, country: str) -> str:
    """:func:`place_phrase` from its parts (as a saved run keeps them)."""
    if kind == "own":
        return f"In {setting_label}"
    if kind == "built":
        return f"In {setting_label}, a setting {label('setting_place', 'built').lower()}"
    return f"Modelled in {setting_label}, a setting borrowed from {country}"

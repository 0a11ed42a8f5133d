"""One plain sentence that opens a jurisdiction's profile, generated from its recorded law.

"Selling sex is legal; buying sex is a criminal offence (since 1999); running a brothel is a
criminal offence." Each clause is a status provision on the date; "(since YEAR)" is added only
when the value replaced a different earlier value, so the start of the record is never presented
as a reform. The words come from swpolicy.vocabulary.
"""

from __future__ import annotations

from datetime import date

from swpolicy.law.model import Law
from swpolicy.vocabulary import sentence_part, sentences

# The provisions a reader asks about first, in the order NSWP's map shows them.
HEADLINE = ("selling", "buying", "brothel_keeping")


def summary(law: Law, on: date, provisions: tuple[str, ...] = HEADLINE) -> str:
    """The sentence for `law` on `on`."""
    snap = law.at(on)
    values = [str(snap.value(pid)) for pid in provisions]
    if set(values) == {"varies"}:
        subjects = [sentences()["subjects"][pid] for pid in provisions]
        listed = ", ".join(subjects[:-1]) + f" and {subjects[-1]}"
        return f"The law on {listed} differs by state or region: see each one's own profile."
    history = law.history()
    clauses = []
    for pid in provisions:
        value = str(snap.value(pid))
        clause = sentence_part(pid, value)
        since = snap.entries[pid].since
        earlier = [v for v in history[pid] if v.since and since and v.since < since]
        if since and earlier and str(earlier[-1].value) != value:
            clause += f" (since {since.year})"
        clauses.append(clause)
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."

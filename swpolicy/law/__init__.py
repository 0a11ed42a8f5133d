"""Law as code: jurisdictions' sex-work provisions as dated, cited data.

    >>> from swpolicy import law
    >>> law.load("nz").at("2010-01-01").value("buying")
    'legal'
    >>> law.classify(law.load("se"), "wikipedia", "2010-01-01").regime
    'neo_abolitionism'

Public API: `load`, `ids`, `load_all`, `load_law_file`, `Law`, `Snapshot`; `classify` and
`SCHEMES`; `assess`; `Bill`, `load_bill`; `diff`.
"""

from swpolicy.law.assess import Assessment, assess
from swpolicy.law.bills import Bill, load_bill, shipped_bills
from swpolicy.law.classify import SCHEMES, Classification, classify
from swpolicy.law.diff import LawDiff, diff
from swpolicy.law.model import Law, ProvisionValue, Snapshot
from swpolicy.law.registry import children, ids, load, load_all, load_law_file

__all__ = [
    "SCHEMES",
    "Assessment",
    "Bill",
    "Classification",
    "Law",
    "LawDiff",
    "ProvisionValue",
    "Snapshot",
    "assess",
    "children",
    "classify",
    "diff",
    "ids",
    "load",
    "load_all",
    "load_bill",
    "load_law_file",
    "shipped_bills",
]

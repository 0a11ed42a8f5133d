"""Property test: any bill posted to the API gets a located 4xx or is saved whole, never a 500.

Generated bills mix well-formed parts (a real base, real provisions and words) with wrong
ones (unknown fields, wrong types, impossible dates, odd text), sent as JSON, as YAML or as
damaged text. Whatever comes in: the answer is 201, 409 or a 4xx whose issues each name a
line, a column and a message; and a refused bill leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swpolicy.web.app import create_app
from swpolicy.web.services import vocabulary

PROVISIONS = [p["id"] for p in vocabulary()]
WORDS = sorted({w for p in vocabulary() for w in p["words"]})
CLIENT = TestClient(
    create_app(
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='swpolicy-billfuzz-')) / 'b.db'}",
        allowed_hosts=["testserver"],
    )
)

text = st.text(max_size=30)
scalar = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(), text)
day = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2027-02-30", "9999-12-31", "0001-01-01", "2027-1-1", "", "tomorrow"]),
    scalar,
)
value = st.one_of(st.sampled_from(WORDS), st.integers(0, 30), scalar)
change = st.one_of(
    value,
    st.fixed_dictionaries({"value": value}, optional={"until": day, "note": text}),
    st.lists(value, max_size=3),
)
bill = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True), scalar),
        "title": st.one_of(text, scalar),
        "base": st.one_of(st.sampled_from(["nz", "se", "fr", "zz", "us-nv"]), scalar),
        "effective": day,
        "changes": st.one_of(
            st.dictionaries(st.one_of(st.sampled_from(PROVISIONS), text), change, max_size=4),
            scalar,
        ),
        "extra": scalar,
    },
)


def serialise(data: dict[str, Any], how: str, cut: int) -> bytes:
    if how == "json":
        return json.dumps(data, default=str).encode()
    if how == "yaml":
        return yaml.safe_dump(data, allow_unicode=True).encode()
    whole = json.dumps(data, default=str).encode()
    return whole[: max(1, len(whole) - cut)] + b"\xff"[: cut % 2]  # truncated, maybe not UTF-8


def counts() -> dict[str, int]:
    store = CLIENT.app.state.store  # type: ignore[attr-defined]
    result: dict[str, int] = store.counts()
    return result


@given(data=bill, how=st.sampled_from(["json", "yaml", "damaged"]), cut=st.integers(0, 40))
@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_posted_bills_get_located_4xx_or_are_saved_whole(
    data: dict[str, Any], how: str, cut: int
) -> None:
    before = counts()
    body = serialise(data, how, cut)
    response = CLIENT.post("/api/bills", content=body, headers={"content-type": "text/plain"})
    assert response.status_code in (201, 409, 413, 422), (response.status_code, response.text)
    answer = response.json()
    if response.status_code == 201:
        assert counts()["bills"] == before["bills"] + 1
        assert CLIENT.get(f"/api/bills/{answer['id']}").status_code == 200
        return
    assert counts() == before  # nothing half-written
    assert answer["detail"]
    if response.status_code == 422:
        assert answer["issues"], answer
        for issue in answer["issues"]:
            assert issue["line"] >= 1 and issue["col"] >= 1 and issue["message"], issue

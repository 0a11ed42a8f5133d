"""Persistence: migrations, database URLs and transactional writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from swpolicy.errors import UsageError
from swpolicy.web.db import ENV_VAR, create_engine, default_url, migrate
from swpolicy.web.services import bill_from_text
from swpolicy.web.store import Conflict, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = create_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    return Store(engine)


def rows(n: int, fail_at: int | None = None) -> Iterator[dict[str, Any]]:
    for index in range(n):
        if index == fail_at:
            raise RuntimeError("crash while producing rows")
        yield {"law": "nz", "metric": f"m{index}", "median": 1.0, "lo": 0.5, "hi": 2.0}


def save(store: Store, produced: Iterator[dict[str, Any]]) -> int:
    return store.save_run("vancouver", ["ca", "nz"], {"draws": 300}, {"name": "x"}, "ok", produced)


def test_migrations_create_the_tables_and_are_idempotent(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert {"bills", "runs", "run_results", "alembic_version"} <= names
    migrate(store.engine)  # a second start must not fail or change anything
    assert set(inspect(store.engine).get_table_names()) == names


def test_a_crash_mid_save_leaves_no_half_written_run(store: Store) -> None:
    first = save(store, rows(3))
    with pytest.raises(RuntimeError, match="crash"):
        save(store, rows(5, fail_at=2))  # the run row and two result rows were already flushed
    assert store.counts() == {"bills": 0, "runs": 1, "rows": 3}
    assert [r["id"] for r in store.runs()] == [first]
    assert len(store.run(first)["rows"]) == 3


def test_a_failed_bill_save_keeps_what_was_saved(store: Store) -> None:
    bill, document = bill_from_text(
        '{"id": "b1", "title": "T", "base": "nz", "effective": "2027-01-01",'
        ' "changes": {"buying": "criminal"}}'
    )
    store.save_bill(bill.spec, document)
    with pytest.raises(Conflict):
        store.save_bill(bill.spec, {"changed": True})
    assert store.counts()["bills"] == 1
    assert store.bill("b1")["document"] == document


def test_database_url_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://user@localhost/swpolicy")
    assert default_url() == "postgresql+psycopg://user@localhost/swpolicy"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / 'swpolicy' / 'swpolicy.db'}"


def test_unusable_database_urls_are_usage_errors() -> None:
    with pytest.raises(UsageError, match=ENV_VAR):
        create_engine("nonsense://x")
    # The old `postgres://` alias is read as PostgreSQL: either the engine is made, or the
    # PostgreSQL driver (not a dependency of swpolicy) is reported missing by name.
    try:
        engine = create_engine("postgres://user@localhost/db")
    except UsageError as exc:
        assert "psycopg" in str(exc)
    else:
        assert engine.url.drivername.startswith("postgresql")

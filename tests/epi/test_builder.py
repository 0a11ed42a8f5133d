"""The setting builder: indicators files, built documents, virtual settings and the CLI.

Indicators files here are test fixtures in a temporary folder (the shipped ones are written by
another task); their numbers are ones the project's research notes report, but the tests only
rely on their shape.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import swpolicy.epi.indicators as indicator_files
from swpolicy.cli import app
from swpolicy.epi import settings
from swpolicy.epi.indicators import IndicatorError, read_indicators
from swpolicy.epi.schema import Setting
from swpolicy.scenarios import calibrated
from swpolicy.scenarios.executor import InProcess
from swpolicy.scenarios.run import engine_for

SOURCE = (
    "    source: {citation: 'Kenya key population survey (fixture)', "
    "url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC6145580', locator: 'Abstract'}\n"
)
KE = (
    "jurisdiction: ke\ncountry: KE\nindicators:\n"
    "  fsw_hiv_prevalence:\n    value: 0.295\n    year: 2010\n    lo: 0.247\n    hi: 0.349\n"
    "    n: 596\n    area: Nairobi\n" + SOURCE + "  condom_last_paid_sex:\n    value: 0.88\n"
    "    year: 2014\n    area: national\n" + SOURCE + "  art_coverage:\n    value: 0.8\n"
    "    year: 2014\n    area: national\n" + SOURCE + "  violence:\n    value: 0.32\n"
    "    year: 2014\n    n: 400\n    area: national\n    recall: past 12 months\n"
    + SOURCE
    + "  fsw_size_estimate:\n    value: 133675\n    year: 2016\n    lo: 100000\n"
    "    hi: 160000\n    area: national\n" + SOURCE + "unclear:\n  - police contact not reported\n"
)
GB = (
    "jurisdiction: gb\ncountry: GB\nindicators:\n  police:\n    value: 0.25\n    year: 2015\n"
    "    area: London\n    recall: past 12 months\n" + SOURCE
)


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Indicators for Kenya and the United Kingdom (not Scotland) in a temporary folder."""
    where = tmp_path / "indicators"
    where.mkdir()
    (where / "ke.yaml").write_text(KE, encoding="utf-8")
    (where / "gb.yaml").write_text(GB, encoding="utf-8")
    monkeypatch.setattr(indicator_files, "indicators_folder", lambda: where)
    monkeypatch.setenv("SWPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    calibrated.clear_memory()
    return where


def test_indicator_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "ke.yaml"
    bad.write_text(
        "jurisdiction: ke\ncountry: KE\nindicators:\n  fsw_hiv_prevalence:\n    value: 29.3\n"
        "    year: 2015\n    area: national\n    source: {citation: x, locator: y}\n"
        "  condom_use:\n    value: 0.8\n    year: 2015\n    area: national\n" + SOURCE,
        encoding="utf-8",
    )
    with pytest.raises(IndicatorError) as err:
        read_indicators(bad)
    where = {(i.line, i.field) for i in err.value.issues}
    assert (5, "indicators.fsw_hiv_prevalence.value") in where  # 29.3 is not a fraction
    assert (8, "indicators.fsw_hiv_prevalence.source") in where  # no doi or url
    assert any(line == 9 and "condom_use" in field for line, field in where)  # unknown name
    assert all(i.file == str(bad) for i in err.value.issues)


def test_indicator_interval_must_hold_the_value(tmp_path: Path) -> None:
    bad = tmp_path / "gb.yaml"
    bad.write_text(GB.replace("value: 0.25", "value: 0.25\n    lo: 0.3\n    hi: 0.4"), "utf-8")
    with pytest.raises(IndicatorError, match="lo <= value <= hi"):
        read_indicators(bad)


def test_a_country_with_indicators(folder: Path) -> None:
    s = settings.load("built-ke")
    assert settings.kind_of("built-ke") == "builder" and settings.kind_of("mombasa") == (
        "calibrated"
    )
    assert s.label == "Kenya (built from indicators)" and s.place == "KE"
    assert s.epidemic == "generalised" and s.law.jurisdiction == "ke"
    kinds = {t.kind: t for t in s.targets}
    assert set(kinds) == {"prevalence", "art_coverage", "violence"}
    assert kinds["prevalence"].likelihood == "logit_normal"  # the reported interval
    assert kinds["violence"].likelihood == "binomial" and kinds["violence"].n == 400
    assert "past 12 months" in kinds["violence"].note
    # A fitted violence survey makes p_violence a wide calibrated prior, never a measured input.
    assert s.parameters["p_violence"].type == "calibrated"
    assert s.parameters["p_violence"].ci == [0.02, 0.8]
    assert s.parameters["p_police"].type == "assumed"  # from the regional prior
    assert s.parameters["condom_late"].type == "measured" and s.condom_years[1] == 2014
    assert s.population is not None and s.population.estimate == 133675
    assert "police contact not reported" in s.note
    for name, p in s.parameters.items():
        assert p.source.link(), name  # every input names where it came from
    fit = _fit(s)
    assert fit.status in ("ok", "missed") and fit.ess > 16
    assert fit.predictions.shape == (fit.n_used, 3)


def test_a_country_without_indicators(folder: Path) -> None:
    s = settings.load("built-th")
    assert s.label == "Thailand (built from regional priors only)"
    assert "regional priors only" in s.note
    (target,) = s.targets
    assert target.kind == "prevalence" and target.interval == "assumed"
    assert target.hi / target.lo > 50  # very wide: not a measurement of the place
    assert all(t.type in ("assumed", "pooled", "calibrated") for t in s.parameters.values())
    fit = _fit(s)
    assert fit.status == "ok" and fit.ess > 16


def test_a_subnational_unit_uses_national_indicators_and_its_own_law(folder: Path) -> None:
    s = settings.load("built-gb-sct")
    assert s.label == "Scotland (built from national indicators; no prevalence reported)"
    assert s.law.jurisdiction == "gb-sct" and s.place == "GB-SCT"
    assert "national indicators of gb" in s.note
    assert {t.kind for t in s.targets} == {"prevalence", "police"}
    assert s.law.exposures_measured.year == 2015  # the police survey's year
    fit = _fit(s)
    assert fit.status in ("ok", "missed") and fit.ess > 16


def test_edited_indicators_give_a_new_setting_and_cache_key(folder: Path) -> None:
    engine = engine_for("compartmental")
    before = settings.load("built-ke")
    path = folder / "ke.yaml"
    path.write_text(KE.replace("value: 0.295", "value: 0.3"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = settings.load("built-ke")
    assert after.targets[0].value == 0.3
    assert settings.digest(before) != settings.digest(after)
    key = calibrated.cache_key
    assert key(engine, before, 1, 64, "smc") != key(engine, after, 1, 64, "smc")


def test_every_registry_jurisdiction_has_a_valid_builder_setting() -> None:
    ids = settings.builder_ids()
    assert len(ids) > 250 and "built-us-ny" in ids and "built-gb-eaw" in ids
    assert not set(ids) & set(settings.shipped())
    for ref in ("built-gb-eaw", "built-us-ny", "built-ly", "built-sg", "built-nz"):
        s = settings.load(ref)
        assert isinstance(s, Setting) and s.name == ref and len(s.targets) >= 1
    assert settings.load("built-gb-eaw").place == "GB"  # no ISO subdivision: the country
    assert settings.load("built-ly").targets[0].value == pytest.approx(0.014)  # North Africa prior
    with pytest.raises(Exception, match="unknown jurisdiction 'atlantis'"):
        settings.load("built-atlantis")


def test_setting_new_writes_a_deterministic_file_that_calibrates(
    folder: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "th.yaml"
    made = runner.invoke(app, ["setting", "new", "--country", "TH", "--out", str(out)])
    assert made.exit_code == 0, made.output
    first = out.read_bytes()
    again = runner.invoke(app, ["setting", "new", "--country", "th", "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output and out.read_bytes() == first
    forced = runner.invoke(app, ["setting", "new", "--country", "th", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and out.read_bytes() == first  # deterministic
    # The file is the virtual setting's document: same content, hence the same cache key.
    assert settings.digest(settings.load(out)) == settings.digest(settings.load("built-th"))
    cal = runner.invoke(app, ["calibrate", "--setting", str(out), "--draws", "100", "--json"])
    assert cal.exit_code == 0, cal.output
    body = json.loads(cal.stdout)
    assert body["status"] == "ok" and body["ess"] > 25
    listed = runner.invoke(
        app, ["settings", "list", "--json", "--kind", "builder", "--draws", "100"]
    )
    assert listed.exit_code == 0, listed.output
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert set(rows) == set(settings.builder_ids())
    for row in rows.values():
        assert {"id", "name", "jurisdiction", "kind", "status", "ess"} <= row.keys()
        assert row["kind"] == "builder"
    assert rows["built-th"]["status"] == "ok" and rows["built-th"]["ess"] == pytest.approx(
        body["ess"], abs=0.1
    )
    assert rows["built-fr"]["status"] == "not calibrated" and rows["built-fr"]["ess"] is None
    # The virtual setting projects laws from that same (cached) calibration.
    sim = runner.invoke(
        app,
        [
            "simulate",
            *("--setting", "built-th", "--law", "nz", "--law", "se", "--law", "th"),
            *("--draws", "100", "--years", "2", "--json"),
        ],
    )
    assert sim.exit_code == 0, sim.output
    projected = json.loads(sim.stdout)
    assert {r["setting"] for r in projected} == {"built-th"}
    assert {r["law"] for r in projected} >= {"nz", "se", "th"}


def test_setting_new_refuses_unknown_places(tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["setting", "new", "--country", "ZZ", "--out", "x.yaml"])
    assert unknown.exit_code == 2 and "unknown country 'ZZ'" in unknown.output
    wrong = runner.invoke(
        app, ["setting", "new", "--country", "us", "--jurisdiction", "gb-sct", "--out", "x.yaml"]
    )
    assert wrong.exit_code == 2 and "not part of US" in wrong.output
    assert not Path("x.yaml").exists()


def test_subnational_file_from_the_cli(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "scotland.yaml"
    made = runner.invoke(
        app, ["setting", "new", "--country", "GB", "--jurisdiction", "gb-sct", "--out", str(out)]
    )
    assert made.exit_code == 0, made.output
    s = settings.load(out)
    assert s.law.jurisdiction == "gb-sct" and "national indicators" in s.label


def _fit(s: Setting) -> calibrated.Fitted:
    return calibrated.fitted(
        engine_for("compartmental"), s, seed=3, draws=64, method="smc", executor=InProcess()
    )


def test_none_positive_of_n_is_a_binomial_target_not_a_floored_value() -> None:
    # Mongolia's survey found 0 of 179 FSW living with HIV: that is data, kept as 0 of n.
    (target,) = [t for t in settings.load("built-mn").targets if t.kind == "prevalence"]
    assert (target.value, target.likelihood, target.n) == (0.0, "binomial", 179)
    assert target.lo == 0.0 and target.hi == pytest.approx(3 / 179, abs=1e-6)

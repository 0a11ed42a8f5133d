"""Take the README's screenshots from a live local server in Chromium (offline).

    PYTHONPATH=. .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--report DIR]

Pages at 1280 px: overview, jurisdictions (map), a jurisdiction, compare, the bill editor from a
template, a saved bill with its impact, the simulation form with the assumptions panel, and a
finished run (trajectories, "what drives this"); one phone view at 390 px; and, with
`--report DIR` (a folder holding `index.html` from `make report`), the report's first screen.
Small runs (300 draws) keep it to a few minutes; the numbers shown come from the model.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, live_server

BILL = {
    "id": "nz-purchase-offence",
    "title": "A purchase offence for New Zealand (example)",
    "base": "nz",
    "effective": "2024-01-01",
    "changes": {"buying": "criminal"},
}
RUN = {"setting": "vancouver", "laws": ["nz", "se"], "at": "2024-01-01", "years": 10}


def _wait(client: httpx.Client, job: str) -> dict[str, object]:
    for _ in range(1200):
        status: dict[str, object] = client.get(f"/api/jobs/{job}").json()
        if status["status"] in ("done", "failed", "cancelled", "interrupted"):
            return status
        time.sleep(0.5)
    raise RuntimeError(f"job {job} did not finish")


def _shot(page: Page, out: Path, name: str, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / f"{name}.png"), full_page=False)
    print(f"wrote {out / name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, live_server(Path(tmp) / "web.db") as base:
        client = httpx.Client(base_url=base, timeout=60)
        client.post("/api/bills", json=BILL).raise_for_status()
        run = client.post("/api/simulations", json={**RUN, "draws": 300, "seed": 1}).json()
        impact = client.post(
            f"/api/bills/{BILL['id']}/impact", json={"draws": 300, "years": 10}
        ).json()
        run_id = _wait(client, str(run["id"]))["run_id"]
        _wait(client, str(impact["id"]))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            wide = browser.new_page(base_url=base, viewport={"width": 1280, "height": 900})
            for name, path in (
                ("overview", "/"),
                ("jurisdictions", "/jurisdictions"),
                ("jurisdiction", "/jurisdictions/nz"),
                ("compare", "/compare?a=nz&b=se"),
                ("bill-editor", "/bills/new?base=gb-sct&template=buyer-offence-like-se"),
                ("bill-impact", f"/bills/{BILL['id']}"),
                ("simulation", "/simulate"),
                ("run", f"/runs/{run_id}"),
            ):
                _shot(wide, args.out, name, path)
            phone = browser.new_page(base_url=base, viewport={"width": 390, "height": 844})
            _shot(phone, args.out, "phone-run", f"/runs/{run_id}")
            if args.report is not None:
                report = browser.new_page(viewport={"width": 1280, "height": 900})
                _shot(
                    report,
                    args.out,
                    "report-first-page",
                    (args.report / "index.html").resolve().as_uri(),
                )
            browser.close()


if __name__ == "__main__":
    main()

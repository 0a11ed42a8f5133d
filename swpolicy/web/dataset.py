"""Downloads of the open law dataset: the export, its codebook and the NSWP crosswalk.

The same writers as `swpolicy law export|codebook|crosswalk`, so a download and the CLI's file
are byte-identical for the same date. The data licence is CC BY 4.0 (stated in every form).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from swpolicy.law import codebook
from swpolicy.law.crosswalk import answers
from swpolicy.law.dataset_cli import render_rows
from swpolicy.law.export import encode, rows
from swpolicy.law.registry import load_all
from swpolicy.web.schema import COMMON, file_response
from swpolicy.web.services import parse_day

router = APIRouter(prefix="/api/dataset", tags=["dataset"], responses=COMMON)
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "md": "text/markdown; charset=utf-8",
}
JSON_DOC = {"type": "object", "required": ["columns", "rows"]}
CODEBOOK_DOC = {"type": "object", "required": ["columns", "provisions"]}
At = Annotated[
    str | None,
    Query(
        description="Only the values in force on this date (YYYY-MM-DD); default every value.",
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        json_schema_extra={"format": "date"},
    ),
]


def _download(body: bytes, fmt: str, name: str) -> Response:
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _day(at: str | None) -> date | None:
    return parse_day(at, "at") if at else None


@router.get(
    "/law.{fmt}",
    responses={
        200: {
            "description": "The law dataset: one row per jurisdiction x provision x value",
            "content": {
                MEDIA["csv"]: {"schema": {"type": "string"}},
                MEDIA["json"]: {"schema": JSON_DOC},
                MEDIA["parquet"]: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def law_dataset(fmt: Literal["csv", "json", "parquet"], at: At = None) -> Response:
    """The shipped law data as CSV, JSON or Parquet (CC BY 4.0)."""
    day = _day(at)
    body = await run_in_threadpool(lambda: encode(rows(load_all().values(), day), fmt))
    return _download(body, fmt, "swpolicy-law")


@router.get(
    "/codebook.{fmt}",
    responses={
        200: {
            "description": "Every column, provision, word, regime and crosswalk entry explained",
            "content": {
                MEDIA["md"]: {"schema": {"type": "string"}},
                MEDIA["json"]: {
                    "schema": {"type": "object", "required": ["columns", "provisions"]}
                },
            },
        }
    },
)
async def dataset_codebook(fmt: Literal["md", "json"]) -> Response:
    """The dataset's codebook as Markdown or JSON."""
    body = await run_in_threadpool(lambda: codebook.render(fmt).encode("utf-8"))
    return _download(body, fmt, "swpolicy-law-codebook")


@router.get("/crosswalk.csv", responses=file_response("text/csv"))
async def dataset_crosswalk(at: At = None) -> Response:
    """NSWP's categories answered for every jurisdiction from its provisions."""
    day = _day(at) or date.today()
    text = await run_in_threadpool(lambda: render_rows(answers(load_all().values(), day), "csv"))
    return _download(text.encode("utf-8"), "csv", "swpolicy-crosswalk")

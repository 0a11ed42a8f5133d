"""Every limit the web app enforces, declared once (docs/web.md lists them).

Each bound exists because a request past it either cannot be answered (an id SQLite cannot
store, a date the model cannot project to) or would take the shared machine away from everyone
else (minutes of CPU, an unbounded queue). A request past a limit gets a 4xx naming the limit.
"""

from __future__ import annotations

from datetime import date

# Ids: SQLite (and PostgreSQL bigint) integers are signed 64-bit.
MAX_ID = 2**63 - 1

# Projection dates: the model is calibrated to data of 1985-2020; a projection starting decades
# later would burn minutes of CPU on a burn-in with nothing to say. Law dates (`at` on the law
# pages) are only looked up, so they are not bounded beyond being real dates.
EARLIEST_START = date(1990, 1, 1)
LATEST_START = date(2040, 12, 31)

# Work per request: draws x laws x years (the setting's own law counts as one of the laws).
# 2,000 draws x 3 laws x 10 years (the default) is 60,000 and takes about 1.4 s on a 2-core
# laptop; the cap is about 45 s of the machine.
MAX_DRAWS = 20_000
MAX_WORK = 2_000_000

# Queues: jobs queued or running at once, in total and per client (address or token).
MAX_ACTIVE_JOBS = 50
MAX_ACTIVE_PER_CLIENT = 10
MAX_ACTIVE_REPORTS = 2  # report builds queued or running (each is several ensembles)
RETRY_AFTER = 30  # seconds suggested by a 429

# Finished jobs kept in the database (older ones are deleted; their runs stay).
MAX_FINISHED_JOBS = 1_000

# Request bodies and slow clients.
MAX_BODY = 1_000_000  # bytes; larger is 413 before the body is read
BODY_TIMEOUT = 10.0  # seconds to wait for each chunk of a request body
HEADER_TIMEOUT = 10.0  # seconds a new connection has to send its request headers
KEEP_ALIVE = 5  # seconds an idle keep-alive connection is kept open
MAX_HEADERS = 32_768  # bytes of request line and headers


def check_start(day: date, field: str = "at") -> date:
    """A projection start inside the documented range, else a ValueError naming the range."""
    if not EARLIEST_START <= day <= LATEST_START:
        raise ValueError(
            f"{field}: a projection must start between {EARLIEST_START} and {LATEST_START}, "
            f"not {day}"
        )
    return day

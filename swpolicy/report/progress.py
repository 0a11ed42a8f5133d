"""One progress bar for the whole report: the stage named, the overall fraction, an estimate.

The builder announces its stages one at a time (`on_stage(label, steps)`), each with its own
step count. Showing a bar per stage made progress restart at every stage; here every expected
stage gets an equal share of one bar, and a stage's steps fill its share, so the fraction only
grows. The number of stages is known before the run starts (`expected_stages`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.progress import Progress, TaskID

from swpolicy.report.build import Options, Tick

# Units of the single bar (fine enough for a smooth bar, independent of step counts).
UNITS = 1000.0


def expected_stages(opts: Options, pdf: bool) -> int:
    """Lancet reproduction, one simulation per setting, the comparison runs not already done,
    one sensitivity per setting, charts, and the PDF if asked for."""
    settings = len(opts.settings)
    reused = opts.assumptions.name in ("default", "critics")
    compare = 1 if reused else 2
    return 1 + settings + compare + settings + 1 + (1 if pdf else 0)


@dataclass
class Overall:
    """Drives one rich task from the builder's stage announcements."""

    bar: Progress
    stages: int
    task: TaskID | None = None
    started: int = 0

    def on_stage(self, label: str, steps: int) -> Tick:
        if self.task is None:
            self.task = self.bar.add_task(label, total=UNITS)
        self.started = min(self.started + 1, self.stages)
        share = UNITS / self.stages
        self.bar.update(
            self.task,
            completed=share * (self.started - 1),
            description=f"{self.started}/{self.stages} {label}",
        )
        if not self.bar.console.is_terminal:
            # A log or a pipe sees no live bar: name each stage on its own line instead.
            self.bar.console.print(f"{self.started}/{self.stages} {label}", highlight=False)
        per_step = share / max(steps, 1)
        task = self.task
        base = share * (self.started - 1)
        state = {"done": 0}

        def tick(k: int) -> None:
            # Step counts are estimates: never spill into the next stage's share.
            state["done"] = min(state["done"] + k, max(steps, 1))
            self.bar.update(task, completed=base + per_step * state["done"])

        return tick

    def finish(self) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=UNITS, description="done")

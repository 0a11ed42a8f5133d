"""Static SVG charts for the report, drawn with matplotlib and inlined in the HTML.

Inline SVG needs no JavaScript and no network, prints sharply in the PDF and keeps its text
selectable (`svg.fonttype: none`). Output is byte-for-byte reproducible: no date in the metadata
and a fixed hash salt for element ids. Each chart's ids get a unique prefix because several
charts share one HTML document, and each carries a `<title>` and `<desc>` for screen readers.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from swpolicy.epi.lancet import Row
from swpolicy.scenarios.sensitivity import SensitivityResult
from swpolicy.scenarios.simulate import Simulation

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, and each at
# least 3:1 against white (WCAG's minimum for graphics).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#B8488F", "#8A6D00", "#6A3D9A", "#000000")
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "swpolicy-report",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# Metrics charted per setting; the rest are in the tables.
CHART_METRICS = ("hiv_infections", "violence_incidents", "arrests", "art_coverage")
SHORT = {
    "hiv_infections": "HIV infections per 1,000 FSW",
    "hiv_infections_averted_pct": "infections averted vs current law (%)",
    "violence_incidents": "sexual violence episodes per 1,000 FSW",
    "arrests": "police harassment or arrest per 1,000 FSW",
    "art_coverage": "FSW living with HIV on ART (%)",
    "trafficking_inflows": "trafficking inflows index (% change)",
}


def to_svg(fig: Figure, prefix: str, title: str, desc: str) -> str:
    """The figure as an inline `<svg>` element with prefixed ids, a title and a description."""
    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', text)
    head_end = text.index(">") + 1
    head = text[:head_end].replace(
        "<svg", f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc"', 1
    )
    label = (
        f'<title id="{prefix}-title">{_esc(title)}</title>'
        f'<desc id="{prefix}-desc">{_esc(desc)}</desc>'
    )
    return head + label + text[head_end:]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def colours(law_ids: Sequence[str]) -> dict[str, str]:
    """One colour per law, the same in every chart (laws beyond the palette reuse it)."""
    return {law_id: PALETTE[i % len(PALETTE)] for i, law_id in enumerate(law_ids)}


def outcome_chart(
    sim: Simulation, labels: dict[str, str], colour_of: dict[str, str], prefix: str
) -> str:
    """Median and 95% interval of each charted metric for every law in one setting."""
    laws = [r.law_id for r in sim.results]
    with matplotlib.rc_context(RC):
        fig, axes = plt.subplots(
            1, len(CHART_METRICS), figsize=(10, 0.42 * len(laws) + 1.4), sharey=True
        )
        for ax, metric in zip(np.atleast_1d(axes), CHART_METRICS, strict=True):
            for i, law_id in enumerate(laws):
                med, lo, hi = sim.summary(law_id, metric)
                colour = colour_of.get(law_id, PALETTE[-1])
                ax.plot([lo, hi], [i, i], color=colour, linewidth=2.2, solid_capstyle="butt")
                ax.plot([med], [i], "o", color=colour, markersize=6)
            ax.set_yticks(range(len(laws)), [labels.get(x, x) for x in laws])
            ax.set_ylim(len(laws) - 0.5, -0.5)
            ax.set_title(textwrap.fill(SHORT[metric], 24), fontsize=8.5)
            ax.grid(axis="x", color="#dddddd", linewidth=0.6)
            ax.set_axisbelow(True)
        fig.suptitle(
            f"{sim.setting}: {sim.start.isoformat()} + {sim.years:g} years, "
            "median (dot) and 95% interval (bar)",
            fontsize=9.5,
        )
        fig.tight_layout()
    title = f"Projected outcomes in {sim.setting} under each law"
    desc = "; ".join(
        f"{law_id} {m}: median {sim.summary(law_id, m)[0]:.1f}"
        for law_id in laws
        for m in CHART_METRICS
    )
    return to_svg(fig, prefix, title, desc)


def compare_chart(sims: Sequence[Simulation], metrics: Sequence[str], prefix: str) -> str:
    """The same laws and setting under different assumption sets, side by side per metric."""
    laws = [r.law_id for r in sims[0].results]
    offsets = np.linspace(-0.18, 0.18, len(sims))
    with matplotlib.rc_context(RC):
        fig, axes = plt.subplots(
            1, len(metrics), figsize=(10, 0.5 * len(laws) + 1.6), sharey=True, squeeze=False
        )
        for ax, metric in zip(axes[0], metrics, strict=True):
            for k, sim in enumerate(sims):
                colour = PALETTE[k]
                for i, law_id in enumerate(laws):
                    med, lo, hi = sim.summary(law_id, metric)
                    y = i + offsets[k]
                    ax.plot([lo, hi], [y, y], color=colour, linewidth=2)
                    label = sim.assumptions["name"] if i == 0 else None
                    ax.plot([med], [y], "o", color=colour, markersize=5, label=label)
            ax.set_yticks(range(len(laws)), laws)
            ax.set_ylim(len(laws) - 0.5, -0.5)
            ax.set_title(textwrap.fill(SHORT.get(metric, metric), 40), fontsize=8.5)
            ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        handles, names = axes[0][0].get_legend_handles_labels()
        fig.legend(
            handles, names, title="assumptions", fontsize=8, loc="lower center", ncol=len(sims)
        )
        fig.tight_layout(rect=(0, 0.1, 1, 1))
    names = " vs ".join(s.assumptions["name"] for s in sims)
    title = f"{sims[0].setting}: {names} assumptions"
    desc = "; ".join(
        f"{law_id} {m} under {s.assumptions['name']}: median {s.summary(law_id, m)[0]:.1f}"
        for s in sims
        for law_id in laws
        for m in metrics
    )
    return to_svg(fig, prefix, title, desc)


def lancet_chart(rows: Sequence[Row], prefix: str) -> str:
    """Percent of infections averted per scenario: ours (median, 95% UI) beside published."""
    settings = list(dict.fromkeys(r.setting for r in rows))
    with matplotlib.rc_context(RC):
        fig, axes = plt.subplots(1, len(settings), figsize=(10, 3.6), squeeze=False)
        for ax, name in zip(axes[0], settings, strict=True):
            sub = [r for r in rows if r.setting == name]
            x = np.arange(len(sub))
            # Ours just left of each scenario, the paper's just right of it.
            for i, r in enumerate(sub):
                label = "this model" if i == 0 else None
                ax.plot([i - 0.12] * 2, [r.averted_lo, r.averted_hi], color=PALETTE[0], lw=2)
                ax.plot([i - 0.12], [r.averted_median], "o", color=PALETTE[0], ms=5, label=label)
                if r.published_lo is not None and r.published_hi is not None:
                    ax.plot([i + 0.12] * 2, [r.published_lo, r.published_hi], color="#000000", lw=2)
                    if r.published is not None:  # a range has no point value
                        ax.plot([i + 0.12], [r.published], "s", color="#000000", ms=5)
            ax.plot([], [], "s-", color="#000000", label="Shannon et al. 2015")
            ax.set_xticks(x, [r.scenario for r in sub], rotation=35, ha="right", fontsize=7.5)
            ax.set_title(name)
            ax.set_ylabel("infections averted (%)")
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        handles, names = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, names, fontsize=8, loc="lower center", ncol=2)
        fig.tight_layout(rect=(0, 0.08, 1, 1))
    desc = "; ".join(
        f"{r.setting} {r.scenario}: ours {r.averted_median:.1f}%"
        + (f", published {r.published_lo:g}-{r.published_hi:g}%" if r.comparable else "")
        for r in rows
    )
    return to_svg(fig, prefix, "Lancet 2015 reproduction: infections averted", desc)


def sensitivity_chart(result: SensitivityResult, prefix: str) -> str:
    """Bars of the ranking, with the dummy input's level marked as the 'no effect' line."""
    key = "ST" if result.method == "sobol" else "PRCC"
    rows = result.rows[::-1]
    floor = next(abs(r[key]) for r in rows if r["factor"] == "dummy")
    with matplotlib.rc_context(RC):
        fig, ax = plt.subplots(figsize=(8, 0.3 * len(rows) + 1.2))
        colours = [PALETTE[0] if r["above_dummy"] else "#767676" for r in rows]
        ax.barh([r["factor"] for r in rows], [r[key] for r in rows], color=colours)
        ax.axvline(floor, color=PALETTE[1], linestyle="--", linewidth=1, label="dummy level")
        ax.set_xlabel("total Sobol' index" if key == "ST" else "partial rank correlation")
        ax.set_title(f"{result.setting}: what drives {result.output()}", fontsize=8.5)
        ax.legend(fontsize=7.5, loc="lower right", framealpha=1.0)
        fig.tight_layout()
    desc = "; ".join(f"{r['rank']}. {r['factor']} {r[key]:.3f}" for r in result.rows)
    return to_svg(fig, prefix, f"Sensitivity ranking in {result.setting}", desc)

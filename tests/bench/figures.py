"""Benchmark figures and goals, and the report they make (``bench/results.json`` + ``.md``).

A figure is a dict (JSON as written): ``{"name", "group", "unit", "samples", "p50", "p95",
"mean", ...}``; extra keys (``note``, ``bytes``...) are kept. A goal compares one number of a
figure with a limit and says by how much it is met or missed.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Figure = dict[str, Any]


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in [0, 1]); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = math.ceil(fraction * len(ordered))
    return ordered[min(len(ordered) - 1, max(0, rank - 1))]


def figure(
    name: str, samples: Sequence[float], *, unit: str = "ms", **extra: Any
) -> Figure:
    """p50/p95/mean/max of ``samples`` (already in ``unit``), rounded for the report."""
    values = [float(v) for v in samples]
    digits = 2 if unit == "ms" else 3

    def rounded(value: float) -> float | None:
        return None if math.isnan(value) else round(value, digits)

    return {
        "name": name,
        "unit": unit,
        "samples": len(values),
        "p50": rounded(percentile(values, 0.50)),
        "p95": rounded(percentile(values, 0.95)),
        "mean": rounded(statistics.fmean(values)) if values else None,
        "max": rounded(max(values)) if values else None,
        **extra,
    }


@dataclass(frozen=True, slots=True)
class Goal:
    """``figure[stat] <op> limit``, e.g. list page p95 < 50 ms."""

    name: str
    figure: str
    stat: str
    limit: float
    op: Literal["<", ">="] = "<"

    def judge(self, figures: Sequence[Figure]) -> dict[str, Any]:
        found = next((f for f in figures if f["name"] == self.figure), None)
        value = None if found is None else found.get(self.stat)
        if found is None or value is None:
            return {
                "name": self.name,
                "figure": self.figure,
                "stat": self.stat,
                "limit": self.limit,
                "value": None,
                "met": None,
                "by": "not measured",
            }
        met = value < self.limit if self.op == "<" else value >= self.limit
        unit = "x" if found["unit"] == "ratio" else f" {found['unit']}"
        if self.op == "<":
            margin = (
                f"{self.limit - value:.1f}{unit} under"
                if met
                else f"{value - self.limit:.1f}{unit} over ({value / self.limit:.2f}x the limit)"
            )
        else:
            margin = (
                f"{value - self.limit:.1f}{unit} above"
                if met
                else f"{self.limit - value:.1f}{unit} short"
            )
        return {
            "name": self.name,
            "figure": self.figure,
            "stat": self.stat,
            "limit": self.limit,
            "value": value,
            "met": met,
            "by": margin,
        }


@dataclass
class Report:
    """Everything one run measured, in the order it was measured."""

    config: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duration_s: float = 0.0

    def add(self, group: str, items: Sequence[Figure]) -> None:
        for item in items:
            self.figures.append({"group": group, **item})

    def judge(self, goals: Sequence[Goal]) -> None:
        self.goals = [goal.judge(self.figures) for goal in goals]

    def as_json(self) -> dict[str, Any]:
        return {
            "config": self.config,
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "loadavg": list(os.getloadavg()),
            },
            "duration_s": round(self.duration_s, 1),
            "figures": self.figures,
            "goals": self.goals,
            "problems": self.problems,
        }

    def markdown(self) -> str:
        config = self.config
        lines = [
            f"# fluxdash benchmarks: scale:{config['n']}"
            + (" (quick)" if config.get("quick") else ""),
            "",
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end; "
            f"run took {self.duration_s:.0f} s.",
            "",
            "| group | figure | p50 | p95 | n | note |",
            "|---|---|---:|---:|---:|---|",
        ]
        for item in self.figures:
            lines.append(
                f"| {item['group']} | {item['name']} | {_cell(item, 'p50')} | "
                f"{_cell(item, 'p95')} | {item['samples']} | {item.get('note', '')} |"
            )
        if self.goals:
            lines += ["", "| goal | value | met | by |", "|---|---:|---|---|"]
            for goal in self.goals:
                met = {True: "yes", False: "**no**", None: "n/a"}[goal["met"]]
                value = "—" if goal["value"] is None else f"{goal['value']:g}"
                lines.append(f"| {goal['name']} | {value} | {met} | {goal['by']} |")
        if self.problems:
            lines += ["", "Problems:", *(f"- {p}" for p in self.problems)]
        return "\n".join(lines) + "\n"

    def write(self, directory: Path) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        as_json = directory / "results.json"
        as_md = directory / "results.md"
        as_json.write_text(json.dumps(self.as_json(), indent=2) + "\n")
        as_md.write_text(self.markdown())
        return as_json, as_md


def _cell(item: Figure, stat: str) -> str:
    value = item.get(stat)
    if value is None:
        return "—"
    unit = item["unit"]
    if unit == "ratio":
        return f"{value:.0f}x" if value >= 10 else f"{value:.1f}x"
    return f"{value:g} {unit}"

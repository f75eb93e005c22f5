#!/usr/bin/env python3
"""Generate the configuration reference (from ``streams.settings.Settings``) and the metrics reference
(from ``streams.metrics``) in docs/operations.md.

    python scripts/gen-config-reference.py            # print both tables
    python scripts/gen-config-reference.py --write    # rewrite them in docs/operations.md
    python scripts/gen-config-reference.py --check    # exit 1 if docs/operations.md is stale

Each table sits between ``<!-- BEGIN generated:NAME -->`` and ``<!-- END generated:NAME -->``.
"""

from __future__ import annotations

import argparse
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "operations.md"
sys.path.insert(0, str(REPO))

from prometheus_client.metrics import MetricWrapperBase  # noqa: E402
from pydantic.fields import FieldInfo  # noqa: E402

from streams import metrics  # noqa: E402
from streams.settings import REPO_ROOT, Settings  # noqa: E402

ENV_PREFIX = str(Settings.model_config.get("env_prefix", "MODSTREAM_"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def type_name(annotation: Any) -> str:
    """``int``, ``Path``, ``str | None``... as a reader would write it."""
    if isinstance(annotation, type):
        return annotation.__name__
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return " \\| ".join(type_name(a) for a in typing.get_args(annotation))
    return str(annotation).replace("typing.", "")


def constraints(field: FieldInfo) -> str:
    """``≥ 1``, ``> 0``... from the field's annotated-types metadata."""
    symbols = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    out = []
    for item in field.metadata:
        for attr, symbol in symbols.items():
            value = getattr(item, attr, None)
            if value is not None:
                out.append(f"{symbol} {value}")
    return ", ".join(out)


def default_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Path):
        try:
            return f"<repo>/{value.relative_to(REPO_ROOT).as_posix()}"
        except ValueError:
            return value.as_posix()
    if value is None:
        return "(unset)"
    return str(value)


def config_table() -> str:
    rows = ["| setting | environment variable | type | default | description |", "|---|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        kind = type_name(field.annotation)
        limit = constraints(field)
        if limit:
            kind += f" ({limit})"
        rows.append(
            f"| `{name}` | `{ENV_PREFIX}{name.upper()}` | {_cell(kind)} | `{_cell(default_text(field.default))}` "
            f"| {_cell(field.description or '')} |"
        )
    return "\n".join(rows)


_EXPORTED = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count"),
    "info": ("_info",),
    "summary": ("", "_sum", "_count"),
}


def metrics_table() -> str:
    rows = ["| metric (as exported) | type | labels | help |", "|---|---|---|---|"]
    objects = [m for m in vars(metrics).values() if isinstance(m, MetricWrapperBase)]
    for metric in sorted(objects, key=lambda m: m._name):
        kind = metric._type
        exported = ", ".join(f"`{metric._name}{suffix}`" for suffix in _EXPORTED.get(kind, ("",)))
        labels = ", ".join(f"`{label}`" for label in metric._labelnames) or "-"
        rows.append(f"| {exported} | {kind} | {labels} | {_cell(metric._documentation)} |")
    return "\n".join(rows)


SECTIONS = {"config-reference": config_table, "metrics-reference": metrics_table}


def render(doc: str) -> str:
    """``doc`` with every generated section replaced by a fresh table."""
    for name, make in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN generated:{name}\b[^\n]*-->\n)(?:.*?\n)?(<!-- END generated:{name} -->)", re.S
        )
        if not pattern.search(doc):
            raise SystemExit(f"{DOC}: no generated:{name} markers")
        table = make()
        doc = pattern.sub(lambda m, table=table: m.group(1) + table + "\n" + m.group(2), doc)
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the tables in docs/operations.md")
    mode.add_argument("--check", action="store_true", help="exit 1 if docs/operations.md is out of date")
    args = parser.parse_args(argv)
    if not (args.write or args.check):
        print("## Configuration\n\n" + config_table() + "\n\n## Metrics\n\n" + metrics_table())
        return 0
    current = DOC.read_text()
    fresh = render(current)
    if args.check:
        if fresh != current:
            print(f"{DOC.relative_to(REPO)} is out of date: run python scripts/gen-config-reference.py --write",
                  file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        DOC.write_text(fresh)
        print(f"updated {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

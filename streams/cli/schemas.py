"""``modstream schemas``: write the JSON Schema files of the wire contracts."""

from __future__ import annotations

from pathlib import Path

import typer

from streams.settings import REPO_ROOT


def schemas_command(
    directory: Path = typer.Argument(REPO_ROOT / "config" / "schemas", help="Where to write them."),
) -> None:
    """(Re)generate config/schemas/*.schema.json from the contract models.

    Exit codes: 0 written; 2 bad arguments.
    """
    from streams.contracts.schemas import write_schemas

    for path in write_schemas(directory):
        typer.echo(str(path))

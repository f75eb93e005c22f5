"""``--help`` of every command reads flags as flags (no ``<bool>`` metavar)."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from streams.cli import _register, app


def _commands() -> list[tuple[str, ...]]:
    _register()
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(root, ())
    return found


COMMANDS = _commands()


def test_every_command_is_listed() -> None:
    for expected in [("worker",), ("replay",), ("tail",), ("serve",), ("classify",), ("kafka", "up"), ("bench", "e2e")]:
        assert expected in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "modstream")
def test_help_has_no_bool_metavar(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "--help" in result.output
    assert "<bool>" not in result.output


LEAVES = [
    path for path in COMMANDS if path and not any(other[: len(path)] == path and other != path for other in COMMANDS)
]


def test_leaves_include_the_plain_commands() -> None:
    assert ("replay",) in LEAVES and ("serve",) in LEAVES and ("kafka",) not in LEAVES


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_help_states_exit_codes(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "Exit codes: 0 " in result.output

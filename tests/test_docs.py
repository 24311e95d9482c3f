"""Docs that are checked: every CLI command is documented in the README."""
from pathlib import Path

from typer.main import get_command

from eventsift.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands(group=None, prefix="eventsift"):
    """Every leaf command with its full name, sub-commands included."""
    group = group or get_command(app)
    for name, cmd in sorted(group.commands.items()):
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", cmd


def test_every_cli_command_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = list(_commands())
    assert commands, "the CLI has no commands"
    for name, _ in commands:
        assert f"`{name}" in readme, f"README.md does not document `{name}`"


def test_every_option_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, cmd in _commands():
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help", "--quiet", "--output"):
                    assert opt in readme, f"README.md does not mention {opt} of `eventsift {name}`"


def test_readme_names_the_two_commands_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "make demo" in first_block and "make test" in first_block

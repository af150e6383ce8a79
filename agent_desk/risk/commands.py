"""Command-line commands of this package (registered by agent_desk.cli.COMMAND_MODULES)."""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add this package's commands (none yet)."""

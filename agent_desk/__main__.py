"""``python -m agent_desk`` is the same as the ``agent-desk`` command."""

from agent_desk.cli import main

# Guarded: demo data spawns helper processes, which import the main module again.
if __name__ == "__main__":
    raise SystemExit(main())

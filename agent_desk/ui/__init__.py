"""All Qt code of agent-desk. Only this package may import PySide6.

Rules (docs/architecture.md): widgets are touched only on the GUI thread; every database or
network call goes through :class:`agent_desk.ui.tasks.TaskRunner`; widgets receive frozen
dataclasses from the Qt-free services, never ORM objects.
"""

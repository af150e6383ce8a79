"""agent-desk: the retention desk's desktop client.

The package root holds the Qt-free domain (paths, settings, ids, phones); ``data`` holds
the database layer, ``scripts`` the call-script engine and ``ui`` all Qt code. Nothing
outside ``agent_desk.ui`` may import PySide6 (``tests/test_layers.py`` enforces it).
"""

__version__ = "0.1.0"

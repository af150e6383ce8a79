"""Importing CRM and billing exports (``agent-desk import``): mapping files
(:mod:`~agent_desk.importer.mapping`), reading and converting rows
(:mod:`~agent_desk.importer.reader`), bulk loading (:mod:`~agent_desk.importer.load`).

Qt-free; the admin screen is :mod:`agent_desk.ui.import_view`.
"""

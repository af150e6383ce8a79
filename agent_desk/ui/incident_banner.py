"""The outage banner on every agent's screen, and the labels of outage mode.

The banner shows each open incident (title, what and where it touches, the expected fix in
Israel time, the talking points in the screen's language) and, while an affected caller is on
screen, a flag saying so. It learns of a change from :class:`agent_desk.outage.IncidentListener`
(PostgreSQL NOTIFY, on the listener's own thread, handed over by a queued signal) and from a
slow poll (the only way on SQLite); every read runs on the task runner's poll lane.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from agent_desk.outage import IncidentInfo, IncidentListener, Outage
from agent_desk.ui.i18n import isolate, israel_datetime, ltr, pick
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import Lane, TaskRunner

# Seconds between polls: the fallback on PostgreSQL (NOTIFY does the work), the way on SQLite.
POLL_SECONDS_LIVE = 60
POLL_SECONDS_FILE = 5

# The context is written out in every call: lupdate collects literal contexts only.
PRODUCT_LABELS = {
    "mobile": QT_TRANSLATE_NOOP("IncidentLabels", "Mobile"),
    "internet": QT_TRANSLATE_NOOP("IncidentLabels", "Internet"),
    "tv": QT_TRANSLATE_NOOP("IncidentLabels", "TV"),
    "insurance": QT_TRANSLATE_NOOP("IncidentLabels", "Insurance"),
    "club": QT_TRANSLATE_NOOP("IncidentLabels", "Club"),
    "bundle": QT_TRANSLATE_NOOP("IncidentLabels", "Bundle"),
}
REGION_LABELS = {
    "north": QT_TRANSLATE_NOOP("IncidentLabels", "North"),
    "haifa": QT_TRANSLATE_NOOP("IncidentLabels", "Haifa"),
    "center": QT_TRANSLATE_NOOP("IncidentLabels", "Center"),
    "tel_aviv": QT_TRANSLATE_NOOP("IncidentLabels", "Tel Aviv"),
    "jerusalem": QT_TRANSLATE_NOOP("IncidentLabels", "Jerusalem"),
    "south": QT_TRANSLATE_NOOP("IncidentLabels", "South"),
}


def product_label(code: str) -> str:
    text = PRODUCT_LABELS.get(code)
    return QCoreApplication.translate("IncidentLabels", text) if text else code


def region_label(code: str) -> str:
    text = REGION_LABELS.get(code)
    return QCoreApplication.translate("IncidentLabels", text) if text else code


def scope_text(incident: IncidentInfo) -> str:
    """"Internet, TV · North, Haifa" (or "all products" / "all areas")."""
    sep = QCoreApplication.translate("IncidentLabels", ", ")
    products = (sep.join(product_label(p) for p in incident.products) if incident.products
                else QCoreApplication.translate("IncidentLabels", "all products"))
    regions = (sep.join(region_label(r) for r in incident.regions) if incident.regions
               else QCoreApplication.translate("IncidentLabels", "all areas"))
    return f"{products} · {regions}"


def title_of(incident: IncidentInfo) -> str:
    return pick(incident.title_he, incident.title_en)


def talking_points_of(incident: IncidentInfo) -> str:
    return pick(incident.talking_points_he, incident.talking_points_en)


class IncidentBanner(QFrame):
    """Open incidents above the agent's work, and the flag for an affected caller.

    Signals:
        shown(int): the banner now shows this many open incidents (0: hidden).
        notified(str): an incident changed (emitted on the listener's thread; queued here).
    """

    shown = Signal(int)
    notified = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setObjectName("incidentBanner")
        self.setStyleSheet("#incidentBanner { background: #fff4e5; border: 2px solid #b26a00; }"
                           "#incidentCallerFlag { background: #b3261e; color: white; padding: 3px 6px;"
                           " font-weight: bold; }")
        self.outage: Outage | None = None
        self.listener: IncidentListener | None = None
        self.incidents: list[IncidentInfo] = []
        self.affected: list[IncidentInfo] = []
        self.icon = QLabel("\u26a0")
        self.icon.setStyleSheet("font-size: 20pt; color: #b26a00;")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setObjectName("incidentText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.caller_flag = QLabel()
        self.caller_flag.setObjectName("incidentCallerFlag")
        self.caller_flag.setWordWrap(True)
        plain(self.caller_flag)  # the incidents' titles as the lead typed them
        self.caller_flag.hide()
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.caller_flag)
        column.addWidget(self.text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.icon)
        layout.addLayout(column, 1)
        self.poll = QTimer(self)
        self.poll.timeout.connect(self.refresh)
        self.notified.connect(self._changed_elsewhere, Qt.ConnectionType.QueuedConnection)
        self.hide()

    def set_outage(self, outage: Outage, poll_seconds: int | None = None) -> None:
        """Follow this desk's incidents: NOTIFY where the database has it, and a poll."""
        self.stop()
        self.outage = outage
        if poll_seconds is None:
            poll_seconds = POLL_SECONDS_LIVE if outage.live else POLL_SECONDS_FILE
        self.poll.setInterval(max(1, poll_seconds) * 1000)
        self.poll.start()
        self.listener = outage.listener(self.notified.emit)
        if self.listener is not None:
            self.listener.start()
        self.refresh()

    def stop(self) -> None:
        """No more polls or notifications (the window closes, or another desk takes over)."""
        self.poll.stop()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    def refresh(self) -> None:
        outage = self.outage
        if outage is None:
            return
        self.runner.submit(outage.open, self.show_incidents, lambda _exc: None, lane=Lane.POLL, key="incidents")

    def _changed_elsewhere(self, _incident_id: str) -> None:
        self.refresh()

    # -- painting ----------------------------------------------------------------------

    def show_incidents(self, incidents: Sequence[IncidentInfo]) -> None:
        self.incidents = list(incidents)
        open_ids = {i.id for i in self.incidents}
        fresh = {i.id: i for i in self.incidents}
        # A caller's flag follows updates (new title) and goes with the resolution.
        self.affected = [fresh[i.id] for i in self.affected if i.id in open_ids]
        self._paint()

    def show_caller(self, affected: Sequence[IncidentInfo]) -> None:
        """The caller on screen is touched by these incidents (empty: by none, or no caller)."""
        self.affected = list(affected)
        self._paint()

    def _paint(self) -> None:
        blocks = []
        for incident in self.incidents:
            head = self.tr("Outage: %1").replace("%1", isolate(_html(title_of(incident))))
            details = [scope_text(incident)]
            if incident.expected_end_at is not None:
                details.append(self.tr("expected fix %1").replace("%1", ltr(israel_datetime(incident.expected_end_at))))
            else:
                details.append(self.tr("no fix time yet"))
            block = f"<b>{head}</b> <span style='color:#5f4b00'>({_html(' · '.join(details))})</span>"
            points = talking_points_of(incident)
            if points:
                block += "<br/>" + self.tr("Tell the caller: %1").replace("%1", _html(points))
            blocks.append(block)
        self.text.setText("<br/>".join(blocks))
        if self.affected:
            titles = self.tr(", ").join(isolate(title_of(i)) for i in self.affected)
            self.caller_flag.setText(self.tr("This caller is affected by the outage: %1").replace("%1", titles))
            self.caller_flag.show()
        else:
            self.caller_flag.hide()
        self.setVisible(bool(self.incidents))
        self.shown.emit(len(self.incidents))


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br/>"))

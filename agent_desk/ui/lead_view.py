"""The team lead's view: results of the last 30 days and the newest calls on the floor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.data.queries import LeadOverview, lead_overview
from agent_desk.ui.table_models import CallLogModel, DispositionModel, make_table_view
from agent_desk.ui.tasks import TaskRunner


class LeadView(QWidget):
    """Signals:
    failed(str): the overview could not be loaded.
    """

    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._factory: sessionmaker[Session] | None = None
        self._request = 0
        self.title = QLabel(self.tr("Last 30 days"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.calls = QLabel()
        self.calls.setObjectName("leadCalls")
        self.saves = QLabel()
        self.saves.setObjectName("leadSaves")
        self.rate = QLabel()
        self.rate.setObjectName("leadSaveRate")
        summary = QHBoxLayout()
        summary.setSpacing(32)
        for widget in (self.calls, self.saves, self.rate):
            widget.setFont(font)
            summary.addWidget(widget)
        summary.addStretch(1)

        self.disposition_model = DispositionModel(self)
        self.log_model = CallLogModel(self)
        # Outcomes keep the order the admins gave them.
        self.dispositions = make_table_view(self.disposition_model, sortable=False)
        self.dispositions.setObjectName("dispositions")
        self.log = make_table_view(self.log_model)
        self.log.setObjectName("callLog")
        self.log.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Outcomes")))
        left_layout.addWidget(self.dispositions)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Latest calls")))
        right_layout.addWidget(self.log)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(summary)
        layout.addWidget(splitter, 1)

    def set_session_factory(self, factory: sessionmaker[Session] | None) -> None:
        self._factory = factory

    def refresh(self) -> None:
        if self._factory is None:
            return
        factory = self._factory
        self._request += 1
        request = self._request

        def load() -> LeadOverview:
            with factory() as session:
                return lead_overview(session)

        def done(overview: LeadOverview) -> None:
            if request == self._request:
                self.show_overview(overview)

        self.runner.submit(load, done, lambda exc: self.failed.emit(str(exc)))

    def show_overview(self, overview: LeadOverview) -> None:
        self.calls.setText(self.tr("%1 calls").replace("%1", f"{overview.calls:,}"))
        self.saves.setText(self.tr("%1 saved").replace("%1", f"{overview.saves:,}"))
        rate = overview.save_rate
        self.rate.setText(
            self.tr("save rate %1%").replace("%1", f"{rate * 100:.0f}") if rate is not None
            else self.tr("no calls yet")
        )
        self.disposition_model.set_rows(overview.by_disposition)
        self.log_model.set_rows(overview.recent)

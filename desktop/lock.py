"""The app locks after inactivity: the screens are hidden, every action is disabled and only
the signed-in person's password (checked on the worker, slower after failures) opens it again,
or another person signs in from the sign-in screen.

Locking protects a person's password, so it happens only once passwords are in use on this
computer (forms/sign_in.py). Any key press, click or wheel turn anywhere in the app restarts the
countdown; the minutes come from the settings (`lock_minutes`, default 10).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms import sign_in

from .context import AppContext
from .i18n import tr

DEFAULT_MINUTES = 10
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockOverlay(QWidget):
    """What a locked window shows: who it is locked for and a password field."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.setObjectName("lockOverlay")
        self.setStyleSheet("#lockOverlay { background: #eef2f7; }")
        self.title = QLabel(tr("已锁定"))
        self.title.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.password = QLineEdit(placeholderText=tr("密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.unlock = QPushButton(tr("解锁"))
        self.unlock.setDefault(True)
        self.other = QPushButton(tr("换人登录"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.other)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock)
        box = QVBoxLayout()
        for widget in (self.title, self.text, self.password, self.message):
            box.addWidget(widget)
        box.addLayout(buttons)
        panel = QWidget()
        panel.setLayout(box)
        panel.setMaximumWidth(480)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 2, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)


class InactivityLock(QObject):
    def __init__(self, ctx: AppContext, window: QMainWindow, minutes: float | None = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        if minutes is None:
            minutes = float(ctx.settings.store.value("lock_minutes", DEFAULT_MINUTES))
        self.timer = QTimer(self, singleShot=True, interval=max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        self.overlay: LockOverlay | None = None
        self._disabled: list[QAction] = []
        self.timer.start()
        QApplication.instance().installEventFilter(self)
        window.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.overlay is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY and not self.locked:
            self.timer.start()
        elif kind == QEvent.Type.Resize and watched is self.window and self.overlay:
            self.overlay.setGeometry(self.window.rect())
        return False

    def lock(self) -> None:
        """Hide everything behind the password of the signed-in person (if they have one)."""
        person = self.ctx.person_id
        if self.locked or person is None or not self.window.isVisible():
            return  # nobody to protect, or a window already closed (its workspace too)
        if sign_in.store.password_row(self.ctx.reader_connection, person) is None:
            return
        self._disabled = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self.window.menuBar().setEnabled(False)
        self.window.centralWidget().hide()
        overlay = LockOverlay(self.window)
        overlay.text.setText(
            tr(
                "{name}已离开一段时间，SiteLedger 已锁定。输入密码继续。",
                name=self.ctx.person_name(),
            )
        )
        overlay.unlock.clicked.connect(self._unlock)
        overlay.password.returnPressed.connect(self._unlock)
        overlay.other.clicked.connect(self._someone_else)
        overlay.setGeometry(self.window.rect())
        overlay.show()
        overlay.raise_()
        overlay.password.setFocus()
        self.overlay = overlay
        ws = self.ctx.ws
        self.ctx.ops.run(lambda: sign_in.audit(ws, person, "locked"))

    def _unlock(self) -> None:
        if self.overlay is None:
            return
        ws, person, password = self.ctx.ws, self.ctx.person_id, self.overlay.password.text()
        self.overlay.password.clear()

        def failed(error: BaseException) -> None:
            if isinstance(error, sign_in.SignInError) and self.overlay is not None:
                self.overlay.message.setText(str(error))
            else:
                self.ctx.show_error(error)

        self.ctx.ops.run(lambda: sign_in.check(ws, person, password), self._open, failed)

    def _someone_else(self) -> None:
        self.ctx.sign_in(None)
        self._open(None)
        go = getattr(self.window, "go", None)
        if go is not None:
            go("sign_in")

    def _open(self, _: object) -> None:
        if self.overlay is None:
            return
        self.overlay.hide()
        self.overlay.deleteLater()
        self.overlay = None
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        self.window.menuBar().setEnabled(True)
        self.window.centralWidget().show()
        self.timer.start()

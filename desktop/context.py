"""What every screen is given: the workspace, its reader, the worker, dialogs, settings, the
signed-in person and the change signal. Built once by the composition root (`desktop.app`)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from forms.errors import UserError
from forms.store import local as local_store
from forms.store import people as people_store
from forms.store import sign_in as sign_in_store
from forms.workspace import Workspace

from .dialogs import Dialogs, plain_error
from .i18n import tr
from .settings import Settings
from .worker import Operations

if TYPE_CHECKING:
    from sqlite_utils import Database

PERSON_KEY = "signed_in_person"


class Changes(QObject):
    """The core's change announcements as a Qt signal.

    `ws.subscribe` listeners run on whichever thread committed (the worker); emitting a signal
    from there queues the call to the UI thread, so views refresh themselves safely.
    """

    changed = Signal(object, str)  # set of entity names, origin ("local", "sync", …)
    person_changed = Signal(object)  # person id or None

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self._ws = ws
        ws.subscribe(self._heard)

    def _heard(self, changes: list[dict[str, Any]], origin: str) -> None:
        self.changed.emit({c["entity"] for c in changes}, origin)

    def detach(self) -> None:
        self._ws.unsubscribe(self._heard)


@dataclass
class AppContext:
    ws: Workspace
    reader_connection: sqlite3.Connection  # for reads on the UI thread; `reader` wraps it
    ops: Operations
    dialogs: Dialogs
    settings: Settings
    changes: Changes
    today: Callable[[], dt.date] = dt.date.today
    now: Callable[[], dt.datetime] = field(
        default=lambda: dt.datetime.now().replace(second=0, microsecond=0)
    )
    person_id: str | None = None
    _reader: Database | None = field(default=None, init=False, repr=False)

    @property
    def reader(self) -> Database:
        """sqlite-utils' `Database` on the reader connection, made on first use: what runs
        before the window is shown reads `reader_connection` (see `Workspace.db`)."""
        if self._reader is None:
            from sqlite_utils import Database

            self._reader = Database(self.reader_connection)
        return self._reader

    @classmethod
    def build(
        cls, ws: Workspace, *, ops: Operations, dialogs: Dialogs, settings: Settings, **kwargs: Any
    ) -> AppContext:
        ctx = cls(ws, ws.reader_connection(), ops, dialogs, settings, Changes(ws), **kwargs)
        ctx.person_id = local_store.value(ctx.reader_connection, PERSON_KEY)
        if ctx.person_id and people_store.person(ctx.reader_connection, ctx.person_id) is None:
            ctx.person_id = None
        if ctx.person_id and sign_in_store.any_password(ctx.reader_connection):
            ctx.person_id = None  # remembered to be chosen first, never signed in unasked

        return ctx

    def person_name(self) -> str:
        person = (
            people_store.person(self.reader_connection, self.person_id) if self.person_id else None
        )
        return person["name"] if person else ""

    def sign_in(self, person_id: str | None) -> None:
        self.person_id = person_id
        self.ops.run(lambda: self.ws.local_set(PERSON_KEY, person_id))
        self.changes.person_changed.emit(person_id)

    def write(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run a write on the worker; a person's error is shown as a message, any other error
        as an unexpected one — the app carries on either way."""
        self.ops.run(fn, on_done, on_error or self.show_error)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.dialogs.error(tr("不能执行"), plain_error(error))
        else:
            import logging

            logging.getLogger(__name__).error("operation failed", exc_info=error)
            self.dialogs.error(tr("出错了"), plain_error(error))

    def close(self) -> None:
        self.changes.detach()
        self.ops.shutdown()
        self.reader_connection.close()

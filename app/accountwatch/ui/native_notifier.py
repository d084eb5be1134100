"""Native notifications on Windows (toasts) and macOS (Notification Center) via desktop-notifier.

desktop-notifier (a maintained library made for this) speaks WinRT on Windows and
UNUserNotificationCenter on macOS. Its API is asyncio: here it runs on a thread of this module's
own with an event loop of its own, so the GUI never waits for it. The interface is the one the
tray uses for the Linux path (ui/desktop_notifications.py): `notify(notice, actions)` returns a
token, and `probed`, `sent`, `failed`, `action_invoked` and `closed` arrive as Qt signals on the
GUI thread (queued from the loop's thread on Windows, emitted on the main thread, where macOS
runs the delegate, on macOS).

On Linux desktop-notifier talks to the freedesktop service through dbus-fast; the app does not
use that in production (jeepney sends the exact D-Bus types and the desktop-entry hint), but the
tests drive this adapter through it against a real notification daemon.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from accountwatch import APP_NAME
from accountwatch.core.notices import Notice, Urgency
from accountwatch.i18n import _
from accountwatch.ui.desktop_notifications import DEFAULT_ACTION, Server, app_icon

if TYPE_CHECKING:
    from desktop_notifier import DesktopNotifier, Notification

log = logging.getLogger(__name__)

# How long sending (or asking what the service can do) may take before it counts as failed;
# asking the user for permission (macOS, the first time) has no limit: the user may take time.
CALL_TIMEOUT = 10.0
# The reason `closed` gives once a notification was acted on (freedesktop's "closed by a call").
CLOSED_AFTER_ACTION = 3
CLOSED_DISMISSED = 2


def available() -> bool:
    """Whether desktop-notifier is installed (a dependency on Windows and macOS only)."""
    return importlib.util.find_spec("desktop_notifier") is not None


def service_name(backend: str) -> str:
    """What Settings calls the service behind desktop-notifier's backend class."""
    if backend == "WinRTDesktopNotifier":
        return "Windows"
    if backend == "CocoaNotificationCenter":
        return _("macOS Notification Center")
    return "D-Bus"  # its Linux backend: only the tests use it


@dataclass(frozen=True)
class _Send:
    token: int
    notice: Notice
    actions: tuple[tuple[str, str], ...]


class _Mailbox:
    """What the GUI thread hands the loop's thread; safe to use from any thread, even late."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.queue: asyncio.Queue[_Send] = asyncio.Queue()
        self.main: asyncio.Task[None] | None = None  # the worker's task, once the loop runs

    def put(self, item: _Send) -> None:
        # A loop already closed (the thread has ended) has nothing left to tell.
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)

    def stop(self) -> None:
        """End the worker's task, even mid-way (macOS may be waiting for the user's answer to
        "allow notifications?"): quitting never waits for it."""

        def cancel() -> None:
            if self.main is not None:
                self.main.cancel()

        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(cancel)


class NativeNotifier(QObject):
    """Sends notifications through desktop-notifier and relays the user's answers.

    `make_notifier`: builds the DesktopNotifier on the loop's thread (tests of a refusal pass
    their own; None for the real one named AccountWatch with the app's icon).
    """

    probed = Signal(object)  # Server, or None: no notification service can be used
    sent = Signal(int, int)  # token, the notification's id (here the token itself)
    failed = Signal(int, str)  # token, why
    action_invoked = Signal(int, str)  # notification id, action key ("default": a click on it)
    closed = Signal(int, int)  # notification id, reason (2 dismissed, 3 acted on)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        make_notifier: Callable[[], DesktopNotifier] | None = None,
    ) -> None:
        super().__init__(parent)
        self.server: Server | None = None
        self.probed_once = False
        self._make_notifier = make_notifier or _real_notifier
        # The loop and its queue exist once started (a loop never run would be left unclosed).
        self._mailbox: _Mailbox | None = None
        self._thread: threading.Thread | None = None
        self._next_token = 0
        self.probed.connect(self._remember)
        # Gone with its parent (the window): the loop ends too, even without `stop`. (Not a
        # method of this object: it is half destroyed by then.)
        started = self._started = list[_Mailbox]()

        def end_loops() -> None:
            for mailbox in started:
                mailbox.stop()

        self.destroyed.connect(end_loops)

    def _remember(self, server: Server | None) -> None:
        self.server = server
        self.probed_once = True

    def start(self) -> None:
        """Start the loop's thread and ask whether notifications can be shown (answer: `probed`)."""
        if self._thread is None:
            self._mailbox = mailbox = _Mailbox()
            self._started.append(mailbox)
            worker = _Worker(self, mailbox, self._make_notifier)
            self._thread = threading.Thread(target=worker.run, name="native-notifier", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """End the loop and its thread (notifications already shown stay)."""
        thread, self._thread = self._thread, None
        mailbox = self._mailbox
        if thread is not None and mailbox is not None:
            mailbox.stop()
            thread.join(CALL_TIMEOUT + 1)

    def notify(self, notice: Notice, actions: tuple[tuple[str, str], ...]) -> int:
        """Send `notice` with `actions` ((key, label); "default" is a click on it, the others
        are buttons). Returns a token that `sent` or `failed` names."""
        self.start()
        assert self._mailbox is not None
        self._next_token += 1
        self._mailbox.put(_Send(self._next_token, notice, actions))
        return self._next_token


def _real_notifier() -> DesktopNotifier:
    from desktop_notifier import DesktopNotifier, Icon

    return DesktopNotifier(app_name=APP_NAME, app_icon=Icon(path=Path(app_icon())))


class _OwnerGoneError(Exception):
    """The Qt object the thread reports to was deleted: nobody is listening any more."""


class _Worker:
    """The loop's thread: commands from the GUI in order, desktop-notifier's callbacks between."""

    def __init__(
        self,
        owner: NativeNotifier,
        mailbox: _Mailbox,
        make_notifier: Callable[[], DesktopNotifier],
    ) -> None:
        self.owner = owner
        self.mailbox = mailbox
        self.make_notifier = make_notifier
        self.notifier: DesktopNotifier | None = None
        self.server: Server | None = None

    def _emit(self, signal: str, *args: object) -> None:
        try:
            getattr(self.owner, signal).emit(*args)
        except RuntimeError as exc:  # "Internal C++ object already deleted"
            raise _OwnerGoneError from exc

    def _emit_later(self, signal: str, *args: object) -> None:
        """From desktop-notifier's callbacks: a window already gone just hears nothing."""
        with contextlib.suppress(_OwnerGoneError):
            self._emit(signal, *args)

    def run(self) -> None:
        loop = self.mailbox.loop
        asyncio.set_event_loop(loop)
        try:
            self.mailbox.main = loop.create_task(self._serve())
            loop.run_until_complete(self.mailbox.main)
        except asyncio.CancelledError:
            log.debug("native notifications: stopped")
        except _OwnerGoneError:
            log.debug("native notifications: the window is gone; the loop ends")
        finally:
            try:
                # Whatever desktop-notifier left scheduled ends with the loop, not after it.
                pending = asyncio.all_tasks(loop)
                for task in pending:
                    task.cancel()
                if pending:
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
            finally:
                asyncio.set_event_loop(None)
                loop.close()

    async def _serve(self) -> None:
        try:
            await self._probe()
            while True:  # until cancelled (`stop`)
                await self._send(await self.mailbox.queue.get())
        finally:
            await self._close()

    async def _probe(self) -> None:
        await self._close()  # a new try starts afresh (a service may have started since)
        server: Server | None = None
        try:
            server = await self._open()
        except Exception as exc:  # whatever the platform says, the tray falls back
            log.info("native notifications cannot be used: %s", exc)
            await self._close()
        self.server = server
        self._emit("probed", server)

    async def _open(self) -> Server:
        from desktop_notifier.backends.dummy import DummyNotificationCenter
        from desktop_notifier.main import get_backend_class

        # macOS outside a signed app bundle, or an old Windows: desktop-notifier would take
        # every notification and show none.
        backend = get_backend_class()
        if issubclass(backend, DummyNotificationCenter):
            raise RuntimeError("no notification center for this process")
        self.notifier = notifier = self.make_notifier()
        if not await notifier.request_authorisation():
            raise RuntimeError("notifications are turned off for the app")
        capabilities = await asyncio.wait_for(notifier.get_capabilities(), CALL_TIMEOUT)
        return Server(service_name(backend.__name__), frozenset(c.name for c in capabilities))

    async def _close(self) -> None:
        notifier, self.notifier = self.notifier, None
        # desktop-notifier's D-Bus backend keeps its connection open for good; it must not
        # outlive the loop it is bound to (its socket would be left unclosed).
        bus = getattr(getattr(notifier, "_backend", None), "bus", None)
        if bus is not None and bus.connected:
            bus.disconnect()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(bus.wait_for_disconnect(), CALL_TIMEOUT)

    async def _send(self, item: _Send) -> None:
        if self.notifier is None:
            await self._probe()
        notifier = self.notifier
        if notifier is None:
            self._emit("failed", item.token, "no notification service")
            return
        dispatched = False

        def on_dispatched() -> None:
            nonlocal dispatched
            dispatched = True

        try:
            notification = self._notification(item, on_dispatched)
            # send_notification never raises: it logs a failure and skips on_dispatched.
            await asyncio.wait_for(notifier.send_notification(notification), CALL_TIMEOUT)
        except Exception as exc:
            log.info("the notification was not shown: %s", exc)
        if not dispatched:
            await self._close()
            self.server = None
            self._emit("probed", None)
            self._emit("failed", item.token, "the notification service did not take it")
            return
        self._emit("sent", item.token, item.token)

    def _notification(self, item: _Send, on_dispatched: Callable[[], None]) -> Notification:
        from desktop_notifier import Button, Notification
        from desktop_notifier import Urgency as Level

        token = item.token

        def acted(key: str) -> Callable[[], None]:
            def handler() -> None:
                self._emit_later("action_invoked", token, key)
                # Each notification is acted on once: the tray may forget it.
                self._emit_later("closed", token, CLOSED_AFTER_ACTION)

            return handler

        buttons = tuple(
            Button(title=label, identifier=key, on_pressed=acted(key))
            for key, label in item.actions
            if key != DEFAULT_ACTION
        )
        levels = {Urgency.CRITICAL: Level.Critical, Urgency.NORMAL: Level.Normal}
        notice = item.notice
        return Notification(
            title=notice.summary,
            message=notice.body,
            urgency=levels.get(notice.urgency, Level.Low),
            buttons=buttons,
            on_dispatched=on_dispatched,
            on_clicked=acted(DEFAULT_ACTION),
            on_dismissed=lambda: self._emit_later("closed", token, CLOSED_DISMISSED),
        )

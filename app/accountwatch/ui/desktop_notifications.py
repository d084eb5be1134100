"""Native notifications on Linux: the freedesktop Notifications service over D-Bus (jeepney).

Why jeepney and not QtDBus: PySide6 cannot make a D-Bus `uint32` or `byte` (a Python int always
goes out as `int32`, and QDBusArgument has no way to add a typed value), yet `Notify` takes a
`uint32` and its `urgency` hint must be a byte; a strict service (GDBus-based, such as dunst)
refuses the call. jeepney writes exactly the signature the specification gives, and it is on
every Linux install already (keyring's Secret Service backend uses it).

All D-Bus traffic happens on one thread of this module's own: the GUI never waits for the bus.
What comes back (the service's name, a notification's id, a failure, ActionInvoked,
NotificationClosed) arrives as Qt signals, queued to the GUI thread.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QObject, Signal

from accountwatch import APP_ID, APP_NAME
from accountwatch.core import RESOURCES
from accountwatch.core.notices import Notice

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
# How long a call may take before the service counts as not answering.
CALL_TIMEOUT = 5.0
DEFAULT_ACTION = "default"
ALL_ACTION = "all"


def supported(platform: str = sys.platform) -> bool:
    """Whether `platform` (sys.platform) has freedesktop notifications (Linux and the BSDs)."""
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def app_icon() -> str:
    """The app's icon as a file the service can read (installed or not, the name may be
    unknown to the icon theme)."""
    return str(RESOURCES / "icons" / "accountwatch-128.png")


@dataclass(frozen=True)
class Server:
    """The notification service that answered: its name (e.g. "dunst") and capabilities."""

    name: str
    capabilities: frozenset[str]


@dataclass(frozen=True)
class _Send:
    """A notification for the service, with its token and actions."""

    token: int
    notice: Notice
    actions: tuple[tuple[str, str], ...]


_STOP = object()


class DesktopNotifications(QObject):
    """Sends notifications to the session's notification service and relays its answers.

    `address`: a D-Bus address; None for the session bus of `$DBUS_SESSION_BUS_ADDRESS`.
    """

    probed = Signal(object)  # Server, or None: no service owns (or can start for) the name
    sent = Signal(int, int)  # token, the service's notification id
    failed = Signal(int, str)  # token, why (no service, an error reply, no answer)
    action_invoked = Signal(int, str)  # notification id, action key
    closed = Signal(int, int)  # notification id, reason (1 expired, 2 dismissed, 3 closed)

    def __init__(self, address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self.server: Server | None = None
        self.probed_once = False  # whether the first answer to "who is the service" is in
        self._inbox: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._next_token = 0
        self.probed.connect(self._remember)
        # Gone with its parent (the window): the thread ends too, even without `stop`.
        inbox = self._inbox
        self.destroyed.connect(lambda: inbox.put(_STOP))

    def _remember(self, server: Server | None) -> None:
        self.server = server
        self.probed_once = True

    def start(self) -> None:
        """Connect on the module's thread and ask who the service is (answer: `probed`)."""
        if self._thread is None:
            inbox = self._inbox
            self._thread = threading.Thread(
                target=_Worker(self, inbox, self.address).run,
                name="desktop-notifications",
                daemon=True,
            )
            self._thread.start()

    def stop(self) -> None:
        """End the thread and its connection (notifications already shown stay)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._inbox.put(_STOP)
            thread.join(CALL_TIMEOUT + 1)

    def notify(self, notice: Notice, actions: tuple[tuple[str, str], ...]) -> int:
        """Send `notice` with `actions` ((key, label); "default" is a click on it). Returns a
        token that `sent` or `failed` names."""
        self.start()
        self._next_token += 1
        self._inbox.put(_Send(self._next_token, notice, actions))
        return self._next_token


class _OwnerGoneError(Exception):
    """The Qt object the thread reports to was deleted: nobody is listening any more."""


class _Worker:
    """The thread's loop: commands from the GUI and the service's signals share one queue."""

    def __init__(self, owner: DesktopNotifications, inbox: queue.Queue[Any], address: str | None):
        self.owner = owner
        self.inbox = inbox
        self.address = address
        self.router: Any = None
        self.connection: Any = None
        self.server: Server | None = None

    def _emit(self, signal: str, *args: object) -> None:
        try:
            getattr(self.owner, signal).emit(*args)
        except RuntimeError as exc:  # "Internal C++ object already deleted"
            raise _OwnerGoneError from exc

    def run(self) -> None:
        try:
            self._serve()
        except _OwnerGoneError:
            log.debug("desktop notifications: the window is gone; the thread ends")

    def _serve(self) -> None:
        try:
            self._connect()
        except Exception as exc:  # no bus at all: every send fails, the app falls back
            log.info("no D-Bus session for notifications: %s", exc)
            self._emit("probed", None)
            self._drain_without_bus()
            return
        try:
            self._probe()
            while True:
                item = self.inbox.get()
                if item is _STOP:
                    break
                if isinstance(item, _Send):
                    self._send(item)
                else:
                    self._signal(item)
        finally:
            self.router.close()
            self.connection.close()

    def _drain_without_bus(self) -> None:
        while (item := self.inbox.get()) is not _STOP:
            if isinstance(item, _Send):
                self._emit("failed", item.token, "no D-Bus session bus")

    def _connect(self) -> None:
        from jeepney import MatchRule, message_bus
        from jeepney.io.threading import DBusRouter, open_dbus_connection

        address = self.address or os.environ.get("DBUS_SESSION_BUS_ADDRESS") or "SESSION"
        self.connection = open_dbus_connection(address)
        self.router = DBusRouter(self.connection)
        rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
        # The service's signals land in the same queue as the GUI's commands.
        self.router.filter(rule, queue=self.inbox, bufsize=0)
        self._call(message_bus.AddMatch(rule))

    def _call(self, message: Any) -> Any:
        from jeepney import HeaderFields, MessageType

        reply = self.router.send_and_get_reply(message, timeout=CALL_TIMEOUT)
        if reply.header.message_type == MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "error")
            raise RuntimeError(f"{name}: {reply.body}")
        return reply.body

    def _service_present(self) -> bool:
        """Someone owns the name, or the bus can start a service for it."""
        from jeepney import message_bus

        if self._call(message_bus.NameHasOwner(SERVICE))[0]:
            return True
        return SERVICE in self._call(message_bus.ListActivatableNames())[0]

    def _probe(self) -> None:
        from jeepney import DBusAddress, new_method_call

        server: Server | None = None
        try:
            if self._service_present():
                target = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
                info = self._call(new_method_call(target, "GetServerInformation"))
                caps = self._call(new_method_call(target, "GetCapabilities"))[0]
                server = Server(str(info[0]), frozenset(str(c) for c in caps))
        except Exception as exc:  # a service that does not answer is no service
            log.info("the notification service did not answer: %s", exc)
        self.server = server
        self._emit("probed", server)

    def _send(self, item: _Send) -> None:
        from jeepney import DBusAddress, new_method_call

        try:
            if self.server is None:
                self._probe()  # it may have started since
            if self.server is None:
                self._emit("failed", item.token, "no notification service")
                return
            notice = item.notice
            body = notice.body
            if "body-markup" in self.server.capabilities:
                body = escape(body, quote=False)  # names like "A&B Trading" are text
            actions: list[str] = []
            if "actions" in self.server.capabilities:
                for key, label in item.actions:
                    actions += [key, label]
            hints = {
                "urgency": ("y", int(notice.urgency)),
                "desktop-entry": ("s", APP_ID),
                "category": ("s", "x-accountwatch.reminder"),
            }
            target = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
            message = new_method_call(
                target,
                "Notify",
                "susssasa{sv}i",
                (APP_NAME, 0, app_icon(), notice.summary, body, actions, hints, -1),
            )
            (ident,) = self._call(message)
        except Exception as exc:  # an error reply or no answer: the caller falls back
            log.info("the notification was not shown: %s", exc)
            self.server = None
            self._emit("failed", item.token, str(exc))
            return
        self._emit("sent", item.token, int(ident))

    def _signal(self, message: Any) -> None:
        from jeepney import HeaderFields

        member = message.header.fields.get(HeaderFields.member)
        body = message.body
        if member == "ActionInvoked" and len(body) == 2:
            self._emit("action_invoked", int(body[0]), str(body[1]))
        elif member == "NotificationClosed" and len(body) == 2:
            self._emit("closed", int(body[0]), int(body[1]))

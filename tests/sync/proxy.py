"""A small TCP proxy for tests: forwards to a server and can cut a connection after K bytes."""

from __future__ import annotations

import socket
import threading


class CuttingProxy:
    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_after: int | None = None  # bytes client→server over all connections
        self.forwarded = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, dest: socket.socket, counted: bool) -> None:
        try:
            while data := source.recv(65536):
                if counted:
                    with self._lock:
                        if self.cut_after is not None:
                            room = self.cut_after - self.forwarded
                            if room <= 0:
                                break
                            data = data[:room]
                        self.forwarded += len(data)
                dest.sendall(data)
                if counted and self.cut_after is not None and self.forwarded >= self.cut_after:
                    break
        except OSError:
            pass
        for s in (source, dest):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()


METHODS = (b"GET ", b"POST ", b"PATCH ", b"HEAD ", b"PUT ", b"OPTIONS ", b"DELETE ")


class FaultProxy:
    """A proxy for the fault campaign: loses answers to writes (the server committed, the client
    never hears) and resets photo uploads mid-body (the client gets RST, the server what had
    passed the cut), each with its probability; counts both and the bytes sent for photos
    (client to server, headers included).

    Requests are recognised by their first line at the start of a chunk: good enough on
    loopback, where a client sends the next request only after reading the last answer."""

    def __init__(
        self, target_port: int, *, lose_answers: float = 0.0, reset_photos: float = 0.0, seed=0
    ) -> None:
        import random

        self.target = ("127.0.0.1", target_port)
        self.lose_answers = lose_answers
        self.reset_photos = reset_photos
        self.enabled = True
        self.rng = random.Random(seed)
        self.lost_acks = 0
        self.resets = 0
        self.photo_bytes = 0
        self._lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                _reset(client)
                continue
            state = {"method": b"", "photo": False, "cut_at": None, "sent": 0}
            threading.Thread(target=self._up, args=(client, upstream, state), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client, state), daemon=True).start()

    def _chance(self, p: float) -> bool:
        with self._lock:
            return self.enabled and self.rng.random() < p

    def _up(self, source: socket.socket, dest: socket.socket, state: dict) -> None:
        try:
            while data := source.recv(65536):
                if data.startswith(METHODS):
                    line = data.split(b"\r\n", 1)[0]
                    state["method"] = line.split(b" ", 1)[0]
                    state["photo"] = b" /v1/photos" in line
                    state["sent"] = 0
                    state["cut_at"] = None
                    if state["photo"] and state["method"] in (b"PATCH", b"POST"):
                        length = _content_length(data)
                        if length > 1000 and self._chance(self.reset_photos):
                            state["cut_at"] = self.rng.randrange(500, length)
                if state["photo"]:
                    with self._lock:
                        self.photo_bytes += len(data)
                cut = state["cut_at"]
                if cut is not None and state["sent"] + len(data) >= cut:
                    # The line dies mid-body: the client gets RST; the server gets what had
                    # passed the cut, then the end of the stream (as when the client's side
                    # went away), so what arrived is what the server can keep.
                    dest.sendall(data[: max(0, cut - state["sent"])])
                    with self._lock:
                        self.resets += 1
                    dest.shutdown(socket.SHUT_WR)
                    _reset(source)
                    return  # the answer side closes the server's end once it answered
                state["sent"] += len(data)
                dest.sendall(data)
        except OSError:
            pass
        _reset(source)
        _reset(dest)

    def _down(self, source: socket.socket, dest: socket.socket, state: dict) -> None:
        try:
            while data := source.recv(65536):
                if state["method"] in (b"POST", b"PATCH") and self._chance(self.lose_answers):
                    with self._lock:
                        self.lost_acks += 1
                    break
                dest.sendall(data)
        except OSError:
            pass
        _reset(source)
        _reset(dest)

    def close(self) -> None:
        self.listener.close()


def _content_length(data: bytes) -> int:
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return int(line.split(b":", 1)[1].strip() or 0)
    return 0


def _reset(s: socket.socket) -> None:
    """Close with RST, as a dropped connection looks to the other side. The shutdown first
    wakes the other pipe's thread blocked in recv on it (a bare close would leave it reading
    a file descriptor number the next connection may get)."""
    import struct

    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()

"""A TCP proxy between the app and PostgreSQL that can lose the reply to a COMMIT.

Armed, it forwards the client's ``COMMIT`` to the server, so the transaction is committed,
then closes both connections before the server's reply reaches the client: the write is
stored but the station never hears so (a network cut at the worst moment).
``lose_reply_to`` does the same for the next message that contains those bytes (a parameter
of a statement that commits by itself, in autocommit): its whole reply, up to the server's
ReadyForQuery, is read and never delivered.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from types import TracebackType
from typing import Self


class LossyProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.lose_next_commit_reply = False
        self.lose_reply_to: bytes | None = None
        self.lost = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self.listener.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    def _pipe(self, client: socket.socket, server: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, server)
        selector.register(server, selectors.EVENT_READ, client)
        try:
            while not self._stop.is_set():
                for key, _ in selector.select(timeout=0.2):
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = source.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
                    # A simple-query COMMIT ('Q' message) from the client: let the server
                    # commit, then cut the line before its reply comes back.
                    if source is client and self.lose_next_commit_reply and b"COMMIT" in data:
                        self.lose_next_commit_reply = False
                        self.lost += 1
                        server.recv(65536)  # the server's reply, never delivered
                        return
                    marker = self.lose_reply_to
                    if source is client and marker is not None and marker in data:
                        self.lose_reply_to = None
                        self.lost += 1
                        reply = b""
                        while b"Z\x00\x00\x00\x05" not in reply:  # ReadyForQuery: committed
                            chunk = server.recv(65536)
                            if not chunk:
                                break
                            reply += chunk
                        return
        finally:
            selector.close()
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.close()

"""A real SMTP server for tests: Debian's aiosmtpd on 127.0.0.1, storing each
message it accepts as DIR/<n>.eml. Prints the port on stdout when ready and
serves until killed (SIGTERM) or stdin closes.

    /usr/bin/python3 smtp_sink.py DIR
"""

from __future__ import annotations

import itertools
import socket
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller  # python3-aiosmtpd


class SaveHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            n = next(self.counter)
        header = "X-Envelope-From: %s\nX-Envelope-To: %s\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))
        tmp = self.folder / (".%d.tmp" % n)
        tmp.write_bytes(header.encode() + envelope.original_content)
        tmp.rename(self.folder / ("%d.eml" % n))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    controller = Controller(SaveHandler(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin (or kills us)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

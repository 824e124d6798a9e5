#!/usr/bin/python3
"""A real SMTP server for tests and benchmarks: Debian's aiosmtpd on 127.0.0.1
and a free port. Every message it accepts is stored byte for byte as
DIR/<n>.eml, its envelope as DIR/<n>.json ({"mail_from", "rcpt_tos"}).
Prints the port on stdout when ready; serves until stdin closes or SIGTERM.

    /usr/bin/python3 scripts/test-smtp-server.py DIR [faults]

Fault switches (counts are over the whole life of the server):
  --drop-after K         store message K, answer 250, then close the connection
  --drop-before-reply K  store message K, then close the connection without
                         answering (the client cannot know it was accepted)
  --fail-451 N           answer the first N messages' end of DATA with 451 (not stored)
  --reject ADDRESS       answer RCPT TO:<ADDRESS> with 550 (repeatable)
  --tls CERT KEY         offer STARTTLS with this certificate and require it
  --auth USER:PASSWORD   require AUTH (PLAIN or LOGIN, after STARTTLS)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import ssl
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller  # python3-aiosmtpd
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, folder: Path, args) -> None:
        self.folder = folder
        self.args = args
        self.lock = threading.Lock()
        self.stored = 0
        self.refused_451 = 0
        self.reject = {a.lower() for a in args.reject}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            if self.refused_451 < self.args.fail_451:
                self.refused_451 += 1
                return "451 4.3.0 Temporary failure, try again later"
            self.stored += 1
            n = self.stored
        tmp = self.folder / (".%d.tmp" % n)
        tmp.write_bytes(envelope.original_content)
        (self.folder / ("%d.json" % n)).write_text(
            json.dumps({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}))
        tmp.rename(self.folder / ("%d.eml" % n))
        if n == self.args.drop_before_reply:
            server.transport.abort()
            return "250 never seen"
        if n == self.args.drop_after:
            asyncio.get_event_loop().call_soon(server.transport.close)  # after the 250 below is written
        return "250 2.0.0 Ok: queued as %d" % n


def authenticator_for(spec: str):
    user, _, password = spec.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
            and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    return authenticate


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--drop-after", type=int, default=0)
    parser.add_argument("--drop-before-reply", type=int, default=0)
    parser.add_argument("--fail-451", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    args = parser.parse_args()

    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    kwargs = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
        kwargs.update(tls_context=context, require_starttls=True)
    if args.auth:
        kwargs.update(authenticator=authenticator_for(args.auth), auth_required=True, auth_require_tls=bool(args.tls))
    port = free_port()
    controller = Controller(Handler(folder, args), hostname="127.0.0.1", port=port, data_size_limit=64 << 20,
                            **kwargs)
    controller.start()
    print(port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    try:
        stop.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

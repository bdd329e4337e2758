"""Check that ``make run`` can listen on HOST:PORT before starting the server.

``python scripts/check_port.py HOST PORT`` exits 0 when the port is free, or
1 with a message that says what to do (instead of the development server's
own traceback-like error).
"""

from __future__ import annotations

import errno
import socket
import sys


def check(host: str, port: int) -> str | None:
    """None when ``host:port`` can be listened on; else what to tell the person."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return f"HOST={host} is not an address of this machine. Try HOST=127.0.0.1."
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"Port {port} on {host} is already in use (another `make run`, or another "
                    f"program). Stop it, or pick another port: make run PORT={port + 1}"
                )
            if error.errno == errno.EACCES:
                return (
                    f"Port {port} needs administrator rights. "
                    "Pick one above 1024: make run PORT=5000"
                )
            return f"Cannot listen on {host}:{port}: {error.strerror}. Try another HOST or PORT."
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit() or not 0 < int(argv[1]) < 65536:
        print("usage: check_port.py HOST PORT (a number from 1 to 65535)", file=sys.stderr)
        return 2
    problem = check(argv[0], int(argv[1]))
    if problem:
        print(f"make run: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""TLS with a certificate pin, as ``vq --tls-pin``: trust exactly one certificate, self-signed or not.

gRPC's ``ssl_channel_credentials`` takes root certificates, not a pin. So the coordinator's
certificate is fetched once with :mod:`ssl` (no verification), its SHA-256 fingerprint compared
with the pin, and that very certificate given to gRPC as the only root. The gRPC handshake then
verifies the coordinator against it: a different certificate, even one presented later, fails.
The host name must be among the certificate's names (a ``vq coordinator --tls self-signed``
certificate has localhost, 127.0.0.1, ::1 and its ``--tls-name``s), or be named with
``tls_server_name``. A pin of a CA-issued leaf may be refused by gRPC's chain check: such a
coordinator is reached without a pin, through the system's trusted roots.
"""

from __future__ import annotations

import hashlib
import re
import socket
import ssl

from .errors import TlsPinMismatchError, UnavailableError

PREFIX = "sha256:"
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


def parse_pin(text: str) -> str:
    """``sha256:<64 hex>``, lower-cased; anything else is a ValueError saying what is expected."""
    t = text.strip()
    if not t.lower().startswith(PREFIX) or not _HEX.match(t[len(PREFIX):]):
        raise ValueError(f"{text!r} is not a certificate pin: expected sha256:<64 hex digits> (the SHA-256 fingerprint the coordinator prints at start-up)")
    return PREFIX + t[len(PREFIX):].lower()


def fingerprint(der: bytes) -> str:
    return PREFIX + hashlib.sha256(der).hexdigest()


def pinned_root(host: str, port: int, pin: str, address: str, timeout: float = 10.0) -> bytes:
    """The coordinator's certificate (PEM) if its fingerprint is ``pin``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Identity is the pin, checked below, not a chain or a name.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2"])
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
            der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as e:
        raise UnavailableError(f"coordinator {address} is unavailable: TLS connection failed: {e}", address=address) from e
    seen = fingerprint(der)
    if seen != pin:
        raise TlsPinMismatchError(f"coordinator {address} presented certificate {seen}, not the pinned {pin}", address=address)
    return ssl.DER_cert_to_PEM_cert(der).encode("ascii")

"""The Python client over TLS with a certificate pin, as `vq --tls-pin`: run by PythonClientTests
against `vq coordinator --tls self-signed`. The pinned certificate is trusted by address and by
name; another pin, or no pin (the system's roots do not know a self-signed certificate), is
refused with the client's exceptions. Exit 0: all held.
"""

import argparse
import sys

import volunteerquantum as vq


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--pin", required=True)
    args = parser.parse_args()

    for host in ("127.0.0.1", "localhost"):
        with vq.connect(f"https://{host}:{args.port}", api_key=args.api_key, tls_pin=args.pin.upper().replace("SHA256:", "sha256:")) as grid:
            assert grid.projects() == [], "a new coordinator has no projects"

    address = f"https://127.0.0.1:{args.port}"
    wrong = "sha256:" + "0" * 64
    try:
        vq.connect(address, api_key=args.api_key, tls_pin=wrong)
        raise AssertionError("a wrong pin was accepted")
    except vq.TlsPinMismatchError as e:
        assert args.pin in str(e) and wrong in str(e), f"the refusal names both fingerprints: {e}"

    try:
        vq.connect(address, api_key=args.api_key, timeout=10).projects()
        raise AssertionError("a self-signed certificate was trusted without a pin")
    except vq.UnavailableError as e:
        assert address in str(e), str(e)

    try:
        vq.connect(f"http://127.0.0.1:{args.port}", api_key=args.api_key, tls_pin=args.pin)
        raise AssertionError("a pin on an http:// address was accepted")
    except ValueError as e:
        assert "https://" in str(e), str(e)

    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

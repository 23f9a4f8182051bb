"""A project's result, read from the coordinator's JSON result format (``volunteerquantum.result/1``)
and its state vector, read from the ``.npy`` download.

NumPy is optional: with it, amplitudes and states are ``numpy`` complex arrays; without it, lists
of Python ``complex``.
"""

from __future__ import annotations

import ast
import json
import struct
from dataclasses import dataclass, field
from typing import Any

try:
    import numpy as _np
except ImportError:  # pragma: no cover - exercised by the no-NumPy unit test
    _np = None

FORMAT_NAME = "volunteerquantum.result/1"


def _complex_array(values: list[complex]):
    return _np.array(values, dtype=_np.complex128) if _np is not None else list(values)


@dataclass(frozen=True)
class ResultPoint:
    """The outputs of one parameter point (the whole result when nothing is swept).

    ``counts``: Qiskit memory strings → shots seen. ``amplitudes``: bitstring (qubit 0 rightmost) →
    ``complex``, in the order they were requested. ``expectations`` and ``expectation_errors``:
    observable text → value and standard error (noisy runs). Absent outputs are None.
    """

    parameters: dict[str, float] = field(default_factory=dict)
    shots: int = 0
    counts: dict[str, int] | None = None
    amplitudes: dict[str, complex] | None = None
    expectations: dict[str, float] | None = None
    expectation_errors: dict[str, float] | None = None
    probabilities: dict[str, float] | None = None
    trajectories: int | None = None
    state: str | None = None

    @property
    def amplitude_array(self):
        """The requested amplitudes as a complex128 NumPy array (a list without NumPy), in request order."""
        return None if self.amplitudes is None else _complex_array(list(self.amplitudes.values()))

    @staticmethod
    def from_json(e: dict[str, Any]) -> ResultPoint:
        return ResultPoint(
            parameters={k: float(v) for k, v in e.get("parameters", {}).items()},
            shots=int(e.get("shots", 0)),
            counts={k: int(v) for k, v in e["counts"].items()} if "counts" in e else None,
            amplitudes={k: complex(v[0], v[1]) for k, v in e["amplitudes"].items()} if "amplitudes" in e else None,
            expectations=_doubles(e, "expectations"),
            expectation_errors=_doubles(e, "expectation_errors"),
            probabilities=_doubles(e, "probabilities"),
            trajectories=int(e["trajectories"]) if "trajectories" in e else None,
            state=e.get("state"),
        )


def _doubles(e: dict[str, Any], name: str) -> dict[str, float] | None:
    return {k: float(v) for k, v in e[name].items()} if name in e else None


class Result:
    """A completed project's verified result.

    Unswept results expose the point's fields directly (``result.counts``); swept ones have one
    :class:`ResultPoint` per combination in ``result.points`` (``swept`` is True). ``raw`` is the
    JSON document as parsed.
    """

    def __init__(self, document: dict[str, Any]):
        if document.get("format") not in (None, FORMAT_NAME):
            raise ValueError(f"not a VolunteerQuantum result: format {document.get('format')!r}, expected {FORMAT_NAME!r}")
        self.raw = document
        self.circuit: dict[str, Any] = document.get("circuit", {})
        self.precision: str = document.get("precision", "double")
        self.seed: int = int(document.get("seed", 0))
        self.swept = "points" in document
        self.points = [ResultPoint.from_json(p) for p in document["points"]] if self.swept else [ResultPoint.from_json(document)]
        self.verification: dict[str, Any] | None = document.get("verification")
        self.warnings: list[str] = list(document.get("warnings", []))
        self.timings: dict[str, float] = dict(document.get("timings", {}))
        self.run: dict[str, Any] = dict(document.get("run", {}))

    @staticmethod
    def from_json(text: str | bytes) -> Result:
        return Result(json.loads(text))

    def _single(self) -> ResultPoint:
        if self.swept:
            raise AttributeError("this result is swept: read result.points[i] (each with its .parameters)")
        return self.points[0]

    shots = property(lambda self: self._single().shots)
    counts = property(lambda self: self._single().counts)
    amplitudes = property(lambda self: self._single().amplitudes)
    amplitude_array = property(lambda self: self._single().amplitude_array)
    expectations = property(lambda self: self._single().expectations)
    expectation_errors = property(lambda self: self._single().expectation_errors)
    probabilities = property(lambda self: self._single().probabilities)
    trajectories = property(lambda self: self._single().trajectories)

    def __repr__(self) -> str:
        what = f"{len(self.points)} points" if self.swept else ", ".join(
            name for name in ("counts", "amplitudes", "expectations", "probabilities") if getattr(self.points[0], name) is not None)
        return f"<Result {self.circuit.get('file', '')} seed={self.seed}: {what}>"


def read_npy(data: bytes):
    """A state vector from ``.npy`` bytes: NumPy's own reader when present, else this small one
    (format 1.0–3.0, little-endian complex64/complex128, one dimension: what the coordinator writes)."""
    if _np is not None:
        import io

        return _np.load(io.BytesIO(data), allow_pickle=False)
    if data[:6] != b"\x93NUMPY":
        raise ValueError("not a .npy file")
    major = data[6]
    if major == 1:
        (length,), start = struct.unpack_from("<H", data, 8), 10
    else:
        (length,), start = struct.unpack_from("<I", data, 8), 12
    header = ast.literal_eval(data[start:start + length].decode("latin-1"))
    body = data[start + length:]
    kinds = {"<c16": "d", "<c8": "f"}
    if header.get("descr") not in kinds or header.get("fortran_order") or len(header.get("shape", ())) != 1:
        raise ValueError(f"unsupported .npy header {header} (without NumPy only 1-D little-endian complex is read)")
    floats = struct.unpack(f"<{2 * header['shape'][0]}{kinds[header['descr']]}", body)
    return [complex(floats[i], floats[i + 1]) for i in range(0, len(floats), 2)]

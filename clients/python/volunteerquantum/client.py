"""The researcher's client: submit circuits, watch them, fetch verified results.

    import volunteerquantum as vq
    grid = vq.connect("http://127.0.0.1:7070", api_key="…")
    project = grid.submit(qasm, shots=4000, seed=7, observables=["Z0 Z1"])
    project = grid.wait(project, progress=lambda p: print(p.units_verified, "/", p.units_total))
    result = grid.result(project)
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import grpc

from . import _proto, _tls
from .errors import (
    InvalidSubmissionError,
    ProjectFailedError,
    UnavailableError,
    VolunteerQuantumError,
    WaitTimeoutError,
    from_rpc,
)
from .results import Result, read_npy

DEFAULT_ADDRESS = "http://127.0.0.1:7070"
API_KEY_HEADER = "vq-api-key"
# As `vq simulate`: the number of trajectories of a noisy run that asks for expectation values only.
DEFAULT_TRAJECTORIES = 1000
# As `vq`: results and states arrive in chunks, but a chunk may be large.
_MESSAGE_LIMIT = 16 << 20

_STATES = {0: "unspecified", 1: "running", 2: "completed", 3: "failed", 4: "cancelled"}
_STRATEGIES = {"auto": 1, "whole": 2, "shards": 3, "paths": 4}
_STRATEGY_NAMES = {0: "auto", **{v: k for k, v in _STRATEGIES.items()}}
_PRECISIONS = {"double": 1, "single": 2}


@dataclass(frozen=True)
class Project:
    """A project as the coordinator reports it (``message`` is the wire ProjectInfo)."""

    id: str
    name: str
    state: str
    failure_reason: str
    num_qubits: int
    num_gates: int
    units_total: int
    units_verified: int
    units_failed: int
    replicas_running: int
    min_quorum: int
    max_replicas: int
    strategy: str
    plan: str
    warnings: list[str]
    verification: dict[str, int]
    created: datetime | None
    finished: datetime | None
    message: Any = field(repr=False, compare=False)

    @property
    def done(self) -> bool:
        """Whether the project has ended (completed, failed or cancelled)."""
        return self.state != "running"

    @property
    def progress(self) -> float:
        """Verified units over all units, 0–1."""
        return self.units_verified / self.units_total if self.units_total else 0.0

    @staticmethod
    def from_message(m) -> Project:
        def when(ts):
            return datetime.fromtimestamp(ts.seconds + ts.nanos / 1e9, tz=timezone.utc) if ts.seconds or ts.nanos else None

        v = m.verification
        return Project(
            id=m.id, name=m.name, state=_STATES.get(m.state, str(m.state)), failure_reason=m.failure_reason,
            num_qubits=m.num_qubits, num_gates=m.num_gates, units_total=m.units_total, units_verified=m.units_verified,
            units_failed=m.units_failed, replicas_running=m.replicas_running, min_quorum=m.min_quorum, max_replicas=m.max_replicas,
            strategy=_STRATEGY_NAMES.get(m.plan.strategy, str(m.plan.strategy)), plan=m.plan.description, warnings=list(m.warnings),
            verification={f.name: getattr(v, f.name) for f in v.DESCRIPTOR.fields},
            created=when(m.created) if m.HasField("created") else None,
            finished=when(m.finished) if m.HasField("finished") else None,
            message=m,
        )


def _project_id(project) -> str:
    return project.id if isinstance(project, Project) else str(project)


def _byte_size(value: int | str | None) -> int:
    """Bytes, or text such as ``512MiB`` or ``4 GiB`` (binary units, as ``vq --max-unit-memory``)."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    text = value.strip()
    digits = text.rstrip("BbKkMmGgTtIi ")
    shift = {"": 0, "B": 0, "K": 10, "KB": 10, "KIB": 10, "M": 20, "MB": 20, "MIB": 20, "G": 30, "GB": 30, "GIB": 30, "T": 40, "TB": 40, "TIB": 40}.get(text[len(digits):].strip().upper())
    try:
        number = float(digits)
    except ValueError:
        number = -1
    if shift is None or number < 0:
        raise InvalidSubmissionError(f"max_unit_memory={value!r} is not a size: use bytes or a KiB, MiB, GiB or TiB suffix")
    return int(number * (1 << shift))


class Client:
    """A connection to one coordinator. Use :func:`connect`; close with :meth:`close` or ``with``."""

    def __init__(self, address: str | None = None, api_key: str | None = None, *, tls_pin: str | None = None,
                 tls_server_name: str | None = None, timeout: float | None = 60.0):
        self.address = (address or os.environ.get("VQ_COORDINATOR") or DEFAULT_ADDRESS).strip()
        if "," in self.address:
            raise ValueError(f"{self.address!r}: this client talks to one coordinator; give one address")
        key = api_key if api_key is not None else os.environ.get("VQ_API_KEY")
        pin = tls_pin if tls_pin is not None else os.environ.get("VQ_TLS_PIN") or None
        self._metadata = ((API_KEY_HEADER, key.strip()),) if key and key.strip() else ()
        self.timeout = timeout
        self._channel = self._open(pin, tls_server_name)
        self._projects = _proto.stub(self._channel, "ProjectService")
        self._pb = _proto.load()

    def _open(self, pin: str | None, server_name: str | None) -> grpc.Channel:
        parts = urlsplit(self.address if "://" in self.address else "http://" + self.address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{self.address!r} is not a coordinator address: expected http://HOST:PORT or https://HOST:PORT")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        target = f"{host}:{port}"
        options = [("grpc.max_receive_message_length", _MESSAGE_LIMIT), ("grpc.max_send_message_length", _MESSAGE_LIMIT)]
        if parts.scheme == "http":
            if pin:
                raise ValueError(f"a certificate pin needs an https:// coordinator address, not {self.address}")
            return grpc.insecure_channel(target, options=options)
        if server_name:
            options.append(("grpc.ssl_target_name_override", server_name))
        root = _tls.pinned_root(parts.hostname, port, _tls.parse_pin(pin), self.address) if pin else None
        return grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates=root), options=options)

    # -- calls -------------------------------------------------------------------------------

    def _call(self, method, request, timeout: float | None = None):
        try:
            return method(request, metadata=self._metadata, timeout=timeout if timeout is not None else self.timeout)
        except grpc.RpcError as e:
            raise from_rpc(e, self.address) from None

    def submit(self, qasm: str, *, name: str | None = None, file_name: str = "circuit.qasm", shots: int = 0, seed: int | None = None,
               precision: str = "double", replicas: int = 2, max_replicas: int = 0, shots_per_unit: int = 0, strategy: str = "auto",
               max_unit_memory: int | str | None = None, accept_fraction: float = 0.0, amplitudes: Iterable[str] | str = (),
               observables: Iterable[str] = (), params: Mapping[str, float] | None = None,
               sweeps: Mapping[str, Iterable[float]] | None = None, return_state: bool = False,
               noise: str | Mapping[str, Any] | os.PathLike | None = None, trajectories: int = 0, trajectories_per_unit: int = 0,
               adaptive_replication: bool = False, adaptive_spot_check_fraction: float = 0.0) -> Project:
        """Submits OpenQASM 2.0 or 3 source, with the options of ``vq submit``.

        ``shots`` (0 with no other output: 1024); ``seed`` (None: a random one, chosen here so the
        result names it); ``precision`` "double" or "single"; ``replicas`` that must agree per unit
        (min quorum) and ``max_replicas``; ``shots_per_unit``; ``strategy`` "auto", "whole",
        "shards" or "paths"; ``max_unit_memory`` (bytes or "4GiB"); ``accept_fraction`` (paths);
        ``amplitudes`` (bitstrings, qubit 0 rightmost; a list or "00,11"); ``observables`` (Pauli
        sums such as "Z0 Z1" or "0.5*X0 + Y1"); ``params`` (values of ``input float``);
        ``sweeps`` (name → values: one point per combination); ``return_state`` (then
        :meth:`state`); ``noise`` (a noise model: dict, JSON text or a path to a JSON file) with
        ``trajectories`` (default: one per shot, or 1000 for expectation values alone) and
        ``trajectories_per_unit``. A refused submission raises :class:`InvalidSubmissionError`
        carrying the coordinator's message.
        """
        pb = self._pb.project
        if precision not in _PRECISIONS:
            raise InvalidSubmissionError(f"precision={precision!r}: expected 'double' or 'single'")
        if strategy not in _STRATEGIES:
            raise InvalidSubmissionError(f"strategy={strategy!r}: expected one of {', '.join(_STRATEGIES)}")
        if replicas < 1:
            raise InvalidSubmissionError("replicas must be at least 1")
        request = pb.SubmitProjectRequest(
            name=name if name is not None else Path(file_name).stem, qasm=qasm, file_name=file_name, shots=shots,
            seed=seed if seed is not None else random.randint(1, (1 << 63) - 1), precision=_PRECISIONS[precision],
            return_state=return_state, min_quorum=replicas, max_replicas=max_replicas, shots_per_unit=shots_per_unit,
            strategy=_STRATEGIES[strategy], max_unit_memory_bytes=_byte_size(max_unit_memory), accept_path_fraction=accept_fraction,
            adaptive_replication=adaptive_replication, adaptive_spot_check_fraction=adaptive_spot_check_fraction,
            trajectories=trajectories, trajectories_per_unit=trajectories_per_unit,
        )
        request.amplitudes.extend(a.strip() for a in (amplitudes.split(",") if isinstance(amplitudes, str) else amplitudes) if a.strip())
        request.observables.extend(observables)
        for k, v in (params or {}).items():
            request.parameters[k] = float(v)
        for k, values in (sweeps or {}).items():
            request.sweeps.add(name=k, values=[float(v) for v in values])
        if noise is not None:
            if isinstance(noise, os.PathLike):
                request.noise, request.noise_file_name = Path(noise).read_text(encoding="utf-8"), Path(noise).name
            elif isinstance(noise, str):
                request.noise, request.noise_file_name = noise, "noise.json"
            else:
                request.noise, request.noise_file_name = json.dumps(noise), "noise.json"
            if request.trajectories == 0:
                request.trajectories = shots if shots > 0 else DEFAULT_TRAJECTORIES
        return Project.from_message(self._call(self._projects.Submit, request))

    def submit_file(self, path: str | os.PathLike, **options) -> Project:
        """Submits a .qasm file (its name names the project and its errors); options as :meth:`submit`."""
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as e:
            raise InvalidSubmissionError(f"cannot read {file}: {e.strerror}") from e
        options.setdefault("name", file.stem)
        return self.submit(text, file_name=file.name, **options)

    def project(self, project) -> Project:
        return Project.from_message(self._call(self._projects.GetProject, self._pb.project.ProjectRequest(project_id=_project_id(project))))

    def projects(self, limit: int = 0) -> list[Project]:
        """This key's projects, most recent first (at most ``limit``; 0: the coordinator's 100)."""
        response = self._call(self._projects.ListProjects, self._pb.project.ListProjectsRequest(limit=limit))
        return [Project.from_message(p) for p in response.projects]

    def cancel(self, project) -> Project:
        return Project.from_message(self._call(self._projects.CancelProject, self._pb.project.ProjectRequest(project_id=_project_id(project))))

    def watch(self, project, timeout: float | None = None):
        """Yields the project each time it changes (WatchProject), until it ends."""
        request = self._pb.project.ProjectRequest(project_id=_project_id(project))
        try:
            for info in self._projects.WatchProject(request, metadata=self._metadata, timeout=timeout):
                yield Project.from_message(info)
        except grpc.RpcError as e:
            raise from_rpc(e, self.address) from None

    def wait(self, project, progress: Callable[[Project], None] | None = None, timeout: float | None = None,
             raise_on_failure: bool = True) -> Project:
        """Watches the project until it ends, calling ``progress`` with each update; returns its last
        state. A failed or cancelled project raises :class:`ProjectFailedError` (unless
        ``raise_on_failure`` is False); past ``timeout`` seconds, :class:`WaitTimeoutError`. A watch
        cut short (a coordinator restart) is resumed until the deadline."""
        deadline = None if timeout is None else time.monotonic() + timeout
        last: Project | None = None
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise WaitTimeoutError(f"project {_project_id(project)} still {last.state if last else 'running'} after {timeout} s", last)
            try:
                for update in self.watch(project, timeout=left):
                    last = update
                    if progress is not None:
                        progress(update)
            except VolunteerQuantumError as e:
                if e.code == grpc.StatusCode.DEADLINE_EXCEEDED:
                    raise WaitTimeoutError(f"project {_project_id(project)} still {last.state if last else 'running'} after {timeout} s", last) from None
                if not isinstance(e, UnavailableError) or last is None:
                    raise
                time.sleep(0.5)
                continue
            if last is not None and last.done:
                break
        if raise_on_failure and last.state != "completed":
            reason = f": {last.failure_reason}" if last.failure_reason else ""
            raise ProjectFailedError(f"project {last.id} {last.state}{reason}", last)
        return last

    def _download(self, project, format_value: int) -> bytes:
        request = self._pb.project.DownloadResultRequest(project_id=_project_id(project), format=format_value)
        try:
            return b"".join(chunk.data for chunk in self._projects.DownloadResult(request, metadata=self._metadata, timeout=self.timeout))
        except grpc.RpcError as e:
            raise from_rpc(e, self.address) from None

    def result_json(self, project) -> bytes:
        """The verified result, as the coordinator stores it (JSON, ``volunteerquantum.result/1``)."""
        return self._download(project, self._pb.project.RESULT_FORMAT_JSON)

    def result(self, project) -> Result:
        """The verified result of a completed project: counts, amplitudes, expectations, …"""
        return Result.from_json(self.result_json(project))

    def state_npy(self, project) -> bytes:
        """The final state vector as a NumPy .npy file (a project submitted with ``return_state``)."""
        return self._download(project, self._pb.project.RESULT_FORMAT_NPY)

    def state(self, project):
        """The final state vector: a complex NumPy array (a list of complex without NumPy), qubit 0 the lowest index bit."""
        return read_npy(self.state_npy(project))

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<volunteerquantum.Client {self.address}>"


def connect(address: str | None = None, api_key: str | None = None, *, tls_pin: str | None = None,
            tls_server_name: str | None = None, timeout: float | None = 60.0) -> Client:
    """A client of the coordinator at ``address`` (default $VQ_COORDINATOR, else http://127.0.0.1:7070).

    ``api_key`` (default $VQ_API_KEY) goes with every call as the ``vq-api-key`` header. An
    ``https://`` address uses TLS: with ``tls_pin`` ("sha256:…", default $VQ_TLS_PIN) exactly the
    pinned certificate is trusted, as ``vq --tls-pin``; without, the system's roots. ``timeout``
    bounds each unary call and download (seconds; None: no bound).
    """
    return Client(address, api_key, tls_pin=tls_pin, tls_server_name=tls_server_name, timeout=timeout)

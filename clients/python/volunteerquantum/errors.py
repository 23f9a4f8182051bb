"""The exceptions of the client: every failure is a :class:`VolunteerQuantumError`.

A refusal by the coordinator carries its message word for word (``str(e)`` and ``e.details``),
its gRPC status (``e.code``) and the coordinator's address (``e.address``).
"""

from __future__ import annotations

import grpc


class VolunteerQuantumError(Exception):
    """Base class. ``code`` is the gRPC status code (None for failures on this side)."""

    def __init__(self, message: str, *, code: grpc.StatusCode | None = None, details: str | None = None, address: str | None = None):
        super().__init__(message)
        self.code = code
        self.details = details if details is not None else message
        self.address = address


class InvalidSubmissionError(VolunteerQuantumError, ValueError):
    """A request refused as invalid: by the coordinator (InvalidArgument: bad QASM, an option it
    rejects) or, for an option it could not even encode, here (``code`` None)."""


class AuthenticationError(VolunteerQuantumError):
    """No API key, or one the coordinator does not know (Unauthenticated)."""


class PermissionDeniedError(VolunteerQuantumError):
    """The key is known but may not do this (PermissionDenied): another researcher's project, an admin call."""


class NotFoundError(VolunteerQuantumError):
    """No such project (NotFound)."""


class NotReadyError(VolunteerQuantumError):
    """The project is not in a state that allows this (FailedPrecondition): a result before completion."""


class QuotaExceededError(VolunteerQuantumError):
    """Over a quota or limit of the grid (ResourceExhausted)."""


class UnavailableError(VolunteerQuantumError):
    """The coordinator could not be reached (Unavailable); ``address`` says which one."""


class TlsPinMismatchError(VolunteerQuantumError):
    """The coordinator's certificate is not the pinned one; both fingerprints are in the message."""


class ProjectFailedError(VolunteerQuantumError):
    """A waited-for project ended failed or cancelled; ``project`` is its last state."""

    def __init__(self, message: str, project):
        super().__init__(message)
        self.project = project


class WaitTimeoutError(VolunteerQuantumError, TimeoutError):
    """A wait ran past its timeout; ``project`` is the last state seen."""

    def __init__(self, message: str, project):
        super().__init__(message)
        self.project = project


_BY_CODE = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidSubmissionError,
    grpc.StatusCode.UNAUTHENTICATED: AuthenticationError,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDeniedError,
    grpc.StatusCode.NOT_FOUND: NotFoundError,
    grpc.StatusCode.FAILED_PRECONDITION: NotReadyError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: QuotaExceededError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
}


def from_rpc(error: grpc.RpcError, address: str) -> VolunteerQuantumError:
    """The client's exception for a failed call."""
    code = error.code() if hasattr(error, "code") else None
    details = (error.details() if hasattr(error, "details") else None) or str(error)
    kind = _BY_CODE.get(code, VolunteerQuantumError)
    if kind is UnavailableError:
        message = f"coordinator {address} is unavailable: {details}"
    elif kind is AuthenticationError:
        message = f"{details} (coordinator {address}; give api_key= or set VQ_API_KEY)"
    else:
        message = details
    return kind(message, code=code, details=details, address=address)

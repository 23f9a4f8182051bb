"""VolunteerQuantum's Python client: submit quantum circuits to a VolunteerQuantum grid, watch them
run, and read their verified results (counts, amplitudes and states as NumPy arrays, expectation
values).

    import volunteerquantum as vq
    with vq.connect("http://127.0.0.1:7070", api_key="…") as grid:
        project = grid.submit_file("bell.qasm", shots=4000)
        grid.wait(project, progress=print)
        print(grid.result(project).counts)
"""

from .client import DEFAULT_ADDRESS, Client, Project, connect
from .errors import (
    AuthenticationError,
    InvalidSubmissionError,
    NotFoundError,
    NotReadyError,
    PermissionDeniedError,
    ProjectFailedError,
    QuotaExceededError,
    TlsPinMismatchError,
    UnavailableError,
    VolunteerQuantumError,
    WaitTimeoutError,
)
from .results import Result, ResultPoint, read_npy

__all__ = [
    "DEFAULT_ADDRESS", "Client", "Project", "connect", "Result", "ResultPoint", "read_npy",
    "VolunteerQuantumError", "InvalidSubmissionError", "AuthenticationError", "PermissionDeniedError",
    "NotFoundError", "NotReadyError", "QuotaExceededError", "UnavailableError", "TlsPinMismatchError",
    "ProjectFailedError", "WaitTimeoutError",
]
__version__ = "0.1.0"

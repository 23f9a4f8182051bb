"""Drives a real grid through the Python client, as a researcher's notebook would.

Run by PythonClientTests (dotnet test) with PYTHONPATH=clients/python against a coordinator and two
volunteers it started. Every check is an assert here; the last line printed is a JSON summary
that the C# test checks again. Exit 0: all held.
"""

import argparse
import json
import math
import sys

import numpy as np

import volunteerquantum as vq

# A 3-qubit state with amplitudes of every kind (real, imaginary, zero), no measurements: its
# amplitudes, state and expectation values are compared with the reference below.
STATE_QASM = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
h q[0];
cx q[0],q[1];
ry(0.7) q[2];
s q[1];
"""

# An independent reference: the same gates written out as matrices (qubit k is bit k of the index).
H = np.array([[1, 1], [1, -1]]) / math.sqrt(2)
S = np.diag([1, 1j])
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]])
Z = np.diag([1, -1]).astype(complex)


def apply1(state, u, k):
    out = state.copy()
    for i in range(len(state)):
        if not (i >> k) & 1:
            j = i | (1 << k)
            out[i] = u[0, 0] * state[i] + u[0, 1] * state[j]
            out[j] = u[1, 0] * state[i] + u[1, 1] * state[j]
    return out


def cx(state, control, target):
    out = state.copy()
    for i in range(len(state)):
        if (i >> control) & 1 and not (i >> target) & 1:
            j = i | (1 << target)
            out[i], out[j] = state[j], state[i]
    return out


def ry(theta):
    c, s = math.cos(theta / 2), math.sin(theta / 2)
    return np.array([[c, -s], [s, c]], dtype=complex)


def reference_state():
    psi = np.zeros(8, dtype=complex)
    psi[0] = 1
    psi = apply1(psi, H, 0)
    psi = cx(psi, 0, 1)
    psi = apply1(psi, ry(0.7), 2)
    return apply1(psi, S, 1)


def expectation(psi, terms):
    """<psi| sum_c c * P |psi> for terms [(c, {qubit: pauli matrix})]."""
    total = 0
    for c, paulis in terms:
        phi = psi
        for k, p in paulis.items():
            phi = apply1(phi, p, k)
        total += c * np.vdot(psi, phi)
    return total.real


OBSERVABLES = {
    "Z0 Z1": [(1, {0: Z, 1: Z})],
    "X2": [(1, {2: X})],
    "0.5*Z2 + Y0 X1": [(0.5, {2: Z}), (1, {0: Y, 1: X})],
}
AMPLITUDES = ["000", "011", "100", "111", "010"]

# A swept parameter: one point per value, Z0 = cos(theta) exactly.
SWEEP_QASM = """OPENQASM 3.0;
include "stdgates.inc";
input float theta;
qubit[1] q;
ry(theta) q[0];
"""
THETAS = [0.0, math.pi / 3, math.pi / 2, 2.0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--ghz", required=True, help="the GHZ circuit file")
    parser.add_argument("--expected", required=True, help="vq simulate --json of the GHZ circuit with the same shots and seed")
    parser.add_argument("--shots", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--closed-port", type=int, required=True, help="a loopback port nothing listens on")
    args = parser.parse_args()
    summary = {}

    grid = vq.connect(args.address, api_key=args.api_key)

    # Counts: submitted as a file, watched with a progress callback.
    updates = []
    ghz = grid.submit_file(args.ghz, shots=args.shots, seed=args.seed, replicas=2)
    assert ghz.state == "running" and ghz.num_qubits == 3, ghz
    done = grid.wait(ghz, progress=updates.append, timeout=150)
    assert done.state == "completed", done
    assert updates, "the progress callback was never called"
    assert updates[-1].state == "completed" and updates[-1].units_verified == updates[-1].units_total, updates[-1]
    verified = [u.units_verified for u in updates]
    assert verified == sorted(verified), f"units verified went backwards: {verified}"
    result = grid.result(ghz)
    counts = result.counts
    assert isinstance(counts, dict) and sum(counts.values()) == args.shots, counts
    assert set(counts) <= {"000", "111"}, f"a GHZ state has only 000 and 111: {counts}"
    # Binomial(N, 1/2): more than 6 standard deviations (6 * sqrt(N)/2) from N/2 has probability below 2e-9.
    assert abs(counts.get("000", 0) - args.shots / 2) <= 3 * math.sqrt(args.shots), counts
    assert result.seed == args.seed, result.seed
    with open(args.expected, encoding="utf-8") as f:
        simulated = json.load(f)["counts"]
    assert done.units_total == 1, f"expected one unit (terminal measurements), got {done.units_total}"
    assert counts == {k: int(v) for k, v in simulated.items()}, f"grid {counts} != vq simulate --seed {args.seed} {simulated}"
    assert result.verification["units"] == 1 and min(result.verification["hosts_per_unit"]) >= 2, result.verification
    summary.update(progress_calls=len(updates), counts=counts, units=done.units_total)

    # Amplitudes, state and expectation values against the reference, within 1e-9.
    exact = reference_state()
    state_project = grid.submit(STATE_QASM, file_name="state.qasm", strategy="whole", amplitudes=",".join(AMPLITUDES),
                                observables=list(OBSERVABLES), return_state=True)
    grid.wait(state_project, timeout=150)
    result = grid.result(state_project)
    assert list(result.amplitudes) == AMPLITUDES, list(result.amplitudes)
    amplitudes = result.amplitude_array
    assert isinstance(amplitudes, np.ndarray) and amplitudes.dtype == np.complex128, type(amplitudes)
    want = np.array([exact[int(b, 2)] for b in AMPLITUDES])
    assert np.max(np.abs(amplitudes - want)) <= 1e-9, (amplitudes, want)
    state = grid.state(state_project)
    assert isinstance(state, np.ndarray) and state.shape == (8,) and state.dtype == np.complex128, (type(state), getattr(state, "shape", None))
    assert np.max(np.abs(state - exact)) <= 1e-9, (state, exact)
    for text, terms in OBSERVABLES.items():
        assert abs(result.expectations[text] - expectation(exact, terms)) <= 1e-9, (text, result.expectations[text], expectation(exact, terms))
    assert abs(result.expectations["Z0 Z1"] - 1) <= 1e-9 and abs(result.expectations["X2"] - math.sin(0.7)) <= 1e-9
    assert result.counts is None, "no shots asked, none taken"
    summary.update(state_max_error=float(np.max(np.abs(state - exact))), expectations=result.expectations)

    # A sweep: one point per value, each with its parameters and <Z0> = cos(theta).
    sweep = grid.submit(SWEEP_QASM, file_name="sweep.qasm", observables=["Z0"], sweeps={"theta": THETAS})
    grid.wait(sweep, timeout=150)
    result = grid.result(sweep)
    assert result.swept and len(result.points) == len(THETAS), result
    for point in result.points:
        theta = point.parameters["theta"]
        assert abs(point.expectations["Z0"] - math.cos(theta)) <= 1e-9, (theta, point.expectations)

    # A bad submission raises the client's exception with the coordinator's message.
    try:
        grid.submit('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nfrobnicate q[0];\n', file_name="bad.qasm")
        raise AssertionError("a circuit with an unknown gate was accepted")
    except vq.InvalidSubmissionError as e:
        assert e.code is not None and e.code.name == "INVALID_ARGUMENT", e.code
        assert "frobnicate" in str(e), f"the coordinator's message should name the gate: {e}"
        summary["refusal"] = str(e)

    # Cancel: three replicas per unit but two volunteer accounts, so it can only wait; cancelled,
    # waiting on it raises ProjectFailedError.
    stuck = grid.submit(STATE_QASM, file_name="stuck.qasm", observables=["Z0"], replicas=3)
    assert stuck.id in [p.id for p in grid.projects()], "a submitted project is listed"
    assert grid.cancel(stuck).state == "cancelled"
    try:
        grid.wait(stuck, timeout=30)
        raise AssertionError("waiting on a cancelled project returned")
    except vq.ProjectFailedError as e:
        assert e.project.state == "cancelled", e.project
    try:
        grid.result(stuck)
        raise AssertionError("a cancelled project has a result")
    except vq.NotReadyError as e:
        assert "cancelled" in str(e), str(e)

    # Listing: the projects above, most recent first.
    listed = [p.id for p in grid.projects()]
    assert listed[:2] == [stuck.id, sweep.id], listed
    assert {ghz.id, state_project.id} <= set(listed)

    # The wrong key, and no coordinator at all.
    try:
        vq.connect(args.address, api_key="not-the-key").projects()
        raise AssertionError("a wrong API key was accepted")
    except vq.AuthenticationError as e:
        summary["unauthenticated"] = str(e)
    closed = f"http://127.0.0.1:{args.closed_port}"
    try:
        vq.connect(closed, api_key=args.api_key, timeout=10).projects()
        raise AssertionError("a closed port answered")
    except vq.UnavailableError as e:
        assert e.address == closed and closed in str(e), str(e)
        summary["unavailable"] = str(e)

    grid.close()
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

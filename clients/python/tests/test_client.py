"""Unit tests of the client without a coordinator: the wire request built from submit()'s options,
error mapping, pins, result parsing with and without NumPy, stub generation.

    PYTHONPATH=clients/python python3 -m unittest discover -s clients/python/tests
"""

import hashlib
import io
import json
import shutil
import tempfile
import unittest
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import grpc

import volunteerquantum as vq
from volunteerquantum import _generate, _proto, _tls, errors, results

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None


class FakeRpcError(grpc.RpcError):
    def __init__(self, code, details):
        self._code, self._details = code, details

    def code(self):
        return self._code

    def details(self):
        return self._details


class SubmitTests(unittest.TestCase):
    """submit() as vq submit: each option lands in its SubmitProjectRequest field."""

    def setUp(self):
        # A channel connects lazily: no call is made unless a test makes one.
        self.client = vq.connect("http://127.0.0.1:9", api_key="  key  ")
        self.sent = []
        pb = _proto.load()

        def submit(request, metadata, timeout):
            self.sent.append((request, metadata))
            return pb.project.ProjectInfo(id="p1", name=request.name, state=pb.project.PROJECT_STATE_RUNNING, units_total=3)

        self.client._projects = SimpleNamespace(Submit=submit)

    def tearDown(self):
        self.client.close()

    def test_submit_everyOption_mapsToTheWireRequest(self):
        project = self.client.submit(
            "OPENQASM 2.0;", file_name="c.qasm", shots=100, seed=9, precision="single", replicas=3, max_replicas=6,
            shots_per_unit=10, strategy="shards", max_unit_memory="2GiB", accept_fraction=0.5, amplitudes="00, 11",
            observables=["Z0 Z1"], params={"a": 1}, sweeps={"t": [0, 0.5]}, return_state=True,
            noise={"errors": []}, trajectories_per_unit=7, adaptive_replication=True, adaptive_spot_check_fraction=0.1)
        (request, metadata), = self.sent
        self.assertEqual(metadata, (("vq-api-key", "key"),))
        self.assertEqual((request.name, request.file_name, request.shots, request.seed), ("c", "c.qasm", 100, 9))
        self.assertEqual((request.precision, request.strategy), (2, 3))
        self.assertEqual((request.min_quorum, request.max_replicas, request.shots_per_unit), (3, 6, 10))
        self.assertEqual(request.max_unit_memory_bytes, 2 << 30)
        self.assertEqual(request.accept_path_fraction, 0.5)
        self.assertEqual(list(request.amplitudes), ["00", "11"])
        self.assertEqual(list(request.observables), ["Z0 Z1"])
        self.assertEqual(dict(request.parameters), {"a": 1.0})
        self.assertEqual([(s.name, list(s.values)) for s in request.sweeps], [("t", [0.0, 0.5])])
        self.assertTrue(request.return_state and request.adaptive_replication)
        self.assertEqual(json.loads(request.noise), {"errors": []})
        # As vq submit: a noisy run defaults to one trajectory per shot.
        self.assertEqual((request.trajectories, request.trajectories_per_unit), (100, 7))
        self.assertEqual((project.id, project.state, project.units_total), ("p1", "running", 3))

    def test_submit_noSeed_picksOneHere(self):
        self.client.submit("OPENQASM 2.0;")
        self.assertGreater(self.sent[0][0].seed, 0)

    def test_submit_noiseWithoutShots_defaultsToVqSimulatesTrajectories(self):
        self.client.submit("OPENQASM 2.0;", noise="{}", observables=["Z0"])
        self.assertEqual(self.sent[0][0].trajectories, 1000)

    def test_submitFile_namesProjectAfterFile(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        (folder / "bell.qasm").write_text("OPENQASM 2.0;\n")
        self.client.submit_file(folder / "bell.qasm", shots=5)
        request = self.sent[0][0]
        self.assertEqual((request.name, request.file_name, request.qasm), ("bell", "bell.qasm", "OPENQASM 2.0;\n"))

    def test_submit_badOptions_raiseBeforeAnyCall(self):
        for options in ({"strategy": "fast"}, {"precision": "half"}, {"replicas": 0}, {"max_unit_memory": "lots"}):
            with self.subTest(options=options), self.assertRaises(vq.InvalidSubmissionError):
                self.client.submit("OPENQASM 2.0;", **options)
        self.assertEqual(self.sent, [])

    def test_submit_refused_raisesWithTheCoordinatorsMessage(self):
        def refuse(request, metadata, timeout):
            raise FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "c.qasm:1:1: error: undefined gate 'foo'")

        self.client._projects = SimpleNamespace(Submit=refuse)
        with self.assertRaises(vq.InvalidSubmissionError) as caught:
            self.client.submit("foo q[0];", file_name="c.qasm")
        self.assertEqual(str(caught.exception), "c.qasm:1:1: error: undefined gate 'foo'")
        self.assertEqual(caught.exception.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIsInstance(caught.exception, ValueError)


class ConnectTests(unittest.TestCase):
    def test_connect_badAddresses_raise(self):
        for address in ("ftp://host:1", "http://", "http://a:1,http://b:2"):
            with self.subTest(address=address), self.assertRaises(ValueError):
                vq.connect(address)

    def test_connect_pinOnPlaintext_raises(self):
        with self.assertRaisesRegex(ValueError, "https://"):
            vq.connect("http://127.0.0.1:9", tls_pin="sha256:" + "a" * 64)

    def test_connect_environment_givesDefaults(self):
        with mock.patch.dict("os.environ", {"VQ_COORDINATOR": "http://127.0.0.1:9", "VQ_API_KEY": "k"}):
            client = vq.connect()
        self.assertEqual((client.address, client._metadata), ("http://127.0.0.1:9", (("vq-api-key", "k"),)))
        client.close()


class ErrorTests(unittest.TestCase):
    def test_fromRpc_eachCode_itsException_carryingMessageAndAddress(self):
        cases = {
            grpc.StatusCode.INVALID_ARGUMENT: vq.InvalidSubmissionError,
            grpc.StatusCode.UNAUTHENTICATED: vq.AuthenticationError,
            grpc.StatusCode.PERMISSION_DENIED: vq.PermissionDeniedError,
            grpc.StatusCode.NOT_FOUND: vq.NotFoundError,
            grpc.StatusCode.FAILED_PRECONDITION: vq.NotReadyError,
            grpc.StatusCode.RESOURCE_EXHAUSTED: vq.QuotaExceededError,
            grpc.StatusCode.UNAVAILABLE: vq.UnavailableError,
            grpc.StatusCode.INTERNAL: vq.VolunteerQuantumError,
        }
        for code, kind in cases.items():
            with self.subTest(code=code):
                e = errors.from_rpc(FakeRpcError(code, "the reason"), "http://h:1")
                self.assertIs(type(e), kind)
                self.assertIn("the reason", str(e))
                self.assertEqual((e.code, e.details, e.address), (code, "the reason", "http://h:1"))
        self.assertIn("http://h:1", str(errors.from_rpc(FakeRpcError(grpc.StatusCode.UNAVAILABLE, "x"), "http://h:1")))

    def test_unreachable_raisesUnavailableNamingTheAddress(self):
        with vq.connect("http://127.0.0.1:9", api_key="k", timeout=5) as client, self.assertRaises(vq.UnavailableError) as caught:
            client.projects()
        self.assertIn("http://127.0.0.1:9", str(caught.exception))


class PinTests(unittest.TestCase):
    def test_parsePin_acceptsUpperCase_rejectsOthers(self):
        self.assertEqual(_tls.parse_pin(" SHA256:" + "AB" * 32), "sha256:" + "ab" * 32)
        for bad in ("ab" * 32, "sha256:abc", "sha1:" + "ab" * 32, "sha256:" + "g" * 64):
            with self.subTest(pin=bad), self.assertRaisesRegex(ValueError, "certificate pin"):
                _tls.parse_pin(bad)

    def test_fingerprint_isSha256OfDer(self):
        self.assertEqual(_tls.fingerprint(b"der"), "sha256:" + hashlib.sha256(b"der").hexdigest())


RESULT = {
    "format": "volunteerquantum.result/1", "circuit": {"file": "c.qasm", "qubits": 2, "clbits": 2, "gates": 2},
    "precision": "double", "seed": 7, "shots": 10, "counts": {"00": 6, "11": 4},
    "amplitudes": {"11": [0.5, -0.5], "00": [0.7071, 0]}, "expectations": {"Z0 Z1": 1.0},
    "verification": {"units": 1, "hosts_per_unit": [2]}, "warnings": ["w"], "run": {"units": 1},
}


class ResultTests(unittest.TestCase):
    def test_result_unswept_fieldsAndAmplitudesInOrder(self):
        r = vq.Result(RESULT)
        self.assertEqual((r.seed, r.shots, r.counts, r.expectations), (7, 10, {"00": 6, "11": 4}, {"Z0 Z1": 1.0}))
        self.assertEqual(list(r.amplitudes), ["11", "00"])
        self.assertEqual(r.amplitudes["11"], complex(0.5, -0.5))
        self.assertIsNone(r.probabilities)
        self.assertEqual((r.verification["units"], r.warnings), (1, ["w"]))
        if np is not None:
            self.assertEqual(r.amplitude_array.dtype, np.complex128)
            np.testing.assert_array_equal(r.amplitude_array, [0.5 - 0.5j, 0.7071])

    def test_result_swept_onePointPerCombination(self):
        doc = {"format": "volunteerquantum.result/1", "seed": 1, "points": [
            {"parameters": {"t": 0.0}, "expectations": {"Z0": 1.0}},
            {"parameters": {"t": 1.0}, "expectations": {"Z0": 0.54}, "trajectories": 5, "expectation_errors": {"Z0": 0.1}}]}
        r = vq.Result(doc)
        self.assertTrue(r.swept)
        self.assertEqual([p.parameters["t"] for p in r.points], [0.0, 1.0])
        self.assertEqual((r.points[1].trajectories, r.points[1].expectation_errors), (5, {"Z0": 0.1}))
        with self.assertRaisesRegex(AttributeError, "points"):
            _ = r.counts

    def test_result_otherFormat_refused(self):
        with self.assertRaises(ValueError):
            vq.Result({"format": "something/else"})

    def test_withoutNumpy_amplitudesAreComplexLists(self):
        with mock.patch.object(results, "_np", None):
            self.assertEqual(vq.Result(RESULT).amplitude_array, [complex(0.5, -0.5), complex(0.7071, 0)])

    @unittest.skipIf(np is None, "NumPy is not installed")
    def test_readNpy_ownReaderAgreesWithNumpy(self):
        for dtype in (np.complex128, np.complex64):
            with self.subTest(dtype=dtype):
                state = (np.arange(8) * (1 + 2j) / 10).astype(dtype)
                buffer = io.BytesIO()
                np.save(buffer, state)
                data = buffer.getvalue()
                np.testing.assert_array_equal(vq.read_npy(data), state)
                with mock.patch.object(results, "_np", None):
                    self.assertEqual(vq.read_npy(data), [complex(x) for x in state])


class GenerateTests(unittest.TestCase):
    def test_generate_writesModulesAndStamp_regeneratesWhenProtosChange(self):
        out = Path(tempfile.mkdtemp()) / "stubs"
        self.addCleanup(shutil.rmtree, out.parent)
        protos = _generate.find_protos()
        _generate.generate(out, protos)
        self.assertTrue((out / "volunteerquantum" / "v1" / "project_pb2.py").is_file())
        self.assertTrue(_generate.is_current(out, protos))
        copy = out.parent / "protos"
        shutil.copytree(protos, copy)
        with open(copy / "volunteerquantum" / "v1" / "common.proto", "a") as f:
            f.write("\n// changed\n")
        self.assertFalse(_generate.is_current(out, copy))

    def test_stub_hasEveryProjectServiceMethod(self):
        channel = grpc.insecure_channel("127.0.0.1:9")
        self.addCleanup(channel.close)
        stub = _proto.stub(channel, "ProjectService")
        for name in ("Submit", "GetProject", "WatchProject", "ListProjects", "CancelProject", "DownloadResult"):
            self.assertTrue(callable(getattr(stub, name)), name)


if __name__ == "__main__":
    unittest.main()

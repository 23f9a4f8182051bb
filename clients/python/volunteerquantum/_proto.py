"""The wire types and gRPC stubs, made from the protos on first use.

Message classes come from the generated ``*_pb2`` modules (``_generate.py``; regenerated when the
protos change). Stubs are built from the services' descriptors: one callable per method, unary or
server-streaming as the descriptor says, so nothing here lists the methods by hand.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from types import ModuleType, SimpleNamespace

import grpc

from . import _generate

_MODULES = ("common", "project", "status", "admin")
_lock = threading.Lock()
_loaded: SimpleNamespace | None = None


def _locate() -> Path:
    """A folder of generated modules that matches the protos, generating one when none does."""
    candidates = _generate.output_candidates()
    try:
        protos = _generate.find_protos()
    except _generate.GenerationError:
        # Generated at build time, the protos not beside them: take them as they are.
        for out in candidates:
            if (out / "volunteerquantum" / "v1").is_dir():
                return out
        raise
    for out in candidates:
        if _generate.is_current(out, protos):
            return out
    return _generate.generate(_generate.default_output(), protos)


def load() -> SimpleNamespace:
    """The generated modules, by short name: ``pb.project.SubmitProjectRequest``."""
    global _loaded
    with _lock:
        if _loaded is None:
            import volunteerquantum

            generated = str(_locate() / "volunteerquantum")
            if generated not in volunteerquantum.__path__:
                volunteerquantum.__path__.append(generated)
            _loaded = SimpleNamespace(**{name: importlib.import_module(f"volunteerquantum.v1.{name}_pb2") for name in _MODULES})
        return _loaded


def _message_class(modules: SimpleNamespace, descriptor) -> type:
    module: ModuleType = getattr(modules, Path(descriptor.file.name).stem.removesuffix("_pb2"))
    return getattr(module, descriptor.name)


def stub(channel: grpc.Channel, service: str) -> SimpleNamespace:
    """Callables for every method of ``volunteerquantum.v1.<service>``: ``stub(ch, "ProjectService").Submit(request, metadata=…)``."""
    modules = load()
    for name in _MODULES:
        descriptor = getattr(modules, name).DESCRIPTOR.services_by_name.get(service)
        if descriptor is not None:
            break
    else:
        raise LookupError(f"no service {service} in the protos")
    methods = {}
    for method in descriptor.methods:
        if method.client_streaming:
            continue  # No researcher-facing call streams requests.
        path = f"/{descriptor.full_name}/{method.name}"
        request = _message_class(modules, method.input_type)
        response = _message_class(modules, method.output_type)
        make = channel.unary_stream if method.server_streaming else channel.unary_unary
        methods[method.name] = make(path, request_serializer=request.SerializeToString, response_deserializer=response.FromString)
    return SimpleNamespace(**methods)

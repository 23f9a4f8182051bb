"""Generates the protobuf message modules from the coordinator's .proto files.

The generated code is never committed: it is made from ``protos/`` (the one source of the wire
format) at install time (``setup.py`` runs this), or on first import from a checkout, or by hand::

    python3 -m volunteerquantum._generate [--out DIR] [--protos DIR]

Only the message modules (``*_pb2.py``) are generated; the gRPC stubs are built at run time from
the services' descriptors (see ``_proto.py``), so no gRPC code-generator plugin is needed, just a
protobuf compiler: ``protoc`` (Debian: ``protobuf-compiler``, the same release as
``python3-protobuf``), or else the ``grpc_tools.protoc`` module (pip: ``grpcio-tools``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

# Written last into a finished output folder: which protos it was made from.
_STAMP = "PROTOS_SHA256"


class GenerationError(RuntimeError):
    """The message modules could not be generated (no compiler, no protos, a compile error)."""


def find_protos() -> Path:
    """The folder holding ``volunteerquantum/v1/*.proto``: $VQ_PROTOS, the copy bundled at install
    time, or the repository's ``protos/`` when running from a checkout."""
    candidates = []
    if os.environ.get("VQ_PROTOS"):
        candidates.append(Path(os.environ["VQ_PROTOS"]))
    candidates.append(_PACKAGE_DIR / "protos")
    candidates.append(_PACKAGE_DIR.parent.parent.parent / "protos")
    for candidate in candidates:
        if (candidate / "volunteerquantum" / "v1").is_dir():
            return candidate
    raise GenerationError(
        "the coordinator's .proto files were not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "): set VQ_PROTOS to the repository's protos/ folder"
    )


def proto_files(protos: Path) -> list[Path]:
    return sorted((protos / "volunteerquantum" / "v1").glob("*.proto"))


def protos_hash(protos: Path) -> str:
    digest = hashlib.sha256()
    for file in proto_files(protos):
        digest.update(file.name.encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def is_current(out: Path, protos: Path) -> bool:
    stamp = out / _STAMP
    return stamp.is_file() and stamp.read_text().strip() == protos_hash(protos)


def _compiler() -> list[str]:
    # Debian's protoc comes with, and matches, python3-protobuf; grpc_tools carries its own.
    protoc = shutil.which("protoc")
    if protoc:
        return [protoc]
    try:
        import grpc_tools.protoc  # noqa: F401  (only to know it is there)
    except ImportError:
        raise GenerationError(
            "no protobuf compiler: install protoc (Debian: apt-get install protobuf-compiler) "
            "or grpcio-tools (pip install grpcio-tools)"
        ) from None
    return [sys.executable, "-m", "grpc_tools.protoc"]


def _well_known_types(files: list[Path], destination: Path) -> Path:
    """A FileDescriptorSet of the google/protobuf/*.proto files the protos import, taken from the
    protobuf runtime itself: Debian's protoc comes without them (they are in libprotobuf-dev), and
    the runtime's are the ones the generated code will link against anyway."""
    import importlib
    import re

    from google.protobuf import descriptor_pb2

    imported = sorted({m for f in files for m in re.findall(r'^\s*import\s+"google/protobuf/(\w+)\.proto"', f.read_text(), re.M)})
    descriptors = descriptor_pb2.FileDescriptorSet()
    for name in imported:
        importlib.import_module(f"google.protobuf.{name}_pb2").DESCRIPTOR.CopyToProto(descriptors.file.add())
    destination.write_bytes(descriptors.SerializeToString())
    return destination


def generate(out: Path, protos: Path | None = None) -> Path:
    """Writes the message modules under ``out``, as ``out/volunteerquantum/v1/*_pb2.py`` (the
    import paths protoc writes into them); ``_proto.py`` adds ``out/volunteerquantum`` to this
    package's ``__path__`` so that they import as ``volunteerquantum.v1.*_pb2``.

    Builds in a temporary folder beside ``out`` and renames it into place, so concurrent first
    imports never see half a tree. Returns ``out``.
    """
    # protoc runs in the protos folder: every path it is given must not depend on ours.
    protos = (protos or find_protos()).resolve()
    out = out.resolve()
    files = proto_files(protos)
    if not files:
        raise GenerationError(f"no .proto files in {protos / 'volunteerquantum' / 'v1'}")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".vq-generate-", dir=out.parent))
    try:
        imports = _well_known_types(files, work / "well-known-types.pb")
        command = _compiler() + [f"-I{protos}", f"--descriptor_set_in={imports}", f"--python_out={work}"] + [str(f.relative_to(protos)) for f in files]
        done = subprocess.run(command, cwd=protos, capture_output=True, text=True)
        if done.returncode != 0:
            raise GenerationError(f"{' '.join(command)} failed:\n{done.stderr.strip()}")
        imports.unlink()
        (work / "volunteerquantum" / "v1" / "__init__.py").touch()
        (work / _STAMP).write_text(protos_hash(protos) + "\n")
        if out.exists():
            shutil.rmtree(out, ignore_errors=True)
        try:
            os.replace(work, out)
        except OSError:
            # Another process finished first; its tree is as good as ours.
            if not is_current(out, protos):
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def output_candidates() -> list[Path]:
    """Where generated modules may be, in order: $VQ_PYTHON_STUBS alone when set; else beside
    the package (a checkout, or an install that generated them at build time), then a per-user
    cache folder."""
    if os.environ.get("VQ_PYTHON_STUBS"):
        return [Path(os.environ["VQ_PYTHON_STUBS"])]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return [_PACKAGE_DIR / "_generated", cache / "volunteerquantum" / "stubs"]


def default_output() -> Path:
    """Where to generate: the first candidate, unless it is beside a package that is not writable."""
    first, *rest = output_candidates()
    return first if not rest or os.access(_PACKAGE_DIR, os.W_OK) else rest[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m volunteerquantum._generate", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: $VQ_PYTHON_STUBS, else beside the package, else ~/.cache/volunteerquantum/stubs)")
    parser.add_argument("--protos", type=Path, default=None, help="folder holding volunteerquantum/v1/*.proto")
    args = parser.parse_args(argv)
    try:
        out = generate(args.out or default_output(), args.protos)
    except GenerationError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"generated {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

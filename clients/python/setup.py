"""Builds the package with its message modules generated from the repository's protos/ (never
committed): the protos are copied into the package and compiled beside them, so an installed
client needs no protobuf compiler. Needs protoc (Debian: protobuf-compiler) or grpcio-tools at
build time, and the checkout's protos/ (or $VQ_PROTOS)."""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _generator():
    # By path: importing the package would import grpc, which the build need not have.
    spec = importlib.util.spec_from_file_location("_vq_generate", HERE / "volunteerquantum" / "_generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithMessages(build_py):
    def run(self):
        super().run()
        generate = _generator()
        package = Path(self.build_lib) / "volunteerquantum"
        protos = package / "protos"
        shutil.rmtree(protos, ignore_errors=True)
        shutil.copytree(generate.find_protos() / "volunteerquantum", protos / "volunteerquantum")
        generate.generate(package / "_generated", protos)


setup(cmdclass={"build_py": BuildWithMessages})

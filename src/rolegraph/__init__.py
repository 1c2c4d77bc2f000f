"""rolegraph: a knowledge graph of job-role blueprints and a service answering questions over it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rolegraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

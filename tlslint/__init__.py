"""tlslint: a GitOps policy linter and config generator for TLS."""

__version__ = "0.1.0"

"""Benchmarks (never timed assertions in tests): ``modstream bench classify|e2e``."""

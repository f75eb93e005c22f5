"""Read one sample from a worker's ``/metrics`` page (exposition text, parsed by prometheus_client)."""

from __future__ import annotations

import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def sample(url: str, name: str, **labels: str) -> float | None:
    """The value of the first sample called ``name`` whose labels include ``labels`` (None: no such sample)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return None


def total(url: str, name: str, **labels: str) -> float:
    """The sum of every sample called ``name`` whose labels include ``labels`` (0 when none)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    found = 0.0
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                found += float(s.value)
    return found

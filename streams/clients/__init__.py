"""Command-line Kafka clients (kafka-python): replay events in, tail decisions out."""

from streams.clients.exceptions import ClientError
from streams.clients.replay import read_lines, replay
from streams.clients.tail import Received, tail

__all__ = ["ClientError", "Received", "read_lines", "replay", "tail"]

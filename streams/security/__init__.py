"""Kafka security (SASL PLAIN/SCRAM, TLS, mTLS): settings -> client keyword arguments.

One place turns the ``MODSTREAM_KAFKA_*`` security settings into what each Kafka client takes:
:func:`kafka_python_kwargs` (admin, replay, tail, bench, serve's feedback producer),
:func:`aiokafka_kwargs` and :func:`faust_credentials` (the worker).
"""

from streams.security.exceptions import SecurityConfigError
from streams.security.kafka import (
    KafkaSecurity,
    aiokafka_kwargs,
    faust_credentials,
    kafka_python_kwargs,
    ssl_context,
)

__all__ = [
    "KafkaSecurity",
    "SecurityConfigError",
    "aiokafka_kwargs",
    "faust_credentials",
    "kafka_python_kwargs",
    "ssl_context",
]

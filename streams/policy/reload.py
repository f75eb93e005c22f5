"""The policy in force, reloaded from its file on change and on SIGHUP.

A new file is validated completely (JSON, schema, labels known to the model, and any extra
``validators``, e.g. every tenant's ``intel`` section) before it replaces the current policy; a bad
file keeps the old policy, logs one line and counts ``modstream_policy_reload_errors_total``.
``modstream_policy_info`` shows the new version as soon as it is in force.

The worker and ``modstream serve`` each own one :class:`PolicyStore`: call :meth:`PolicyStore.check`
every second or so (:func:`watch` does) and :func:`install_sighup` once on the running loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from streams.metrics.registry import POLICY_INFO, POLICY_RELOAD_ERRORS, POLICY_RELOADS
from streams.policy.decide import Policy
from streams.policy.model import PolicyConfig

log = logging.getLogger(__name__)

Validator = Callable[[Policy], None]
"""Raises (any exception) when a loaded policy must not go into force."""
Listener = Callable[[Policy], None]
"""Called with each new policy once it is in force."""


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What tells a changed file apart: inode, size and modification time."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


class PolicyStore:
    """Holds the current :class:`Policy`; replaces it only with a policy that validated."""

    def __init__(
        self,
        path: Path,
        labels: Sequence[str],
        *,
        validators: Sequence[Validator] = (),
        initial: Policy | None = None,
    ) -> None:
        self.path = Path(path)
        self.labels = tuple(labels)
        self.validators = list(validators)
        self._listeners: list[Listener] = []
        self._stamp = FileStamp.of(self.path)
        self.generation = 0
        """Incremented each time a new policy goes into force."""
        self.current = initial if initial is not None else self._load()
        POLICY_INFO.info({"version": self.current.version})

    def _load(self) -> Policy:
        policy = Policy(PolicyConfig.load(self.path), self.labels)
        for validate in self.validators:
            validate(policy)
        return policy

    @property
    def version(self) -> str:
        """The version of the policy in force."""
        return self.current.version

    def intel_settings(self, tenant: str) -> dict[str, object]:
        """The current policy's merged ``intel`` settings for ``tenant`` (an ``IntelSource``)."""
        return self.current.intel_settings(tenant)

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with every policy that goes into force from now on."""
        self._listeners.append(listener)

    def reload(self, reason: str = "requested") -> bool:
        """Load the file now; True if a new policy went into force (False: the old one stays)."""
        self._stamp = FileStamp.of(self.path)
        try:
            policy = self._load()
        except Exception as exc:  # any failure keeps the old policy
            POLICY_RELOAD_ERRORS.inc()
            detail = str(exc).replace("\n", " ")
            log.error(
                "policy reload (%s) failed; keeping version %s: %s", reason, self.current.version, detail[:500]
            )
            return False
        previous = self.current.version
        self.current = policy
        self.generation += 1
        POLICY_RELOADS.inc()
        POLICY_INFO.info({"version": policy.version})
        log.info("policy reload (%s): version %s -> %s", reason, previous, policy.version)
        for listener in self._listeners:
            listener(policy)
        return True

    def check(self) -> bool:
        """Reload if the file changed since it was last read; True if a new policy went into force."""
        if FileStamp.of(self.path) == self._stamp:
            return False
        return self.reload("file changed")


async def watch(store: PolicyStore, interval_s: float) -> None:
    """Check the policy file every ``interval_s`` seconds, for ever (cancel to stop)."""
    while True:
        await asyncio.sleep(interval_s)
        store.check()


def install_sighup(store: PolicyStore, loop: asyncio.AbstractEventLoop | None = None) -> bool:
    """Reload on SIGHUP (on the event loop); False where signals cannot be handled (not main thread)."""
    loop = loop or asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGHUP, store.reload, "SIGHUP")
    except (RuntimeError, ValueError, NotImplementedError, AttributeError):
        return False
    return True


def ignore_sighup() -> None:
    """For child processes that share the worker's process group: a hangup is not for them."""
    with contextlib.suppress(AttributeError, ValueError):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)


__all__ = ["PolicyStore", "ignore_sighup", "install_sighup", "watch"]

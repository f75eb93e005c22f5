"""Stream intelligence: cross-account campaigns, repeat offenders and floods.

One rule engine, two drivers. The stages (:mod:`~streams.intel.authors`,
:mod:`~streams.intel.threads`, :mod:`~streams.intel.campaigns`) are pure: a typed record and a
byte store in, decisions to publish, records for other stages and rule counts out, with time
taken from the records (rule time). :class:`Topology` drives them in memory (``modstream
classify``, the tests); ``streams.worker.intel_agents`` drives them on Faust agents and tables.
"""

from streams.intel.authors import AuthorStage, combine
from streams.intel.campaigns import BandStage, campaign_id, is_candidate
from streams.intel.driver import BatchDriver, BatchResult
from streams.intel.exceptions import IntelConfigError, IntelError, IntelStateError
from streams.intel.facts import comment_record, repeat_key, rule_time
from streams.intel.fingerprint import Fingerprint, Fingerprinter, abstract, fingerprinter, similarity
from streams.intel.model import (
    REASON_CAMPAIGN,
    REASON_ESCALATION,
    REASON_FLOOD,
    REASON_REPEAT,
    ModeratedLike,
    NormalizedLike,
)
from streams.intel.outcome import Output, Published
from streams.intel.records import CommentRecord
from streams.intel.settings import IntelSettings, IntelSource, TenantSettings
from streams.intel.state import Retention, StateStore
from streams.intel.threads import ThreadStage
from streams.intel.topology import Stages, Topology, author_route, final, partition_for

__all__ = [
    "REASON_CAMPAIGN",
    "REASON_ESCALATION",
    "REASON_FLOOD",
    "REASON_REPEAT",
    "AuthorStage",
    "BandStage",
    "BatchDriver",
    "BatchResult",
    "CommentRecord",
    "Fingerprint",
    "Fingerprinter",
    "IntelConfigError",
    "IntelError",
    "IntelSettings",
    "IntelSource",
    "IntelStateError",
    "ModeratedLike",
    "NormalizedLike",
    "Output",
    "Published",
    "Retention",
    "Stages",
    "StateStore",
    "TenantSettings",
    "ThreadStage",
    "Topology",
    "abstract",
    "author_route",
    "campaign_id",
    "combine",
    "comment_record",
    "final",
    "fingerprinter",
    "is_candidate",
    "partition_for",
    "repeat_key",
    "rule_time",
    "similarity",
]

"""Stream intelligence: cross-account campaigns, repeat offenders and floods.

Pure logic over ``MutableMapping`` stores with time passed in explicitly (the event's
``created_at``), so the same code runs over dicts offline and over Faust tables in the worker.
"""

from streams.intel.author_input import AuthorInput, CommentFacts, comment_facts
from streams.intel.campaigns import CampaignCandidate, CampaignDetector, campaign_id, is_candidate
from streams.intel.engine import AuthorOutcome, IntelEngine, IntelResult
from streams.intel.exceptions import IntelConfigError, IntelError, IntelStateError
from streams.intel.fingerprint import Fingerprint, Fingerprinter, abstract, fingerprinter, similarity
from streams.intel.floods import AuthorFloods, ThreadFloods
from streams.intel.model import (
    REASON_CAMPAIGN,
    REASON_ESCALATION,
    REASON_FLOOD,
    REASON_REPEAT,
    REVISION_BASE,
    REVISION_CAMPAIGN,
    REVISION_THREAD_FLOOD,
    ModeratedLike,
    NormalizedLike,
    Store,
)
from streams.intel.offenders import Offenders
from streams.intel.settings import IntelSettings, IntelSource, TenantSettings

__all__ = [
    "REASON_CAMPAIGN",
    "REASON_ESCALATION",
    "REASON_FLOOD",
    "REASON_REPEAT",
    "REVISION_BASE",
    "REVISION_CAMPAIGN",
    "REVISION_THREAD_FLOOD",
    "AuthorFloods",
    "AuthorInput",
    "AuthorOutcome",
    "CampaignCandidate",
    "CampaignDetector",
    "CommentFacts",
    "Fingerprint",
    "Fingerprinter",
    "IntelConfigError",
    "IntelEngine",
    "IntelError",
    "IntelResult",
    "IntelSettings",
    "IntelSource",
    "IntelStateError",
    "ModeratedLike",
    "NormalizedLike",
    "Offenders",
    "Store",
    "TenantSettings",
    "ThreadFloods",
    "abstract",
    "campaign_id",
    "comment_facts",
    "fingerprinter",
    "is_candidate",
    "similarity",
]

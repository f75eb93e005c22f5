"""The fast moderation path decides exactly what the plain one did (issues #14 item 7, #19).

The shipped model and policy (and a policy with tenant overrides and support caps) moderate a
corpus of realistic and adversarial comments in batches of 512 through :meth:`Moderator.moderate`,
and the same normalised texts and scores go through ``tests/pipeline/reference.py`` (the path
before the speed work: the policy's loop for every row, ``Decision.model_construct``,
explanations text by text). Decisions must be identical. The shortcuts inside normalisation,
language ID and hashing are pinned against their plain versions in ``tests/normalize``,
``tests/lang`` and ``tests/features`` (``test_fast_paths.py``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
import pytest

from streams.bench.corpus import comment_texts, sample_texts
from streams.contracts import CommentEvent, Decision
from streams.pipeline import Moderator
from streams.policy import Policy, PolicyConfig
from streams.settings import REPO_ROOT
from tests.factories import event_model
from tests.pipeline.reference import reference_moderate

MODEL = REPO_ROOT / "models" / "modstream.onnx"
POLICY = REPO_ROOT / "config" / "policy.json"

ADVERSARIAL = [
    "", "   ", "\u200b\u200b", "ok", "lol", "You are an idiot", "YOU ARE AN IDIOT!!!!!!", "f**k you", "f*ck off",
    "sh1t h3ad", "a$$hole", "b!tch", "@ss", "s h i t", "f.u.c.k y.o.u", "f-u-c-k", "fvck", "phuck", "fingerfck",
    "biatch", "niqqa", "fuuuuuuck you", "sooooo stupid", "trannnnnyyyy", "!!!!!!!!", "......",
    "buy now at www.cheap-pills.com!!!", "mail me: spam@example.com", "site d0t c0m", "site[.]com",
    "h t t p : / / x . y", "$500 per day from home", "call +1 (555) 123-4567 now", "$0www.x.com",
    "Ã©tÃ© terrible", "&lt;b&gt;bold&lt;/b&gt;", "<b>kill</b> yourself <br/>", "<a href='http://x.io'>here</a>",
    "ｆｕｃｋ ｙｏｕ", "𝓯𝓾𝓬𝓴 you", "fսck yоu", "z̸̡a̷l̶g̵o̴ idiot", "★★★ best ★★★ deal ★★★", "\ud800 lone surrogate",
    "Das ist eine Unverschämtheit, du Idiot, verschwinde endlich!", "Dette er en dum kommentar, din idiot",
    "Είσαι ηλίθιος και το ξέρεις πολύ καλά", "أنت غبي جدا ولا تفهم شيئا", "Это просто ужасно, идиот",
    "这是一个非常愚蠢的评论", "バカじゃないの本当に", "c'est vraiment nul, espèce d'idiot", "#38 on the list, c0c0c0",
    "well-known so-called f-ck", "\\xa0\\u00e9 escape", "me@home and @handle and #hashtag", "kys kys kys",
]
TENANT_POLICY = {
    "version": "t-1",
    "unsupported_language": "allow",
    "thresholds": {
        "toxicity": {"flag": 0.3, "hide": 0.9},
        "insult": {"flag": 0.2, "hide": 0.8, "support": {"labels": ["toxicity"], "min": 0.6, "otherwise": "allow"}},
        "spam": {"flag": 0.4, "hide": 0.7},
    },
    "tenants": {
        "strict": {"thresholds": {"threat": {"flag": 0.05, "hide": 0.5}}, "unsupported_language": "hide"},
        "lax": {"thresholds": {"toxicity": {"flag": 0.9, "hide": 0.99}}},
    },
}
LANGS = [None, None, None, None, "en-GB", "da", "ar", "el", "it", "de"]
TENANTS = ["default", "news-site", "strict", "lax"]


def _mutations(texts: list[str], rng: random.Random) -> Iterator[str]:
    """Sample texts with obfuscation characters and placeholders dropped in at random places."""
    noise = ["*", "#", "@", "$", "1", "3", "0", "!", "-", "_", ".", " ", "\u200b", "é", "а", "ooo", "www.", "://"]
    for text in texts:
        chars = list(text)
        for _ in range(rng.randint(1, 6)):
            chars.insert(rng.randint(0, len(chars)), rng.choice(noise))
        yield "".join(chars)


def corpus() -> list[str]:
    rng = random.Random(14)
    samples = sample_texts()
    return [*ADVERSARIAL, *samples, *_mutations(samples, rng), *comment_texts(400, seed=19)]


def events(texts: list[str]) -> list[CommentEvent]:
    rng = random.Random(19)
    return [
        event_model(text=t, lang=rng.choice(LANGS), tenant=rng.choice(TENANTS), comment_id=f"c-{i}")
        for i, t in enumerate(texts)
    ]


def comparable(decision: Decision) -> dict[str, object]:
    """Everything but the two clocks, plus what model_construct set besides the fields."""
    fields = decision.model_dump(exclude={"processing_ms", "decided_at"})
    return {**fields, "_keys": list(decision.__dict__), "_set": decision.model_fields_set}


@pytest.fixture(scope="module")
def shipped() -> Moderator:
    return Moderator.from_paths(MODEL, POLICY)


@pytest.mark.parametrize("policy", ["shipped", "tenants"])
def test_fast_path_decides_as_the_reference(shipped: Moderator, policy: str) -> None:
    moderator = shipped
    if policy == "tenants":
        assert shipped.scorer is not None
        config = PolicyConfig.model_validate(TENANT_POLICY)
        moderator = Moderator(shipped.scorer, Policy(config, shipped.labels), languages=shipped.languages)
    batch = events(corpus())
    fast, plain = [], []
    for i in range(0, len(batch), 512):
        chunk = batch[i : i + 512]
        got = moderator.moderate(chunk)
        normalized, scores = moderator.score_events(chunk)
        fast += got
        plain += reference_moderate(moderator, chunk, normalized, scores)
    assert [m.normalized for m in fast] == [m.normalized for m in plain]
    actions = {m.decision.action for m in fast}
    assert actions == {"allow", "flag", "hide"}  # the corpus reaches every branch
    assert any(m.decision.explanations for m in fast) and any(m.decision.lang != "en" for m in fast)
    for got, want in zip(fast, plain, strict=True):
        assert comparable(got.decision) == comparable(want.decision), got.event.text
        assert got.decision.model_dump_json(exclude={"processing_ms", "decided_at"}) == want.decision.model_dump_json(
            exclude={"processing_ms", "decided_at"}
        )


def test_earns_nothing_only_for_rows_decide_allows_without_reason(shipped: Moderator) -> None:
    config = PolicyConfig.model_validate(TENANT_POLICY)
    policy = Policy(config, shipped.labels)
    rng = np.random.default_rng(7)
    scores = rng.random((4000, len(shipped.labels)), dtype=np.float32) ** 3
    scores[rng.random(scores.shape) < 0.1] = np.nan
    tenants = [TENANTS[i % len(TENANTS)] for i in range(len(scores))] + ["unknown"]
    scores = np.vstack([scores, np.full((1, len(shipped.labels)), 0.35, dtype=np.float32)])
    quiet = policy.earns_nothing(scores, tenants)
    decided = [policy.decide(row, t) for row, t in zip(scores, tenants, strict=True)]
    assert 0 < quiet.sum() < len(quiet)
    assert quiet.tolist() == [d == ("allow", []) and not _any_reached(policy, row, t)
                              for d, row, t in zip(decided, scores, tenants, strict=True)]
    assert all(d == ("allow", []) for d, q in zip(decided, quiet, strict=True) if q)


def _any_reached(policy: Policy, row: np.ndarray, tenant: str) -> bool:
    """Some label reaches its flag threshold (an action a support cap may still take back)."""
    thresholds = {**policy.config.thresholds, **getattr(policy.config.tenants.get(tenant), "thresholds", {})}
    return any(float(row[policy.labels.index(label)]) >= t.flag for label, t in thresholds.items())

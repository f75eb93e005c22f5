"""HashingFeaturizer: determinism, structure of the feature space, padding."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.features import FeaturizerConfig, FeaturizerConfigError, HashedBatch, HashingFeaturizer
from streams.features.lexicon import GROUP_WORDS, GROUP_WORDS_VERSION, LEXICON_VERSION
from streams.features.peer import peer_vocabulary

REPO = Path(__file__).resolve().parents[2]
TEXTS = ["you are an idiot", "Damn well said!", "", "check out xxurl now!!!", "naïve café 😀 ok"]


def _fingerprint() -> str:
    hb = HashingFeaturizer().transform(TEXTS)
    return f"{hb.doc.tolist()}|{hb.bucket.tolist()}|{np.round(hb.value, 6).tolist()}"


def test_same_features_in_other_processes_with_other_hash_seeds() -> None:
    code = (
        "from tests.features.test_hashing import _fingerprint; print(_fingerprint(), end='')"
    )
    outputs = set()
    for seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
        )
        outputs.add(run.stdout)
    assert outputs == {_fingerprint()}


def test_golden_buckets_pin_the_feature_space() -> None:
    # Changing these breaks every trained model: bump FeaturizerConfig.version and retrain.
    hb = HashingFeaturizer().transform(["you are an idiot"])
    assert hb.bucket[:6].tolist() == [103804, 150503, 252459, 118159, 259885, 253877]
    assert hb.bucket.size == 24
    assert np.allclose(np.abs(hb.value[:6]), 1 / np.sqrt(17))


def test_feature_counts_for_a_tiny_text() -> None:
    f = HashingFeaturizer(FeaturizerConfig(char_min=2, char_max=3))
    hb = f.transform(["abc de"])
    # char 2-grams: ab bc de; char 3-grams: abc -> 4 char features; words: abc, de, (abc de)
    assert hb.bucket.size == 4 + 3
    char, word = np.abs(hb.value[:4]), np.abs(hb.value[4:])
    assert np.allclose(char, 1 / 2) and np.allclose(word, 1 / np.sqrt(3))


def test_char_ngrams_do_not_cross_words_or_punctuation() -> None:
    f = HashingFeaturizer(FeaturizerConfig(char_min=2, char_max=2, word_bigrams=False))
    # "ab" and "cd" give one in-word bigram each; "!" is its own token; nothing spans a gap
    assert f.transform(["ab!cd"]).bucket.size == 2 + 3
    assert f.transform(["ab cd"]).bucket.size == 2 + 2


def _features_of(batch: HashedBatch, row: int) -> list[tuple[int, float]]:
    mine = batch.doc == row
    return sorted(zip(batch.bucket[mine].tolist(), batch.value[mine].tolist(), strict=True))


def test_batch_composition_does_not_change_a_text_s_features() -> None:
    f = HashingFeaturizer()
    alone = f.transform(["you are an idiot"])
    batch = f.transform(["something else entirely, longer", "you are an idiot", ""])
    assert batch.n_docs == 3
    assert _features_of(batch, 1) == _features_of(alone, 0) != []
    assert _features_of(batch, 2) == []


def test_lower_casing_and_truncation() -> None:
    f = HashingFeaturizer(FeaturizerConfig(max_chars=10))
    a, b = f.transform(["HELLO there friend"]), f.transform(["hello ther"])
    assert np.array_equal(a.bucket, b.bucket)


def test_empty_batch_and_empty_text() -> None:
    f = HashingFeaturizer()
    empty = f.transform([])
    assert empty.n_docs == 0 and empty.bucket.size == empty.value.size == empty.doc.size == 0
    blank = f.transform(["", "   "])
    assert blank.n_docs == 2 and blank.bucket.size == 0


def test_config_round_trip_and_validation() -> None:
    cfg = FeaturizerConfig(n_buckets_log2=16, char_min=3)
    assert FeaturizerConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(FeaturizerConfigError):
        FeaturizerConfig.from_dict({"bogus": 1})
    with pytest.raises(FeaturizerConfigError):
        FeaturizerConfig(char_min=4, char_max=2)


def test_token_features_tie_features_to_tokens() -> None:
    tf = HashingFeaturizer().token_features("You are an IDIOT")
    assert tf.tokens == ["You", "are", "an", "IDIOT"]
    assert tf.bucket.size == tf.token_a.size == tf.token_b.size
    assert set(tf.token_a.tolist()) == {0, 1, 2, 3}


def _same_token_features(a: Any, b: Any) -> bool:
    arrays = ("bucket", "value", "token_a", "token_b")
    return bool(a.tokens == b.tokens and all(np.array_equal(getattr(a, k), getattr(b, k)) for k in arrays))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80) | st.sampled_from([*TEXTS, "İSTANBUL idiot", "a\x00b idiot"]), max_size=6))
def test_token_features_of_a_batch_equal_those_of_each_text_alone(texts: list[str]) -> None:
    f = HashingFeaturizer(FeaturizerConfig(n_buckets_log2=12, lexicon=LEXICON_VERSION))
    many = f.token_features_many(texts)
    assert len(many) == len(texts)
    for text, features in zip(texts, many, strict=True):
        assert _same_token_features(features, f.token_features(text))
        lone = HashingFeaturizer(f.config).token_features_many([text])[0]
        assert _same_token_features(features, lone)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=6))
def test_any_unicode_batch_is_featurised_consistently(texts: list[str]) -> None:
    f = HashingFeaturizer(FeaturizerConfig(n_buckets_log2=12))
    batch = f.transform(texts)
    assert batch.n_docs == len(texts) and batch.bucket.shape == batch.value.shape == batch.doc.shape
    assert batch.bucket.dtype == batch.doc.dtype == np.int64 and batch.value.dtype == np.float32
    if batch.bucket.size:
        assert batch.bucket.min() >= 0 and batch.bucket.max() < 4096 and np.isfinite(batch.value).all()
        assert batch.doc.min() >= 0 and batch.doc.max() < len(texts)
    for i, text in enumerate(texts):
        assert _features_of(batch, i) == _features_of(f.transform([text]), 0)


def _extra_features(text: str) -> list[tuple[int, float]]:
    """Features that the slur-lexicon setting adds to ``text``."""
    with_lexicon = _features_of(HashingFeaturizer(FeaturizerConfig(lexicon=LEXICON_VERSION)).transform([text]), 0)
    without = {bucket for bucket, _ in _features_of(HashingFeaturizer().transform([text]), 0)}
    return [(bucket, value) for bucket, value in with_lexicon if bucket not in without]


def test_every_word_of_a_lexicon_class_adds_the_same_learned_feature() -> None:
    buckets = set()
    for slur in ("wetback", "kikes", "tranny"):
        extra = _extra_features(f"typical {slur}, always whining")
        assert len(extra) == 1
        buckets.add(extra[0][0])
    assert len(buckets) == 1  # one shared feature: rare slurs borrow the weight of common ones
    assert _extra_features("typical neighbour, always whining") == []
    assert _extra_features("the wetbacks cafe") != [] and _extra_features("wetbackstage") == []
    violence = {_extra_features(f"i will {verb} you")[0][0] for verb in ("stab", "kill", "strangle")}
    assert len(violence) == 1 and violence != buckets  # a second class, a feature of its own


def test_lexicon_features_are_tied_to_their_token() -> None:
    f = HashingFeaturizer(FeaturizerConfig(lexicon=LEXICON_VERSION))
    tf = f.token_features("shut up you tranny")
    assert tf.bucket.size == tf.token_a.size == tf.token_b.size == f.transform(["shut up you tranny"]).bucket.size
    lexicon_bucket = _extra_features("shut up you tranny")[0][0]
    owners = {tf.tokens[tf.token_a[i]] for i in np.flatnonzero(tf.bucket == lexicon_bucket)}
    assert owners == {"tranny"}


def test_a_model_trained_with_another_lexicon_is_refused() -> None:
    with pytest.raises(FeaturizerConfigError, match="lexicon"):
        FeaturizerConfig(lexicon=LEXICON_VERSION + 1)
    assert FeaturizerConfig.from_dict({"n_buckets_log2": 12}).lexicon == 0  # older metadata: no lexicon


def test_peer_family_adds_one_positive_row_per_peer_word() -> None:
    from streams.features.peer import peer_vocabulary

    vocab = peer_vocabulary()
    config = FeaturizerConfig(peer_words=len(vocab))
    assert config.n_features == config.n_buckets + len(vocab)
    featurizer = HashingFeaturizer(config)
    batch = featurizer.transform(["what an idiot, idiot", "zzzq xqzv"])
    rows = batch.bucket[batch.bucket >= config.n_buckets] - config.n_buckets
    assert rows.tolist() == [vocab.index("idiot")] * 2
    peer = batch.bucket >= config.n_buckets
    assert set(batch.doc[peer].tolist()) == {0}
    assert (batch.value[peer] > 0).all()
    # the rest of the batch is exactly what a featuriser without the family gives
    plain = HashingFeaturizer(FeaturizerConfig()).transform(["what an idiot, idiot", "zzzq xqzv"])
    assert np.array_equal(plain.bucket, batch.bucket[~peer]) and np.array_equal(plain.scale, batch.scale)
    features = featurizer.token_features("what an idiot")
    at = np.flatnonzero(features.bucket >= config.n_buckets)
    assert [features.tokens[features.token_a[i]] for i in at] == ["idiot"]


def test_peer_family_size_must_match_the_vocabulary_file() -> None:
    with pytest.raises(FeaturizerConfigError, match="peer words"):
        HashingFeaturizer(FeaturizerConfig(peer_words=7))


GROUPS_OFF = FeaturizerConfig(lexicon=LEXICON_VERSION, peer_words=len(peer_vocabulary()))
GROUPS_ON = dataclasses.replace(GROUPS_OFF, group_words=GROUP_WORDS_VERSION)


@pytest.mark.parametrize("word", ["gay", "Muslims", "JEWS", "lesbian", "islam"])
def test_a_lone_group_word_has_only_its_own_hashed_apart_features(word: str) -> None:
    on, off = HashingFeaturizer(GROUPS_ON), HashingFeaturizer(GROUPS_OFF)
    mine = on.transform([word]).bucket
    assert mine.size > 0 and np.isin(mine, on.group_buckets()).all()
    assert mine.size == off.transform([word]).bucket.size - 1  # less its peer-word row
    assert not np.isin(off.transform([word]).bucket, on.group_buckets()).any()
    assert HashingFeaturizer(GROUPS_OFF).group_buckets().size == 0


def _token_owned(config: FeaturizerConfig, text: str) -> list[tuple[str, str, int]]:
    """(token a, token b, bucket) of every feature of ``text``."""
    tf = HashingFeaturizer(config).token_features(text)
    return sorted(
        (tf.tokens[a], tf.tokens[b], bucket)
        for a, b, bucket in zip(tf.token_a.tolist(), tf.token_b.tolist(), tf.bucket.tolist(), strict=True)
    )


@pytest.mark.parametrize("text", ["gay people are great", "i hate muslims, they are vermin", "the jews and the arabs"])
def test_group_words_keep_their_bigrams_and_move_only_their_own_features(text: str) -> None:
    f_on = HashingFeaturizer(GROUPS_ON)
    tokens = f_on.token_features(text).tokens
    group = {t for t in tokens if t.lower() in GROUP_WORDS}
    assert group
    on, off = _token_owned(GROUPS_ON, text), _token_owned(GROUPS_OFF, text)
    # features of other tokens and every bigram are unchanged
    assert [f for f in on if not (f[0] == f[1] and f[0] in group)] == [
        f for f in off if not (f[0] == f[1] and f[0] in group)
    ]
    # a group word's own features all lie in the group buckets (the peer row is gone)
    own = [b for a, b2, b in on if a == b2 and a in group]
    assert own and np.isin(own, f_on.group_buckets()).all()
    assert any(a in group and a != b for a, b, _ in on)
    assert len(on) == f_on.transform([text]).bucket.size


def test_group_words_are_whole_tokens_only() -> None:
    f_on, f_off = HashingFeaturizer(GROUPS_ON), HashingFeaturizer(GROUPS_OFF)
    for text in ("gayety", "blackboard", "whitewash", "transit"):
        assert _features_of(f_on.transform([text]), 0) == _features_of(f_off.transform([text]), 0)


_GROUPISH = st.lists(st.sampled_from((*GROUP_WORDS, "x", "people", ",")), max_size=6).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60) | _GROUPISH, max_size=6))
def test_group_word_features_do_not_depend_on_the_batch(texts: list[str]) -> None:
    f = HashingFeaturizer(GROUPS_ON)
    batch = f.transform(texts)
    many = f.token_features_many(texts)
    for i, text in enumerate(texts):
        assert _features_of(batch, i) == _features_of(f.transform([text]), 0)
        assert _same_token_features(many[i], f.token_features(text))


def test_a_model_trained_with_another_group_word_list_is_refused() -> None:
    with pytest.raises(FeaturizerConfigError, match="group-word"):
        FeaturizerConfig(group_words=GROUP_WORDS_VERSION + 1)
    assert FeaturizerConfig.from_dict({"n_buckets_log2": 12}).group_words == 0  # older metadata: off

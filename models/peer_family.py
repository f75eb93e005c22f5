"""alt-profanity-check's word weights as one feature family (issue #14).

The peer (alt-profanity-check 1.9.1, MIT licence, trained on data we do not have) is a TF-IDF
word-unigram model with five calibrated linear SVMs. Its per-word log-odds weight is
``idf(word) * mean(svm coef of word)``. The featuriser emits one positive feature per peer word in a
comment (``streams/features/peer.py``), on the word family's scale; the trainer turns those
features into one column, the peer-weighted sum, and learns one coefficient per label for it. The
exported table holds ``coefficient * peer weight`` in each peer word's row.
"""

from __future__ import annotations

import numpy as np

from streams.features.peer import peer_vocabulary


def peer_weights() -> np.ndarray:
    """float64 ``[words]``: the peer's log-odds weight of each word of ``peer_vocab.txt``."""
    from profanity_check.profanity_check import model, vectorizer

    vocab = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    if tuple(vocab) != peer_vocabulary():
        raise ValueError("the installed alt-profanity-check's vocabulary is not streams/features/peer_vocab.txt")
    coef = np.mean([c.estimator.coef_[0] for c in model.calibrated_classifiers_], axis=0)
    return np.asarray(vectorizer.idf_, dtype=np.float64) * coef

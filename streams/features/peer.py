"""The peer family's vocabulary: alt-profanity-check's 15,442 words (MIT licence).

alt-profanity-check 1.9.1 (https://github.com/dimitrismistriotis/alt-profanity-check, MIT) learned
a linear model over these words from the Kaggle Jigsaw 2018 training comments and Davidson et al.'s
tweets; we hold only samples of those. ``peer_vocab.txt`` is its vectoriser's
vocabulary in column order; the trainer (``models/peer_family.py``) folds its word weights into the
model's table, one row per word after the hashed buckets. Changing the file changes the model's
input: retrain.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PEER_VOCAB_PATH = Path(__file__).with_name("peer_vocab.txt")


@cache
def peer_vocabulary() -> tuple[str, ...]:
    """The words, in the peer vectoriser's column order."""
    return tuple(PEER_VOCAB_PATH.read_text(encoding="utf-8").split("\n")[:-1])

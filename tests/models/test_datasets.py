"""Loader label mapping on tiny files laid out like shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.corpora import datasets as ds
from streams.corpora.splits import HELDOUT_SOURCES


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_davidson_mapping(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "davidson-hate-offensive/labeled_data.csv",
        ",count,hate_speech,offensive_language,neither,class,tweet\n"
        "0,3,3,0,0,0,hate tweet\n1,3,0,3,0,1,you bitch &amp; co\n2,3,0,0,3,2,nice day\n",
    )
    rows = list(ds.load_davidson(tmp_path))
    hate, offensive, neither = (r.labels for r in rows)
    assert hate["identity_attack"] == 1 and hate["toxicity"] == 1 and hate["insult"] is None
    assert offensive["obscene"] == 1 and offensive["identity_attack"] == 0
    assert offensive["threat"] is None
    assert all(neither[k] == 0 for k in ("toxicity", "insult", "obscene", "threat", "spam"))
    assert rows[1].text == "you bitch & co"


def test_jigsaw_toxic_only_rows(tmp_path: Path) -> None:
    base = "jigsaw-toxic-train-sample/"
    header = "comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n"
    _write(tmp_path, base + "toxic_comments.csv", header + '"six labelled",1,0,1,0,1,0\n')
    _write(
        tmp_path,
        base + "text_comment_1.csv",
        'comment_text,labels\n"six labelled",1\n"clean one",0\n"toxic one",1\n',
    )
    _write(tmp_path, base + "text_comment_2.csv", "comment_text,labels\n")
    rows = {r.text: r.labels for r in ds.load_jigsaw(tmp_path)}
    assert len(rows) == 3  # the six-label row is not repeated
    assert rows["six labelled"]["obscene"] == 1 and rows["six labelled"]["threat"] == 0
    assert rows["clean one"]["insult"] == 0 and rows["clean one"]["toxicity"] == 0
    assert rows["toxic one"]["toxicity"] == 1 and rows["toxic one"]["insult"] is None
    assert rows["toxic one"]["sexual_explicit"] is None


def test_gab_and_youtube_and_impermium(tmp_path: Path) -> None:
    _write(tmp_path, "gab-hate-corpus/ghc_train.tsv", "text\thd\tcv\tvo\nkill them\t1\t1\t0\nhi\t0\t0\t0\n")
    gab = [r.labels for r in ds.load_gab(tmp_path)]
    assert gab[0]["threat"] == 1 and gab[0]["identity_attack"] == 1 and gab[0]["toxicity"] == 1
    assert gab[1]["toxicity"] == 0 and gab[1]["obscene"] is None
    _write(
        tmp_path,
        "youtube-spam-collection/Youtube09-X.csv",
        'COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\na,b,c,"sub to my channel<br />pls\ufeff",1\n',
    )
    (yt,) = ds.load_youtube_spam(tmp_path)
    assert yt.source == "youtube:Youtube09-X" and yt.labels["spam"] == 1
    assert yt.labels["toxicity"] is None and yt.text == "sub to my channel pls"
    _write(
        tmp_path,
        "impermium-insults-train/train.csv",
        'Insult,Date,Comment\n0,,"""fine\\\\nok\\xc2\\xa0go"""\n',
    )
    (imp,) = ds.load_impermium(tmp_path)
    assert imp.text == "fine ok go"
    assert imp.labels["insult"] == 0 and imp.labels["toxicity"] is None


def test_youtube_2014_is_a_held_out_spam_source(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "youtube-spam-2014-extra-videos/Avengers_NPoHPNeU9fc.csv",
        '"COMMENT_ID","CONTENT","TAG"\n"a","free psn codes &lt;3 at site.com\ufeff","1"\n"b","great trailer","0"\n',
    )
    spam, ham = ds.load_youtube_spam_2014(tmp_path)
    assert spam.source == ham.source == "youtube-2014" and spam.group == "youtube-2014:Avengers:a"
    assert spam.labels["spam"] == 1 and ham.labels["spam"] == 0 and spam.labels["toxicity"] is None
    assert spam.text == "free psn codes <3 at site.com"
    assert "youtube-2014" in HELDOUT_SOURCES and "youtube-spam-2014-extra-videos" in ds.HELDOUT_LOADERS


@pytest.mark.parametrize(
    ("text", "labels", "expected"),
    [
        ("suck my dick", {"toxicity": 1}, 1),
        ("you are stupid", {"toxicity": 1}, 0),
        ("sex education matters", {"toxicity": 0}, 0),
        ("naked", {"spam": 1}, None),
    ],
)
def test_derived_sexual_label(text: str, labels: dict[str, int], expected: int | None) -> None:
    assert ds.derive_sexual(text, ds.make_labels(**labels))["sexual_explicit"] == expected


def test_make_labels_rejects_unknown_names() -> None:
    with pytest.raises(ValueError):
        ds.make_labels(hate=1)

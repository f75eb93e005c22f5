from streams.cli.tail import render


def test_render_shows_action_reasons_scores_and_spans() -> None:
    line = render(
        {
            "comment_id": "c9",
            "action": "hide",
            "tenant": "news",
            "revision": 2,
            "scores": {"toxicity": 0.97, "spam": 0.01, "insult": 0.8},
            "reasons": ["toxicity:hide", "campaign:ab12"],
            "explanations": [{"label": "toxicity", "span": "idiot", "weight": 2.1}],
        }
    )
    assert "HIDE" in line and "red" in line
    assert "c9 rev2" in line
    assert "toxicity=0.97" in line and "insult=0.80" in line
    assert "campaign:ab12" in line and "'idiot'" in line


def test_render_of_an_allow_is_green_and_quiet() -> None:
    line = render({"comment_id": "c1", "action": "allow", "scores": {"toxicity": 0.1}, "reasons": []})
    assert "green" in line and "ALLOW" in line
    assert "rev" not in line and "because" not in line

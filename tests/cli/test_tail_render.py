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


def test_a_non_decision_renders_as_one_clear_line() -> None:
    assert "not a decision" in render({"undecodable": "b'{oops'"})
    assert "not a decision" in render({"comment_id": "c1", "text": "an event, not a decision"})
    assert "malformed decision" in render({"comment_id": "c1", "action": "hide", "scores": ["x"]})


def test_a_dead_letter_renders_its_reason() -> None:
    from streams.cli.tail import REASON_HEADER, render_dead_letter
    from streams.worker.dead_letters import HEADER_REASON

    assert REASON_HEADER == HEADER_REASON
    line = render_dead_letter(
        "c7", {HEADER_REASON: "invalid_json", "modstream-detail": "line 1\nbad", "modstream-source": "comments/0/5"}, 12
    )
    assert line.count("\n") == 0
    assert "DEAD" in line and "c7" in line and "invalid_json" in line and "comments/0/5" in line and "12 bytes" in line

"""Perspective API request and response bodies (``v1alpha1``), as Perspective documents them.

Unknown fields are ignored (clients send ``sessionId``, ``communityId`` and newer fields).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _unicode(value: str | None) -> str | None:
    """Refuse lone surrogates (``"\\ud800"`` in JSON): not text, and not encodable as UTF-8."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("not valid Unicode text (lone surrogate)") from None
    return value


UnicodeText = Annotated[str, AfterValidator(_unicode)]


class TextEntry(_Body):
    """A comment or context text; ``HTML`` text has its tags removed before scoring."""

    text: UnicodeText = Field(description="The text; at most 20,480 UTF-8 bytes for comments:analyze.")
    type: Literal["PLAIN_TEXT", "HTML"] = Field("PLAIN_TEXT", description="PLAIN_TEXT or HTML.")


class Context(_Body):
    """Surrounding text; accepted and ignored."""

    entries: list[TextEntry] | None = None
    articleAndParentComment: dict[str, Any] | None = None


class AttributeParameters(_Body):
    """Per-attribute options of comments:analyze."""

    scoreType: str | None = Field(None, description="Only PROBABILITY is offered.")
    scoreThreshold: float | None = Field(
        None, ge=0.0, le=1.0, description="Leave the attribute out of the answer when its score is lower."
    )


class AnalyzeRequest(_Body):
    """``POST /v1alpha1/comments:analyze``."""

    comment: TextEntry
    requestedAttributes: dict[str, AttributeParameters] = Field(
        min_length=1, description="Attribute name -> options, e.g. {\"TOXICITY\": {}}."
    )
    languages: list[str] | None = Field(None, description="ISO 639-1 codes; only en is covered.")
    doNotStore: bool = Field(False, description="Scoring never keeps the text; kept for compatibility.")
    spanAnnotations: bool = Field(False, description="Also return spanScores in original-text offsets.")
    clientToken: UnicodeText | None = Field(None, description="Echoed in the response.")
    context: Context | None = None
    sessionId: str | None = None
    communityId: str | None = None


class Score(BaseModel):
    """A probability in [0, 1]."""

    value: float
    type: Literal["PROBABILITY"] = "PROBABILITY"


class SpanScore(BaseModel):
    """A span of the caller's original text (character offsets, end exclusive) and its score."""

    begin: int
    end: int
    score: Score


class AttributeScores(BaseModel):
    """One attribute's scores."""

    summaryScore: Score
    spanScores: list[SpanScore] | None = None


class AnalyzeResponse(BaseModel):
    """The answer of comments:analyze."""

    attributeScores: dict[str, AttributeScores]
    languages: list[str]
    detectedLanguages: list[str]
    clientToken: str | None = None


class SuggestedScore(_Body):
    """A moderator's score for one attribute (e.g. Coral sends 0 for approved, 1 for rejected)."""

    value: float = Field(ge=0.0, le=1.0)
    type: str | None = None


class SuggestedAttribute(_Body):
    """``attributeScores.<NAME>`` of comments:suggestscore."""

    summaryScore: SuggestedScore
    spanScores: list[dict[str, Any]] | None = None


class SuggestScoreRequest(_Body):
    """``POST /v1alpha1/comments:suggestscore``: a moderator's verdict, published as feedback."""

    comment: TextEntry
    attributeScores: dict[str, SuggestedAttribute] = Field(min_length=1)
    context: Context | None = None
    languages: list[str] | None = None
    communityId: str | None = None
    clientToken: UnicodeText | None = Field(
        None, description="The comment id (Coral: comment:<id>); the record key."
    )
    sessionId: str | None = None
    doNotStore: bool = Field(True, description="false: the comment text is kept in the feedback record.")


class FeedbackReceipt(BaseModel):
    """Where the feedback record landed."""

    topic: str
    partition: int
    offset: int
    key: str | None
    comment_id: str
    verdict: str
    text_stored: bool


class SuggestScoreResponse(BaseModel):
    """The answer of comments:suggestscore (Perspective's fields plus where the record landed)."""

    clientToken: str | None = None
    requestedLanguages: list[str]
    detectedLanguages: list[str]
    feedback: FeedbackReceipt

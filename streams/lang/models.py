"""The per-language models under ``models/lang/`` and which languages the service covers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streams.lang.detect import DEFAULT_LANG
from streams.lang.exceptions import LanguageModelError
from streams.types import Scorer

MANIFEST = "languages.json"


def lang_dir(model_path: Path) -> Path:
    """Where the per-language models of the English model at ``model_path`` live."""
    return Path(model_path).resolve().parent / "lang"


@dataclass(frozen=True, slots=True)
class LanguageModels:
    """Scorers of the claimed non-English languages, plus the manifest's evaluation figures.

    English is always covered (the main model). A language is covered only when its model met the
    quality floor on held-out data (``claimed`` in the manifest); every other language is routed.
    """

    scorers: dict[str, Scorer]
    manifest: dict[str, Any]

    @classmethod
    def none(cls) -> LanguageModels:
        """English only."""
        return cls({}, {"languages": {}})

    @classmethod
    def load(cls, directory: Path) -> LanguageModels:
        """Load every claimed language of ``directory/languages.json``; English only without one."""
        path = Path(directory) / MANIFEST
        if not path.is_file():
            return cls.none()
        from streams.scoring import ModelLoadError, OnnxScorer

        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            entries = dict(manifest["languages"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LanguageModelError(f"unreadable language manifest {path}: {exc}") from exc
        scorers: dict[str, Scorer] = {}
        for lang, entry in entries.items():
            if not entry.get("claimed"):
                continue
            try:
                scorers[lang] = OnnxScorer.load(Path(directory) / str(entry["model"]))
            except (KeyError, ModelLoadError) as exc:
                raise LanguageModelError(f"language {lang!r} in {path}: {exc}") from exc
        return cls(scorers, manifest)

    def covers(self, lang: str) -> bool:
        """Whether comments in ``lang`` get scores (English, or a claimed language)."""
        return lang == DEFAULT_LANG or lang in self.scorers

    def covered(self) -> tuple[str, ...]:
        """Every covered language, English first."""
        return (DEFAULT_LANG, *sorted(self.scorers))

"""Plain result types: themes, quotes and the run result, with JSON and directory round trips.

The Flask app stores these in its database, so everything serializes to JSON-safe dicts and a
DataFrame of assignments; `ThemeResult.load(dir)` reads back what `save(dir)` wrote, which is what
`--previous DIR` and the `previous=` argument expect.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

ASSIGNMENT_COLUMNS = ["id", "theme_id", "theme_label", "score"]
CODE_COLUMNS = ["id", "theme_id", "score", "primary", "evidence"]


@dataclass
class Quote:
    """A representative answer: its id, original text and language."""

    id: str
    text: str
    lang: str


@dataclass
class Theme:
    """One theme. `kind` is "codebook", "emergent" or "other"; hidden themes keep their answers.
    `role` is "barriers" or "assets" (a theme of strengths answers, see `analysis.roles`).
    `labels` names it per reader's language (a codebook theme: its category's labels; an emergent
    one: see `analysis.naming`), `terms_by_lang` holds the terms an emergent name is made of."""

    id: str
    label: str
    kind: str
    category: str | None
    size: int
    share: float
    labels: dict[str, str] = field(default_factory=dict)
    top_terms: dict[str, list[str]] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    hidden: bool = False
    merged_from: list[str] = field(default_factory=list)
    label_source: str = "codebook"
    coded: int = 0
    role: str = "barriers"
    terms_by_lang: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Theme:
        quotes = [Quote(**q) for q in data.get("quotes", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "quotes"}
        return cls(quotes=quotes, **known)


@dataclass
class ThemeResult:
    """Themes plus one assignment per input answer (id, theme_id, theme_label, score, lang), and
    `codes`: every code of every answer (id, theme_id, score, primary, evidence), at least one per
    answer, the primary one being its assignment. `Theme.size` counts primaries, `coded` codes."""

    themes: list[Theme]
    assignments: pd.DataFrame
    selection: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    languages: dict[str, Any] = field(default_factory=dict)
    edits: dict[str, Any] = field(default_factory=dict)
    codes: pd.DataFrame | None = None

    def theme(self, theme_id: str) -> Theme | None:
        """The theme with this id, or None."""
        return next((t for t in self.themes if t.id == theme_id), None)

    def to_json(self) -> dict[str, Any]:
        """JSON-safe dict of everything but the assignments (see `assignments` for those)."""
        return {
            "format": "surveyapp-analysis-themes/1",
            "n_documents": int(len(self.assignments)),
            "params": self.params,
            "k_selection": self.selection,
            "languages": self.languages,
            "edits": self.edits,
            "themes": [asdict(t) for t in self.themes],
        }

    def save(self, directory: str | Path) -> None:
        """Write assignments.csv, codes.csv, themes.json and edits.json into `directory`."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        self.assignments[ASSIGNMENT_COLUMNS].to_csv(out / "assignments.csv", index=False, float_format="%.4f")
        if self.codes is not None:
            codes = self.codes[CODE_COLUMNS].assign(primary=self.codes["primary"].astype(int))
            codes.to_csv(out / "codes.csv", index=False, float_format="%.4f")
        (out / "themes.json").write_text(
            json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n",
            encoding="utf-8",
        )
        (out / "edits.json").write_text(
            json.dumps(self.edits, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    @classmethod
    def from_json(
        cls, data: dict[str, Any], assignments: pd.DataFrame, codes: pd.DataFrame | None = None
    ) -> ThemeResult:
        """Rebuild a result from `to_json()` output and its assignments table."""
        return cls(
            themes=[Theme.from_dict(t) for t in data.get("themes", [])],
            assignments=assignments,
            selection=data.get("k_selection", {}),
            params=data.get("params", {}),
            languages=data.get("languages", {}),
            edits=data.get("edits", {}),
            codes=codes,
        )

    @classmethod
    def load(cls, directory: str | Path) -> ThemeResult:
        """Read a directory written by `save` (or by the CLI)."""
        root = Path(directory)
        data = json.loads((root / "themes.json").read_text("utf-8"))
        assignments = pd.read_csv(root / "assignments.csv", dtype={"id": str, "theme_id": str})
        codes = None
        if (root / "codes.csv").is_file():
            codes = pd.read_csv(
                root / "codes.csv",
                dtype={"id": str, "theme_id": str, "evidence": str},
                keep_default_na=False,
            )
            codes["primary"] = codes["primary"].astype(int).astype(bool)
        return cls.from_json(data, assignments, codes)

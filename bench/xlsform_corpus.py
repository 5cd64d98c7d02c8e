"""The real-world XLSForm corpus (tests/data/xlsforms) against pyxform and our import.

Prints how many forms pyxform accepts, how many of those we import, and, for the ones we refuse,
the most common reasons grouped by message template, so that the next importer work goes to the
features real forms use most. tests/services/test_real_world_forms.py holds the same checks as assertions.

    PYTHONPATH=. .venv/bin/python bench/xlsform_corpus.py [--each]
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyxform.xls2json_backends import md_table_to_workbook
from pyxform.xls2xform import convert

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "xlsforms"
# Files the forms name (select_one_from_file cities.csv, ...), uploaded beside the workbook.
ATTACHMENTS = CORPUS / "attachments"
# Values inside a message (quoted names, ${references}, numbers) that differ from form to form.
VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|\$\{[^}]*\}|\b\d+(?:\.\d+)?\b")


@dataclass
class Outcome:
    """What pyxform and our import made of one corpus form."""

    form: str
    pyxform_error: str | None  # None: pyxform accepts the form
    findings: list = field(default_factory=list)  # our refusal's Findings (empty: imported)
    crash: BaseException | None = None  # anything our import raised besides XLSFormError

    @property
    def pyxform_accepts(self) -> bool:
        return self.pyxform_error is None

    @property
    def imported(self) -> bool:
        return self.crash is None and not self.findings


def corpus_forms(root: Path = CORPUS) -> list[Path]:
    """Every .md form of the corpus, in a stable order (README.md is not a form)."""
    return sorted(p for p in root.rglob("*.md") if p.name != "README.md")


def form_id(path: Path, root: Path = CORPUS) -> str:
    """'pyxform/test_groups__test_group_type': the form's place in the corpus."""
    return path.relative_to(root).with_suffix("").as_posix()


def write_workbook(md_path: Path, directory: Path) -> Path:
    """The markdown table saved as the .xlsx an author would upload (named after the form)."""
    xlsx = directory / f"{md_path.stem}.xlsx"
    md_table_to_workbook(md_path.read_text(encoding="utf-8")).save(xlsx)
    return xlsx


def attachments_for(md_path: Path) -> dict[str, bytes]:
    """The corpus's attached files whose names the form mentions."""
    text = md_path.read_text(encoding="utf-8")
    return (
        {
            f.name: f.read_bytes()
            for f in sorted(ATTACHMENTS.iterdir())
            if f.name != "README.md" and f.name in text
        }
        if ATTACHMENTS.is_dir()
        else {}
    )


def pyxform_verdict(xlsx: Path) -> str | None:
    """None when pyxform turns the workbook into an XForm; its error otherwise (any exception:
    a few forms make pyxform itself fail with a KeyError, which is a refusal all the same)."""
    try:
        convert(xlsform=str(xlsx))
    except Exception as exc:  # noqa: BLE001 - every pyxform failure is a refusal
        return f"{type(exc).__name__}: {exc}"
    return None


def check_form(md_path: Path, directory: Path) -> Outcome:
    """Both verdicts on one form; our import runs as the upload page runs it (read_xlsform)."""
    from surveyapp.services.xlsform import XLSFormError, read_xlsform

    xlsx = write_workbook(md_path, directory)
    outcome = Outcome(form_id(md_path), pyxform_verdict(xlsx))
    try:
        read_xlsform(xlsx, attachments=attachments_for(md_path))
    except XLSFormError as exc:
        outcome.findings = list(exc.problems)
    except Exception as exc:  # noqa: BLE001 - a crash is what this corpus looks for
        outcome.crash = exc
    return outcome


def check_corpus(root: Path = CORPUS) -> Iterator[Outcome]:
    with tempfile.TemporaryDirectory() as tmp:
        for md_path in corpus_forms(root):
            yield check_form(md_path, Path(tmp))


def template(message: object) -> str:
    """A finding's message with its form-specific values taken out: our own messages by their
    gettext template, pyxform's by replacing quoted values and numbers with '…'."""
    args = getattr(message, "_args", None)
    if args and isinstance(args[0], str):
        return args[0]
    return VALUES.sub("…", str(message))


def question_type(message: object) -> str | None:
    """The type named by an unsupported-type finding, without its list or file name
    ('select_one_from_file cities.csv' -> 'select_one_from_file', 'begin_repeat' -> 'begin repeat')."""
    kind = (getattr(message, "_kwargs", None) or {}).get("type")
    if not kind:
        return None
    words = (
        str(kind).replace("_", " ").split() if str(kind).startswith(("begin", "end")) else str(kind).split()
    )
    return " ".join(words[:2]) if words[0] in {"begin", "end"} else words[0]


def report(outcomes: list[Outcome], each: bool = False) -> str:
    accepted = [o for o in outcomes if o.pyxform_accepts]
    imported = [o for o in accepted if o.imported]
    refused = [o for o in accepted if not o.imported]
    lines = [
        f"forms in the corpus:            {len(outcomes)}",
        f"pyxform accepts:                {len(accepted)}",
        f"  of those, we import:          {len(imported)}",
        f"  of those, we refuse:          {len(refused)}",
        f"pyxform refuses:                {len(outcomes) - len(accepted)}",
        f"  of those, we import (a bug):  {sum(o.imported for o in outcomes if not o.pyxform_accepts)}",
        f"crashes (not XLSFormError):     {sum(o.crash is not None for o in outcomes)}",
        f"findings without a sheet:       {sum(1 for o in outcomes for f in o.findings if not f.sheet)}",
        "",
        "why we refuse forms pyxform accepts (forms per reason):",
    ]
    reasons: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for o in refused:
        reasons.update({template(f.message) for f in o.findings})
        types.update({kind for f in o.findings if (kind := question_type(f.message))})
    for reason, count in reasons.most_common():
        lines.append(f"  {count:4d}  {reason}")
    lines += ["", "question types we refuse in forms pyxform accepts (forms per type):"]
    lines += [f"  {count:4d}  {kind}" for kind, count in types.most_common()]
    if each:
        lines += ["", "each form:"]
        for o in outcomes:
            ours = (
                ("CRASH " + repr(o.crash))
                if o.crash
                else ("imported" if o.imported else "; ".join(str(f) for f in o.findings))
            )
            lines.append(f"  {o.form}\n    pyxform: {o.pyxform_error or 'accepts'}\n    ours: {ours}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    from surveyapp import create_app

    with create_app({"DATABASE_URL": "sqlite://"}).app_context():
        print(report(list(check_corpus()), each="--each" in argv))


if __name__ == "__main__":
    main(sys.argv[1:])

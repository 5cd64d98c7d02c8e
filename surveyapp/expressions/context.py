"""What an evaluation may know besides the answers: the moment, the language, choice labels, attached data.

The caller builds one `Context` per request (or per page) so that today() and now() are the same moment
for every expression on it, computed in the configured time zone (`Context.at(timezone_name)`).
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

ChoiceLabel = Callable[[str, str, "str | None"], "str | None"]
Pulldata = Callable[[str, str, str, str], "str | None"]
Instance = Callable[[str], "Sequence[Mapping[str, object]] | None"]
Labels = Mapping[str, Mapping[str, "str | Mapping[str, str]"]]  # question -> choice -> label (or by language)
Rows = Mapping[str, Sequence[Mapping[str, object]]]  # list or CSV name -> rows


@dataclass(frozen=True)
class Context:
    """Everything but the answers. Missing parts give empty values (never an error).

    - `today`, `now`: the moment (now aware, in the survey's time zone); the machine's clock if left out.
    - `lang`: the respondent's language, for jr:choice-name and the month/day names of format-date.
    - `choice_label(question, choice_name, lang)`: a choice's label, or None.
    - `pulldata(instance, column, key_column, key)`: a value from an attached CSV, or None.
    - `instance(name)`: the rows of a choice list or attached CSV (`instance('name')/root/item`), or None.
    - `position`: the 1-based index of the repeat instance the expression is evaluated in.
    - `random`: a float in [0, 1) per call, for random(), uuid() and unseeded randomize().
    - `month_names`, `day_names`: abbreviated names (Jan..Dec, Sun..Sat); CLDR's for `lang` if left out.
    """

    today: date | None = None
    now: datetime | None = None
    lang: str | None = None
    choice_label: ChoiceLabel | None = None
    pulldata: Pulldata | None = None
    instance: Instance | None = None
    position: int | None = None
    random: Callable[[], float] | None = None
    month_names: tuple[str, ...] | None = None
    day_names: tuple[str, ...] | None = None

    @classmethod
    def at(cls, timezone_name: str, **parts: object) -> Context:
        """A context whose today() and now() are this moment in the named time zone (e.g. "UTC")."""
        now = datetime.now(ZoneInfo(timezone_name))
        return cls(today=now.date(), now=now, **parts)  # type: ignore[arg-type]

    @classmethod
    def from_tables(
        cls, *, labels: Labels | None = None, instances: Rows | None = None, **parts: object
    ) -> Context:
        """A context that reads plain tables, as the kiosk's script does (SurveyExpressions.context):
        labels[question][choice] is a label or {lang: label}; instances[name] are the rows of a choice
        list or attached CSV, which pulldata() reads too (the first row whose key column is the key)."""
        labels, instances = labels or {}, instances or {}

        def choice_label(question: str, name: str, lang: str | None) -> str | None:
            label = labels.get(question, {}).get(name)
            return label.get(lang or "") if isinstance(label, Mapping) else label

        def pulldata(instance: str, column: str, key_column: str, key: str) -> str | None:
            for row in instances.get(instance, ()):
                if row.get(key_column) is not None and str(row.get(key_column)) == key:
                    value = row.get(column)
                    return None if value is None else str(value)
            return None

        return cls(
            choice_label=choice_label,
            pulldata=pulldata,
            instance=instances.get,  # type: ignore[arg-type]
            **parts,
        )

    def moment(self) -> datetime:
        return self.now if self.now is not None else datetime.now().astimezone()

    def day(self) -> date:
        if self.today is not None:
            return self.today
        return self.now.date() if self.now is not None else date.today()

    def draw(self) -> float:
        return (self.random or _random.random)()


DEFAULT = Context()

"""A small multilingual corpus written for these tests (fictional answers, no real data)."""

from __future__ import annotations

import pandas as pd
import pytest

CHILDCARE = [
    ("en", "I have no childcare for my kids during the class"),
    ("en", "Daycare is too far and I cannot find a babysitter"),
    ("en", "Nobody can watch my children in the evening"),
    ("en", "My daycare closes before the training ends"),
    ("es", "No tengo quién cuide a mis hijos, la guardería está llena"),
    ("es", "Necesito una niñera para poder ir a las clases"),
    ("es", "La guardería es muy cara y no hay cupo"),
    ("es", "No hay guarderia cerca de mi casa"),
    ("ar", "لا توجد حضانة لأطفالي في الحي"),
    ("ar", "أحتاج جليسة أطفال حتى أستطيع حضور التدريب"),
    ("ar", "الحضانة مغلقة في المساء"),
    ("ar", "لا أجد من يعتني بأطفالي أثناء العمل"),
]
TRANSPORT = [
    ("en", "The bus does not run early enough to get to work"),
    ("en", "I do not have a car and the bus takes two hours"),
    ("en", "No transportation to the training center"),
    ("en", "My car broke down and I cannot afford a ride"),
    ("es", "No tengo transporte para llegar al trabajo"),
    ("es", "El autobús pasa muy pocas veces"),
    ("es", "No tengo carro y el camión tarda mucho"),
    ("ar", "لا توجد مواصلات إلى مركز التدريب"),
    ("ar", "الحافلة تتأخر كل يوم"),
    ("ar", "ليس لدي سيارة للوصول إلى العمل"),
]
RECORD = [  # not in the codebook: must form its own theme
    ("en", "My criminal record shows up on every background check"),
    ("en", "Employers reject me because of my felony record"),
    ("en", "The background check finds my old conviction"),
    ("en", "A felony conviction from years ago stops every offer"),
    ("en", "They ran a background check and saw my record"),
    ("en", "My record from a conviction follows me everywhere"),
    ("en", "Background check problems because of a felony"),
    ("en", "Old criminal record and conviction block me"),
]
UNCLEAR = [("en", ""), ("en", "   "), ("en", "ok"), ("es", "no sé")]


def make_corpus(extra: int = 0) -> pd.DataFrame:
    """The corpus as the app passes it: id, text, lang, source, plus respondent attributes."""
    rows = []
    groups = [
        ("childcare", CHILDCARE),
        ("transport", TRANSPORT),
        ("record", RECORD),
        ("unclear", UNCLEAR),
    ]
    for name, items in groups:
        for i, (lang, text) in enumerate(items):
            rows.append(
                {
                    "id": f"{name}-{i}",
                    "text": text,
                    "lang": lang,
                    "source": "survey:hardest",
                    "truth": name,
                    "gender": "woman" if i % 2 else "man",
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def corpus() -> pd.DataFrame:
    return make_corpus()

"""The stems of each distinct answer text, stored once so the codebook's word search need not
preprocess every answer at every search.

A row is keyed by a digest of the language and the text (`services.answer_stems.digest_of`) and the
fingerprint of the preprocessing that made it (`analysis.preprocess.stems_scheme`): rows made by
another release are not read, and the next theme run removes them. It holds no answer: only the
stems, shared by every answer (in any survey) with the same text.
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AnswerStems(Base):
    __tablename__ = "answer_stems"

    digest: Mapped[str] = mapped_column(String(32), primary_key=True)
    scheme: Mapped[str] = mapped_column(String(16), primary_key=True)
    # The stems in text order, joined by single spaces (a stem never holds a space).
    stems: Mapped[str] = mapped_column(Text, default="")

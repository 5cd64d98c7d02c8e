"""The bytes of a file answer (image, audio, video, file questions), kept with its response.

The answer itself is the file's name, as ODK stores it; this row holds what the name stands for. One
file per answer key of a response (`photo`, or `member[2]/photo` inside a repeat) and one name per
response, both enforced by the database, so a re-sent page never stores a file twice; deleting a
response takes its files with it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class AnswerFile(Base):
    __tablename__ = "answer_files"
    __table_args__ = (
        UniqueConstraint("response_id", "question", name="uq_answer_files_response_question"),
        UniqueConstraint("response_id", "file_name", name="uq_answer_files_response_file_name"),
        CheckConstraint("size >= 0", name="size_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    # The answer key; a repeat's instance moving down takes `#<id>` for a moment (services.answer_files).
    question: Mapped[str] = mapped_column(String(100))
    # `<milliseconds>.<ext>`, safe characters only; the answer's value.
    file_name: Mapped[str] = mapped_column(String(40))
    # Read from the bytes when they arrived, never from what the browser said.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

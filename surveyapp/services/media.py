"""A file answer's bytes made safe to keep: its kind read from the bytes (never from what the browser
says), pictures re-encoded without their metadata (phones write the place a photo was taken into
it) and shrunk to the question's `max-pixels`, and the file name ODK would give it.

Used by the survey pages (public/uploads.py) before the responses service stores the answer; no
Flask request here.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

# A picture of more pixels than this is refused before it is decoded (a small file can unpack into
# gigabytes of pixels).
MAX_DECODED_PIXELS = 60_000_000
# Pillow formats kept, with the type and extension stored.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}

# (offset, magic bytes, content type, extension) of the sound, video and document files phones and
# computers make; the first match wins. ISO media (mp4, m4a, 3gp, mov) is read from its `ftyp` box.
SIGNATURES: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"ID3", "audio/mpeg", "mp3"),
    (0, b"OggS", "audio/ogg", "ogg"),
    (0, b"fLaC", "audio/flac", "flac"),
    (0, b"#!AMR", "audio/amr", "amr"),
    (0, b"%PDF-", "application/pdf", "pdf"),
    (0, b"PK\x03\x04", "application/zip", "zip"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm", "webm"),
)
RIFF_KINDS = {
    b"WAVE": ("audio/wav", "wav"),
    b"AVI ": ("video/x-msvideo", "avi"),
    b"WEBP": ("image/webp", "webp"),
}
FTYP_AUDIO = {b"M4A ", b"M4B ", b"F4A "}
FTYP_QUICKTIME = {b"qt  "}


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


@dataclass(frozen=True)
class KeptFile:
    """What is stored: the bytes as kept, their type and extension, size and sha256."""

    data: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class MediaRefused(ValueError):
    """A file the question cannot take; its message is for the person, in their language."""


def sniff(data: bytes) -> Sniffed:
    """The kind of file these bytes are, from their first bytes."""
    head = data[:64]
    if head[:4] == b"RIFF" and head[8:12] in RIFF_KINDS:
        return Sniffed(*RIFF_KINDS[head[8:12]])
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in FTYP_AUDIO:
            return Sniffed("audio/mp4", "m4a")
        if brand in FTYP_QUICKTIME:
            return Sniffed("video/quicktime", "mov")
        if brand.startswith(b"3g"):
            return Sniffed("video/3gpp", "3gp")
        if brand in (b"heic", b"heix", b"mif1", b"heif"):
            return Sniffed("image/heic", "heic")
        return Sniffed("video/mp4", "mp4")
    for offset, magic, content_type, extension in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return Sniffed(content_type, extension)
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[:2] != b"\xff\xd8":
        return Sniffed("audio/mpeg", "mp3")  # an MP3 frame without an ID3 tag
    if head[:3] == b"\xff\xd8\xff":
        return Sniffed("image/jpeg", "jpg")
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return Sniffed("image/png", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image/gif", "gif")
    if _is_text(data[:4096]):
        return Sniffed("text/plain", "txt")
    return Sniffed("application/octet-stream", "bin")


def _is_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(sample) - 4  # a character cut at the end of the sample
    return True


def accepts(accept: str, content_type: str) -> bool:
    """True when `content_type` is among an `accept` list (`image/*`, `audio/*`, `.pdf`, ...).
    An empty list takes any file, as ODK's `file` does."""
    wanted = [a.strip().lower() for a in accept.split(",") if a.strip()]
    if not wanted:
        return True
    major = content_type.split("/", 1)[0]
    for item in wanted:
        if item == content_type or item == f"{major}/*" or item == "*/*":
            return True
    return False


def keep(data: bytes, accept: str, max_pixels: int | None) -> KeptFile:
    """The bytes to store for a file answer, or MediaRefused with the reason."""
    kind = sniff(data)
    if not accepts(accept, kind.content_type) and not _accepts_by_extension(accept, kind):
        raise MediaRefused(refusal(accept))
    if kind.content_type.startswith("image/"):
        return _picture(data, max_pixels)
    return KeptFile(data, kind.content_type, kind.extension)


def _accepts_by_extension(accept: str, kind: Sniffed) -> bool:
    return f".{kind.extension}" in {a.strip().lower() for a in accept.split(",")}


def refusal(accept: str) -> str:
    """What a person is told when a file is not of a kind the question takes (the server's check and
    the offline kiosk's, in one place)."""
    if accept.startswith("image/"):
        return str(_l("Please choose a picture (a photo or an image file)."))
    if accept.startswith("audio/"):
        return str(_l("Please choose a sound recording."))
    if accept.startswith("video/"):
        return str(_l("Please choose a video."))
    return str(_l("This kind of file cannot be sent here. Please choose another file."))


def _picture(data: bytes, max_pixels: int | None) -> KeptFile:
    """A picture decoded and written again: turned upright, at most `max_pixels` on its longer side,
    without EXIF (the place and the phone that took it) or other metadata."""
    unreadable = MediaRefused(
        str(_l("This picture could not be read. Please send a JPEG, PNG, GIF or WebP picture."))
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_FORMATS:
                raise unreadable
            if image.width * image.height > MAX_DECODED_PIXELS:
                raise MediaRefused(str(_l("This picture is too large. Please send a smaller one.")))
            image_format = image.format
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        SyntaxError,
        ValueError,
    ) as error:
        if isinstance(error, MediaRefused):
            raise
        raise unreadable from error
    content_type, extension = IMAGE_FORMATS[image_format]
    image = ImageOps.exif_transpose(image) or image
    if max_pixels and max(image.size) > max_pixels:
        image.thumbnail((max_pixels, max_pixels), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=90)
    elif image_format == "GIF":
        image.save(out, "GIF")
    else:
        image.save(out, "PNG")
    return KeptFile(out.getvalue(), content_type, extension)


def file_name(millis: int, extension: str, taken: set[str]) -> str:
    """ODK's name for a file answer, `<milliseconds>.<ext>`, unique within the response."""
    while f"{millis}.{extension}" in taken:
        millis += 1
    return f"{millis}.{extension}"

"""What a file is, read from its first bytes (magic numbers), never from the name or declared type.

A recording duty (音像记录义务) is fulfilled only by audio, video or a photo: a PDF renamed ``.mp4``
or declared ``video/mp4`` is still a PDF. The table covers the containers enforcement cameras,
phones and recorders write; anything else is "unknown" and refused for a duty.
"""

from __future__ import annotations

from enum import StrEnum

from casetrail.errors import InvalidInput

#: Bytes read from the start of a file: enough for every signature below (MPEG-TS needs 189).
HEAD_BYTES = 512


class MediaCategory(StrEnum):
    audio = "audio"
    video = "video"
    photo = "photo"
    unknown = "unknown"


CATEGORY_ZH = {
    MediaCategory.audio: "音频",
    MediaCategory.video: "视频",
    MediaCategory.photo: "照片",
    MediaCategory.unknown: "无法识别的文件（非音频、视频或照片）",
}

# ISO base media (MP4, MOV, 3GP, M4A, HEIC): the brand after "ftyp" says which.
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ", b"F4A ")
_PHOTO_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis")


def sniff(head: bytes) -> frozenset[MediaCategory]:
    """The categories the file's first bytes allow (Ogg and Matroska may hold audio or video)."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _AUDIO_BRANDS:
            return frozenset({MediaCategory.audio})
        if brand in _PHOTO_BRANDS:
            return frozenset({MediaCategory.photo})
        return frozenset({MediaCategory.video})
    if head[:4] == b"RIFF" and len(head) >= 12:
        form = head[8:12]
        return {
            b"WAVE": frozenset({MediaCategory.audio}),
            b"AVI ": frozenset({MediaCategory.video}),
            b"WEBP": frozenset({MediaCategory.photo}),
        }.get(form, frozenset({MediaCategory.unknown}))
    for signature, categories in _PREFIXES:
        if head.startswith(signature):
            return categories
    if _mpeg_transport_stream(head):
        return frozenset({MediaCategory.video})
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return frozenset({MediaCategory.audio})  # MPEG audio frame sync (MP3 without ID3) or ADTS AAC
    return frozenset({MediaCategory.unknown})


_AUDIO = frozenset({MediaCategory.audio})
_VIDEO = frozenset({MediaCategory.video})
_PHOTO = frozenset({MediaCategory.photo})
_EITHER = frozenset({MediaCategory.audio, MediaCategory.video})
_PREFIXES: tuple[tuple[bytes, frozenset[MediaCategory]], ...] = (
    (b"\xff\xd8\xff", _PHOTO),  # JPEG
    (b"\x89PNG\r\n\x1a\n", _PHOTO),
    (b"GIF87a", _PHOTO),
    (b"GIF89a", _PHOTO),
    (b"II*\x00", _PHOTO),  # TIFF, little-endian
    (b"MM\x00*", _PHOTO),  # TIFF, big-endian
    (b"BM", _PHOTO),
    (b"ID3", _AUDIO),  # MP3 with an ID3v2 tag
    (b"#!AMR", _AUDIO),  # phone voice recorders
    (b"fLaC", _AUDIO),
    (b"OggS", _EITHER),
    (b"\x1aE\xdf\xa3", _EITHER),  # Matroska / WebM
    (b"FLV", _VIDEO),
    (b"\x00\x00\x01\xba", _VIDEO),  # MPEG program stream (DVD, some recorders)
)


def _mpeg_transport_stream(head: bytes) -> bool:
    """MPEG-TS (many body cameras): 188-byte packets, each starting with the sync byte 0x47."""
    return len(head) > 188 and head[0] == 0x47 and head[188] == 0x47


_DECLARED = {"audio": MediaCategory.audio, "video": MediaCategory.video, "photo": MediaCategory.photo}
#: The evidence kinds that are recordings (音像记录): what a recording duty accepts.
MEDIA_KINDS: frozenset[str] = frozenset(_DECLARED)


def check_media(
    kind: str, head: bytes, *, duty_citation: str | None, fulfils_duty: bool, bytes_known: bool = True
) -> None:
    """Refuse a file whose bytes are not what it is declared as; for a recording duty, anything but
    audio, video or a photo. ``duty_citation`` names the article that makes the recording a duty.
    Before the bytes arrive (``bytes_known`` false) only the declared kind is checked."""
    declared = _DECLARED.get(kind)
    if declared is None:
        if fulfils_duty:
            raise InvalidInput(
                "音像记录义务只能以音频、视频或照片履行，不能以文书材料代替",
                field="kind",
                rule="recording_must_be_media",
                citation=duty_citation,
            )
        return
    if not bytes_known:
        return
    found = sniff(head)
    if declared in found:
        return
    actual = "、".join(CATEGORY_ZH[c] for c in sorted(found))
    raise InvalidInput(
        f"文件内容与申报的类型不符：申报为{CATEGORY_ZH[declared]}，按文件内容识别为{actual}；未作为证据保存",
        field="file",
        rule="media_type_mismatch",
        citation=duty_citation if fulfils_duty else None,
    )

"""Bytes to the one text every later stage indexes: decoded, NFC-normalised, LF line ends.

Offsets and the content hash both refer to the string `normalise_text` returns, so every
reader passes its text through it before anything else looks at the text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from ..errors import InputError

SNIFF_BYTES = 8192  # how much of a file the binary and format checks look at

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls that plain text does not contain (tab, LF, VT, FF, CR and ESC excluded), and DEL.
_CONTROL_BYTES = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}
_MAX_CONTROL_SHARE = 0.1
# Browsers read these labels as windows-1252, and so do the pages that declare them.
_WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii"})
# Mac and DOS code pages win charset-normalizer's vote on short Western text far more
# often than they are the real encoding of a news article.
_RARE_CODEPAGE_PREFIXES = ("mac_", "cp4", "cp7", "cp8", "hp_")

# Share of byte pairs with a NUL in the same place that marks BOM-less UTF-16 of Latin text.
_UTF16_ZERO_SHARE = 0.9
# A well-formed 2-, 3- or 4-byte UTF-8 character (no overlongs, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

BINARY = "binary file, not text"
EMPTY = "empty"
UNDECODABLE = "cannot decode: not text in any known encoding"


def normalise_text(text: str) -> str:
    """NFC, LF line ends and no leading BOM: the canonical form offsets and hashes refer to."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def bom_encoding(head: bytes) -> str | None:
    """The codec a byte-order mark at the start of `head` announces, if any."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for BOM-less UTF-16 of mostly Latin text, whose every other
    byte is NUL; None otherwise. Binary data is rarely NUL in exactly one byte of each pair."""
    pairs = len(head) // 2
    if pairs < 4 or bom_encoding(head) is not None:
        return None
    even, odd = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= _UTF16_ZERO_SHARE * pairs and other.count(0) == 0:
            try:
                head[: 2 * pairs].decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def looks_binary(head: bytes) -> bool:
    """NULs or many control bytes mean an image, archive or the like, unless UTF-16/32."""
    if bom_encoding(head) in ("utf-16", "utf-32") or utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return bool(head) and controls / len(head) > _MAX_CONTROL_SHARE


def text_from_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """A whole file's bytes as normalised text; InputError if binary, empty or undecodable."""
    if looks_binary(data[:SNIFF_BYTES]):
        raise InputError(source, BINARY)
    text = normalise_text(decode_bytes(data, source, declared))
    if not text.strip():
        raise InputError(source, EMPTY)
    return text


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode by BOM, then UTF-8, then a declared charset, then charset-normalizer's best guess.

    BOM-less UTF-16 is recognised by its NUL bytes. Data that is UTF-8 in places but not
    throughout is refused rather than guessed: any single encoding would garble part of it.
    """
    head = data[:SNIFF_BYTES]
    candidates = (bom_encoding(head) or utf16_without_bom(head), "utf-8", _usable_codec(declared))
    for encoding in candidates:
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if _has_utf8_sequence(data):
        raise InputError(source, _mixed_reason(data))
    guess = _guess(data)
    if guess is None:
        raise InputError(source, UNDECODABLE)
    return guess


def _has_utf8_sequence(data: bytes) -> bool:
    """Whether the data holds a well-formed multi-byte UTF-8 character: legacy encodings
    rarely produce one by chance, so with bytes that are not UTF-8 it means a mix."""
    return _UTF8_MULTIBYTE.search(data) is not None


def _mixed_reason(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = data[err.start]
        return (
            f"mixed encodings: UTF-8 text with byte 0x{bad:02X} at offset {err.start:,} that is "
            "not UTF-8; re-save the file as UTF-8"
        )
    return "mixed encodings; re-save the file as UTF-8"


def _usable_codec(declared: str | None) -> str | None:
    """A declared charset Python knows, read the way browsers read it; None if unknown."""
    if not declared:
        return None
    label = declared.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best reading, with windows-1252 preferred over rare code pages."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    if best.encoding.startswith(_RARE_CODEPAGE_PREFIXES):
        western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
        if western is not None:
            return str(western)
    return str(best)

"""Bytes to the one text every later stage indexes: decoded, NFC-normalised, LF line ends.

Offsets and the content hash both refer to the string `normalise_text` returns, so every
reader passes its text through it before anything else looks at the text.
"""

from __future__ import annotations

import codecs
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


def looks_binary(head: bytes) -> bool:
    """NULs or many control bytes mean an image, archive or the like, unless a UTF-16/32 BOM."""
    if bom_encoding(head) in ("utf-16", "utf-32"):
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
    """Decode by BOM, then UTF-8, then a declared charset, then charset-normalizer's best guess."""
    for encoding in (bom_encoding(data), "utf-8", _usable_codec(declared)):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    guess = _guess(data)
    if guess is None:
        raise InputError(source, UNDECODABLE)
    return guess


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

"""What the user named (paths, directories, globs, "-") expanded into the files to read.

Expansion lists files without reading them, so a progress bar knows its total up front
and a file that disappears between listing and reading is reported as vanished.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model import SkippedInput

STDIN = "-"

Kind = Literal["text", "html", "jsonl", "warc", "sniff"]
Compression = Literal["gzip", "zstd"]

_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
}
# Read as streams: WARC records are gzipped one by one, the others decompress as they are read.
_STREAMED_KINDS: dict[str, Kind] = {
    ".warc.gz": "warc",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".jsonl.zst": "jsonl",
    ".ndjson.zst": "jsonl",
    ".txt.gz": "text",
}
_COMPRESSIONS: dict[str, Compression] = {".gz": "gzip", ".zst": "zstd"}
SUFFIXES: tuple[str, ...] = (*_KINDS, *_STREAMED_KINDS)
_EXPECTED = f"expected one of {', '.join(SUFFIXES)}"
_FOLDER_LINK = "symbolic link to a folder, not followed; name the link to read it"


@dataclass(frozen=True)
class Source:
    """One file to read, or stdin when `path` is None; `label` is how ids and messages name it."""

    label: str
    path: Path | None
    kind: Kind

    @property
    def compression(self) -> Compression | None:
        """How the file is compressed, by its suffix; WARC readers handle their own."""
        if self.path is None or self.kind == "warc":
            return None
        return _COMPRESSIONS.get(self.path.suffix.lower())


def expand_inputs(inputs: Iterable[str]) -> Iterator[Source | SkippedInput]:
    """Each input as the files it names, in order, with a `SkippedInput` for any that names none."""
    for arg in inputs:
        yield from _expand_one(arg)


def describe_os_error(err: OSError) -> str:
    """An OS error as a one-line, lowercase reason, with the fix where there is an obvious one."""
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied; check its permissions"
    reason = err.strerror or str(err) or type(err).__name__
    return f"cannot read: {reason[:1].lower()}{reason[1:]}"


def kind_of(path: Path) -> Kind | None:
    """The reader a file's suffix calls for, or None for a suffix tolltrace does not read."""
    name = path.name.lower()
    for suffix, kind in _STREAMED_KINDS.items():
        if name.endswith(suffix):
            return kind
    return _KINDS.get(path.suffix.lower())


def _expand_one(arg: str) -> Iterator[Source | SkippedInput]:
    if arg == STDIN:
        yield Source(STDIN, None, "sniff")
        return
    path = Path(arg)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        yield from _expand_missing(arg, path)
        return
    except OSError as err:  # a link loop, a directory we may not enter...
        yield SkippedInput(arg, describe_os_error(err))
        return
    if stat.S_ISDIR(mode):
        yield from _expand_directory(arg, path)
    elif stat.S_ISREG(mode):
        yield _named_file(arg, path)
    else:
        yield SkippedInput(arg, "not a regular file")


def _expand_missing(arg: str, path: Path) -> Iterator[Source | SkippedInput]:
    """A name that is not a file: a broken link, a glob pattern, or simply absent."""
    if os.path.lexists(path):
        yield SkippedInput(arg, "broken symbolic link")
    elif glob.escape(arg) != arg:
        yield from _expand_glob(arg)
    else:
        yield SkippedInput(arg, "no such file or directory")


def _named_file(arg: str, path: Path) -> Source | SkippedInput:
    """A file the user named explicitly: an unknown suffix is worth telling them about."""
    kind = kind_of(path)
    if kind is None:
        found = f"'{path.suffix}'" if path.suffix else "a file without a suffix"
        return SkippedInput(arg, f"unsupported file type {found}; {_EXPECTED}")
    return Source(path.as_posix(), path, kind)


def _expand_directory(arg: str, path: Path) -> Iterator[Source | SkippedInput]:
    found = False
    for item in _walk(path):
        found = found or isinstance(item, Source)
        yield item
    if not found:
        yield SkippedInput(arg, f"no supported file in this directory; {_EXPECTED}")


def _walk(top: Path) -> Iterator[Source | SkippedInput]:
    """Files under `top` with a known suffix, sorted, depth first, skipping hidden names.

    Symlinked directories are not followed (one line says so), so a link loop ends the walk
    instead of hanging; nor are links to files outside `top`, which would let a folder from
    elsewhere read any file of the user's (/etc/passwd, keys) into the ledger and serve it.
    """
    root = os.path.realpath(top)
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as err:
            yield SkippedInput(directory.as_posix(), describe_os_error(err))
            continue
        subdirectories = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = directory / entry.name
            if entry.is_dir(follow_symlinks=False):
                subdirectories.append(path)
            elif _links_to_folder(entry):
                yield SkippedInput(path.as_posix(), _FOLDER_LINK)
            elif (kind := kind_of(path)) is not None:
                if (problem := _not_a_file(entry) or _leaves(entry, root)) is not None:
                    yield SkippedInput(path.as_posix(), problem)
                elif _is_regular_file(entry):
                    yield Source(path.as_posix(), path, kind)
        pending.extend(reversed(subdirectories))


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:  # a link loop: reported, if its name is one we read, by _not_a_file
        return False


def _leaves(entry: os.DirEntry[str], root: str) -> str | None:
    """Why a link is not followed when it points outside the folder being read; None if not."""
    if not entry.is_symlink():
        return None
    target = os.path.realpath(entry.path)
    if os.path.commonpath([root, target]) == root:
        return None
    return "symbolic link to a file outside the folder, not followed; name the link to read it"


def _is_regular_file(entry: os.DirEntry[str]) -> bool:
    """True for a file or a link to one; False for FIFOs (which would block) and broken links."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _not_a_file(entry: os.DirEntry[str]) -> str | None:
    """Why a directory entry with a readable suffix is not read, when the user should hear it:
    a broken or looping link. None for a file or a link to one, and for FIFOs and other special
    files, which are passed over (opening a FIFO would block the run)."""
    try:
        if entry.is_file() or not entry.is_symlink():
            return None
        os.stat(entry.path)
    except FileNotFoundError:
        return "broken symbolic link"
    except OSError as err:  # a link that points at itself raises ELOOP
        return describe_os_error(err)
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a match inside a directory we may not search
        return False


def _expand_glob(pattern: str) -> Iterator[Source | SkippedInput]:
    """Files a glob matches; directories it matches are not walked, so `**` lists nothing twice."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield SkippedInput(pattern, "no file matches")
        return
    found = False
    for match in matches:
        path = Path(match)
        kind = kind_of(path)
        if kind is not None and _is_file(path):
            found = True
            yield Source(path.as_posix(), path, kind)
    if not found:
        yield SkippedInput(pattern, f"no supported file matches; {_EXPECTED}")

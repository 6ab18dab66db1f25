"""Ingest: turning what the user names (files, directories, globs, "-") into `Document`s.

Every document's text is decoded, NFC-normalised and given LF line ends before anything
else sees it, because claim offsets index that text and the content hash is of it. HTML
can stop one step short, as a `Page`, for a cluster's workers to parse.
"""

from .inputs import count_inputs, parse_page, read_inputs

__all__ = ["count_inputs", "parse_page", "read_inputs"]

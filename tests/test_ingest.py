"""Ingest: every input form, encoding and failure, with inputs generated under tmp_path."""

from __future__ import annotations

import importlib
import io
import json
import os
import signal
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from tolltrace.ingest import count_inputs, inputs, read_inputs, readers
from tolltrace.model import Document, SkippedInput, sha256_of
from tolltrace.settings import Settings

SETTINGS = Settings()

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Forty killed in flood | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="og:title" content="Forty killed in flood">
<meta property="article:published_time" content="2025-03-14T08:00:00Z">
<link rel="canonical" href="https://planet.example/flood">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World navigation menu</a></li></ul></nav>
<article><h1>Forty killed in flood</h1>
<p>At least 40 people were killed when the river burst its banks on Thursday, officials said.</p>
<p>Rescue teams were still searching for 12 missing residents late into the night, according
to the regional governor, who called it the worst disaster in a generation.</p>
<p>The flood displaced about 3,000 families from their homes, the Red Cross said in a statement
on Friday, adding that shelters in the capital were already full.</p>
</article>
<footer>Copyright 2025 Daily Planet. All rights reserved. Privacy policy.</footer>
</body></html>
"""


def read_all(names: list[str], settings: Settings = SETTINGS) -> list[Document | SkippedInput]:
    return list(read_inputs(names, settings))


def documents(items: list[Document | SkippedInput]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def skips(items: list[Document | SkippedInput]) -> list[SkippedInput]:
    return [item for item in items if isinstance(item, SkippedInput)]


def only(items: list[Document | SkippedInput]) -> Document | SkippedInput:
    assert len(items) == 1, items
    return items[0]


def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return str(path)


class FakeStdin:
    """Stands in for sys.stdin; counts how many bytes were read from its buffer."""

    def __init__(self, data: bytes) -> None:
        self.buffer = CountingStream(data)


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


# --- public surface -----------------------------------------------------------------


def test_ingest_all_lists_exactly_the_public_api() -> None:
    # by module name: the package attribute `tolltrace.ingest` is the `ingest` verb
    package = importlib.import_module("tolltrace.ingest")
    assert sorted(package.__all__) == ["count_inputs", "parse_page", "read_inputs"]


# --- plain text ---------------------------------------------------------------------


def test_text_header_lines_give_title_outlet_and_date(tmp_path: Path) -> None:
    content = "Forty killed in flood\nReuters — 2025-03-14\n\nAt least 40 people died.\n"
    name = write(tmp_path / "a.txt", content)
    doc = only(read_all([name]))
    assert isinstance(doc, Document)
    assert doc.text == content
    assert doc.id == doc.source == Path(name).as_posix()
    assert doc.title == "Forty killed in flood"
    assert (doc.outlet, doc.published) == ("Reuters", "2025-03-14")
    assert doc.lang == "en"


@pytest.mark.parametrize(
    ("byline", "outlet", "published"),
    [
        ("Daily Planet - March 14, 2025", "Daily Planet", "2025-03-14"),
        ("By Jane Roe, Associated Press, 14 March 2025", "Associated Press", "2025-03-14"),
        ("By Jane Roe | 2025-03-14", None, "2025-03-14"),
        ("Published: Sept. 3, 2024", None, "2024-09-03"),
        ("AP | Friday, March 14th, 2025", "AP", "2025-03-14"),
        ("Police said 40 people died on March 14, 2025", None, None),
        ("Reuters — 2025-02-30", None, None),
        ("just an ordinary second line", None, None),
    ],
)
def test_text_byline_is_parsed_leniently_and_never_fails(
    tmp_path: Path, byline: str, outlet: str | None, published: str | None
) -> None:
    doc = only(read_all([write(tmp_path / "a.txt", f"Headline\n{byline}\n\nBody text.\n")]))
    assert isinstance(doc, Document)
    assert (doc.outlet, doc.published) == (outlet, published)


def test_text_first_line_with_final_period_or_too_long_is_no_title(tmp_path: Path) -> None:
    sentence = write(tmp_path / "a.txt", "Forty people were killed on Thursday.\nMore.\n")
    long_line = write(tmp_path / "b.txt", "word " * 60 + "\n")
    markdown = write(tmp_path / "c.md", "# Forty killed in flood\n\nBody.\n")
    titles = [doc.title for doc in documents(read_all([sentence, long_line, markdown]))]
    assert titles == [None, None, "Forty killed in flood"]


def test_text_min_document_chars_skips_short_documents(tmp_path: Path) -> None:
    name = write(tmp_path / "a.txt", "  short  \n")
    skip = only(read_all([name], Settings(min_document_chars=10)))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "too short (5 characters < min_document_chars 10)"


# --- normalisation ------------------------------------------------------------------


def test_nfc_normalises_decomposed_characters_and_hashes_the_nfc_text(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 attack\n\nThe cafe\u0301 was hit.\n"
    doc = only(read_all([write(tmp_path / "a.txt", decomposed)]))
    assert isinstance(doc, Document)
    nfc = unicodedata.normalize("NFC", decomposed)
    assert doc.text == nfc
    assert "\u0301" not in doc.text and doc.text.count("é") == 2
    assert doc.sha256 == sha256_of(nfc)
    assert doc.sha256 != sha256_of(decomposed)


def test_crlf_and_lone_cr_become_lf(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "a.txt", b"one\r\ntwo\rthree\n")]))
    assert isinstance(doc, Document)
    assert doc.text == "one\ntwo\nthree\n"


def test_utf8_bom_is_stripped_and_no_break_space_kept(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "a.txt", "\ufeffTitle\n\n40\u00a0people died.\n")]))
    assert isinstance(doc, Document)
    assert doc.text == "Title\n\n40\u00a0people died.\n"
    assert doc.title == "Title"


# --- decoding -----------------------------------------------------------------------


def test_cp1252_curly_quotes_decode_correctly(tmp_path: Path) -> None:
    text = (
        "Flood toll rises\n\n“Forty people were killed,” the governor’s spokesman said — "
        "and the café on the square was destroyed.\n"
    )
    doc = only(read_all([write(tmp_path / "a.txt", text.encode("cp1252"))]))
    assert isinstance(doc, Document)
    assert doc.text == text


def test_latin1_accented_text_decodes_correctly(tmp_path: Path) -> None:
    text = "Inondations\n\nLe café était fermé. Élise a dit que 40 personnes sont mortes à Laval.\n"
    doc = only(read_all([write(tmp_path / "a.txt", text.encode("latin-1"))]))
    assert isinstance(doc, Document)
    assert doc.text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_decode(tmp_path: Path, encoding: str) -> None:
    text = "Flood toll\n\n40 people were killed in Zürich.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = only(read_all([write(tmp_path / "a.txt", data)]))
    assert isinstance(doc, Document)
    assert doc.text == text


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    skip = only(read_all([write(tmp_path / "image.txt", png)]))
    assert skip == SkippedInput(Path(tmp_path / "image.txt").as_posix(), "binary file, not text")


def test_control_character_soup_is_binary(tmp_path: Path) -> None:
    skip = only(read_all([write(tmp_path / "a.txt", bytes(range(1, 9)) * 50 + b"abc")]))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "binary file, not text"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_and_whitespace_only_files_are_skipped(tmp_path: Path, content: bytes) -> None:
    skip = only(read_all([write(tmp_path / "a.txt", content)]))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "empty"


# --- HTML ---------------------------------------------------------------------------


def test_html_gives_main_text_without_boilerplate_and_metadata(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "page.html", ARTICLE_HTML)]))
    assert isinstance(doc, Document)
    assert "At least 40 people were killed" in doc.text
    assert "navigation menu" not in doc.text
    assert "Copyright" not in doc.text
    assert doc.outlet == "Daily Planet"
    assert doc.published == "2025-03-14"
    assert doc.title == "Forty killed in flood"
    assert doc.url == "https://planet.example/flood"
    assert doc.lang == "en"
    assert doc.text == unicodedata.normalize("NFC", doc.text)


def test_html_declared_windows_1252_charset_is_honoured(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace("utf-8", "windows-1252")
    page = page.replace("officials said", "“officials” said")
    doc = only(read_all([write(tmp_path / "page.htm", page.encode("cp1252"))]))
    assert isinstance(doc, Document)
    assert "“officials” said" in doc.text


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    page = "<html><head><title>Gallery</title></head><body><script>a = 1;</script></body></html>"
    skip = only(read_all([write(tmp_path / "page.html", page)]))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "no article text found in HTML"


@pytest.mark.parametrize(
    "page",
    [
        ARTICLE_HTML[: len(ARTICLE_HTML) // 2],
        "<html><body><p>unterminated <div><b>bold",
        "<<<>>> </html> <p",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Truncated",
        "<html><body>" + "<div>" * 50_000 + "<p>deep</p>",
        "<html><body><article>" + "<b>" * 5_000 + "<p>deep text that is long enough</p>",
    ],
    ids=["half-page", "unclosed", "garbage", "xml-declaration", "deep-divs", "deep-inline"],
)
def test_malformed_or_truncated_html_does_not_crash(tmp_path: Path, page: str) -> None:
    item = only(read_all([write(tmp_path / "page.html", page)]))
    assert isinstance(item, Document | SkippedInput)


def test_html_recursion_error_becomes_a_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(readers.trafilatura, "bare_extraction", too_deep)
    skip = only(read_all([write(tmp_path / "page.html", ARTICLE_HTML)]))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "HTML nested too deeply to parse"


# --- JSON Lines ---------------------------------------------------------------------


def test_jsonl_yields_good_lines_and_reports_broken_ones(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a",
                "text": "Forty killed.",
                "published": "March 14, 2025",
                "outlet": "AP",
                "url": "https://ap.example/a",
                "title": "Flood",
                "lang": "fr-CA",
                "extra": [1, 2],
            }
        ),
        "not json at all",
        "[1, 2]",
        json.dumps({"id": "d"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        "",
        json.dumps({"id": 17, "text": "Twelve injured.", "published": "someday"}),
        json.dumps({"text": "No id here."}),
    ]
    name = write(tmp_path / "docs.jsonl", "\n".join(lines) + "\n")
    items = read_all([name])
    label = Path(name).as_posix()
    good = documents(items)
    assert [doc.id for doc in good] == ["a", "17", f"{label}:9"]
    first = good[0]
    assert (first.outlet, first.url, first.title) == ("AP", "https://ap.example/a", "Flood")
    assert (first.published, first.lang) == ("2025-03-14", "fr")
    assert first.source == f"{label}:1"
    assert good[1].published is None and good[1].lang == "en"
    assert [(skip.source, skip.reason) for skip in skips(items)] == [
        (f"{label}:2", "line 2: not JSON: expecting value (column 1)"),
        (f"{label}:3", "line 3: not a JSON object but a list"),
        (f"{label}:4", "line 4: missing text"),
        (f"{label}:5", "line 5: text is a number, not a string"),
        (f"{label}:6", "line 6: empty text"),
    ]


def test_jsonl_truncated_last_line_is_skipped(tmp_path: Path) -> None:
    content = json.dumps({"text": "Complete."}) + "\n" + '{"text": "Cut off mid'
    items = read_all([write(tmp_path / "docs.ndjson", content)])
    assert [doc.text for doc in documents(items)] == ["Complete."]
    (skip,) = skips(items)
    assert skip.source.endswith("docs.ndjson:2")
    assert skip.reason.startswith("line 2: not JSON (the last line looks cut off): ")


def test_jsonl_text_is_normalised(tmp_path: Path) -> None:
    name = write(tmp_path / "d.jsonl", json.dumps({"text": "\ufeffCafe\u0301\r\nsaid"}) + "\n")
    doc = only(read_all([name]))
    assert isinstance(doc, Document)
    assert doc.text == "Café\nsaid"


def test_jsonl_binary_file_is_one_skip(tmp_path: Path) -> None:
    name = write(tmp_path / "d.jsonl", b"PK\x03\x04" + bytes(500) + b"\n{}\n" * 10)
    assert read_all([name]) == [SkippedInput(Path(name).as_posix(), "binary file, not text")]


def test_jsonl_oversized_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    big = json.dumps({"text": "x" * 5_000})
    name = write(tmp_path / "d.jsonl", f"{big}\n{json.dumps({'text': 'small'})}\n")
    items = read_all([name], Settings(max_document_bytes=1_000))
    assert [doc.text for doc in documents(items)] == ["small"]
    (skip,) = skips(items)
    assert skip.reason == (
        "line 1: too large (more than the 1.0 kB limit; raise max_document_bytes)"
    )


def test_jsonl_is_streamed_not_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    line = json.dumps({"text": "Forty killed. " * 20}).encode() + b"\n"
    stdin = FakeStdin(line * 5_000)  # about 1.5 MB
    monkeypatch.setattr("sys.stdin", stdin)
    stream = read_inputs(["-"], SETTINGS)
    first = next(stream)
    assert isinstance(first, Document) and first.source == "-:1"
    assert stdin.buffer.bytes_read < 100_000
    assert sum(1 for _ in stream) == 4_999


# --- files, directories, globs, stdin -----------------------------------------------


def test_directory_is_walked_recursively_sorted_skipping_hidden_and_unknown(
    tmp_path: Path,
) -> None:
    write(tmp_path / "b.txt", "B")
    write(tmp_path / "a" / "z.md", "Z")
    write(tmp_path / "a" / "y.pdf", "not read")
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "c.txt", "hidden dir")
    write(tmp_path / "c.HTML", ARTICLE_HTML)
    items = read_all([str(tmp_path)])
    root = tmp_path.as_posix()
    assert [item.source for item in items] == [f"{root}/b.txt", f"{root}/c.HTML", f"{root}/a/z.md"]
    assert all(isinstance(item, Document) for item in items)
    assert count_inputs([str(tmp_path)]) == 3


def test_directory_without_supported_files_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "notes.pdf", "x")
    skip = only(read_all([str(tmp_path)]))
    assert isinstance(skip, SkippedInput)
    assert skip.reason.startswith("no supported file in this directory; expected one of .txt")


def test_glob_expands_recursively(tmp_path: Path) -> None:
    write(tmp_path / "articles" / "one.html", ARTICLE_HTML)
    write(tmp_path / "articles" / "2025" / "two.html", ARTICLE_HTML)
    write(tmp_path / "articles" / "2025" / "three.txt", "not matched")
    pattern = f"{tmp_path}/articles/**/*.html"
    items = read_all([pattern])
    assert [Path(item.source).name for item in items if item.source] == ["two.html", "one.html"]
    assert count_inputs([pattern]) == 2


def test_glob_matching_nothing_is_skipped(tmp_path: Path) -> None:
    pattern = f"{tmp_path}/*.html"
    assert read_all([pattern]) == [SkippedInput(pattern, "no file matches")]
    assert count_inputs([pattern]) == 0


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    name = str(tmp_path / "nowhere.txt")
    assert read_all([name]) == [SkippedInput(name, "no such file or directory")]


def test_explicit_file_with_unknown_suffix_is_skipped(tmp_path: Path) -> None:
    name = write(tmp_path / "report.pdf", "x")
    skip = only(read_all([name]))
    assert isinstance(skip, SkippedInput)
    assert skip.source == name
    assert skip.reason.startswith("unsupported file type '.pdf'; expected one of .txt")


def test_file_deleted_after_listing_is_reported_as_vanished(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A")
    doomed = tmp_path / "b.txt"
    write(doomed, "B")
    stream = read_inputs([str(tmp_path)], SETTINGS)
    doomed.unlink()
    items = list(stream)
    assert isinstance(items[0], Document)
    assert items[1] == SkippedInput(doomed.as_posix(), "vanished before it could be read")


def test_too_large_file_is_skipped_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = write(tmp_path / "big.txt", "x" * 52_400)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file was opened")

    monkeypatch.setattr(inputs, "open", no_open, raising=False)
    skip = only(read_all([name], Settings(max_document_bytes=5_000)))
    assert skip == SkippedInput(
        Path(name).as_posix(), "too large (52.4 kB > 5.0 kB limit; raise max_document_bytes)"
    )


def test_unreadable_file_is_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = write(tmp_path / "secret.txt", "classified")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inputs, "open", denied, raising=False)
    skip = only(read_all([name]))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "permission denied; check its permissions"


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fails a test that runs over five seconds instead of letting it hang the suite."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("took too long: probably hanging")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.usefixtures("deadline")
def test_symlink_loops_in_a_directory_do_not_hang(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "a.txt", "A")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    items = read_all([str(tmp_path)])
    assert [Path(item.source).name for item in documents(items)] == ["a.txt"]
    loop = (tmp_path / "self.txt").as_posix()
    folder_link = (tmp_path / "sub" / "loop").as_posix()
    not_followed = "symbolic link to a folder, not followed; name the link to read it"
    assert [item for item in items if isinstance(item, SkippedInput)] == [
        SkippedInput(loop, "cannot read: too many levels of symbolic links"),
        SkippedInput(folder_link, not_followed),
    ]


@pytest.mark.usefixtures("deadline")
def test_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read_all([str(tmp_path)])[0].source == tmp_path.as_posix()  # nothing readable
    assert read_all([str(fifo)]) == [SkippedInput(str(fifo), "not a regular file")]


def test_stdin_text_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(b"Headline\r\n\r\nForty killed.\r\n"))
    doc = only(read_all(["-"]))
    assert isinstance(doc, Document)
    assert (doc.id, doc.source, doc.title) == ("-", "-", "Headline")
    assert doc.text == "Headline\n\nForty killed.\n"
    assert count_inputs(["-"]) == 1


def test_stdin_html_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(b"  \n" + ARTICLE_HTML.encode()))
    doc = only(read_all(["-"]))
    assert isinstance(doc, Document)
    assert doc.outlet == "Daily Planet" and "navigation menu" not in doc.text


def test_stdin_jsonl_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"\n  " + b'{"id": "x", "text": "Forty killed."}\n{"text": "Two."}\n'
    monkeypatch.setattr("sys.stdin", FakeStdin(data))
    items = read_all(["-"])
    assert [(doc.id, doc.source) for doc in documents(items)] == [("x", "-:2"), ("-:3", "-:3")]


def test_stdin_too_large_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(b"x" * 3_000))
    skip = only(read_all(["-"], Settings(max_document_bytes=1_000)))
    assert skip == SkippedInput(
        "-", "too large (more than the 1.0 kB limit; raise max_document_bytes)"
    )


def test_inputs_are_read_only_when_iterated(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = FakeStdin(b"Forty killed.\n")
    monkeypatch.setattr("sys.stdin", stdin)
    stream = read_inputs(["-"], SETTINGS)
    assert stdin.buffer.bytes_read == 0
    assert isinstance(next(stream), Document)


def test_inputs_keep_their_order_and_count(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "A")
    b = write(tmp_path / "b.jsonl", '{"text": "one"}\n{"text": "two"}\n')
    missing = str(tmp_path / "missing.txt")
    items = read_all([b, missing, a])
    b_label = Path(b).as_posix()
    expected = [f"{b_label}:1", f"{b_label}:2", missing, Path(a).as_posix()]
    assert [item.source for item in items] == expected
    assert count_inputs([b, missing, a]) == 2

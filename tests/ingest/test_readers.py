"""read_paths: formats, column mapping, expansion order and every bad-input case."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from marsad.ingest import IngestError, IngestFailure, read_paths, sample_paths
from marsad.model import Article

TXT = ("Army repels attack near Mhardeh\n\nThu 23 Mar 2017\n\nArmy units repelled on Wednesday "
       "an attack by terrorists on Mhardeh, killing dozens of them, a military source said.\n")


def articles(results):
    return [r for r in results if isinstance(r, Article)]


def failures(results):
    return [r for r in results if isinstance(r, IngestFailure)]


def test_txt_first_line_title(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TXT, encoding="utf-8")
    [a] = list(read_paths(p))
    assert a.title == "Army repels attack near Mhardeh"
    assert a.published == dt.date(2017, 3, 23)
    assert a.source_path == str(p) and a.meta["encoding"] == "utf-8"


def test_markdown_marks_stripped(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Rebels take Souran\n\n**Rebels** took [Souran](http://x.example/s) on "
                 "Tuesday, activists said.\n", encoding="utf-8")
    [a] = list(read_paths(p))
    assert a.title == "Rebels take Souran"
    assert a.text == "Rebels take Souran\n\nRebels took Souran on Tuesday, activists said."


def test_latin1_file_read_and_encoding_recorded(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes("Caf\u00e9 shelled in Hama\n\nMortars hit a caf\u00e9 in Hama, "
                  "killing two people.\n".encode("latin-1"))
    [a] = list(read_paths(p))
    assert "caf\u00e9" in a.text
    assert a.meta["encoding"] in ("cp1252", "latin-1")
    [b] = list(read_paths(p, encoding="latin-1"))
    assert b.meta["encoding"] == "latin-1" and b.text == a.text


def test_utf16_and_utf8_bom_files(tmp_path):
    p16 = tmp_path / "u16.txt"
    p16.write_bytes(TXT.encode("utf-16"))
    p8 = tmp_path / "bom.txt"
    p8.write_bytes(b"\xef\xbb\xbf" + TXT.encode("utf-8"))
    a, b = list(read_paths([p16, p8]))
    assert a.meta["encoding"] == "utf-16" and b.meta["encoding"] == "utf-8-sig"
    assert a.text == b.text and a.title == "Army repels attack near Mhardeh"


def test_forced_wrong_encoding_is_failure(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes("Caf\u00e9 shelled\n\nMortars hit a caf\u00e9.".encode("latin-1"))
    [f] = list(read_paths(p, encoding="utf-8"))
    assert isinstance(f, IngestFailure) and "cannot decode as utf-8" in f.reason


FAKES_STYLE = [
    ["unit_id", "article_title", "article_content", "source", "date", "location", "labels"],
    ["1", "Air strikes kill 8 in Kafr Zita",
     "Fri 24 Mar 2017 Air strikes kill 8 in Kafr Zita. At least 8 civilians were killed "
     "in air strikes on Kafr Zita on Thursday, a local council official said.",
     "examplenews", "3/24/2017", "hama", "1"],
    ["2", "Caf\u00e9 owner killed in Morek shelling",
     "A caf\u00e9 owner was killed when shells hit Morek on Monday, residents said.",
     "otheroutlet", "4/5/2017", "hama", "0"],
]


def test_fakes_style_latin1_csv(tmp_path):
    p = tmp_path / "fakes.csv"
    with open(p, "w", encoding="latin-1", newline="") as fh:
        csv.writer(fh).writerows(FAKES_STYLE)
    a, b = list(read_paths(p))
    assert a.title == "Air strikes kill 8 in Kafr Zita"
    assert a.outlet == "examplenews" and a.published == dt.date(2017, 3, 24)
    assert a.text.startswith("Fri 24 Mar 2017 Air strikes")      # title already in body
    assert a.source_path == f"{p}:row 1" and b.source_path == f"{p}:row 2"
    assert a.meta["extra"] == {"unit_id": "1", "location": "hama", "labels": "1"}
    assert b.published == dt.date(2017, 4, 5)                   # month/day/year
    assert "caf\u00e9" in b.text and b.meta["encoding"] == "cp1252"
    assert b.text.startswith("Caf\u00e9 owner killed in Morek shelling\n\n")


def test_csv_column_override_and_semicolon_delimiter(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("Headline;Story;When\nRebels take Halfaya;Rebels took Halfaya on Wednesday.;"
                 "2017-03-22\n", encoding="utf-8")
    [a] = list(read_paths(p, columns={"text": "story", "date": "When"}))
    assert a.title == "Rebels take Halfaya" and a.published == dt.date(2017, 3, 22)
    [f] = list(read_paths(p, columns={"text": "missing_col"}))
    assert "'missing_col' (given for text) not found" in f.reason and "Story" in f.reason


def test_csv_without_text_column_names_columns_and_aliases(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("id,headline,when\n1,Rebels take Halfaya,2017-03-22\n", encoding="utf-8")
    [f] = list(read_paths(p))
    assert f.source == str(p)
    assert "no text column" in f.reason
    assert "id, headline, when" in f.reason and "article_content, content, text, body" in f.reason


def test_malformed_csv_row_fails_alone(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("title,text,date\nA,Rebels shelled Morek on Monday.,2017-03-20\n"
                 "B,too,many,fields,here\n\nC,Army retook Maan on Sunday.,2017-03-26\n"
                 "D,,2017-03-27\n", encoding="utf-8")
    results = list(read_paths(p))
    assert [type(r).__name__ for r in results] == ["Article", "IngestFailure", "Article", "IngestFailure"]
    assert results[1].source == f"{p}:row 2" and "5 fields, header has 3" in results[1].reason
    assert results[2].source_path == f"{p}:row 3"
    assert results[3].source == f"{p}:row 4" and "no article text" in results[3].reason


def test_jsonl_mapping_and_malformed_line(tmp_path):
    p = tmp_path / "x.jsonl"
    lines = [json.dumps({"headline": "Army retakes Maan", "body": "The army retook Maan on "
                         "Sunday, state media said.", "publisher": "Example TV",
                         "pubdate": "2017-03-26", "link": "https://x.example/1", "lang": "en"}),
             "{not json",
             json.dumps(["a", "list"]),
             json.dumps({"title": "No body here"}),
             json.dumps({"content": "Rebels shelled Mhardeh.", "date": "not a date"})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_paths(p))
    a = results[0]
    assert (a.title, a.outlet, a.published, a.url) == (
        "Army retakes Maan", "Example TV", dt.date(2017, 3, 26), "https://x.example/1")
    assert a.meta["extra"] == {"lang": "en"} and a.source_path == f"{p}:line 1"
    assert results[1].source == f"{p}:line 2" and "malformed JSON" in results[1].reason
    assert "expected a JSON object" in results[2].reason
    assert "no text column" in results[3].reason
    assert results[4].published is None and results[4].meta["date_raw"] == "not a date"


def test_json_array(tmp_path):
    p = tmp_path / "x.json"
    p.write_text(json.dumps([{"text": "Rebels shelled Mhardeh."}, {"text": "Army hit Kafr Zita."}]),
                 encoding="utf-8")
    a, b = list(read_paths(p))
    assert b.source_path == f"{p}:item 2"


HTML = """<html><head><title>Army retakes Maan - Example Post</title>
<meta property="og:site_name" content="Example Post">
<meta property="article:published_time" content="2017-03-27T09:30:00+03:00"></head>
<body><nav><a href="/">Home</a> <a href="/syria">Syria</a></nav><article>
<h1>Army retakes Maan</h1>
<p>Syrian government forces recaptured the village of Maan in the northern Hama countryside
on Sunday after a week of fighting, residents and fighters on both sides said.</p>
<p>At least 23 government fighters and 17 rebels died in two days of fighting for Maan,
the Syrian Observatory for Human Rights reported on Monday.</p>
<p>Residents of Kafr Zita said warplanes struck the town at least 15 times overnight, and that
a field hospital was put out of service by the raids.</p>
</article><footer>Copyright 2017 Example Post</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    [a] = list(read_paths(p))
    assert isinstance(a, Article), a
    assert a.title == "Army retakes Maan" and a.outlet == "Example Post"
    assert a.published == dt.date(2017, 3, 27)
    assert "recaptured the village of Maan" in a.text
    assert len(a.text.split("\n\n")) == 4       # headline + three paragraphs, kept apart
    assert "Home" not in a.text and "Copyright" not in a.text


def test_html_declared_legacy_charset_used(tmp_path):
    p = tmp_path / "old.html"
    # cp1256 bytes also decode as cp1252, into the wrong letters: the declaration must win
    page = HTML.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; '
                        'charset=windows-1256">').replace("Maan</h1>", "Maan (\u0645\u0639\u0627\u0646)</h1>")
    p.write_bytes(page.encode("cp1256"))
    [a] = list(read_paths(p))
    assert a.meta["encoding"] == "cp1256" and "(\u0645\u0639\u0627\u0646)" in a.title


def test_html_without_article_is_failure(tmp_path):
    p = tmp_path / "nav.htm"
    p.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    [f] = list(read_paths(p))
    assert isinstance(f, IngestFailure) and "no article text found" in f.reason


def test_bad_inputs_each_fail_and_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n \n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    controls = tmp_path / "controls.txt"
    controls.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 20 + b"text")
    big = tmp_path / "big.txt"
    big.write_text(TXT * 10, encoding="utf-8")
    unknown = tmp_path / "doc.pdf"
    unknown.write_bytes(b"%PDF-1.4")
    junk_only = tmp_path / "junk.txt"
    junk_only.write_text("Share\n\nAdvertisement\n", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    order = [missing, empty, blank, binary, controls, big, unknown, junk_only, good]
    results = list(read_paths(order, max_bytes=len(TXT.encode()) * 5))
    assert isinstance(results[-1], Article)
    fails = {Path(f.source).name: f.reason for f in failures(results)}
    assert len(fails) == 8
    assert "no such file" in fails["nope.txt"]
    assert fails["empty.txt"] == "empty file (0 bytes)"
    assert "only whitespace" in fails["blank.txt"]
    assert "binary file (contains NUL bytes)" in fails["image.txt"]
    assert "control characters" in fails["controls.txt"]
    size = big.stat().st_size
    assert f"{size:,} bytes" in fails["big.txt"] and "raise max_bytes" in fails["big.txt"]
    assert "unsupported file type '.pdf'" in fails["doc.pdf"] and ".txt" in fails["doc.pdf"]
    assert "no article text left" in fails["junk.txt"]
    assert all(str(tmp_path) in f.source for f in failures(results))


def test_directory_recursive_sorted_and_glob(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ["b/2.txt", "a/9.txt", "a/10.txt", "c.txt", ".hidden/x.txt", "README.md"]:
        (tmp_path / rel).write_text(TXT.replace("Mhardeh", rel), encoding="utf-8")
    got = [Path(a.source_path).relative_to(tmp_path).as_posix() for a in read_paths(tmp_path)]
    assert got == ["a/10.txt", "a/9.txt", "b/2.txt", "c.txt"]
    again = [a.id for a in read_paths(tmp_path)]
    assert again == [a.id for a in read_paths(tmp_path)]
    globbed = [Path(a.source_path).name for a in read_paths(str(tmp_path / "**" / "*.txt"))]
    assert globbed == ["10.txt", "9.txt", "2.txt", "c.txt"]
    [f] = list(read_paths(str(tmp_path / "*.nothing")))
    assert "pattern matched no files" in f.reason


def test_unknown_column_key_rejected():
    with pytest.raises(IngestError, match="unknown column mapping keys"):
        list(read_paths([], columns={"body": "x"}))


def test_samples_all_ingest():
    paths = sample_paths()
    exts = sorted(Path(p).suffix for p in paths)
    assert exts == [".html", ".jsonl", ".txt", ".txt", ".txt"]
    results = list(read_paths(paths))
    assert not failures(results), failures(results)
    assert len(results) == 6
    for a in results:
        assert a.title and a.outlet and a.published
        assert dt.date(2017, 3, 20) <= a.published <= dt.date(2017, 3, 31)
        assert not a.text.split("\n\n")[1][:3].isdigit() and "2017 /" not in a.text
        for junk in ("Share", "Advertisement", "Related Articles", "Leave a Reply",
                     "Sender's", "Read more", "Responsibility for"):
            assert junk not in a.text, (a.source_path, junk)
    assert len({a.id for a in results}) == 6

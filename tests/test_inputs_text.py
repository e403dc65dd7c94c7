"""The one text-decoding policy and line splitting of every reader."""

from __future__ import annotations

import codecs

from refnet.inputs.text import decode, decode_problems, replace_surrogates, split_lines


def test_lines_end_only_at_lf_crlf_and_cr():
    text = "a\x0bb\nc\x0cd\r\ne\x85f\rg\u2028h\u2029i\n"
    assert split_lines(text) == ["a\x0bb", "c\x0cd", "e\x85f", "g\u2028h\u2029i"]
    assert split_lines("") == [] and split_lines("x") == ["x"] and split_lines("\n") == [""]


def test_byte_order_marks_choose_the_codec():
    for bom, codec in [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ]:
        decoded = decode(bom + "Čapek 10.1000/x\n".encode(codec))
        assert decoded.text == "Čapek 10.1000/x\n" and not decoded.bad_lines, codec


def test_bad_bytes_are_replaced_and_reported_by_line():
    data = b"fine\r\ncaf\xe9\rok\nbad \xff\xfe twice \xc3\n"
    decoded = decode(data)
    assert split_lines(decoded.text) == ["fine", "caf\ufffd", "ok", "bad \ufffd\ufffd twice \ufffd"]
    assert decoded.bad_lines == [2, 4]
    problems = decode_problems(decoded, "refs/x.txt", "seeds")
    assert list(problems["origin"]) == ["refs/x.txt:2", "refs/x.txt:4"]
    assert problems["reason"].str.contains("not UTF-8").all()


def test_a_real_replacement_character_is_not_a_bad_byte():
    assert decode("a \ufffd b\n".encode()).bad_lines == []


def test_lone_surrogates_are_replaced():
    assert replace_surrogates("a\ud800b") == ("a\ufffdb", True)
    assert replace_surrogates("fine") == ("fine", False)

"""Regular expressions shared by the reference-string readers (years, quotes, locators,
WoS shapes, names); each reader module keeps the patterns only it uses."""

from __future__ import annotations

import re

YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?"
_YEAR_RE = re.compile(rf"(?<![\d/.-])(?<!\d\()({YEAR})(?![\d])")  # not "389(1797)": an issue
_QUOTE_OPEN = "“\"‘'«„"
_QUOTED = re.compile(r"[“\"‘«„]\s*(.+?)\s*[,.]?\s*(?:[”\"»“]|’(?!\w))")
# A quotation that never closes: the line was cut inside the title (a truncated source).
_UNCLOSED = re.compile(r"(?<=,\s)[“\"‘«„]\s*([^”\"’»]+?)\s*$")
_LEAD = re.compile(
    r"^(?:\[\d+\]\s*|\d{1,3}[.)]\s+|(?:e\.g\.,?\s*)?(?:see also|see|cf\.|and|also|on)\s+)",
    re.IGNORECASE,
)
_IBID = re.compile(r"^(?:ibid|ibidem|id\.|idem)\b\.?", re.IGNORECASE)
_OPCIT = re.compile(r",?\s*\bop\.?\s*cit\b\.?", re.IGNORECASE)
_URL = re.compile(r"(?:https?\s*[:.]?\s*//|www\.)\S+(?:\s+\S+\.\S+)*", re.IGNORECASE)
_DOI_TEXT = re.compile(
    r"<?\s*(?:https?://(?:dx\.)?doi\.org/|doi\s*[:.]?\s*)\s*10\.\s?\S+>?|\b10\.\d{4,9}/\S+",
    re.IGNORECASE,
)
_ACCESSED = re.compile(r"\((?:accessed|retrieved|viewed)[^)]*\)|available (?:at|from):?", re.I)
_PAGES = re.compile(r"(?:\bpp?\.\s*|:\s*|,\s*)([A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)\s*\.?\s*$")
_VOL_ISSUE = re.compile(
    r"(?:\bvol(?:ume)?\.?\s*)?\b(\d{1,4})\s*(?:,\s*|\s*)(?:\((\w+(?:[-–/]\w+)?)\)|"
    r"(?:no\.?|number|issue)\s*(\w+)|/(\d+))?",
    re.IGNORECASE,
)
_TITLE_END = re.compile(
    r"\s\((?=[^)]*\d{4}\s*\))|,\s*(?=(?:pp?\.|chaps?\.|chapter|\d))|(?<!\b[A-Z])\.\s|;|\.\s*$"
)
_PAGES_ONLY = re.compile(r"^(?:pp?\.\s*|chaps?\.\s*|chapter\s+)?[\dA-Za-z]?[\d\s,–—-]*\.?$", re.I)
_MONTH = re.compile(
    r",?\s*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.IGNORECASE
)
_PUBLISHER = re.compile(r"\(([^():]{2,60}):\s*([^(),]{2,80}),\s*(?:\w+\s+)?(\d{4})\)")
_WOS = re.compile(
    rf"^(?P<author>\[Anonymous\]|[^,\d\[]{{2,60}}?),\s*(?P<year>{YEAR}),\s*(?P<src>[^,]+?)"
    r"(?:,\s*[Vv](?P<vol>[\w-]+))?(?:,\s*[Pp](?P<page>[\w-]+))?(?:,\s*DOI\s+\S+)?\s*\.?$"
)
_WOS_CN = re.compile(
    r"^(?P<title>.+?)\s*\[(?P<type>[A-Z])\]\s*\.\s*(?P<authors>.+?)\s*\.\s+(?P<venue>[^,]+),\s*"
    rf"(?P<year>{YEAR})(?:,\s*(?P<vol>\d+))?\s*(?:\((?P<iss>\w+)\))?\s*(?::\s*(?P<pages>[\w-]+))?"
)
_CITATION = re.compile(
    rf"^(?P<names>[^\d()“”\"]{{2,80}}?),?\s*\(?(?P<year>{YEAR})\)?"
    r"(?:\s*,\s*(?:pp?\.\s*)?[\d–-]+)?\s*\.?$"
)
_INSTITUTION = re.compile(r"^[^\W\d_](?:[^\W\d_]|[’'\- ,])*$")
_INVERTED_GIVEN = re.compile(
    r"^(?P<given>(?:[A-Z][a-z’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.)){0,2})(?:(?<=\.)|\.)\s+(?=[A-Z“\"‘])"
)
_GIVEN = r"(?:[A-Z][a-z’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.)){0,2}"
_GIVEN_ONLY = re.compile(_GIVEN + r"\.?")
_SECOND_AUTHOR = re.compile(rf"^(?:and|&)\s+(?P<name>{_GIVEN}\s+[A-Z][\w’'\-]+)\.\s+(?=[A-Z“\"‘])")
_ETAL_WORDS = re.compile(r"\bet\s+al\.?", re.IGNORECASE)
_PRESS = re.compile(rf"^[“\"‘](?P<title>.+?)[,.]?[”\"’],?\s*\(?(?P<year>{YEAR})\)?\.?$")
_AUTHOR_DATE = re.compile(
    rf"^(?P<authors>[^“\"‘(]{{2,400}}?)[\s.,]*\(\s*(?P<year>{YEAR})(?:\s*,[^)]*)?\)\s*[.,:]?\s*"
    r"(?P<rest>.*)$"
)
_AUTHOR_DOT_YEAR = re.compile(
    rf"^(?P<authors>[^“\"‘(]{{2,300}}?)[.,]\s+(?P<year>{YEAR})[.:]\s+(?P<rest>.+)$"
)


_SPACES = re.compile(r"\s+")
_BROKEN_WORD = re.compile(r"(\w)- (\w)")
_SPACE_BEFORE_COMMA = re.compile(r"\s+([,;])")
_COMMA_UNSPACED = re.compile(r",(?=[^\s\d])")
_QUOTE_UNSPACED = re.compile(r"([,.][”\"’])(?=[A-Za-z])")
#: A sentence glued to the next (``Y. Saad.Iterative Methods``): a word of two lower-case
#: letters or more, a dot, a capitalised word.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
#: An HTML character reference (``&#199;``, ``&amp;``) left in a scraped string.
_HTML_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")

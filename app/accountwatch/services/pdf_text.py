"""A PDF's text layer made to extract as written: ToUnicode maps without radicals or ligature
code points, and the document's language in the catalog (`/Lang`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Set
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject, TextStringObject

# Qt's PDF engine (QFontSubset::getReverseMap) writes each glyph's ToUnicode entry as the
# *lowest* code point the font's cmap maps to that glyph. CJK fonts draw a Kangxi radical and
# its ideograph with one glyph (⽇ U+2F47 and 日 U+65E5), and U+2F47 < U+65E5, so 日 extracts as
# ⽇; a font's fi ligature glyph is found as U+FB01. The same flaw is known in wkhtmltopdf
# (issue 4414) and PDFBox (PR 470). The glyphs on the page are right: only the map is rewritten.
#
# Radicals whose ideograph NFKC does not give, and the Kangxi radicals whose glyph a Japanese
# font shares with another ideograph than NFKC's: found by comparing glyph indices of U+2E80–
# U+2FDF with those of the CJK ideograph blocks in every face of Noto Sans/Serif CJK (JP, SC,
# TC, KR). The first candidate that occurs in the document wins; else the first one.
_SHARED_GLYPHS = (
    "⺂乛 ⺃乚 ⺅亻 ⺇𠘨 ⺉刂 ⺋㔾 ⺎兀 ⺏尣 ⺐尢 ⺒巳 ⺓幺 ⺔彑 "
    "⺕彐 ⺖忄 ⺘扌 ⺙攵 ⺛旡 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺣灬 ⺤爫 ⺦丬 "
    "⺨犭 ⺩𤣩 ⺫罒 ⺭礻 ⺮𥫗 ⺯糹 ⺰纟 ⺱罓 ⺲罒 ⺳㓁 ⺹耂 ⺺肀 "
    "⺽𦥑 ⺾艹 ⺿艹 ⻀艹 ⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻇𧢲 ⻈讠 ⻉贝 "
    "⻊𧾷 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻐钅 ⻑長 ⻒镸 ⻓长 ⻔门 ⻕𨸏 ⻖阝 "
    "⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻞𩙿 ⻟飠 ⻠饣 ⻡𩠐 ⻢马 ⻣骨 "
    "⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 "
    "⻰龙 ⻱龜 ⻲亀 ⻳龟 ⼬屮 ⼾戸戶户"
)
_CANDIDATES = {entry[0]: tuple(entry[1:]) for entry in _SHARED_GLYPHS.split()}

# Code points a ToUnicode map must never hold: CJK Radicals Supplement, Kangxi Radicals,
# Ideographic Description Characters (U+2E80–U+2FFF) and the Latin ligatures (U+FB00–U+FB06).
_RADICALS = range(0x2E80, 0x2FE0)
_LIGATURES = range(0xFB00, 0xFB07)

_HEX = re.compile(rb"<([0-9A-Fa-f]{4,})>")


def intended(code: str, document_chars: Set[str], siblings: Mapping[str, str] | None = None) -> str:
    """What a glyph mapped to `code` stands for in a document made of `document_chars`.

    `siblings` maps a code point to the document's character drawn with the same glyph, as
    the font itself says (report_pdf.shared_glyphs): that covers what the tables below cannot,
    e.g. ‧ (U+2027) written for the ・ (U+30FB) of 許認可・登記書類 in Noto Sans CJK JP."""
    if code in document_chars:
        return code
    if siblings and code in siblings:
        return siblings[code]
    if ord(code) not in _RADICALS and ord(code) not in _LIGATURES:
        return code
    normal = unicodedata.normalize("NFKC", code)
    candidates = _CANDIDATES.get(code, ()) + ((normal,) if normal != code else ())
    for candidate in candidates:
        if all(c in document_chars for c in candidate):
            return candidate
    return candidates[0] if candidates else code


def _decode(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", errors="surrogatepass")


def _encode(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def fixed_cmap(
    cmap: bytes, document_chars: Set[str], siblings: Mapping[str, str] | None = None
) -> bytes:
    """`cmap` (a ToUnicode CMap program) with every destination made what it stands for.

    Source codes are left alone. Destinations are UTF-16BE; one may hold several characters
    (ISO 32000-1 9.10.3), which is how a ligature glyph becomes "fi".
    """
    out: list[bytes] = []
    section = b""
    in_array = False
    for line in cmap.split(b"\n"):
        words = line.split()
        if words and words[-1].startswith(b"begin"):
            section = words[-1]
        elif words and words[-1].startswith(b"end"):
            section = b""
        elif section == b"beginbfchar":
            line = _rewrite(line, skip=1, document_chars=document_chars, siblings=siblings)
        elif section == b"beginbfrange":
            codes = _HEX.findall(line)
            if in_array:  # an array of destinations continued from an earlier line
                line = _rewrite(line, skip=0, document_chars=document_chars, siblings=siblings)
            # `<lo> <hi> <dst>` over several codes means dst, dst+1, …: left as it is.
            elif b"[" in line or (len(codes) == 3 and codes[0] == codes[1]):
                line = _rewrite(line, skip=2, document_chars=document_chars, siblings=siblings)
            if b"[" in line or in_array:
                in_array = b"]" not in line
        out.append(line)
    return b"\n".join(out)


def _rewrite(
    line: bytes, *, skip: int, document_chars: Set[str], siblings: Mapping[str, str] | None
) -> bytes:
    """`line` with each hex string after the first `skip` (the source codes) rewritten."""
    seen = 0

    def one(match: re.Match[bytes]) -> bytes:
        nonlocal seen
        seen += 1
        if seen <= skip:
            return match.group(0)
        try:
            text = _decode(match.group(1))
        except (ValueError, UnicodeDecodeError):
            return match.group(0)
        if len(text) != 1:
            return match.group(0)
        return _encode(intended(text, document_chars, siblings))

    return _HEX.sub(one, line)


def _fonts(writer: PdfWriter) -> Iterator[DictionaryObject]:
    seen: set[int] = set()
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                yield font


def fix_text_layer(
    path: Path, document_text: str, language: str, siblings: Mapping[str, str] | None = None
) -> None:
    """Rewrite the PDF at `path` so its text extracts as `document_text` was written, and
    record `language` (a BCP 47 tag) as its /Lang; `siblings` as for `intended`."""
    chars = frozenset(document_text)
    writer = PdfWriter(clone_from=str(path))
    for font in _fonts(writer):
        to_unicode = font.get("/ToUnicode")
        if to_unicode is None:
            continue
        stream = to_unicode.get_object()
        if isinstance(stream, StreamObject):
            stream.set_data(fixed_cmap(stream.get_data(), chars, siblings))
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    with path.open("wb") as file:
        writer.write(file)

"""ToUnicode maps rewritten to what each glyph stands for (services.pdf_text)."""

from __future__ import annotations

from accountwatch.services.pdf_text import fixed_cmap, intended

CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfrange
<0000> <0000> <0000>
<0001> <0004> [<2F47> <6255> <FB01> <2ED1> ]
<0005> <0006> <2F00>
endbfrange
2 beginbfchar
<0007> <2F49>
<2F47> <0041>
endbfchar
endcmap
"""


def test_radicals_and_ligatures_become_what_the_document_says() -> None:
    text = frozenset("日付の支払 findings 長期 月")

    fixed = fixed_cmap(CMAP, text)

    assert b"[<65E5> <6255> <00660069> <9577> ]" in fixed  # 日, 払, "fi", 長
    assert b"<0007> <6708>" in fixed  # ⽉ → 月 in a bfchar
    assert b"<2F47> <0041>" in fixed  # a source code is never rewritten
    assert b"<0000> <FFFF>" in fixed  # nor the code space
    # A range over several codes means consecutive destinations: left as it was.
    assert b"<0005> <0006> <2F00>" in fixed


def test_the_candidate_that_occurs_in_the_document_wins() -> None:
    # Japanese fonts draw ⼾ with the glyph of 戸; NFKC would say 戶.
    assert intended("⼾", frozenset("戸籍")) == "戸"
    assert intended("⼾", frozenset("戶")) == "戶"
    assert intended("⼾", frozenset()) == "戸"


def test_what_the_document_holds_is_kept() -> None:
    # A radical the user really typed stays a radical; other characters are never touched.
    assert intended("⽇", frozenset("⽇")) == "⽇"
    assert intended("ﬁ", frozenset("ﬁ")) == "ﬁ"
    assert intended("Ⅳ", frozenset()) == "Ⅳ"
    assert intended("ﬀ", frozenset()) == "ff"


def test_the_fonts_own_siblings_come_first() -> None:
    # What a font says shares a glyph wins over the tables (and covers what they lack).
    assert intended("‧", frozenset("許認可・登記"), {"‧": "・"}) == "・"
    assert intended("⽇", frozenset("日付"), {"⽇": "日"}) == "日"
    # A character the document holds is never replaced.
    assert intended("‧", frozenset("‧・"), {"‧": "・"}) == "‧"

"""Tests for zhifa.lib.officialdoc (pure: no Django, no database).

    .venv/bin/python -m pytest src/zhifa/lib/tests/test_officialdoc.py -p no:django -q -o addopts=""

``python -m zhifa.lib.tests.test_officialdoc OUT.pdf`` writes the sample decision, for looking at.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import types
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from zhifa.lib import officialdoc as od
from zhifa.lib.officialdoc import (
    NO_LINE_END,
    NO_LINE_START,
    Heading,
    OfficialDocument,
    PageStyle,
    Paragraph,
    Table,
    UnsupportedCharactersError,
    extract_text,
    format_date,
    layout_lines,
    render_pdf,
    unsupported_characters,
)

DATE = datetime.date(2026, 11, 22)
NUMBER = "江北市监罚〔2026〕12号"
REMEDY = (
    "如不服本处罚决定，可以在收到本处罚决定书之日起六十日内向江北市人民政府申请行政复议，"
    "也可以在六个月内依法向江北市滨江区人民法院提起行政诉讼。"
)


def sample_decision() -> OfficialDocument:
    """A 行政处罚决定书 with the elements of Art. 59 of the Administrative Penalty Law."""
    return OfficialDocument(
        issuer="江北市市场监督管理局",
        number=NUMBER,
        title="行政处罚决定书",
        paragraphs=[
            "当事人：江北市福源食品有限公司",
            "统一社会信用代码：91330100MA2J3K4L5X",
            "住所：江北市滨江区长安路188号3幢201室",
            "法定代表人：王建国",
            "2026年9月14日，本局执法人员在对当事人经营场所进行日常监督检查时，发现当事人仓库内存放有"
            "标签标注生产日期为2026年3月2日、保质期为6个月的“福源”牌桃酥（规格：400克/袋）共计126袋，"
            "已超过保质期。本局于2026年9月15日经批准立案调查。",
            Heading("一、违法事实和证据"),
            "经查，当事人自2026年8月起从江北市某食品厂购进上述桃酥共计300袋，进货价每袋8.50元，"
            "销售价每袋15.00元，至案发时已售出174袋，其中超过保质期后售出58袋，违法所得共计870.00元。",
            "以上事实有下列证据证明：1.当事人营业执照复印件及法定代表人身份证明，证明当事人主体资格；"
            "2.现场笔录及现场照片12张，证明案发现场情况；3.询问笔录2份，证明进货、销售及库存情况；"
            "4.进货单据及销售记录，证明违法所得数额。",
            Heading("二、行政处罚的依据"),
            "当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定，构成经营超过"
            "保质期的食品的行为。依据《中华人民共和国食品安全法》第一百二十四条第一款第（五）项的规定，"
            "并综合考虑当事人积极配合调查、主动召回问题食品等情节，本局决定对当事人从轻处罚。",
            Heading("三、行政处罚的内容"),
            "（一）没收超过保质期的“福源”牌桃酥126袋；（二）没收违法所得870.00元；"
            "（三）罚款人民币50000.00元（大写：伍万元整）。",
            Heading("四、履行方式和期限"),
            "当事人应当自收到本处罚决定书之日起十五日内，持本决定书到江北市财政局指定的代收银行缴纳罚没款。"
            "逾期不缴纳罚款的，本局将依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项的规定，"
            "每日按罚款数额的百分之三加处罚款，并依法申请人民法院强制执行。",
            Heading("五、救济途径"),
            REMEDY + "申请行政复议或者提起行政诉讼期间，本处罚决定不停止执行，法律另有规定的除外。",
        ],
        signature="江北市市场监督管理局",
        date=DATE,
        copy_note="本文书一式三份，一份送达当事人，一份交财政部门，一份归档。",
        metadata={"Keywords": f"行政处罚决定书; {NUMBER}", "CaseNumber": "JBSJ-2026-0012"},
    )


def squash(text: str) -> str:
    """Text without whitespace and without the page numbers “— n —”."""
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


@pytest.fixture(name="settings")
def _settings_stand_in() -> Any:
    """Stands in for pytest-django's ``settings``, which the project conftest's autouse fixture asks
    for: this module needs no Django and also runs with ``-p no:django``."""
    return types.SimpleNamespace()


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    return render_pdf(sample_decision())


# --- text round trip ------------------------------------------------------------------------------


def test_round_trip_short_document():
    paragraphs = ["江北市福源食品有限公司：", "本局拟对你单位作出如下行政处罚：罚款人民币五万元。"]
    doc = OfficialDocument(
        issuer="江北市市场监督管理局",
        number=NUMBER,
        title="行政处罚事先告知书",
        paragraphs=paragraphs,
        signature="江北市市场监督管理局",
        date=DATE,
    )
    text = re.sub(r"\s+", "", extract_text(render_pdf(doc)))
    for part in (doc.issuer, NUMBER, "〔2026〕", doc.title, *paragraphs, "2026年11月22日", "—1—"):
        assert part in text


def test_round_trip_sample_decision(decision_pdf):
    text = squash(extract_text(decision_pdf))
    doc = sample_decision()
    for block in doc.paragraphs:
        expected = block.text if isinstance(block, Heading) else block
        assert isinstance(expected, str)
        assert re.sub(r"\s+", "", expected) in text
    for part in (doc.issuer, NUMBER, doc.title, re.sub(r"\s+", "", REMEDY), doc.copy_note, "2026年11月22日"):
        assert part in text
    # Art. 59 elements in reading order: party, facts, basis, penalty, performance, remedy, authority/date.
    order = [
        "当事人：",
        "违法事实",
        "处罚的依据",
        "处罚的内容",
        "履行方式和期限",
        "行政复议",
        "2026年11月22日",
    ]
    positions = [text.index(p) for p in order]
    assert positions == sorted(positions)


def test_addressee_is_flush_left_and_body_indented_two_characters():
    doc = OfficialDocument(
        "江北市市场监督管理局",
        NUMBER,
        "行政处罚事先告知书",
        [Paragraph("江北市福源食品有限公司：", indent=0), "本局拟对你单位作出行政处罚。"],
        "江北市市场监督管理局",
        DATE,
    )
    starts: dict[str, float] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            starts.setdefault(text.strip()[:4], tm[4])

    PdfReader(io.BytesIO(render_pdf(doc))).pages[0].extract_text(visitor_text=visit)
    assert starts["江北市福"] == pytest.approx(od.MARGIN_LEFT, abs=0.01)
    assert starts["本局拟对"] == pytest.approx(od.MARGIN_LEFT + 2 * od.CHAR_PITCH, abs=0.01)


def test_date_uses_arabic_numerals_without_padding():
    assert format_date(datetime.date(2026, 1, 5)) == "2026年1月5日"
    assert format_date(DATE) == "2026年11月22日"


# --- pages ----------------------------------------------------------------------------------------


def test_multi_page_body_has_page_numbers(decision_pdf):
    reader = PdfReader(io.BytesIO(decision_pdf))
    assert len(reader.pages) >= 2
    for n, page in enumerate(reader.pages, start=1):
        assert f"—{n}—" in re.sub(r"\s+", "", page.extract_text())
        assert page.mediabox.width == pytest.approx(595.28, abs=0.01)  # A4
        assert page.mediabox.height == pytest.approx(841.89, abs=0.01)
    assert "—2—" in re.sub(r"\s+", "", extract_text(decision_pdf))


def test_long_body_fills_22_lines_a_page():
    para = "本局依法对当事人的经营行为进行了检查，现将有关情况说明如下。" * 3  # 90 hanzi = 4 lines
    doc = OfficialDocument(
        "江北市市场监督管理局", NUMBER, "行政处罚决定书", [para] * 30, "江北市市场监督管理局", DATE
    )
    pages = extract_text(render_pdf(doc)).split("\f")
    middle = [line for line in pages[1].splitlines() if line.strip() and "—" not in line]
    assert len(middle) == 22
    assert all(len(line.strip()) <= 28 for line in middle)


def test_signature_block_never_alone_on_a_page():
    # Find a paragraph count whose last page would hold only the 署名 and the date.
    for count in range(8, 40):
        doc = OfficialDocument(
            "江北市市场监督管理局", "", "通知", ["正文内容。" * 5] * count, "江北市市场监督管理局", DATE
        )
        pages = extract_text(render_pdf(doc)).split("\f")
        last = re.sub(r"\s+", "", pages[-1])
        assert "正文内容" in last, f"{count} paragraphs: last page has no body text"


def test_signature_empty_leaves_out_closing_block():
    doc = OfficialDocument(
        "江北市市场监督管理局", "", "送达回证", [Table([["受送达人", "王建国"]])], "", DATE
    )
    text = extract_text(render_pdf(doc))
    assert "2026年11月22日" not in re.sub(r"\s+", "", text)
    assert "受送达人" in text and "王建国" in text


def test_table_cells_are_text_and_spans_work():
    table = Table(
        rows=[
            ["送达文书名称及文号", "行政处罚决定书\n" + NUMBER],
            ["送达方式", "直接送达", "收件人", "王建国"],
            ["受送达人签名或盖章", "", "签收时间", "年  月  日"],
        ],
        col_widths=(3.6, 3, 2, 2.4),
        align=("center", "left", "center", "left"),
        min_row_height_mm=16,
    )
    doc = OfficialDocument("江北市市场监督管理局", "", "送达回证", [table], "", DATE)
    text = re.sub(r"\s+", "", extract_text(render_pdf(doc)))
    for cell in ("送达文书名称及文号", NUMBER, "直接送达", "收件人", "王建国", "签收时间"):
        assert cell in text
    with pytest.raises(ValueError, match="col_widths"):
        render_pdf(OfficialDocument("局", "", "表", [Table([["a", "b"]], col_widths=(1,))], "", DATE))


def test_copy_note_on_last_page(decision_pdf):
    pages = extract_text(decision_pdf).split("\f")
    assert "本文书一式三份" in pages[-1]
    assert all("本文书一式三份" not in p for p in pages[:-1])


def test_centred_page_numbers_style():
    doc = sample_decision()
    assert render_pdf(doc, style=PageStyle(mirror_page_numbers=False, issuer_offset_mm=0)) != render_pdf(doc)


# --- 禁则 -----------------------------------------------------------------------------------------


def test_comma_never_starts_a_line():
    text = "一" * 28 + "，二三四五。"
    naive = [text[:28], text[28:]]
    assert naive[1].startswith("，")  # what plain character counting would do
    lines = layout_lines(text, 28)
    assert "".join(lines) == text
    assert lines[0] == "一" * 27
    assert lines[1] == "一，二三四五。"


def test_closing_quote_and_full_stop_move_together():
    text = "一" * 27 + "二。”三四"
    lines = layout_lines(text, 28)
    assert "".join(lines) == text
    assert not any(line[0] in NO_LINE_START for line in lines)
    assert lines[1].startswith("二。”") or lines[0].endswith("。”")


def test_opening_bracket_never_ends_a_line():
    text = "一" * 27 + "（二）三"
    lines = layout_lines(text, 28)
    assert "".join(lines) == text
    assert lines[0] == "一" * 27
    assert lines[1].startswith("（")
    text = "一" * 26 + "〔2026〕12号"
    lines = layout_lines(text, 28)
    assert not lines[0].endswith("〔")


def test_first_line_indent_and_unbreakable_runs():
    lines = layout_lines("一" * 30, 28, indent=2)
    assert [len(line) for line in lines] == [26, 4]
    # A number is not split: 2026 is 2 em wide and does not fit after 27 hanzi.
    lines = layout_lines("一" * 27 + "2026年", 28)
    assert lines == ["一" * 27, "2026年"]
    # Nor is the 破折号.
    lines = layout_lines("一" * 27 + "——二", 28)
    assert lines == ["一" * 27, "——二"]


def test_hanging_when_nothing_can_move():
    # A line of one token followed by closing marks: the marks hang rather than start the next line.
    lines = layout_lines("一二三，。", 3)
    assert not any(line[0] in NO_LINE_START for line in lines)


HANZI = st.sampled_from("行政处罚决定书当事人违法事实证据依据内容期限复议诉讼本局经查")
PUNCT = st.sampled_from(sorted(NO_LINE_START - set(",.;:!?)]}%/") - {"—"}))
OPEN = st.sampled_from(sorted(NO_LINE_END - set("([{")))


@st.composite
def chinese_text(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 40))):
        word = "".join(draw(st.lists(HANZI, min_size=2, max_size=6)))
        if draw(st.booleans()):
            word = draw(OPEN) + word + "）"
        parts.append(word + (draw(PUNCT) if draw(st.booleans()) else ""))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(text=chinese_text(), width=st.integers(8, 30), indent=st.sampled_from([0, 2]))
def test_kinsoku_property(text, width, indent):
    lines = layout_lines(text, width, indent=indent)
    assert "".join(lines) == text
    for n, line in enumerate(lines):
        assert line
        if n > 0:
            assert line[0] not in NO_LINE_START, lines
        if n < len(lines) - 1:
            assert line[-1] not in NO_LINE_END, lines
        limit = width - (indent if n == 0 else 0)
        assert len(line) <= limit + 2  # at most two hanging marks


def test_rendered_lines_respect_kinsoku(decision_pdf):
    for line in extract_text(decision_pdf).splitlines():
        line = line.strip()
        if line and not line.startswith("—"):
            assert line[0] not in NO_LINE_START, line


# --- PDF properties -------------------------------------------------------------------------------


def test_deterministic_output(decision_pdf):
    again = render_pdf(sample_decision())
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(decision_pdf).hexdigest()


def test_deterministic_across_processes(decision_pdf):
    code = (
        "import hashlib, sys; from zhifa.lib.tests.test_officialdoc import sample_decision;"
        "from zhifa.lib.officialdoc import render_pdf;"
        "sys.stdout.write(hashlib.sha256(render_pdf(sample_decision())).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout == hashlib.sha256(decision_pdf).hexdigest()


def test_fonts_embedded_as_subsets(decision_pdf):
    assert b"/FontFile2" in decision_pdf
    reader = PdfReader(io.BytesIO(decision_pdf))
    seen = set()
    for page in reader.pages:
        fonts = cast(Any, page["/Resources"])["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert "+" in font["/BaseFont"]  # subset tag
            assert "/ToUnicode" in font
            seen.add(str(font["/BaseFont"]).split("+")[1])
    assert seen == {"FandolFang-Regular", "FandolSong-Bold"}


def test_metadata(decision_pdf):
    info = PdfReader(io.BytesIO(decision_pdf)).metadata
    assert info is not None
    assert info.title == "行政处罚决定书"
    assert info.author == "江北市市场监督管理局"
    assert info.subject == NUMBER
    assert str(info["/Keywords"]) == f"行政处罚决定书; {NUMBER}"
    assert str(info["/CaseNumber"]) == "JBSJ-2026-0012"
    assert str(info["/CreationDate"]) == "D:20261122000000+08'00'"
    assert info.creation_date is not None and info.creation_date.date() == DATE


def test_bad_metadata_key_rejected():
    doc = OfficialDocument("局", "", "通知", ["正文"], "局", DATE, metadata={"Case Number": "x"})
    with pytest.raises(ValueError, match="metadata key"):
        render_pdf(doc)


def test_unsupported_characters_are_refused():
    doc = OfficialDocument("局", "", "通知", ["当事人：李赟喆"], "局", DATE)
    assert unsupported_characters(doc) == frozenset("赟喆")
    with pytest.raises(UnsupportedCharactersError) as info:
        render_pdf(doc)
    assert info.value.characters == frozenset("赟喆")
    assert "U+8D5F" in str(info.value)


def test_pure_module_does_not_import_django():
    code = "import sys, zhifa.lib.officialdoc; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_font_files_present():
    assert od.BODY_FONT_FILE.is_file() and od.TITLE_FONT_FILE.is_file()
    assert (od.FONT_DIR / "COPYING").is_file()


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "sample_decision.pdf"
    with open(out, "wb") as fh:
        fh.write(render_pdf(sample_decision()))
    print(out)


def _mixed_document() -> OfficialDocument:
    """Every kind of block, with non-default fields, for the JSON round trip."""
    base = sample_decision()
    return OfficialDocument(
        issuer=base.issuer,
        number=base.number,
        title="送达回证",
        paragraphs=[
            Paragraph("江北市福源食品有限公司：", indent=0),
            "正文段落\n第二段",
            "",
            Heading("（一）二级标题", level=2),
            Table(
                rows=[
                    ["受送达人", "王建国"],
                    ["送达文书", "行政处罚决定书\n江北市监罚〔2026〕12号"],
                    ["备注"],
                ],
                col_widths=(1, 2.5),
                align=("center", "left"),
                font_size=12.0,
                min_row_height_mm=14.0,
            ),
        ],
        signature="",
        date=DATE,
        copy_note="",
        metadata={"CaseNumber": "JBSJ-2026-0012"},
    )


@pytest.mark.parametrize("make", [sample_decision, _mixed_document])
def test_json_round_trip_renders_the_same_bytes(make: Any) -> None:
    """The content a case step vouches for (its SHA-256 in the journal) renders to exactly the PDF the
    same document renders to directly: the PDF can be rendered after the step and re-rendered by anyone."""
    doc = make()
    text = od.to_json(doc)
    again = od.from_json(text)
    assert od.to_json(again) == text
    assert render_pdf(again) == render_pdf(doc)


def test_json_is_canonical_and_readable() -> None:
    text = od.to_json(sample_decision())
    assert "江北市福源食品有限公司" in text  # UTF-8 text, not \\u escapes
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert text == od.to_json(sample_decision())
    assert '"format":1' in text


def test_json_of_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown document format"):
        od.from_json('{"format":2}')


def test_render_leaves_reportlabs_flate_filter_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The level-1 Flate filter is swapped in for one render only, even when the render fails."""
    from reportlab.pdfbase import pdfdoc

    before = pdfdoc.PDFZCompress
    render_pdf(sample_decision())
    assert pdfdoc.PDFZCompress is before

    def fail(*args: Any, **kwargs: Any) -> Any:
        assert pdfdoc.PDFZCompress is not before  # the level-1 filter is in place during the render
        raise RuntimeError("layout failed")

    monkeypatch.setattr(od, "_paginate", fail)
    with pytest.raises(RuntimeError, match="layout failed"):
        render_pdf(sample_decision())
    assert pdfdoc.PDFZCompress is before

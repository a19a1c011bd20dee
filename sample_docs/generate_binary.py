#!/usr/bin/env python3
"""Regenerate the binary sample documents (DOCX, PDF) and the GB2312-declared HTML sample.

Usage (from anywhere):  python3 sample_docs/generate_binary.py
Needs: reportlab (pip install reportlab) for the PDFs; the DOCX is written with the standard library.

Outputs (relative to this script's directory):
  linjiang-annex1.docx            a Word attachment (附件1): headings, paragraphs, a numbered list, a table,
                                  a footnote, an endnote, a tracked deletion and a tracked insertion
  linjiang-brief-cid.pdf          two pages of Chinese in the non-embedded Adobe-GB1 font STSong-Light
                                  (UniGB-UCS2-H, no ToUnicode map: the common government-PDF case)
  linjiang-brief-embedded.pdf     the same two pages with Noto Sans SC embedded (subset, ToUnicode map)
  scanned-notice.pdf              one page holding only an image: a "scan" with no text layer
  qinglan-notice.html             sources/qinglan-notice.html (UTF-8 master) encoded as GB18030, whose
                                  <meta> declares gb2312

Every output is deterministic: fixed zip timestamps, reportlab's invariant mode.
The expected extracted texts live in expected/ and are written by hand, not by this script.
"""

from pathlib import Path
import zipfile

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "assets" / "fonts" / "NotoSansSC-Regular.ttf"

# ---------------------------------------------------------------------------------------------- PDF

PDF_PAGES = [
    [
        "临江市2025年制造业提质行动简报",
        "一、总体情况",
        "今年前三季度，全市规上工业增加值增长7.4%，完成工业投资318.6亿元。",
        "新认定专精特新企业46家，其中青岚区19家、湫溪镇5家。",
        "Industrial output rose 7.4% in the first three quarters.",
    ],
    [
        "二、下一步安排",
        "力争全年技术改造投资突破160亿元，确保12个重点项目年底前投产。",
        "市工业和信息化局牵头，各区县于每月5日前报送进展。",
    ],
]


def write_pdf(path: Path, font_name: str) -> None:
    from reportlab.pdfgen import canvas
    from reportlab.lib.pagesizes import A4

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("Linjiang brief (fictional)")
    for lines in PDF_PAGES:
        y = 780
        for i, line in enumerate(lines):
            c.setFont(font_name, 16 if i == 0 else 11)
            c.drawString(60, y, line)
            y -= 28
        c.showPage()
    c.save()


def write_pdfs() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    from reportlab.lib.pagesizes import A4

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    write_pdf(HERE / "linjiang-brief-cid.pdf", "STSong-Light")
    pdfmetrics.registerFont(TTFont("NotoSansSC", str(FONT)))
    write_pdf(HERE / "linjiang-brief-embedded.pdf", "NotoSansSC")

    # A "scan": one page with an image of grey bars and no text operators at all.
    c = canvas.Canvas(str(HERE / "scanned-notice.pdf"), pagesize=A4, invariant=1)
    from reportlab.lib.utils import ImageReader
    import io
    import struct
    import zlib

    width, height = 64, 32
    rows = b"".join(
        b"\x00" + bytes((40 if (y // 4) % 2 == 0 and 4 < x < 60 else 250) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
    c.drawImage(ImageReader(io.BytesIO(png)), 60, 500, width=480, height=240)
    c.showPage()
    c.save()


# --------------------------------------------------------------------------------------------- DOCX

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def cell(text: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{para(run(text))}</w:tc>'


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(cell(c) for c in cells) + "</w:tr>"


DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W} {R}><w:body>
{para(run("附件1"))}
{para(run("临江市“百项技改”行动2025年度任务清单"), style="Title")}
{para(run("一、工作目标"), style="1")}
{para(run("到2025年底，全市完成技术改造项目"), run("120个", bold=True), run("，带动工业投资增长10%。"),
      '<w:r><w:footnoteReference w:id="1"/></w:r>')}
{para(run("对标"), '<w:r><w:tab/></w:r>', run("先进地区，"),
      '<w:del w:id="9" w:author="审核人"><w:r><w:delText>尽快</w:delText></w:r></w:del>',
      '<w:ins w:id="10" w:author="审核人"><w:r><w:t>分批</w:t></w:r></w:ins>',
      run("推进智能化改造。"))}
{para(run("二、重点任务"), style="1")}
{para(run("实施设备更新工程，年内更新设备2.3万台（套）。"), num=(1, 0))}
{para(run("培育省级智能工厂8家、数字化车间30个。"), num=(1, 0))}
{para(run("市级财政安排奖补资金1.5亿元。"), num=(1, 1))}
{para(run("建立“一项目一专班”推进机制。"), num=(1, 0))}
{para(run("三、分区任务"), style="2")}
<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/></w:tblPr>
{row("区县", "技改项目（个）", "投资（亿元）")}
{row("青岚区", "35", "48.2")}
{row("湫溪镇", "6", "3.9")}
</w:tbl>
{para(run("联系人：周明澜，电话0xxx-5550123"), '<w:r><w:endnoteReference w:id="1"/></w:r>')}
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>
</w:body></w:document>
"""

FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{run(" 以2024年完成额412.5亿元为基数。")}</w:p></w:footnote>
</w:footnotes>
"""

ENDNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes {W}>
<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>
<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>{run(" 本清单为虚构示例，仅用于测试。")}</w:p></w:endnote>
</w:endnotes>
"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>
"""

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>
"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>
</Types>
"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>
"""


def write_docx() -> None:
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", DOCUMENT),
        ("word/styles.xml", STYLES),
        ("word/numbering.xml", NUMBERING),
        ("word/footnotes.xml", FOOTNOTES),
        ("word/endnotes.xml", ENDNOTES),
    ]
    with zipfile.ZipFile(HERE / "linjiang-annex1.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2025, 3, 18, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


# --------------------------------------------------------------------------------------------- HTML


def write_html() -> None:
    master = (HERE / "sources" / "qinglan-notice.html").read_bytes()
    assert not master.startswith(b"\xef\xbb\xbf") and b"\r" not in master
    text = master.decode("utf-8")
    data = text.replace("\n", "\r\n").encode("gb18030")  # strict
    assert data.decode("gb18030").replace("\r\n", "\n") == text
    (HERE / "qinglan-notice.html").write_bytes(data)


def main() -> None:
    write_docx()
    write_html()
    write_pdfs()
    for name in ["linjiang-annex1.docx", "qinglan-notice.html", "linjiang-brief-cid.pdf",
                 "linjiang-brief-embedded.pdf", "scanned-notice.pdf"]:
        print(f"{name}: {(HERE / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()

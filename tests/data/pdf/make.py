#!/usr/bin/env python3
"""Builds the PDF fixtures for Gloss's PDF reading tests from texts written for them.

    python3 tests/data/pdf/make.py        # needs LibreOffice (soffice) and Chromium on PATH
    python3 tests/data/pdf/make.py --long 250 /tmp/long.pdf   # a 250-page PDF for timing

Every text here is made up (fictional city, bodies and figures), in the genre Gloss reads. For each
fixture the script writes the source (a flat ODT for LibreOffice, an HTML page for Chromium), the PDF
converted from it, and `NAME.expected.txt`: the text a reader sees, in reading order, as Gloss
should extract it — without running headers, footers and page numbers, with wrapped lines joined,
footnote marks as `[1]` and the notes after the page's text, table cells separated by tabs.

Fixtures (A5 pages so that short texts run over several pages):
  lo-one-column      LibreOffice, one justified column with first-line indents, headings
  lo-header-footer   the same with a running header and a 第N页 共M页 footer
  lo-two-columns     a full-width title, then the text in two columns
  lo-table           paragraphs around a 3-column table
  lo-footnote        a footnote mark inside a sentence and its note at the foot of the page
  chromium           Chromium's print to PDF with its default header and footer (date, title,
                     file URL, page numbers)
"""
import html
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "WenQuanYi Micro Hei"

TITLE = "临江市2026年数字经济发展工作要点"
BODY = [
    ("h", "一、总体要求"),
    ("p", "2026年是全面实施数字经济倍增计划的关键一年。全市上下要坚持以数字产业化和产业数字化为主线，"
          "力争数字经济核心产业增加值达到318.6亿元，占地区生产总值比重提高0.8个百分点，"
          "新增规模以上数字经济企业45家以上。"),
    ("p", "东湖区、西山县和临江高新区要对照目标任务，细化工作措施，确保各项指标按季度推进，"
          "每月5日前将进展情况报送市数据局。"),
    ("h", "二、重点任务"),
    ("p", "（一）夯实数字基础设施。新建5G基站1260个，实现重点产业园区千兆光网全覆盖；"
          "推进临江数据中心二期建设，新增标准机架2400个，总投资8.22亿元。"),
    ("p", "（二）壮大数字产业集群。围绕智能终端、工业软件和集成电路三条产业链，"
          "引进培育链主企业6家，全年完成产业链投资156.4亿元，同比增长12.5%。"),
    ("p", "（三）推进制造业数字化转型。实施“智造临江”专项行动，完成436家规模以上工业企业数字化诊断，"
          "新建省级智能工厂8家、数字化车间30个，企业上云数量累计突破9800家。"),
    ("p", "（四）培育数据要素市场。组建市数据交易服务中心，年内完成数据产品挂牌120个以上，"
          "数据交易额力争突破3.5亿元；推动公共数据授权运营，开放数据集600个。"),
    ("p", "（五）拓展数字化应用场景。在政务服务、智慧交通和智慧医疗领域建设示范场景50个，"
          "市民卡线上服务事项达到260项，“一网通办”事项网上可办率保持在98%以上。"),
    ("p", "（六）优化数字经济发展环境。落实数字经济企业“白名单”制度，首批纳入企业150家；"
          "设立规模20亿元的数字经济产业基金，重点投向种子期和初创期企业。"),
    ("h", "三、保障措施"),
    ("p", "市数字经济发展领导小组每季度召开一次推进会议，研究解决重大问题。"
          "市财政统筹安排专项资金2.6亿元，对数字化改造项目按设备投资额的15%给予补助，"
          "单个项目最高不超过500万元。"),
    ("p", "各责任单位要于2026年12月20日前报送全年工作总结，市数据局会同市统计局开展年度评估，"
          "评估结果纳入高质量发展综合绩效考核。"),
]

TABLE = [
    ["指标", "2025年", "2026年目标"],
    ["数字经济核心产业增加值（亿元）", "289.4", "318.6"],
    ["规上数字经济企业（家）", "212", "257"],
    ["5G基站（个）", "4380", "5640"],
    ["数据产品挂牌（个）", "46", "120"],
]

FOOTNOTE_MARKED = ("p", "临江数据中心一期已于2025年10月建成投运，上架率达到87.3%，二期项目计划2026年9月前建成达产。")
FOOTNOTE_TEXT = "二期项目总投资8.22亿元，其中设备购置5.1亿元。"

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)


def esc(s):
    return html.escape(s, quote=False)


def paragraphs(body):
    out = []
    for kind, text in body:
        style = "Heading" if kind == "h" else "Body"
        out.append(f'<text:p text:style-name="{style}">{esc(text)}</text:p>')
    return "\n".join(out)


def fodt(content, header_footer=False, columns=1):
    header = footer = ""
    if header_footer:
        header = f"<style:header><text:p text:style-name=\"Running\">{esc('临江市人民政府办公室文件')}</text:p></style:header>"
        footer = (
            '<style:footer><text:p text:style-name="Running">第<text:page-number text:select-page="current">1'
            '</text:page-number>页 共<text:page-count>1</text:page-count>页</text:p></style:footer>'
        )
    title = f'<text:p text:style-name="Title">{esc(TITLE)}</text:p>'
    if columns > 1:
        content = f'<text:section text:style-name="Cols" text:name="Body">{content}</text:section>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="{FONT}" svg:font-family="'{FONT}'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="{FONT}" style:font-name-asian="{FONT}" fo:font-size="14pt" style:font-size-asian="14pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/></style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="22pt" fo:margin-bottom="3pt"/></style:style>
<style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:margin-top="6pt" fo:margin-bottom="3pt"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="10pt"/><style:text-properties fo:font-size="15pt" style:font-size-asian="15pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Running" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="148mm" fo:page-height="210mm" fo:margin-top="14mm" fo:margin-bottom="14mm" fo:margin-left="16mm" fo:margin-right="16mm"/>
<style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="5mm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="5mm"/></style:footer-style></style:page-layout>
<style:style style:name="Cols" style:family="section"><style:section-properties><style:columns fo:column-count="{columns}" fo:column-gap="8mm"/></style:section-properties></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">{header}{footer}</style:master-page></office:master-styles>
<office:body><office:text>
{title}
{content}
</office:text></office:body></office:document>
"""


def table_xml():
    rows = []
    for row in TABLE:
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{esc(c)}</text:p></table:table-cell>'
            for c in row
        )
        rows.append(f"<table:table-row>{cells}</table:table-row>")
    return (
        '<table:table table:name="Targets"><table:table-column table:number-columns-repeated="3"/>'
        + "".join(rows)
        + "</table:table>"
    )


def expected(body, header=True):
    lines = [TITLE] if header else []
    lines += [text for _, text in body]
    return "\n".join(lines) + "\n"


def soffice(name, xml, out_dir, work):
    src = os.path.join(work, name + ".fodt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(xml)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, src],
        check=True, capture_output=True,
    )
    shutil.copy(os.path.join(work, name + ".pdf"), os.path.join(out_dir, name + ".pdf"))


def chromium(name, out_dir, work):
    body = "\n".join(
        f"<h3>{esc(t)}</h3>" if k == "h" else f"<p>{esc(t)}</p>" for k, t in BODY
    )
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(TITLE)}</title>"
        f"<style>body{{font-family:'{FONT}';font-size:15pt;}} p{{text-indent:2em;text-align:justify}}"
        "@page{size:A5}</style></head>"
        f"<body><h2>{esc(TITLE)}</h2>\n{body}\n</body></html>"
    )
    src = os.path.join(work, name + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(page)
    profile = tempfile.mkdtemp(dir=work)
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--print-to-pdf={os.path.join(out_dir, name + '.pdf')}",
         "file://" + src],
        check=True, capture_output=True,
    )


def long_pdf(pages, out):
    """A LibreOffice PDF of about `pages` A5 pages (running header and footer), for timing."""
    with tempfile.TemporaryDirectory() as work, tempfile.TemporaryDirectory() as built:
        body = BODY * max(1, round(pages * 157 / 250))
        soffice("long", fodt(paragraphs(body), header_footer=True), built, work)
        shutil.copy(os.path.join(built, "long.pdf"), out)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--long":
        # python3 tests/data/pdf/make.py --long 250 /tmp/long.pdf   (not a fixture: for timing)
        long_pdf(int(sys.argv[2]), sys.argv[3])
        return
    for tool in ("soffice", "chromium"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not on PATH")
    fixtures = {}
    with tempfile.TemporaryDirectory() as work:
        soffice("lo-one-column", fodt(paragraphs(BODY)), HERE, work)
        fixtures["lo-one-column"] = expected(BODY)
        soffice("lo-header-footer", fodt(paragraphs(BODY), header_footer=True), HERE, work)
        fixtures["lo-header-footer"] = expected(BODY)
        soffice("lo-two-columns", fodt(paragraphs(BODY), columns=2), HERE, work)
        fixtures["lo-two-columns"] = expected(BODY)
        half = len(BODY) // 2
        table_body = paragraphs(BODY[:half]) + table_xml() + paragraphs(BODY[half:])
        soffice("lo-table", fodt(table_body), HERE, work)
        table_text = ["\t".join(r) for r in TABLE]
        fixtures["lo-table"] = "\n".join(
            [TITLE] + [t for _, t in BODY[:half]] + table_text + [t for _, t in BODY[half:]]
        ) + "\n"
        marked = FOOTNOTE_MARKED[1]
        cut = marked.index("达产。") + len("达产。")
        note = (
            f'<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            f"<text:note-body><text:p>{esc(FOOTNOTE_TEXT)}</text:p></text:note-body></text:note>"
        )
        note_body = (
            paragraphs(BODY[:2])
            + f'<text:p text:style-name="Body">{esc(marked[:cut])}{note}{esc(marked[cut:])}</text:p>'
            + paragraphs(BODY[2:4])
        )
        soffice("lo-footnote", fodt(note_body), HERE, work)
        fixtures["lo-footnote"] = "\n".join(
            [TITLE] + [t for _, t in BODY[:2]] + [marked[:cut] + "[1]" + marked[cut:]]
            + [t for _, t in BODY[2:4]] + ["[1] " + FOOTNOTE_TEXT]
        ) + "\n"
        chromium("chromium", HERE, work)
        fixtures["chromium"] = expected(BODY)
    for name, text in fixtures.items():
        with open(os.path.join(HERE, name + ".expected.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{name}.pdf: {os.path.getsize(os.path.join(HERE, name + '.pdf'))} bytes")


if __name__ == "__main__":
    main()

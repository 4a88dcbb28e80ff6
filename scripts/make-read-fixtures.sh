#!/usr/bin/env bash
# Makes the fixtures of tests/read.rs in tests/fixtures/read/: the embedded batch as a web page
# and, through LibreOffice, as .docx, .xlsx, .xls, .ods and .csv; the batch as GBK CSV, as
# UTF-8 CSV with a BOM and as the quoted TSV a spreadsheet puts on the clipboard; a government
# web page in GB2312; hand-made documents with merged headers and other awkward cells; and
# broken files. Needs python3 (3.11, for tomllib), soffice and iconv.
#
#   scripts/make-read-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/read
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# LibreOffice, each call with a profile of its own so that calls never share a lock.
convert() { # convert NAME INFILTER TARGET SOURCE
    local name=$1 filter=$2 target=$3 source=$4
    soffice -env:UserInstallation="file:///tmp/lo-$name" --headless --infilter="$filter" \
        --convert-to "$target" --outdir "$work/$name" "$source" >/dev/null 2>&1
    ls "$work/$name"/* | head -n 1
}

python3 - "$out" <<'PY'
import html, sys, tomllib
out = sys.argv[1]
with open("data/reforms.toml", "rb") as f:
    data = tomllib.load(f)
reforms, title = data["reform"], data["document"]["title"]
e = html.escape

# The batch as a plain web page: a heading, then the table (agencies joined by 、).
rows = "\n".join(
    f"<tr><td>{r['number']}</td><td>{e(r['title'])}</td><td>{e(r['content'])}</td>"
    f"<td>{e(r['scope'])}</td><td>{e('、'.join(r['agencies']))}</td></tr>"
    for r in reforms)
with open(f"{out}/batch8.html", "w", encoding="utf-8") as f:
    f.write(f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{e(title)}</title></head><body>
<h1>{e(title)}</h1>
<table border="1">
<tr><th>序号</th><th>改革事项</th><th>主要内容</th><th>推广范围</th><th>负责单位</th></tr>
{rows}
</table>
</body></html>
""")

def csv_field(s, sep):
    if any(c in s for c in (sep, '"', "\n", "\r")):
        return '"' + s.replace('"', '""') + '"'
    return s

def delimited(sep, agencies_sep, eol):
    lines = [sep.join(["序号", "改革事项", "主要内容", "推广范围", "负责单位"])]
    for r in reforms:
        fields = [str(r["number"]), r["title"], r["content"], r["scope"], agencies_sep.join(r["agencies"])]
        lines.append(sep.join(csv_field(x, sep) for x in fields))
    return eol.join(lines) + eol

# Excel's "CSV (逗号分隔)" on Chinese Windows: GBK, CRLF. Agencies with spaces as in the source.
with open(f"{out}/batch8-gbk.csv", "wb") as f:
    f.write(delimited(",", " ", "\r\n").encode("gbk"))
# Excel's "CSV UTF-8": a BOM, CRLF.
with open(f"{out}/batch8-bom.csv", "wb") as f:
    f.write(b"\xef\xbb\xbf" + delimited(",", "、", "\r\n").encode("utf-8"))
# What Excel, WPS and LibreOffice put on the clipboard: tabs, CRLF, a cell holding a line
# break quoted. Agencies one per line, as typed with Alt+Enter.
with open(f"{out}/batch8-clipboard.tsv", "wb") as f:
    f.write(delimited("\t", "\n", "\r\n").encode("utf-8"))

# A government web page: GB2312, a navigation table before the reform table, the notice
# around it, &nbsp; indents, <br> between agencies, a cell left unclosed.
def gov_rows():
    out = []
    for r in reforms[:3]:
        agencies = "<br>".join(e(a) for a in r["agencies"])
        out.append(f"""<tr>
  <td align="center"><p>{r['number']}</p></td>
  <td><span style="font-weight:bold">{e(r['title'])}</span></td>
  <td><p>&nbsp;&nbsp;&nbsp;&nbsp;{e(r['content'])}</p></td>
  <td>{e(r['scope'])}</td>
  <td>{agencies}""")  # no </td></tr>: the parser closes them, as browsers do
    return "\n".join(out)
page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于印发《{e(title)}》的通知_天津市商务局</title>
<script>document.write('<table><tr><td>广告</td></tr></table>');</script></head>
<body>
<table class="nav" width="100%"><tr><td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a></td><td><a href="/hdjl/">互动交流</a></td></tr></table>
<div class="article">
<h2>关于印发《{e(title)}》的通知</h2>
<p style="text-align:center">津自贸发〔2025〕3号</p>
<p>各有关单位：</p>
<p>&nbsp;&nbsp;现将《{e(title)}》印发给你们，请结合实际认真抓好复制推广工作。</p>
<p style="text-align:right">中国（天津）自由贸易试验区推进工作领导小组办公室</p>
<p style="text-align:right">2025年3月1日</p>
<p>附件</p>
<p align="center"><strong>{e(title)}</strong></p>
<table border="1" cellspacing="0">
<tbody>
<tr><td><b>序&nbsp;号</b></td><td><b>改革事项</b></td><td><b>主要内容</b></td><td><b>推广范围</b></td><td><b>负责单位</b></td></tr>
{gov_rows()}
</table>
</div>
<!-- <td>a cell in a comment</td> -->
</body></html>
"""
with open(f"{out}/gov-page-gb2312.html", "wb") as f:
    f.write(page.encode("gbk"))  # labelled gb2312, written as GBK, as such pages are

# The awkward workbook, as a web page LibreOffice turns into .xlsx, .xls and .ods: a title row
# merged across, a two-row header whose 负责单位 splits into 牵头单位 and 配合单位, a content
# cell of two paragraphs, agencies on two lines, 推广范围 merged down three reforms.
with open(f"{out}/merged.html", "w", encoding="utf-8") as f:
    f.write("""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>合并单元格</title></head><body>
<table border="1">
<tr><td colspan="6">天津自贸试验区第九批改革试点经验（样例）</td></tr>
<tr><td rowspan="2">序号</td><td rowspan="2">改革事项</td><td rowspan="2">主要内容</td><td rowspan="2">推广范围</td><td colspan="2">负责单位</td></tr>
<tr><td>牵头单位</td><td>配合单位</td></tr>
<tr><td>1</td><td>数据跨境政策创新</td><td>第一段：出台标准规范。<br>第二段：落实管理清单。</td><td rowspan="3">全市</td><td>市委网信办<br>市数据局</td><td>市商务局</td></tr>
<tr><td>2</td><td>国际保理集成创新模式</td><td>创新国际保理业务。</td><td>人民银行天津市分行</td><td></td></tr>
<tr><td>3</td><td>船舶供油新模式</td><td>推动保税燃料油供应。</td><td>天津海关</td><td>市商务局、市交通运输委</td></tr>
<tr><td>4</td><td>京津冀通关协作</td><td>推进区域通关一体化。</td><td>京津冀</td><td>天津海关</td><td>北京海关</td></tr>
</table>
</body></html>
""")

# A hand-written Word document as Word writes one: the notice around a contacts table and the
# reform table; the reform table with a two-row header (序 号 spaced, 负责单位 split), text split
# over runs, a hyperlink, a tracked deletion and insertion, a content cell of two paragraphs
# with a soft line break, agencies on two lines, 推广范围 merged down three reforms, an empty
# last row.
W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
def r(t, bold=False):
    pr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{pr}<w:t xml:space="preserve">{e(t)}</w:t></w:r>'
def p(*runs, num=None):
    pr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
    return "<w:p>" + pr + "".join(runs) + "</w:p>"
BR = "<w:r><w:br/></w:r>"
def tc(*paras, span=None, vmerge=None):
    pr = ""
    if span: pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart": pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue": pr += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>" + ("".join(paras) or "<w:p/>") + "</w:tc>"
def tr(*cells, before=None):
    pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return "<w:tr>" + pr + "".join(cells) + "</w:tr>"
def tbl(columns, *rows):
    grid = "<w:tblGrid>" + '<w:gridCol w:w="1500"/>' * columns + "</w:tblGrid>"
    return "<w:tbl><w:tblPr/>" + grid + "".join(rows) + "</w:tbl>"
link = '<w:hyperlink r:id="rId9"><w:r><w:t>保理服务平台</w:t></w:r></w:hyperlink>'
deleted = '<w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>（旧称）</w:delText></w:r></w:del>'
inserted = '<w:ins w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>集成</w:t></w:r></w:ins>'
contacts = tbl(2, tr(tc(p(r("联系人"))), tc(p(r("电话")))), tr(tc(p(r("张三"))), tc(p(r("022-12345678")))))
reform = tbl(6,
    tr(tc(p(r("序 号")), vmerge="restart"), tc(p(r("改革", True), r("事项", True)), vmerge="restart"),
       tc(p(r("主要内容")), vmerge="restart"), tc(p(r("推广范围")), vmerge="restart"),
       tc(p(r("负责单位")), span=2)),
    tr(tc(vmerge="continue"), tc(vmerge="continue"), tc(vmerge="continue"), tc(vmerge="continue"),
       tc(p(r("牵头单位"))), tc(p(r("配合单位")))),
    tr(tc(p(r("1"))), tc(p(r("数据跨境政策"), r("“双首个”", True), r("制度创新"))),
       tc(p(r("第一段：出台标准规范。")), p(), p(r("第二段：落实管理清单，"), BR, r("形成负面清单。"))),
       tc(p(r("全市")), vmerge="restart"), tc(p(r("市委网信办"), BR, r("市数据局"))), tc(p(r("市商务局")))),
    tr(tc(p(r("2"))), tc(p(r("国际保理"), deleted, inserted, r("创新模式"))),
       tc(p(r("依托"), link, r("创新国际保理业务。"))),
       tc(vmerge="continue"), tc(p(r("人民银行天津市分行"))), tc()),
    tr(tc(p(r("3"))), tc(p(r("船舶供油新模式"))), tc(p(r("推动保税燃料油供应。"))),
       tc(vmerge="continue"), tc(p(r("天津海关"))), tc(p(r("市商务局")), p(r("市交通运输委")))),
    tr(tc(p(r("4"))), tc(p(r("京津冀通关协作"))), tc(p(r("推进区域通关一体化。"))),
       tc(p(r("京津冀"))), tc(p(r("天津海关"))), tc(p(r("北京海关")))),
    tr(tc(), tc(), tc(), tc(), tc(), tc()))
body = "".join([
    p(r("津自贸发〔2025〕3号")),
    p(r("中国（天津）自由贸易试验区推进工作领导小组办公室关于印发《天津自贸试验区第九批改革试点经验（样例）》的通知")),
    p(r("各有关单位：")),
    p(r("现将有关经验印发给你们。联系方式如下：")),
    contacts,
    p(r("中国（天津）自由贸易试验区推进工作领导小组办公室")),
    p(r("2025年3月1日")),
    p(r("附件")),
    p(r("天津自贸试验区第九批改革试点经验（样例）", True)),
    reform,
])

# A second one with what Word does less often: 序号 as an automatically numbered list (no
# digits in the text), the table inside a content control, a row shifted by gridBefore, a table
# nested in a cell.
nested = tbl(2, tr(tc(p(r("内层甲"))), tc(p(r("内层乙")))))
numbered = tbl(5,
    tr(tc(p(r("序号"))), tc(p(r("改革事项"))), tc(p(r("主要内容"))), tc(p(r("推广范围"))), tc(p(r("负责单位")))),
    tr(tc(p(num=1)), tc(p(r("甲事项"))), tc(p(r("甲内容。")), nested, p()), tc(p(r("全市"))), tc(p(r("市商务局")))),
    tr(tc(p(num=1)), tc(p(r("乙事项"))), tc(p(r("乙内容。"))), tc(p(r("全市"))), tc(p(r("市财政局")))),
    tr(tc(p(r("说明：第三行从第二列开始"))), tc(p(r("丙"))), tc(p(r("丁"))), tc(p(r("戊"))), before=1))
numbered_body = p(r("编号的经验表")) + "<w:sdt><w:sdtPr/><w:sdtContent>" + numbered + "</w:sdtContent></w:sdt>"
numbering = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')

import zipfile
def docx(path, body, numbering=None):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          + ('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' if numbering else "")
          + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>")
    drels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>'
             + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>' if numbering else "")
             + "</Relationships>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'
                + body + '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", document),
                           ("word/_rels/document.xml.rels", drels)] + ([("word/numbering.xml", numbering)] if numbering else []):
            zi = zipfile.ZipInfo(name, date_time=(2025, 3, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, text)
docx(f"{out}/merged.docx", body)
docx(f"{out}/numbered.docx", numbered_body, numbering)

# A CSV typed by hand: a BOM, a title line, a quoted content cell of two paragraphs, agencies on
# two lines, an empty last row as a spreadsheet writes one.
with open(f"{out}/awkward.csv", "wb") as f:
    f.write("\ufeff天津自贸试验区第九批改革试点经验（样例）,,,,\r\n"
            "序号,改革事项,主要内容,推广范围,负责单位\r\n"
            "1,数据跨境政策创新,\"第一段：出台标准规范。\r\n第二段：落实“负面清单”，\"\"一单尽列\"\"。\",全市,\"市委网信办\r\n市数据局\"\r\n"
            "2,国际保理集成创新模式,创新国际保理业务。,全市,人民银行天津市分行、市委金融办\r\n"
            ",,,,\r\n".encode("utf-8"))

# Tables that are not the reform table.
with open(f"{out}/no-header.csv", "w", encoding="utf-8") as f:
    f.write("名称,说明\n甲,乙\n")
PY

# The batch through LibreOffice: the web page opened in Writer and in Calc, saved as each format.
cp "$(convert docx "HTML (StarWriter)" 'docx:MS Word 2007 XML' "$out/batch8.html")" "$out/batch8.docx"
cp "$(convert xlsx "HTML (StarCalc)" 'xlsx:Calc MS Excel 2007 XML' "$out/batch8.html")" "$out/batch8.xlsx"
cp "$(convert xls "HTML (StarCalc)" 'xls:MS Excel 97' "$out/batch8.html")" "$out/batch8.xls"
cp "$(convert ods "HTML (StarCalc)" 'ods:calc8' "$out/batch8.html")" "$out/batch8.ods"
cp "$(convert csv "Calc MS Excel 2007 XML" 'csv:Text - txt - csv (StarCalc):44,34,76,1' "$out/batch8.xlsx")" "$out/batch8.csv"
cp "$(convert mxlsx "HTML (StarCalc)" 'xlsx:Calc MS Excel 2007 XML' "$out/merged.html")" "$out/merged.xlsx"
cp "$(convert mxls "HTML (StarCalc)" 'xls:MS Excel 97' "$out/merged.html")" "$out/merged.xls"
cp "$(convert mods "HTML (StarCalc)" 'ods:calc8' "$out/merged.html")" "$out/merged.ods"

# Broken and refused files: a .docx cut short, a Word 97-2003 document, an empty file.
head -c 3000 "$out/batch8.docx" > "$out/truncated.docx"
cp "$(convert doc "MS Word 2007 XML" 'doc:MS Word 97' "$out/merged.docx")" "$out/legacy.doc"
: > "$out/empty.csv"
# The batch's parts around a one-cell table whose width is a word: the Word parser panics on
# it, which the reader turns into an error (and the dist smoke test proves panics unwind).
python3 - "$out/batch8.docx" "$out/bad-width.docx" <<'PY'
import sys, zipfile
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:tbl><w:tblPr><w:tblW w:w="wide" w:type="dxa"/></w:tblPr><w:tr><w:tc><w:p>'
       '<w:r><w:t>序号</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for i in src.infolist():
        z.writestr(i.filename, doc.encode() if i.filename == 'word/document.xml' else src.read(i.filename))
PY

rm -rf /tmp/lo-docx /tmp/lo-xlsx /tmp/lo-xls /tmp/lo-ods /tmp/lo-csv /tmp/lo-mxlsx /tmp/lo-mxls /tmp/lo-mods /tmp/lo-doc
ls -l "$out"

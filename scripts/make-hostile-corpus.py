#!/usr/bin/env python3
"""Writes tests/hostile/: datasets, tables and configuration files that try to drive the
terminal, hide text or forge what an export says. tests/hostile_files.rs holds what each
one must get. Run from the repository's root: python3 scripts/make-hostile-corpus.py"""
import os

OUT = "tests/hostile"
HEAD = "[document]\ntitle = \"恶意数据\"\n\n"


def reform(number="1", title='"标题"', content='"内容"', scope='"全市"', agencies='["市商务局"]'):
    return (f"[[reform]]\nnumber = {number}\ntitle = {title}\ncontent = {content}\n"
            f"scope = {scope}\nagencies = {agencies}\n")


def write(name, text, binary=False):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(text if binary else text.encode("utf-8"))


os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))

# Escape sequences written as TOML escapes, in each field.
write("osc52-title.toml", HEAD + reform(title='"数据\\u001b]52;c;dG91Y2ggcHduZWQK\\u0007"'))
write("title-window.toml", "[document]\ntitle = \"\\u001b]0;pwned\\u0007\"\n\n" + reform())
write("clear-screen-content.toml", HEAD + reform(content='"内容\\u001b[2J\\u001b[H"'))
write("bell-scope.toml", HEAD + reform(scope='"全市\\u0007"'))
write("esc-agency.toml", HEAD + reform(agencies='["市商务局", "天津\\u001b[31m海关"]'))
write("c1-source.toml", "[document]\ntitle = \"标题\"\nsource = \"文号\\u009b2J\"\n\n" + reform())
write("paste-breakout.toml", HEAD + reform(title='"标题\\u001b[201~; touch pwned #"'))
write("nul-content.toml", HEAD + reform(content='"内容\\u0000尾"'))
write("del-title.toml", HEAD + reform(title='"标\\u007f题"'))
write("c1-nel-title.toml", HEAD + reform(title='"标\\u0085题"'))
write("backspace-escape.toml", HEAD + reform(content='"内容\\b\\b\\b覆盖"'))
write("formfeed-escape.toml", HEAD + reform(content='"内容\\f"'))
write("lone-cr-escape.toml", HEAD + reform(content='"第一行\\r伪造"'))
write("long-unicode-escape.toml", HEAD + reform(content='"内容\\U0000001B[2J"'))
# Each bidirectional control.
for code in ["202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069"]:
    write(f"bidi-{code.lower()}.toml", HEAD + reform(content=f'"付款\\u{code}txt.exe"'))
# The characters themselves, not escaped.
write("raw-esc-comment.toml", "# \x1b]0;pwned\x07\n" + HEAD + reform())
write("raw-lone-cr.toml", HEAD + "# a\rb\n" + reform())
write("raw-c1.toml", HEAD + reform(title='"标\u0090题"'))
write("raw-rlo-agency.toml", HEAD + reform(agencies='["市\u202e局"]'))
# Numbers, agencies.
write("number-too-large.toml", HEAD + reform(number="4294967296"))
write("number-beyond-i64.toml", HEAD + reform(number="99999999999999999999"))
write("agency-with-space.toml", HEAD + reform(agencies='["天津 海关"]'))
write("agency-with-separator.toml", HEAD + reform(agencies='["市商务局、天津海关"]'))
# Tables for import.
HEADER = "序号\t改革事项\t主要内容\t推广范围\t负责单位\n"
write("raw-esc-cell.tsv", HEADER + "1\t标题\x1b[2J\t内容\t全市\t市商务局\n")
write("bidi-cell.tsv", HEADER + "1\t标题\t内容\u202e\t全市\t市商务局\n")
write("separators-only-agency.tsv", HEADER + "1\t标题\t内容\t全市\t、\n")
write("number-too-large.tsv", HEADER + "4294967296\t标题\t内容\t全市\t市商务局\n")
# Configuration files.
write("config-escape-lang.config.toml", 'lang = "\\u001b]0;pwned\\u0007"\n')
write("config-raw-esc.config.toml", "# \x1b[2J\nlang = \"en\"\n")
write("config-bidi-key.config.toml", '[keys]\nquit = ["\\u202eq"]\n')
# Valid data that looks hostile: shown safely, never as more than it is.
write("forged-entry.toml", HEAD + reform(
    content='"真实内容\\n2. 伪造的事项\\n主要内容：伪造\\n推广范围：全市\\n负责单位：伪造单位"'))
write("formula-cells.toml", HEAD + reform(
    title='"=HYPERLINK(\\"http://x\\",\\"点击\\")"', content='" =1+1"', scope='"-全市"',
    agencies='["@单位", "+局"]'))
write("markdown-structure.toml", HEAD + reform(
    content='"第一行\\n===\\n---\\n# 标题\\n> 引用\\n```\\n1. 列表"'))

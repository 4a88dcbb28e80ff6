#!/usr/bin/env bash
# Writes the embedded batch as .docx and .xlsx reports, converts both to PDF with LibreOffice
# and the first pages to PNG, to look at what an official would be handed:
#
#   scripts/render-reports.sh OUTDIR [PAGES] [DPI]      (defaults: 2 pages at 80 dpi)
#
# Needs soffice (libreoffice-writer-nogui, libreoffice-calc-nogui), fonts-noto-cjk,
# fonts-crosextra-carlito (Calibri's metrics, which set the width of a spreadsheet column) and
# pdftoppm (poppler-utils). Where 仿宋_GB2312, 方正小标宋简体 and 黑体 are not installed,
# scripts/fonts.conf shows them in the nearest Noto CJK faces.
set -euo pipefail

out=${1:?usage: render-reports.sh OUTDIR [PAGES] [DPI]}
pages=${2:-2}
dpi=${3:-80}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")/.."
export FONTCONFIG_FILE=$PWD/scripts/fonts.conf

cargo build --release --quiet --example report
for format in docx xlsx; do
    target/release/examples/report "$format" "$out/report.$format"
    # A profile of its own: soffice calls sharing one lose output.
    profile=$(mktemp -d)
    start=$(date +%s.%N)
    soffice "-env:UserInstallation=file://$profile" --headless --norestore \
        --convert-to pdf --outdir "$out" "$out/report.$format" >/dev/null
    end=$(date +%s.%N)
    rm -rf "$profile"
    rm -f "$out/report-$format"-*.png
    pdftoppm -r "$dpi" -png -f 1 -l "$pages" "$out/report.pdf" "$out/report-$format"
    mv "$out/report.pdf" "$out/report-$format.pdf"
    printf '%s: %s bytes, %s pages, PDF in %.2f s\n' "$format" \
        "$(stat -c %s "$out/report.$format")" \
        "$(pdfinfo "$out/report-$format.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" \
        "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
done
ls "$out"/*.png

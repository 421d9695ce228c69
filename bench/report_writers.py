"""How the report writers were chosen: chart libraries and XLSX writers, measured side by side.

    python bench/report_writers.py [--rows 200000]

Charts: the same 6-bar horizontal chart as SVG with matplotlib's SVG backend (what
crmhealth.report.charts uses) and, when installed, Altair + vl-convert: SVG size, first render
(start-up included) and the mean of 10 warm renders. XLSX: N rows × 13 text columns with
XlsxWriter (constant_memory, what crmhealth.report.xlsx uses) and openpyxl (write-only), each in
a fresh process: seconds, peak RSS, file size. Printed side by side.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

LABELS = ["accuracy", "completeness", "freshness", "usage", "feedback", "华南销售"]
VALUES = [97.4, 96.5, 82.2, 72.0, 61.3, 50.0]

CHART_CODE = {
    "matplotlib": """
from crmhealth.report.charts import bar_chart
def render():
    return str(bar_chart(LABELS, VALUES, title="t"))
""",
    "altair+vl-convert": """
import altair as alt, vl_convert as vlc
def render():
    data = alt.Data(values=[{"l": l, "v": v} for l, v in zip(LABELS, VALUES)])
    chart = alt.Chart(data).mark_bar().encode(y="l:N", x="v:Q").properties(width=400, height=150)
    return vlc.vegalite_to_svg(chart.to_json())
""",
}

XLSX_CODE = {
    "xlsxwriter": """
import xlsxwriter
book = xlsxwriter.Workbook(PATH, {"constant_memory": True, "strings_to_formulas": False,
                                  "strings_to_urls": False, "strings_to_numbers": False})
sheet = book.add_worksheet("s")
for i in range(ROWS):
    sheet.write_string(i, 0, str(i))
    for j, v in enumerate(ROW):
        sheet.write_string(i, j + 1, v)
book.close()
""",
    "openpyxl": """
from openpyxl import Workbook
book = Workbook(write_only=True)
sheet = book.create_sheet("s")
for i in range(ROWS):
    sheet.append([str(i)] + ROW)
book.save(PATH)
""",
}


def _run(code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode != 0:
        return {}
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def charts() -> None:
    print("chart (6 bars)        SVG bytes  first render s  warm render s")
    for name, body in CHART_CODE.items():
        code = f"""
import json, time
t0 = time.perf_counter()
LABELS = {LABELS!r}; VALUES = {VALUES!r}
{body}
svg = render(); first = time.perf_counter() - t0
t1 = time.perf_counter()
for _ in range(10): render()
print(json.dumps({{"size": len(svg), "first": first, "warm": (time.perf_counter() - t1) / 10}}))
"""
        result = _run(code)
        if not result:
            print(f"{name:20}  not installed")
            continue
        print(f"{name:20}  {result['size']:9.0f}  {result['first']:14.2f}  {result['warm']:13.3f}")


def workbooks(rows: int) -> None:
    print(f"\nxlsx ({rows:,} rows x 13 text columns)   seconds  peak RSS MiB  file MB")
    with tempfile.TemporaryDirectory() as folder:
        for name, body in XLSX_CODE.items():
            path = str(Path(folder) / f"{name}.xlsx")
            code = f"""
import json, os, resource, time
ROWS = {rows}; PATH = {path!r}; ROW = [f"值{{i}}-abcdef" for i in range(12)]
t0 = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - t0,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "size": os.path.getsize(PATH) / 1e6}}))
"""
            result = _run(code)
            print(
                f"{name:36}  {result['seconds']:7.1f}  {result['rss']:12.0f}  {result['size']:7.1f}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    charts()
    workbooks(args.rows)

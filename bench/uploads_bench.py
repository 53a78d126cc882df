"""Hostile workbooks: what reading each costs through core.workbooks (refused or read), against openpyxl's
read-only reader as importers used it before (each in a child process of its own, so the peak RSS is that read's).

Run: .venv/bin/python bench/uploads_bench.py [--cases name,name] [--openpyxl-seconds 120]
Each line: case, reader, outcome (the refusal's first words, or rows read), seconds, peak RSS MB. openpyxl is given
``--openpyxl-seconds`` and 2 GB of address space at most; past either its line says so.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = ["姓名", "身份证号", "学历", "职业", "入党日期", "党员类别", "所在党组织"]
ROW = ["张三", "110101198001010011", "大学", "农牧渔民", "2010-07-01", "正式党员", "东风村党支部"]


def cases() -> dict:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tests.test_hostile_imports import (
        BILLION_LAUGHS,
        SHEET_CLOSE,
        SHEET_OPEN,
        sheet_xml,
        xlsx,
    )

    good = [HEADER, ROW]
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return {
        "zip bomb (2.1M rows)": lambda: xlsx(SHEET_OPEN.format(doctype="", dimension="A1:A2") + row * 2_100_000
                                             + SHEET_CLOSE),
        "dimension A1:XFD1048576": lambda: xlsx(sheet_xml(good, dimension="A1:XFD1048576").replace(
            "</row></sheetData>", '</row><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')),
        "a row of 2M unpositioned cells": lambda: xlsx(sheet_xml(good).replace(
            "</row></sheetData>", "<c><v>1</v></c>" * 2_000_000 + "</row></sheetData>")),
        "a 30 MB cell": lambda: xlsx(sheet_xml([HEADER, ["长" * 10_000_000, *ROW[1:]]])),
        "shared strings 3M entries": lambda: xlsx(sheet_xml(good), strings=(
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main">' + "".join(f"<si><t>字符串{i}</t></si>" for i in range(3_000_000)) + "</sst>")),
        "billion laughs": lambda: xlsx(sheet_xml(good, doctype=BILLION_LAUGHS)),
    }


def read(path: str, reader: str) -> dict:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    start = time.perf_counter()
    try:
        if reader == "core.workbooks":
            from zugong.core.workbooks import WorkbookError, open_sheet

            try:
                with open_sheet(path) as sheet:
                    rows = sum(1 for _ in sheet.rows())
                outcome = f"read {rows} rows"
            except WorkbookError as error:
                outcome = f"refused: {error.message[:40]}"
        else:
            from openpyxl import load_workbook

            rows = sum(1 for _ in load_workbook(path, read_only=True, data_only=True).worksheets[0].iter_rows(
                values_only=True))
            outcome = f"read {rows} rows"
    except MemoryError:
        outcome = "out of memory (2 GB)"
    except Exception as error:  # openpyxl's own failures, for the table
        outcome = f"{type(error).__name__}"
    return {"outcome": outcome, "seconds": round(time.perf_counter() - start, 1), "peak RSS MB": peak_rss_mb()}


def peak_rss_mb() -> int:
    """This process's own high-water mark (getrusage's keeps the parent's from before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def in_child(path: str, reader: str, seconds: int) -> dict:
    limit = "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); " if reader == "openpyxl" else ""
    code = (f"import json, resource, sys; {limit}import bench.uploads_bench as b; "
            f"sys.stdout.write(json.dumps(b.read({path!r}, {reader!r})) + chr(10))")
    try:
        run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        return {"outcome": f"not done after {seconds} s", "seconds": seconds, "peak RSS MB": "—"}
    if run.returncode != 0:
        return {"outcome": f"crashed ({run.stderr.strip().splitlines()[-1][:60] if run.stderr else run.returncode})",
                "seconds": "—", "peak RSS MB": "—"}
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", default="")
    parser.add_argument("--openpyxl-seconds", type=int, default=120)
    args = parser.parse_args()
    wanted = set(filter(None, args.cases.split(",")))
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in cases().items():
            if wanted and name not in wanted:
                continue
            path = Path(tmp) / "case.xlsx"
            path.write_bytes(build())  # built and dropped here; each reader runs in a fresh process
            size = path.stat().st_size // 1024
            for reader in ("core.workbooks", "openpyxl"):
                found = in_child(str(path), reader, args.openpyxl_seconds if reader == "openpyxl" else 600)
                sys.stdout.write(f"{name:<32}{size:>7} KB  {reader:<15}{found['outcome']:<46}"
                                 f"{found['seconds']:>7} s {found['peak RSS MB']:>6} MB\n")
                sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Benchmark: importing a 5,000-row ledger sheet, against openpyxl reading the same file.

    .venv/bin/python benchmarks/bench_ledger_import.py [--rows 5000]

Baseline: openpyxl's own `load_workbook(read_only=True)` and iterating every row of the file
(values only). Measured: the import as the command line runs it, dry run (read, check, compare)
then apply into an empty workspace in one transaction. Goal (issue 17): ratio <= 1.0
(issue 2 asked <= 3). The import reads with python-calamine; the baseline stays openpyxl.
Each run times the baseline and the import back to back; the ratio printed is the median of
the runs' own ratios, so a machine shared with others loads both sides alike.

The sheet: a title row, a 单位 line, a one-row header of 27 columns, 5,000 projects, each
naming one 包抓领导 (40 in all), one 服务专员 (120) and two 责任单位, dates in mixed forms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forms import ledger  # noqa: E402
from forms.workspace import Workspace  # noqa: E402

HEADER = [
    "序号",
    "项目编号",
    "项目名称",
    "建设单位",
    "所在区县",
    "园区",
    "产业链",
    "项目类别",
    "总投资（亿元）",
    "年度计划投资（万元）",
    "年度完成投资（万元）",
    "累计完成投资（万元）",
    "计划签约时间",
    "实际签约时间",
    "计划开工时间",
    "实际开工时间",
    "计划竣工时间",
    "计划投产时间",
    "牵头单位",
    "责任单位",
    "包抓领导",
    "服务专员",
    "建设地点",
    "省重大",
    "市重点",
    "形象进度",
    "备注",
]
DISTRICTS = [
    "城关区",
    "新华区",
    "东湖县",
    "西山县",
    "南岭县",
    "北塬区",
    "高新技术产业开发区",
    "经济技术开发区",
]
CHAINS = [
    "铝及铝合金",
    "汽车零部件",
    "光电子",
    "先进陶瓷",
    "新材料",
    "新能源",
    "高端装备",
    "现代医药",
]
STAGES = ["谋划储备", "招引落地", "加快建设", "技改扩能", "投产达效"]
DEPTS = [
    "市发展改革委",
    "市工业和信息化局",
    "市自然资源和规划局",
    "市生态环境局",
    "市商务局",
    "市住房和城乡建设局",
    "市行政审批服务局",
    "国网市供电公司",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静强磊军洋勇艳杰涛明超霞平刚华"


def make_sheet(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    leaders = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(40)]
    staff = [rng.choice(SURNAMES) + rng.choice(GIVEN) for _ in range(120)]
    # A normal (not write-only) workbook, so the sheet carries its <dimension> as Excel's do;
    # without it openpyxl's read-only mode parses the whole sheet twice, baseline included.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["2026年全市重点项目建设台账"])
    sheet.append(
        ["填报单位：市重大项目建设工作专班", None, None, None, None, None, None, None, "单位：万元"]
    )
    sheet.append(HEADER)
    for i in range(rows):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        sheet.append(
            [
                i + 1,
                f"XM2026{i + 1:05d}",
                f"年产{rng.randrange(1, 100)}万套产品项目{i}",
                f"企业{i % 1500}有限公司",
                rng.choice(DISTRICTS),
                rng.choice(["", "高新园", "东区园"]),
                rng.choice(CHAINS),
                rng.choice(STAGES),
                round(rng.randrange(5_000, 5_000_000) / 10_000, 4),
                rng.randrange(100, 90_000) / 100,
                rng.randrange(100, 90_000) / 100,
                rng.randrange(100, 900_000) / 100,
                start,
                rng.choice([start, None]),
                f"{start.year}.{start.month}",
                rng.choice(["—", start.isoformat(), None]),
                f"{start.year + 1}年{start.month}月",
                f"{start.year + 2}/{start.month}/1",
                rng.choice(DEPTS),
                "、".join(rng.sample(DEPTS, 2)),
                rng.choice(leaders),
                rng.choice(staff),
                f"某某路{i}号",
                rng.choice(["是", "否"]),
                rng.choice(["是", "", "否"]),
                "主体结构施工中",
                rng.choice([None, "—", "按计划推进"]),
            ]
        )
    book.save(path)


Times = tuple[float, float]  # wall seconds, CPU seconds of this process


def _clock() -> Times:
    return time.perf_counter(), time.process_time()


def _since(start: Times) -> Times:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def baseline(path: Path, values_only: bool = True) -> Times:
    """openpyxl reading the file: values only (what the import itself asks openpyxl for), or
    cell objects (`for row in sheet.iter_rows()`), shown for reference."""
    started = _clock()
    book = openpyxl.load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=values_only):
            pass
    book.close()
    return _since(started)


def import_once(path: Path, home: Path) -> tuple[Times, Times, ledger.Plan]:
    with Workspace.open(home) as ws:
        started = _clock()
        plan = ledger.dry_run(ws, path)
        dry = _since(started)
        ledger.apply(ws, plan)
        return dry, _since(started), plan


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--rows", type=int, default=5000)
    args.add_argument("--repeat", type=int, default=5, help="runs of each, interleaved")
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        make_sheet(path, opts.rows)
        base, cells, dry, mine = [], [], [], []
        for n in range(opts.repeat):  # interleaved, so both see the same load on the machine
            base.append(baseline(path))
            cells.append(baseline(path, values_only=False))
            dry_run, total, plan = import_once(path, Path(tmp) / f"ws{n}")
            dry.append(dry_run)
            mine.append(total)
        assert plan.count("create") == opts.rows and not plan.errors, plan.summary()
    print(
        f"ledger rows: {opts.rows}, columns: {len(HEADER)}; {opts.repeat} runs, interleaved;"
        " medians (the machine may be shared: the ratio is taken within each run)"
    )
    for i, what in enumerate(("wall", "CPU")):
        b, c, d, m = (median(t[i] for t in times) for times in (base, cells, dry, mine))
        ratios = [t[i] / o[i] for t, o in zip(mine, base, strict=True)]
        print(
            f"[{what}] openpyxl load_workbook(read_only=True) + iterate all rows"
            f" (values_only=True): {b:.3f} s   [as cell objects: {c:.3f} s]"
        )
        print(
            f"[{what}] import: dry run {d:.3f} s, dry run + apply into an empty workspace:"
            f" {m:.3f} s"
        )
        print(
            f"[{what}] ratio import / openpyxl values_only: {median(ratios):.2f}"
            f" (runs: {', '.join(f'{r:.2f}' for r in ratios)}; goal <= 1.0, issue 17)"
            f"   [/ cell objects: {m / c:.2f}]"
        )


if __name__ == "__main__":
    main()

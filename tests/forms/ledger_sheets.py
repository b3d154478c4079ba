"""Ledger workbooks made by the tests with openpyxl: clean, messy, broken."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

CLEAN_HEADER = [
    "序号",
    "项目编号",
    "项目名称",
    "建设单位",
    "所在区县",
    "产业链",
    "项目类别",
    "总投资（万元）",
    "年度计划投资（万元）",
    "计划开工时间",
    "包抓领导",
    "服务专员",
    "责任单位",
    "省重大",
    "备注",
]
CLEAN_ROWS = [
    [
        1,
        "XM001",
        "年产10万吨再生铝项目",
        "恒达铝业有限公司",
        "城关区",
        "铝及铝合金",
        "加快建设",
        52000,
        12000.5,
        dt.datetime(2026, 3, 1),
        "王伟",
        "李娜、张敏",
        "市发展改革委、市商务局",
        "是",
        None,
    ],
    [
        2,
        "XM002",
        "光通信模块项目",
        "中科光电有限公司",
        "新华区",
        "光电子",
        "招引落地",
        "8,000",
        1500,
        "2026-05-01",
        "王伟（副市长）",
        "张敏",
        "市商务局",
        "否",
        "新签约",
    ],
    [
        3,
        "XM003",
        "智能输送装备项目",
        "瑞丰智能装备有限公司",
        "城关区",
        "高端装备",
        "谋划储备",
        3000.25,
        None,
        None,
        "赵强",
        None,
        None,
        None,
        None,
    ],
]


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def clean(path: Path, rows: list[list] | None = None, header: list[str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(header or CLEAN_HEADER)
    for row in CLEAN_ROWS if rows is None else rows:
        sheet.append(row)
    return save(book, path)


def messy(path: Path) -> Path:
    """Two title rows, a merged two-row header, 亿元 and 万元 columns, mixed date forms,
    section headings, a 合计 row, blank spacer rows and — cells."""
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本工作簿第二张表是台账"])
    sheet = book.create_sheet("2026年台账")
    sheet.append(["2026年全市重点项目建设推进台账"])
    sheet.merge_cells("A1:L1")
    sheet.append(
        ["填报单位：市专班办公室", None, None, None, None, None, None, None, None, "单位：万元"]
    )
    sheet.append(
        [
            "序号",
            "项目名称",
            "企业名称",
            "所在县区",
            "项目\n阶段",
            "总投资\n（亿元）",
            "2026年度投资",
            None,
            "开工时间",
            None,
            "包抓\n领导",
            "备 注",
        ]
    )
    sheet.append([None, None, None, None, None, None, "计划", "完成", "计划", "实际", None, None])
    for top_left, bottom_left in (
        ("A3", "A4"),
        ("B3", "B4"),
        ("C3", "C4"),
        ("D3", "D4"),
        ("E3", "E4"),
        ("F3", "F4"),
        ("K3", "K4"),
        ("L3", "L4"),
    ):
        sheet.merge_cells(f"{top_left}:{bottom_left}")
    sheet.merge_cells("G3:H3")
    sheet.merge_cells("I3:J3")
    sheet.append(["一、加快建设项目（2个）"])
    sheet.append(
        [
            1,
            "铝合金轮毂项目",
            "金阳铝业有限公司",
            "东湖县",
            None,
            1.2345,
            3000,
            "—",
            "2023.5",
            dt.datetime(2023, 6, 18),
            "陈杰",
            "—",
        ]
    )
    sheet.append([None] * 12)
    sheet.append(
        [
            2,
            "碳化硅陶瓷项目",
            "博奥陶瓷有限公司",
            "西山县",
            "技改",
            "0.5",
            800.75,
            200,
            "2023年5月",
            "2023/5/1",
            "陈杰、刘洋",
            "按期推进",
        ]
    )
    sheet.append(["二、投产达效项目"])
    sheet.append(
        [
            3,
            "疫苗灌装项目",
            "国泰医药有限公司",
            "东湖县",
            None,
            2,
            "-",
            None,
            "2023-05-01",
            None,
            "/",
            None,
        ]
    )
    sheet.append(["合计", None, None, None, None, 3.7345, 3800.75, 200, None, None, None, None])
    sheet.append([])
    return save(book, path)


def broken_files(folder: Path) -> dict[str, Path]:
    """Files that are not readable workbooks, each named for what is wrong with it."""
    good = clean(folder / "good.xlsx")
    data = good.read_bytes()
    files = {
        "random": (folder / "random.xlsx", bytes(range(256)) * 40),
        "text": (folder / "notes.xlsx", "项目名称,总投资\n某项目,100\n".encode()),
        "truncated": (folder / "truncated.xlsx", data[: len(data) // 2]),
        "csv": (folder / "ledger.csv", "项目名称,总投资\n某项目,100\n".encode()),
        "empty": (folder / "empty.xlsx", b""),
        "xls": (folder / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)),
    }
    for path, content in files.values():
        path.write_bytes(content)
    return {name: path for name, (path, _) in files.items()}

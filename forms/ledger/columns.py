"""Ledger columns: the fields a 台账 carries and how a header's Chinese text names them.

Offices name the same column many ways (建设单位, 企业名称, 项目单位 …) and often split a header
over two rows (a merged 年度投资 above 计划 and 完成). A header is matched after normalising
its text: full-width brackets and spaces folded, the money unit taken out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import codes

# Ledger fields in export order: (field, Chinese header, English name).
MILESTONE_FIELDS = tuple(
    (f"{m}_{kind}", f"{'计划' if kind == 'plan' else '实际'}{zh}时间", f"{en} ({kind})")
    for m, zh, en in codes.MILESTONES
    for kind in ("plan", "actual")
)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("code", "项目编号", "Project code"),
    ("name", "项目名称", "Project name"),
    ("enterprise", "建设单位", "Enterprise"),
    ("district", "所在区县", "District"),
    ("park", "园区", "Park"),
    ("industry_chain", "产业链", "Industry chain"),
    ("stage", "项目类别", "Stage"),
    ("total_investment", "总投资", "Total investment"),
    ("year_plan_investment", "年度计划投资", "Planned investment this year"),
    ("year_completed_investment", "年度完成投资", "Investment completed this year"),
    ("cumulative_investment", "累计完成投资", "Cumulative investment"),
    *MILESTONE_FIELDS,
    ("lead_unit", "牵头单位", "Lead unit"),
    ("responsible_units", "责任单位", "Responsible units"),
    ("leaders", "包抓领导", "Leaders"),
    ("commissioners", "服务专员", "Service commissioners"),
    ("location", "建设地点", "Location"),
    ("longitude", "经度", "Longitude"),
    ("latitude", "纬度", "Latitude"),
    ("province_key", "省重大", "Province key project"),
    ("city_key", "市重点", "City key project"),
    ("progress_note", "形象进度", "Progress"),
    ("notes", "备注", "Notes"),
)
FIELD_NAMES = tuple(f for f, _, _ in FIELDS)
LABELS = {f: zh for f, zh, _ in FIELDS}
ENGLISH = {f: en for f, _, en in FIELDS}
MONEY_FIELDS = (
    "total_investment",
    "year_plan_investment",
    "year_completed_investment",
    "cumulative_investment",
)
DATE_FIELDS = tuple(f for f, _, _ in MILESTONE_FIELDS)
FLAG_FIELDS = ("province_key", "city_key")
NUMBER_FIELDS = ("longitude", "latitude")
IGNORE = "ignore"  # a mapping target that drops a column

# Exact names (after normalising) first; they win over the keyword rules below.
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("项目编号", "项目代码", "编号", "项目编码", "统一项目代码", "项目统一代码", "代码"),
    "name": ("项目名称", "名称", "项目"),
    "enterprise": (
        "建设单位",
        "企业名称",
        "项目单位",
        "实施主体",
        "业主单位",
        "项目业主",
        "投资主体",
        "企业",
        "项目建设单位",
    ),
    "district": ("所在区县", "区县", "县区", "所在县区", "县市区", "所在地区", "属地", "所属区县"),
    "park": ("园区", "所在园区", "所属园区", "开发区"),
    "industry_chain": (
        "产业链",
        "行业",
        "所属产业链",
        "所属行业",
        "产业链行业",
        "产业链/行业",
        "行业类别",
        "产业类别",
    ),
    "stage": ("项目类别", "阶段", "项目阶段", "类别", "五个一批", "项目类型", "类型", "所属类别"),
    "total_investment": ("总投资", "计划总投资", "项目总投资", "估算总投资"),
    "lead_unit": ("牵头单位", "牵头部门"),
    "responsible_units": ("责任单位", "配合单位", "责任部门", "责任单位部门"),
    "leaders": (
        "包抓领导",
        "包抓市级领导",
        "包联领导",
        "包抓县级领导",
        "包抓领导姓名",
        "市级包抓领导",
    ),
    "commissioners": ("服务专员", "企业秘书", "包联专员", "服务专员姓名"),
    "location": ("建设地点", "建设地址", "项目地点", "项目地址", "地点"),
    "longitude": ("经度",),
    "latitude": ("纬度",),
    "province_key": (
        "省重大",
        "省重大项目",
        "是否省重大",
        "是否省重大项目",
        "省重点",
        "是否省重点",
    ),
    "city_key": ("市重点", "市重点项目", "是否市重点", "是否市重点项目"),
    "progress_note": (
        "形象进度",
        "工程形象进度",
        "项目进展",
        "进展情况",
        "项目进度",
        "形象进度情况",
        "目前进展",
    ),
    "notes": ("备注", "说明"),
    IGNORE: ("序号", "排序"),
}
_EXACT = {alias: field for field, names in ALIASES.items() for alias in names}
_MILESTONE_WORDS = {zh: m for m, zh, _ in codes.MILESTONES}

_FOLD = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "：": ":",
        "／": "/",
        "　": "",
        " ": "",
        "\n": "",
        "\r": "",
        "\t": "",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
    }
)
_UNIT = re.compile(r"\(?(万元|亿元|元)\)?")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    letter: str  # A, B, …
    label: str  # the header text as shown to the user
    field: str | None  # the ledger field, or None when no field matched
    unit: str | None  # 万元 / 亿元 / 元 for a money column named with its unit
    by_values: bool = False  # the field was recognised from the column's values


def normalise(text: object) -> str:
    return str(text or "").translate(_FOLD).strip()


def unit_of(text: str) -> str | None:
    found = _UNIT.search(normalise(text))
    return found.group(1) if found else None


def match(text: str) -> str | None:
    """The ledger field a header names, or None; IGNORE for columns known to carry nothing."""
    bare = _UNIT.sub("", normalise(text)).replace("()", "")
    # "2026年计划投资", "2026年度投资·计划", "1-10月完成投资": this year's figures
    yearly = bool(_YEARLY.search(bare))
    bare = re.sub(r"^\d{4}年度?", "", bare)
    if bare in _EXACT:
        return _EXACT[bare]
    return _money(bare, yearly) or _milestone(bare) or _contains(bare)


_YEARLY = re.compile(r"^\d{4}年|年度|本年|今年|当年|月")


def _money(bare: str, yearly: bool) -> str | None:
    if "投资" not in bare:
        return None
    if "累计" in bare or "开工以来" in bare:
        return "cumulative_investment"
    if "总投资" in bare:
        return "total_investment"
    if yearly:
        if "完成" in bare:
            return "year_completed_investment"
        if "计划" in bare:
            return "year_plan_investment"
    return None


def _milestone(bare: str) -> str | None:
    for word, milestone in _MILESTONE_WORDS.items():
        if word in bare and ("时间" in bare or "日期" in bare or "计划" in bare or "实际" in bare):
            if "投产达效" in bare:
                return None  # a stage name, not a date column
            return f"{milestone}_{'actual' if '实际' in bare or '完成' in bare else 'plan'}"
    return None


def _contains(bare: str) -> str | None:
    for field in (
        "leaders",
        "commissioners",
        "lead_unit",
        "responsible_units",
        "enterprise",
        "province_key",
        "city_key",
        "progress_note",
        "industry_chain",
        "stage",
    ):
        if any(alias in bare for alias in ALIASES[field] if len(alias) >= 3):
            return field
    return None


def letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out

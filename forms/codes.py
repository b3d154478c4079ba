"""Code lists: the fixed vocabularies of the domain, with their Chinese and English labels."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    value: str
    zh: str
    en: str


def _codes(*rows: tuple[str, str, str]) -> tuple[Code, ...]:
    return tuple(Code(*row) for row in rows)


STAGES = _codes(
    ("reserve", "谋划储备", "Reserve"),
    ("attract", "招引落地", "Attracted"),
    ("build", "加快建设", "Under construction"),
    ("upgrade", "技改扩能", "Upgrade"),
    ("produce", "投产达效", "In production"),
)

PROBLEM_CATEGORIES = _codes(
    ("land", "用地", "Land"),
    ("planning", "规划", "Planning"),
    ("environment", "环评", "Environmental assessment"),
    ("energy", "能耗", "Energy quota"),
    ("funding", "资金", "Funding"),
    ("labour", "用工", "Labour"),
    ("utilities", "水电气讯", "Utilities"),
    ("approvals", "审批手续", "Approvals"),
    ("obstruction", "阻工扰工", "Obstruction"),
    ("intermediaries", "中介", "Intermediaries"),
    ("other", "其他", "Other"),
)

PROBLEM_STATUSES = _codes(
    ("registered", "已登记", "Registered"),
    ("assigned", "已交办", "Assigned"),
    ("in_progress", "办理中", "In progress"),
    ("reported_done", "已报办结", "Reported done"),
    ("closed", "已销号", "Closed"),
    ("reopened", "已重开", "Reopened"),
)

VISIT_KINDS = _codes(
    ("routine", "日常服务", "Routine service"),
    ("leader", "领导走访", "Leader's visit"),
    ("supervision", "专项督查", "Special supervision"),
    ("review", "季度观摩", "Quarterly review"),
)

ROLES = _codes(
    ("leader", "包抓领导", "Leader"),
    ("commissioner", "服务专员", "Service commissioner"),
    ("office", "专班办公室", "Supervision office"),
    ("reviewer", "观摩点评组", "Review team"),
)

UNIT_KINDS = _codes(
    ("district", "区县", "District"),
    ("park", "园区", "Park"),
    ("department", "部门", "Department"),
)

INDUSTRY_CHAINS = _codes(
    ("aluminium", "铝及铝合金", "Aluminium and alloys"),
    ("auto_parts", "汽车零部件", "Auto parts"),
    ("optoelectronics", "光电子", "Optoelectronics"),
    ("ceramics", "先进陶瓷", "Advanced ceramics"),
    ("new_materials", "新材料", "New materials"),
    ("new_energy", "新能源", "New energy"),
    ("equipment", "高端装备", "High-end equipment"),
    ("medicine", "现代医药", "Modern medicine"),
    ("other", "其他", "Other"),
)

# Milestones in the order a project reaches them: (field prefix, zh, en).
MILESTONES = (
    ("signed", "签约", "Signed"),
    ("filed", "备案", "Filed"),
    ("started", "开工", "Started"),
    ("completed", "竣工", "Completed"),
    ("production", "投产", "In production"),
    ("capacity", "达效", "At capacity"),
)

CODE_LISTS: dict[str, tuple[Code, ...]] = {
    "stage": STAGES,
    "problem_category": PROBLEM_CATEGORIES,
    "problem_status": PROBLEM_STATUSES,
    "visit_kind": VISIT_KINDS,
    "role": ROLES,
    "unit_kind": UNIT_KINDS,
    "industry_chain": INDUSTRY_CHAINS,
}


def label(list_name: str, value: str | None, lang: str = "zh") -> str:
    for code in CODE_LISTS[list_name]:
        if code.value == value:
            return code.zh if lang == "zh" else code.en
    return value or ""


def values(list_name: str) -> list[str]:
    return [code.value for code in CODE_LISTS[list_name]]

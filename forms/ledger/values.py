"""Reading one ledger cell: money, dates, flags, stages, names, as people type them in Excel.

Each reader returns the stored value (money as integer yuan, dates as ISO text) or None for a
blank cell, and raises `CellError` with a reason in Chinese and English for a value it cannot
read. Money goes through Decimal only: a float from the sheet is taken by its shortest repr,
so 1234.5678 万元 is exactly 12,345,678 元.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .. import codes

BLANKS = {"", "—", "——", "-", "--", "/", "－", "－－", "\\", "无", "暂无", "N/A", "n/a", "#N/A"}
UNIT_YUAN = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


class CellError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def blank(value: Any) -> bool:
    return value is None or (value.__class__ is str and value.strip() in BLANKS)


def text(value: Any) -> str | None:
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 2026001.0 reads as 2026001
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split())


def money(value: Any, unit: str) -> int | None:
    """Integer yuan from an amount in `unit` (万元, 亿元 or 元), rounded half up to the yuan."""
    if blank(value):
        return None
    if isinstance(value, bool) or isinstance(value, dt.datetime):
        raise CellError("不是金额", "not an amount")
    if isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        cleaned = str(value).strip().replace(",", "").replace("，", "")
        cleaned = re.sub(r"(万元|亿元|元)$", "", cleaned).strip()
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise CellError("不是金额", "not an amount") from None
    if not amount.is_finite():
        raise CellError("不是金额", "not an amount")
    if amount < 0:
        raise CellError("金额不能为负数", "amount is negative")
    return int((amount * UNIT_YUAN[unit]).to_integral_value(ROUND_HALF_UP))


def yuan_to(amount: int | None, unit: str = "万元") -> Decimal | None:
    """Yuan in 万元 (or another unit), exact: 12345678 -> Decimal('1234.5678')."""
    if amount is None:
        return None
    return Decimal(amount) / UNIT_YUAN[unit]


_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(?:(\d{1,2})\s*[日号]?)?)?\s*$")


def date(value: Any) -> str | None:
    """ISO date from an Excel date, 2023-05-01, 2023/5/1, 2023.5, 2023年5月 (month -> its 1st)."""
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise CellError("不是日期", "not a date")
    if isinstance(value, int | float):
        return _number_date(value)
    raw = str(value).strip()
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw)
    found = compact or _DATE.match(raw)
    if not found:
        raise CellError("不是日期", "not a date")
    year, month, day = int(found.group(1)), int(found.group(2)), int(found.group(3) or 1)
    return _checked(year, month, day)


def _number_date(value: float) -> str:
    # 2023.5 typed into a number cell means May 2023 (2023.1 cannot tell January from October).
    if 1900 <= value < 2200 and not float(value).is_integer():
        year, month = repr(float(value)).split(".")
        return _checked(int(year), int(month), 1)
    if 20_000 <= value < 80_000:  # an Excel serial day number without a date format
        return (EXCEL_EPOCH + dt.timedelta(days=int(value))).date().isoformat()
    raise CellError("不是日期", "not a date")


def _checked(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise CellError("日期不存在", "no such date") from None


_YES = {"是", "√", "✓", "✔", "●", "★", "y", "yes", "true", "1", "是的"}
_NO = {"否", "×", "✗", "n", "no", "false", "0", "不是"}


def flag(value: Any, header: str = "") -> int | None:
    """1 or 0 from 是/否, √, Y/N, 1/0, or the column's own word (省重大 in a 省重大 column)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return int(value)
    word = str(int(value) if isinstance(value, float) and value.is_integer() else value)
    word = word.strip().lower()
    if word in _YES or (header and word in header.lower()):
        return 1
    if word in _NO or word in BLANKS:
        return 0
    raise CellError("应填“是”或“否”", "expected yes or no")


_STAGE_WORDS = (  # the generic 建设 last: "技改建设项目" is an upgrade
    ("reserve", ("谋划储备", "谋划", "储备")),
    ("attract", ("招引落地", "招引", "落地", "签约")),
    ("upgrade", ("技改扩能", "技改", "扩能")),
    ("produce", ("投产达效", "投产", "达效")),
    ("build", ("加快建设", "在建", "新开工", "续建", "建设")),
)


def stage(value: Any) -> str | None:
    """A 五个一批 stage from its full or short name (谋划储备, 储备类, 加快建设项目, build …)."""
    if blank(value):
        return None
    word = str(value).strip()
    if word in codes.values("stage"):
        return word
    for code, words in _STAGE_WORDS:
        if any(w in word for w in words):
            return code
    raise CellError("不是“五个一批”类别", "not one of the five stages")


def stage_in(heading: str) -> str | None:
    """The stage a section heading such as 一、加快建设项目（50个） introduces, if any."""
    try:
        return stage(heading)
    except CellError:
        return None


def industry_chain(value: Any) -> str | None:
    """The code of a known chain (铝及铝合金 -> aluminium); other names are kept as written."""
    word = text(value)
    if word is None:
        return None
    for code in codes.INDUSTRY_CHAINS:
        if word in (code.zh, code.value):
            return code.value
    return word


def number(value: Any) -> float | None:
    if blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        raise CellError("不是数字", "not a number") from None


_SPLIT = re.compile(r"[、,，;；/／\n]+")
_TITLE = re.compile(r"^(.+?)[(（](.+?)[)）]$")


def names(value: Any) -> list[str]:
    """Several names in one cell: 张三、李四 / 张三，李四 / one per line / 张三 李四. Two-character
    names padded to align (王  伟) stay one name."""
    if blank(value):
        return []
    out: list[str] = []
    for part in _SPLIT.split(str(value)):
        words = part.split()
        if len(words) > 1 and min(len(w) for w in words) < 2:
            words = ["".join(words)]
        for word in words:
            if word not in BLANKS and word not in out:
                out.append(word)
    return out


@functools.lru_cache(maxsize=4096)  # a ledger names the same few hundred people again and again
def person(entry: str) -> tuple[str, str | None]:
    """张三（副市长） -> (张三, 副市长)."""
    found = _TITLE.match(entry)
    return (found.group(1).strip(), found.group(2).strip()) if found else (entry, None)


_SUMMARY = re.compile(r"^\s*[合小总]\s*计|[合小总]\s*计\s*$")


def is_summary(value: Any) -> bool:
    return isinstance(value, str) and _SUMMARY.search(value) is not None

"""The office's follow-through settings in the 设置 menu: a year's holiday schedule (for a year
the published calendar does not cover yet) and the escalation ladder's thresholds. Both are
synced settings written through `forms`; a refusal is shown as the message it carries."""

from __future__ import annotations

from PySide6.QtGui import QAction

from desktop import extensions
from desktop.i18n import QT_TR_NOOP, tr
from forms import escalation, workdays


def _action(window, title: str, slot) -> QAction:
    action = QAction(tr(title), window)
    action.triggered.connect(slot)
    return action


def _holidays(ctx, window) -> QAction:
    def start() -> None:
        ask = ctx.dialogs.ask_text
        title = tr("节假日安排…")
        year = ask(title, tr("年份（国务院尚未公布数据的年份）："), str(ctx.today().year + 1))
        if year is None:
            return
        if not year.strip().isdigit():
            ctx.dialogs.error(title, tr("年份应为四位数字，如 2027。"))
            return
        holidays = ask(title, tr("放假日期（逗号分隔，如 2027-01-01,2027-02-06）："))
        if holidays is None:
            return
        makeup = ask(title, tr("调休上班日期（逗号分隔，可不填）："))
        if makeup is None:
            return
        ws, person = ctx.ws, ctx.person_id

        def work() -> workdays.Schedule:
            return workdays.set_schedule(
                ws, int(year), _dates(holidays), _dates(makeup), author_id=person
            )

        ctx.write(
            work,
            lambda s: ctx.dialogs.info(
                title,
                tr(
                    "{year} 年：{h} 个假日、{w} 个调休上班日已保存，并将同步到各设备。",
                    year=s.year,
                    h=len(s.holidays),
                    w=len(s.workdays),
                ),
            ),
        )

    return _action(window, QT_TR_NOOP("节假日安排…"), start)


def _thresholds(ctx, window) -> QAction:
    def start() -> None:
        current = escalation.thresholds(ctx.reader)
        text = "，".join(f"{tr(escalation.STEP_ZH[s])} {current[s]}" for s in escalation.STEPS)
        answer = ctx.dialogs.ask_text(
            tr("督办升级阈值…"),
            tr("超期多少个工作日进入各级（提醒、督办通知、通报、约谈），用逗号分隔："),
            ",".join(str(current[s]) for s in escalation.STEPS),
        )
        if answer is None:
            return
        parts = [p.strip() for p in answer.replace("，", ",").split(",")]
        if len(parts) != len(escalation.STEPS) or not all(p.isdigit() for p in parts):
            ctx.dialogs.error(tr("督办升级阈值…"), tr("请填写四个整数，如 1,3,10,20。") + text)
            return
        values = dict(zip(escalation.STEPS, map(int, parts), strict=True))
        ws, person = ctx.ws, ctx.person_id
        ctx.write(lambda: escalation.set_thresholds(ws, values, author_id=person))

    return _action(window, QT_TR_NOOP("督办升级阈值…"), start)


def _dates(text: str) -> list[str]:
    return [t.strip() for t in text.replace("，", ",").split(",") if t.strip()]


extensions.menu_action("settings", _holidays)
extensions.menu_action("settings", _thresholds)

"""UI language: Chinese labels in the code, English from a table when the setting says so.

`tr("我的项目")` gives the label in the current language; a label missing from the table stays
Chinese rather than failing. Code-list labels come from `forms.codes` in either language.
Qt's own words (the buttons of a message box, the file and print dialogs) come from Qt's
translations shipped with PySide6: `use_qt_translations(app)` loads qtbase_zh_CN for Chinese.
"""

from __future__ import annotations

from typing import Any

from forms import codes

_language = "zh"
_qt_translators: list[Any] = []

EN = {
    # main window and menus
    "SiteLedger 项目督导台账": "SiteLedger project supervision",
    "文件(&F)": "&File",
    "视图(&V)": "&View",
    "走访(&I)": "V&isits",
    "设置(&S)": "&Settings",
    "帮助(&H)": "&Help",
    "选择工作区…": "Choose workspace…",
    "导入台账 Excel…": "Import ledger Excel…",
    "导出台账 Excel…": "Export ledger Excel…",
    "退出": "Quit",
    "我的项目": "My projects",
    "项目台账": "Ledger",
    "问题清单": "Problem register",
    "刷新": "Refresh",
    "新建走访": "New visit",
    "切换人员…": "Switch person…",
    "语言": "Language",
    "关于": "About",
    "返回": "Back",
    "语言设置将在重新启动后生效。": "The language applies after a restart.",
    "已切换语言。": "The language has been switched.",
    "全局搜索": "Search everything",
    "全局搜索…": "Search everything…",
    "帮助": "Help",
    "项目、问题、文号、人员、单位": "Projects, problems, notice numbers, people, units",
    "“{words}”：{n} 个结果": "“{words}”: {n} results",
    "督办通知 {number}": "Supervision notice {number}",
    "人员": "Person",
    "单位": "Unit",
    # previews
    "预览": "Preview",
    "请注意：": "Please note:",
    "打印…": "Print…",
    "另存为 PDF…": "Save as PDF…",
    "另存为 PDF": "Save as PDF",
    "另存为 Word…": "Save as Word…",
    "另存为 Word": "Save as Word",
    "关闭": "Close",
    "无法完成": "Cannot finish",
    "无法连接打印机": "Cannot reach the printer",
    "已保存到 {path}": "Saved to {path}",
    "打开所在文件夹": "Open its folder",
    # photos
    "无拍摄时间": "no time taken",
    "照片未到达": "photo not here yet",
    "◀ 上一张": "◀ Previous",
    "下一张 ▶": "Next ▶",
    "放大": "Zoom in",
    "缩小": "Zoom out",
    "适应窗口": "Fit",
    "原始大小": "100 %",
    "北纬 {lat}° 东经 {lon}°": "N {lat}° E {lon}°",
    "距项目 {m} 米": "{m} m from the project",
    "照片文件尚未到达本机": "The photo file has not reached this computer yet",
    "移除照片": "Remove photos",
    "从此处移除 {n} 张照片？\n移除会记录在案，照片文件不会删除。": "Remove {n} photos from here?\nThe removal is recorded; the files are not deleted.",
    "添加照片…": "Add photos…",
    "移除": "Remove",
    "照片说明（回车保存）": "Caption (Enter saves)",
    "可将照片文件或文件夹拖到此处，或按 Ctrl+V 粘贴": "Drop photo files or folders here, or paste with Ctrl+V",
    "共 {n} 张": "{n} photos",
    "撤销移除": "Undo remove",
    "撤销移除 {n} 张": "Undo: put back {n}",
    "，{n} 张需核验": ", {n} to check",
    "可将照片文件拖到此处；保存走访时导入，并核验拍摄时间和位置。": "Drop photo files here; they are imported when the visit is saved, with their time and place checked.",
    "走访时间": "Time of visit",
    # ledger import preview
    "新建 {create} 个项目，更新 {update} 个，不变 {same} 个；有错误的行 {bad} 行": "create {create}, update {update}, unchanged {same}; rows in error: {bad}",
    "未识别的列（不导入）：": "Columns not recognised (not imported): ",
    "……另有 {n} 处错误": "… and {n} more errors",
    "（空）": "(empty)",
    "新建 {created} 个项目，更新 {updated} 个，不变 {same} 个。": "Created {created}, updated {updated}, unchanged {same}.",
    "跳过有错误的行：": "Rows in error, skipped: ",
    "列": "Column",
    "表头": "Header",
    "导入为": "Imported as",
    "识别依据": "Recognised by",
    "按内容": "its values",
    "已更正": "corrected",
    "（不导入）": "(not imported)",
    "勾选即确认：表中的简称就是已有单位（不勾选则新建单位）。": "Tick to confirm that the short name in the sheet is the known unit (unticked: a new unit is made).",
    "列的对应": "Columns",
    "单位简称": "Unit names",
    "将要写入": "To be written",
    "行": "Row",
    "项目编号": "Project code",
    "变更的列": "Changed columns",
    "（自动编号）": " (code made)",
    "新建": "create",
    "更新": "update",
    "不变": "unchanged",
    "输入编号或名称搜索项目": "Type a code or name to find the project",
    "工作区": "Workspace",
    "当前人员": "Signed in",
    "未登录": "not signed in",
    "项目 {projects} 个 · 未办结问题 {open} 个 · 超期 {overdue} 个": "{projects} projects · {open} open problems · {overdue} overdue",
    # sign in
    "选择登录人员": "Choose who you are",
    "登录": "Sign in",
    "搜索姓名": "Search names",
    "本机记住所选人员；以后版本将加入密码和设备登记。": "This computer remembers the choice; passwords and devices come in a later version.",
    # my projects
    "编号": "Code",
    "项目名称": "Project",
    "企业": "Enterprise",
    "角色": "Role",
    "最近走访": "Last visit",
    "距今天数": "Days since",
    "我的上次走访": "My last visit",
    "未办结": "Open",
    "超期": "Overdue",
    "走访提醒": "Visit due",
    "应走访": "visit due",
    "即将到期": "due soon",
    "从未走访": "never visited",
    "{n} 天": "{n} days",
    "{name} 的包抓项目": "Projects assigned to {name}",
    "服务专员每月走访 1–2 次，包抓领导每季度 1–2 次。": "Commissioners visit 1–2 times a month, leaders 1–2 times a quarter.",
    "打开项目": "Open project",
    # ledger
    "搜索名称、企业、编号": "Search name, enterprise, code",
    "全部区县/园区": "All districts/parks",
    "全部阶段": "All stages",
    "全部产业链": "All industry chains",
    "省重大": "Province key",
    "市重点": "City key",
    "区县/园区": "District/park",
    "产业链": "Industry chain",
    "阶段": "Stage",
    "总投资(万元)": "Total (10k yuan)",
    "累计完成(万元)": "Done (10k yuan)",
    "重点": "Key",
    "共 {n} 个项目": "{n} projects",
    "显示 {shown} / {total} 个项目": "{shown} of {total} projects",
    "导入 Excel…": "Import Excel…",
    "导出 Excel…": "Export Excel…",
    "跳过错误行，导入其余": "Skip rows in error, import the rest",
    "督办通知": "Supervision notice",
    "督办通知…": "Supervision notice…",
    "问题清单…": "Problem list…",
    "月报": "Monthly report",
    "月报…": "Monthly report…",
    "现场检查记录": "Site inspection record",
    "现场检查记录…": "Site inspection record…",
    "检查记录": "Inspection records",
    "没有超期未办结问题的责任单位。": "No responsible unit has overdue open problems.",
    "发给哪个责任单位？": "Which responsible unit is it for?",
    "全部问题": "All problems",
    "仅超期问题": "Overdue problems only",
    "打印哪些问题？": "Which problems to print?",
    "月份（如 2026-11）：": "Month (e.g. 2026-11):",
    "月份格式应为 2026-11。": "The month must look like 2026-11.",
    "请先选择一次走访。": "Choose a visit first.",
    "走访照片": "Visit photos",
    "文书(&D)": "&Documents",
    "同步(&Y)": "S&ync",
    "立即同步": "Sync now",
    "连接服务器": "Connect to server",
    "连接服务器…": "Connect to server…",
    "冲突列表": "Conflicts",
    "冲突列表…": "Conflicts…",
    "服务器地址（如 https://xmzb.example.gov.cn）：": "Server address (e.g. https://xmzb.example.gov.cn):",
    "专班办公室发给您的注册码：": "Enrolment code from the supervision office:",
    "本机已注册为 {name}，可以同步了。": "This laptop is enrolled as {name}; it can sync now.",
    "走访照片…": "Visit photos…",
    "照片": "Photos",
    "导入预览": "Import preview",
    "确定": "OK",
    "确认导入": "Import",
    "取消": "Cancel",
    "已导出到 {path}": "Exported to {path}",
    "已导入 {n} 行": "Imported {n} rows",
    # project
    "概况": "Overview",
    "里程碑": "Milestones",
    "阶段历史": "Stage history",
    "包抓人员": "People",
    "走访记录": "Visits",
    "问题": "Problems",
    "计划": "Planned",
    "实际": "Actual",
    "偏差(天)": "Late (days)",
    "节点": "Milestone",
    "日期": "Date",
    "记录人": "By",
    "姓名": "Name",
    "职务": "Title",
    "自何时": "Since",
    "走访类型": "Kind",
    "形象进度": "Progress",
    "企业名称": "Enterprise",
    "总投资": "Total investment",
    "年度计划投资": "Planned this year",
    "年度完成投资": "Done this year",
    "累计完成投资": "Done to date",
    "牵头单位": "Lead unit",
    "责任单位": "Responsible unit",
    "项目地址": "Location",
    "重点标识": "Key project",
    "进展": "Progress note",
    "备注": "Notes",
    "是": "yes",
    "否": "no",
    # visit form
    "保存 (Ctrl+Enter)": "Save (Ctrl+Enter)",
    "取消 (Esc)": "Cancel (Esc)",
    "添加问题": "Add problem",
    "删除": "Remove",
    "问题 {n}": "Problem {n}",
    "万元": "10k yuan",
    "纬度": "lat",
    "经度": "lon",
    "放弃正在填写的走访记录？": "Discard the visit you are typing?",
    "已恢复未保存的走访草稿。": "An unsaved visit draft was restored.",
    "有另一个项目的走访草稿未保存，继续填写它吗？（否则将丢弃该草稿）": "A visit draft for another project is unsaved. Continue it? (No discards it.)",
    "走访已保存。": "Visit saved.",
    "请改正标出的内容后再保存。": "Correct the marked fields, then save.",
    "应为数字（万元）": "must be a number (10k yuan)",
    "坐标应为数字": "coordinates must be numbers",
    "年-月-日": "year-month-day",
    "选择日期": "Choose a date",
    "日历": "Calendar",
    "（未选择）": "(none)",
    # problems
    "全部状态": "All statuses",
    "未办结的": "Open",
    "全部类别": "All categories",
    "全部单位": "All units",
    "全部区县": "All districts",
    "只看超期": "Overdue only",
    "亮灯": "Light",
    "状态": "Status",
    "类别": "Category",
    "问题描述": "Description",
    "项目": "Project",
    "区县": "District",
    "时限": "Deadline",
    "发现日期": "Found on",
    "责任人": "Person",
    "交办": "Assign",
    "进展记录": "Progress note",
    "报办结": "Report done",
    "核验销号": "Verify and close",  # not "&": a button would take it for a mnemonic
    "重开": "Reopen",
    "延期": "Extend",
    "办理记录": "History",
    "操作": "Action",
    "说明": "Note",
    "新时限": "New deadline",
    "原因": "Reason",
    "共 {n} 个问题": "{n} problems",
    "选择一个问题查看办理记录。": "Choose a problem to see its history.",
    "不能执行": "Not allowed",
    "出错了": "Something went wrong",
    "registered": "registered",
    "assigned": "assigned",
    "progress": "progress note",
    "reported_done": "reported done",
    "verified": "verified and closed",
    "reopened": "reopened",
    "deadline_extended": "deadline extended",
    # workspace errors
    "无法打开工作区": "Cannot open the workspace",
    "选择其他工作区…": "Choose another workspace…",
    "SiteLedger 遇到意外错误": "SiteLedger hit an unexpected error",
    "已记录详细信息。已保存的内容不会丢失。": "Details were logged. Nothing saved is lost.",
}

EVENT_ZH = {
    "registered": "登记",
    "assigned": "交办",
    "progress": "进展",
    "reported_done": "报办结",
    "verified": "核验销号",
    "reopened": "重开",
    "deadline_extended": "延期",
}


def set_language(lang: str) -> None:
    global _language
    _language = "en" if lang == "en" else "zh"


def use_qt_translations(app: Any) -> bool:
    """Install Qt's own translations for the current language (none for English, Qt's own
    language); True when Chinese ones were found and loaded."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    if _language != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
    return bool(_qt_translators)


def language() -> str:
    return _language


def tr(text: str, **values: object) -> str:
    """The label in the current language, with `{name}` placeholders filled."""
    out = EN.get(text, text) if _language == "en" else text
    return out.format(**values) if values else out


def code(list_name: str, value: str | None) -> str:
    return codes.label(list_name, value, _language)


def event(kind: str) -> str:
    return kind.replace("_", " ") if _language == "en" else EVENT_ZH.get(kind, kind)

"""帮助 (F1): what each screen is for and its keys, in a short page inside the app."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from .dialogs import fit_to_screen
from .i18n import QT_TR_NOOP, tr

ZH = QT_TR_NOOP(
    """
<h2>SiteLedger 项目督导台账</h2>
<p>在现场离线记录走访、问题和照片，回到有网络的地方再同步。</p>
<h3>各个页面</h3>
<ul>
<li><b>我的项目</b>（Ctrl+1）：您包抓的项目，提醒哪些该走访了。</li>
<li><b>项目台账</b>（Ctrl+2）：全部项目，输入即搜索；从这里导入、导出台账 Excel（.xlsx 或 .xls）。</li>
<li><b>问题清单</b>（Ctrl+3）：全部问题及办理记录：交办、进展、报办结、核验销号、重开、延期。</li>
<li><b>新建走访</b>（Ctrl+N）：形象进度、投资完成、问题、照片；随时自动保存草稿。</li>
</ul>
<h3>常用按键</h3>
<table cellpadding="3">
<tr><td>Ctrl+K</td><td>全局搜索：项目、问题、文号、人员、单位</td></tr>
<tr><td>Ctrl+Enter</td><td>保存走访</td></tr>
<tr><td>Esc</td><td>取消走访（有内容时会先询问）</td></tr>
<tr><td>F5</td><td>刷新当前页面</td></tr>
<tr><td>F9</td><td>立即同步</td></tr>
<tr><td>Ctrl+I / Ctrl+E</td><td>导入 / 导出台账 Excel</td></tr>
</table>
<h3>导入台账</h3>
<p>预览中可以更正每一列的对应关系（同样格式的表格下次自动沿用）；
“高新区”“经开区”等简称会提示对应的已有单位，勾选即确认。没有项目编号的项目自动编号为
ZD-年份-序号。</p>
"""
)


class HelpDialog(QDialog):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("帮助"))
        fit_to_screen(self, 620, 520)
        self.page = QTextBrowser()
        self.page.setOpenExternalLinks(True)
        self.page.setHtml(tr(ZH))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)

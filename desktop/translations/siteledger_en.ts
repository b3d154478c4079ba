<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>
&lt;h2&gt;SiteLedger 项目督导台账&lt;/h2&gt;
&lt;p&gt;在现场离线记录走访、问题和照片，回到有网络的地方再同步。&lt;/p&gt;
&lt;h3&gt;各个页面&lt;/h3&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;我的项目&lt;/b&gt;（Ctrl+1）：您包抓的项目，提醒哪些该走访了。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;项目台账&lt;/b&gt;（Ctrl+2）：全部项目，输入即搜索；从这里导入、导出台账 Excel（.xlsx 或 .xls）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;问题清单&lt;/b&gt;（Ctrl+3）：全部问题及办理记录：交办、进展、报办结、核验销号、重开、延期。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;新建走访&lt;/b&gt;（Ctrl+N）：形象进度、投资完成、问题、照片；随时自动保存草稿。&lt;/li&gt;
&lt;/ul&gt;
&lt;h3&gt;常用按键&lt;/h3&gt;
&lt;table cellpadding=&quot;3&quot;&gt;
&lt;tr&gt;&lt;td&gt;Ctrl+K&lt;/td&gt;&lt;td&gt;全局搜索：项目、问题、文号、人员、单位&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;Ctrl+Enter&lt;/td&gt;&lt;td&gt;保存走访&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;Esc&lt;/td&gt;&lt;td&gt;取消走访（有内容时会先询问）&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;F5&lt;/td&gt;&lt;td&gt;刷新当前页面&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;F9&lt;/td&gt;&lt;td&gt;立即同步&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;Ctrl+I / Ctrl+E&lt;/td&gt;&lt;td&gt;导入 / 导出台账 Excel&lt;/td&gt;&lt;/tr&gt;
&lt;/table&gt;
&lt;h3&gt;导入台账&lt;/h3&gt;
&lt;p&gt;预览中可以更正每一列的对应关系（同样格式的表格下次自动沿用）；
“高新区”“经开区”等简称会提示对应的已有单位，勾选即确认。没有项目编号的项目自动编号为
ZD-年份-序号。&lt;/p&gt;
</source>
        <translation>
&lt;h2&gt;SiteLedger project supervision&lt;/h2&gt;
&lt;p&gt;Record visits, problems and photos offline on site; sync when back on a network.&lt;/p&gt;
&lt;h3&gt;Screens&lt;/h3&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;My projects&lt;/b&gt; (Ctrl+1): the projects assigned to you, with visits due.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Ledger&lt;/b&gt; (Ctrl+2): every project, searched as you type; import and export the Excel
ledger (.xlsx or .xls).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Problem register&lt;/b&gt; (Ctrl+3): every problem and its history.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;New visit&lt;/b&gt; (Ctrl+N): progress, investment, problems, photos; the draft is kept.&lt;/li&gt;
&lt;/ul&gt;
&lt;h3&gt;Keys&lt;/h3&gt;
&lt;table cellpadding=&quot;3&quot;&gt;
&lt;tr&gt;&lt;td&gt;Ctrl+K&lt;/td&gt;&lt;td&gt;Search everything: projects, problems, notice numbers, people, units&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;Ctrl+Enter&lt;/td&gt;&lt;td&gt;Save the visit&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;Esc&lt;/td&gt;&lt;td&gt;Cancel the visit (asks first when something was typed)&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;F5&lt;/td&gt;&lt;td&gt;Refresh the screen&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;F9&lt;/td&gt;&lt;td&gt;Sync now&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;Ctrl+I / Ctrl+E&lt;/td&gt;&lt;td&gt;Import / export the ledger Excel&lt;/td&gt;&lt;/tr&gt;
&lt;/table&gt;
&lt;h3&gt;Importing a ledger&lt;/h3&gt;
&lt;p&gt;In the preview each column&apos;s meaning can be corrected (a sheet of the same layout keeps it
next time); short district names are offered as the known unit they stand for, ticked to confirm.
Projects without a code are numbered ZD-year-number.&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>/ {max} 分</source>
        <translation>/ {max} points</translation>
    </message>
    <message>
        <source>SiteLedger 备份 (*.slbackup);;所有文件 (*)</source>
        <translation>SiteLedger backup (*.slbackup);;All files (*)</translation>
    </message>
    <message>
        <source>SiteLedger 遇到意外错误</source>
        <translation>SiteLedger hit an unexpected error</translation>
    </message>
    <message>
        <source>SiteLedger 项目督导台账</source>
        <translation>SiteLedger project supervision</translation>
    </message>
    <message>
        <source>{amount} 万元</source>
        <translation>{amount} 10k yuan</translation>
    </message>
    <message>
        <source>{month}月{day}日 {time}</source>
        <translation>{month}/{day} {time}</translation>
    </message>
    <message>
        <source>{name} 的包抓项目</source>
        <translation>Projects assigned to {name}</translation>
    </message>
    <message>
        <source>{name} 的密码已设置。</source>
        <translation>The password of {name} is set.</translation>
    </message>
    <message>
        <source>{name} 的工作台</source>
        <translation>{name}&apos;s dashboard</translation>
    </message>
    <message>
        <source>{name} 的项目</source>
        <translation>Projects of {name}</translation>
    </message>
    <message>
        <source>{name}已离开一段时间，SiteLedger 已锁定。输入密码继续。</source>
        <translation>{name} has been away for a while; SiteLedger is locked. Enter the password to continue.</translation>
    </message>
    <message>
        <source>{name}（{n} 个超期问题）</source>
        <translation>{name} ({n} overdue problems)</translation>
    </message>
    <message>
        <source>{n} / {d} 个</source>
        <translation>{n} / {d} projects</translation>
    </message>
    <message>
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>{period} 欠走访 {n} 次：</source>
        <translation>{period}: {n} visits behind: </translation>
    </message>
    <message>
        <source>{rung}：已到此级 {n} 个，待升至此级 {m} 个</source>
        <translation>{rung}: {n} at this rung, {m} due to climb here</translation>
    </message>
    <message>
        <source>{state} · 成员 {members} 人 · 项目 {projects} 个，参与排名 {ranked} 个</source>
        <translation>{state} · {members} members · {projects} projects, {ranked} ranked</translation>
    </message>
    <message>
        <source>{state}&#x3000;上次同步：{last}&#x3000;待上传变更 {changes}&#x3000;待上传照片 {photos}</source>
        <translation>{state} · last sync: {last} · changes to send {changes} · photos to send {photos}</translation>
    </message>
    <message>
        <source>{unit}：勾选要督办的问题</source>
        <translation>{unit}: tick the problems to supervise</translation>
    </message>
    <message>
        <source>{year} 年：{h} 个假日、{w} 个调休上班日已保存，并将同步到各设备。</source>
        <translation>{year}: {h} holidays and {w} make-up working days saved; they sync to every device.</translation>
    </message>
    <message>
        <source>“{words}”：{n} 个结果</source>
        <translation>“{words}”: {n} results</translation>
    </message>
    <message>
        <source>……另有 {n} 处错误</source>
        <translation>… and {n} more errors</translation>
    </message>
    <message>
        <source>◀ 上一张</source>
        <translation>◀ Previous</translation>
    </message>
    <message>
        <source>&#x3000;{n} 张照片尚未到达</source>
        <translation> · {n} photos not here yet</translation>
    </message>
    <message>
        <source>&#x3000;{n} 条变更被服务器退回</source>
        <translation> · {n} changes refused by the server</translation>
    </message>
    <message>
        <source>&#x3000;{n} 条收到的变更格式不符，未采用</source>
        <translation> · {n} received changes malformed, not applied</translation>
    </message>
    <message>
        <source>&#x3000;等 {n} 项</source>
        <translation> and {n} more</translation>
    </message>
    <message>
        <source>万元</source>
        <translation>10k yuan</translation>
    </message>
    <message>
        <source>下一张 ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>不变</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <source>不能执行</source>
        <translation>Not allowed</translation>
    </message>
    <message>
        <source>与服务器交换变更和照片</source>
        <translation>Exchange changes and photos with the server</translation>
    </message>
    <message>
        <source>专班办公室发给您的注册码：</source>
        <translation>Enrolment code from the supervision office:</translation>
    </message>
    <message>
        <source>两人修改了同一台账字段时，系统按时间采用较晚的值，另一值保留在此供核对。</source>
        <translation>When two people changed the same ledger field, the later value applies; the other is kept here to check.</translation>
    </message>
    <message>
        <source>两次输入的密码不同。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>为当前项目记录一次现场走访</source>
        <translation>Record a site visit for the current project</translation>
    </message>
    <message>
        <source>为谁设置密码：</source>
        <translation>Set the password of:</translation>
    </message>
    <message>
        <source>五率完成情况（%）</source>
        <translation>The five rates (%)</translation>
    </message>
    <message>
        <source>交办</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>产业链</source>
        <translation>Industry chain</translation>
    </message>
    <message>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>亮灯：绿灯在时限内，黄灯已用去时限的四分之三，红灯已超期</source>
        <translation>Traffic light: green within the deadline, yellow with three quarters of the time used, red overdue</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>仅计入分母</source>
        <translation>in the denominator only</translation>
    </message>
    <message>
        <source>仅超期问题</source>
        <translation>Overdue problems only</translation>
    </message>
    <message>
        <source>今天是 {day}。以下比率截至今天，为我包抓包联的项目。</source>
        <translation>Today is {day}. Rates as of today, for my assigned projects.</translation>
    </message>
    <message>
        <source>今天是 {day}。以下比率截至今天，全部项目。</source>
        <translation>Today is {day}. Rates as of today, all projects.</translation>
    </message>
    <message>
        <source>今天的工作、五率、督办升级与月报报送</source>
        <translation>Today&apos;s work, the rates, escalation and monthly reports</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <source>从未同步</source>
        <translation>never synced</translation>
    </message>
    <message>
        <source>从未走访</source>
        <translation>never visited</translation>
    </message>
    <message>
        <source>从此处移除 {n} 张照片？
移除会记录在案，照片文件不会删除。</source>
        <translation>Remove {n} photos from here?
The removal is recorded; the files are not deleted.</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>保存 (Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>保存并下一个</source>
        <translation>Save and next</translation>
    </message>
    <message>
        <source>保存观摩点评通报</source>
        <translation>Save the review bulletin</translation>
    </message>
    <message>
        <source>保留现值</source>
        <translation>Keep this value</translation>
    </message>
    <message>
        <source>修改人 / 时间</source>
        <translation>By / when</translation>
    </message>
    <message>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>偏差(天)</source>
        <translation>Late (days)</translation>
    </message>
    <message>
        <source>催办通知</source>
        <translation>Reminder notice</translation>
    </message>
    <message>
        <source>全局搜索</source>
        <translation>Search everything</translation>
    </message>
    <message>
        <source>全局搜索…</source>
        <translation>Search everything…</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>全部产业链</source>
        <translation>All industry chains</translation>
    </message>
    <message>
        <source>全部区县</source>
        <translation>All districts</translation>
    </message>
    <message>
        <source>全部区县/园区</source>
        <translation>All districts/parks</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部超期问题（{n}）</source>
        <translation>All overdue problems ({n})</translation>
    </message>
    <message>
        <source>全部问题</source>
        <translation>All problems</translation>
    </message>
    <message>
        <source>全部问题：亮灯、超期工作日、交办与销号</source>
        <translation>Every problem: lights, working days overdue, assigning and closing</translation>
    </message>
    <message>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>全部项目：筛选、搜索、导入导出 Excel</source>
        <translation>Every project: filter, search, Excel import and export</translation>
    </message>
    <message>
        <source>共 {n} 个待升级问题</source>
        <translation>{n} problems to escalate</translation>
    </message>
    <message>
        <source>共 {n} 个问题</source>
        <translation>{n} problems</translation>
    </message>
    <message>
        <source>共 {n} 个项目</source>
        <translation>{n} projects</translation>
    </message>
    <message>
        <source>共 {n} 份文书</source>
        <translation>{n} documents</translation>
    </message>
    <message>
        <source>共 {n} 张</source>
        <translation>{n} photos</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>再输入一次</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>冲突列表</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>冲突列表…</source>
        <translation>Conflicts…</translation>
    </message>
    <message>
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>分区县年度计划与完成投资</source>
        <translation>Planned and completed investment by district</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>切换人员…</source>
        <translation>Switch person…</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>列的对应</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>办公室提醒</source>
        <translation>Office reminded</translation>
    </message>
    <message>
        <source>办理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>办结时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>办结理由：</source>
        <translation>Reason for closing:</translation>
    </message>
    <message>
        <source>办结通知…</source>
        <translation>Close notice…</translation>
    </message>
    <message>
        <source>勾选即确认：表中的简称就是已有单位（不勾选则新建单位）。</source>
        <translation>Tick to confirm that the short name in the sheet is the known unit (unticked: a new unit is made).</translation>
    </message>
    <message>
        <source>包抓人员</source>
        <translation>People</translation>
    </message>
    <message>
        <source>包抓关系</source>
        <translation>Assignment</translation>
    </message>
    <message>
        <source>包抓覆盖</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>包抓覆盖（{n}）</source>
        <translation>Coverage ({n})</translation>
    </message>
    <message>
        <source>北纬 {lat}° 东经 {lon}°</source>
        <translation>N {lat}° E {lon}°</translation>
    </message>
    <message>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <source>区县/园区</source>
        <translation>District/park</translation>
    </message>
    <message>
        <source>区县（园区）</source>
        <translation>District / park</translation>
    </message>
    <message>
        <source>区县：</source>
        <translation>Districts: </translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>单位简称</source>
        <translation>Unit names</translation>
    </message>
    <message>
        <source>印发日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>due soon</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>原始大小</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>参与排名项目</source>
        <translation>Ranked projects</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>发现日期：{raised}&#x3000;时限：{deadline}</source>
        <translation>Found on: {raised}  Deadline: {deadline}</translation>
    </message>
    <message>
        <source>发给哪个责任单位？</source>
        <translation>Which responsible unit is it for?</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>变更的列</source>
        <translation>Changed columns</translation>
    </message>
    <message>
        <source>另一个值</source>
        <translation>Other value</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>另存为 Word</source>
        <translation>Save as Word</translation>
    </message>
    <message>
        <source>另存为 Word…</source>
        <translation>Save as Word…</translation>
    </message>
    <message>
        <source>只看超期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>可不填：补充的办理要求，印在正文中</source>
        <translation>Optional: a requirement to add, printed in the body</translation>
    </message>
    <message>
        <source>可将照片文件或文件夹拖到此处，或按 Ctrl+V 粘贴</source>
        <translation>Drop photo files or folders here, or paste with Ctrl+V</translation>
    </message>
    <message>
        <source>可将照片文件拖到此处；保存走访时导入，并核验拍摄时间和位置。</source>
        <translation>Drop photo files here; they are imported when the visit is saved, with their time and place checked.</translation>
    </message>
    <message>
        <source>台账.xlsx</source>
        <translation>ledger.xlsx</translation>
    </message>
    <message>
        <source>各设备按此口径计算；保存后随同步下发。条件写法见 docs/rates.md。</source>
        <translation>Every device computes with these; saved, they travel with sync. The conditions are described in docs/rates.md.</translation>
    </message>
    <message>
        <source>同分：</source>
        <translation>Ties: </translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>同步(&amp;Y)</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>同步包已导入：{new} 条新记录（共 {changes} 条），{photos} 张照片。</source>
        <translation>Bundle imported: {new} new of {changes} records, {photos} photos.</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>回复</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>回复内容：</source>
        <translation>Reply text:</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>填报月报</source>
        <translation>File monthly report</translation>
    </message>
    <message>
        <source>备份工作区</source>
        <translation>Back up workspace</translation>
    </message>
    <message>
        <source>备份工作区…</source>
        <translation>Back up workspace…</translation>
    </message>
    <message>
        <source>备份已写入 {path}（{files} 个文件，{size}）。</source>
        <translation>Backup written to {path} ({files} files, {size}).</translation>
    </message>
    <message>
        <source>备份已恢复到新的工作区 {home}。用“文件 → 选择工作区…”打开它；当前工作区保持不变。</source>
        <translation>The backup was restored into a new workspace {home}. Open it with File → Choose workspace…; the current workspace is unchanged.</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>复函时限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>安全(&amp;A)</source>
        <translation>S&amp;ecurity</translation>
    </message>
    <message>
        <source>定位无效</source>
        <translation>location invalid</translation>
    </message>
    <message>
        <source>实际</source>
        <translation>Actual</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>密码不正确，请重新输入：</source>
        <translation>Wrong password. Try again:</translation>
    </message>
    <message>
        <source>导入 Excel…</source>
        <translation>Import Excel…</translation>
    </message>
    <message>
        <source>导入为</source>
        <translation>Imported as</translation>
    </message>
    <message>
        <source>导入台账 Excel…</source>
        <translation>Import ledger Excel…</translation>
    </message>
    <message>
        <source>导入同步包</source>
        <translation>Import sync bundle</translation>
    </message>
    <message>
        <source>导入预览</source>
        <translation>Import preview</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>导出全部评分</source>
        <translation>Export every score</translation>
    </message>
    <message>
        <source>导出台账 Excel…</source>
        <translation>Export ledger Excel…</translation>
    </message>
    <message>
        <source>导出图片…</source>
        <translation>Export image…</translation>
    </message>
    <message>
        <source>导出当前筛选出的问题（及其项目）到 Excel</source>
        <translation>Export the problems the filter shows (and their projects) to Excel</translation>
    </message>
    <message>
        <source>导出评分 Excel…</source>
        <translation>Export scores to Excel…</translation>
    </message>
    <message>
        <source>将要写入</source>
        <translation>To be written</translation>
    </message>
    <message>
        <source>尚未收到 {name} 的评分（未同步？）</source>
        <translation>No scores from {name} yet (not synced?)</translation>
    </message>
    <message>
        <source>工作区 {home} 已加密，请输入密码：</source>
        <translation>The workspace {home} is encrypted. Password:</translation>
    </message>
    <message>
        <source>工作区文件已损坏，或不是 SiteLedger 的文件。</source>
        <translation>The workspace file is damaged, or not a SiteLedger file.</translation>
    </message>
    <message>
        <source>工作区无法打开。</source>
        <translation>The workspace cannot be opened.</translation>
    </message>
    <message>
        <source>工作区：{home}</source>
        <translation>Workspace: {home}</translation>
    </message>
    <message>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>已保存到 {path}</source>
        <translation>Saved to {path}</translation>
    </message>
    <message>
        <source>已关联（重复照片）</source>
        <translation>linked (duplicate photo)</translation>
    </message>
    <message>
        <source>已到</source>
        <translation>Reached</translation>
    </message>
    <message>
        <source>已到此级</source>
        <translation>At this rung</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>已印发</source>
        <translation>issued</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>已回复</source>
        <translation>replied</translation>
    </message>
    <message>
        <source>已在此处</source>
        <translation>already here</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>已导出 {n} 个问题到 {path}</source>
        <translation>Exported {n} problems to {path}</translation>
    </message>
    <message>
        <source>已导出 {n} 个项目到 {path}</source>
        <translation>Exported {n} projects to {path}</translation>
    </message>
    <message>
        <source>已恢复未保存的走访草稿。</source>
        <translation>An unsaved visit draft was restored.</translation>
    </message>
    <message>
        <source>已更正</source>
        <translation>corrected</translation>
    </message>
    <message>
        <source>已添加</source>
        <translation>added</translation>
    </message>
    <message>
        <source>已签收</source>
        <translation>delivered</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>已结束评分</source>
        <translation>Scoring closed</translation>
    </message>
    <message>
        <source>已记录 {n} 条提醒。</source>
        <translation>{n} reminders recorded.</translation>
    </message>
    <message>
        <source>已记录详细信息。已保存的内容不会丢失。</source>
        <translation>Details were logged. Nothing saved is lost.</translation>
    </message>
    <message>
        <source>已评 {done}/{total}</source>
        <translation>{done}/{total} scored</translation>
    </message>
    <message>
        <source>已超期未提醒</source>
        <translation>Overdue, not reminded</translation>
    </message>
    <message>
        <source>已超期问题（{n}）</source>
        <translation>Overdue problems ({n})</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>市重点</source>
        <translation>City key</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>平均得分</source>
        <translation>Mean score</translation>
    </message>
    <message>
        <source>年-月-日</source>
        <translation>year-month-day</translation>
    </message>
    <message>
        <source>年份应为四位数字，如 2027。</source>
        <translation>The year is four digits, e.g. 2027.</translation>
    </message>
    <message>
        <source>年份（国务院尚未公布数据的年份）：</source>
        <translation>Year (one the official data does not cover yet):</translation>
    </message>
    <message>
        <source>年度完成投资</source>
        <translation>Done this year</translation>
    </message>
    <message>
        <source>年度计划</source>
        <translation>Year&apos;s plan</translation>
    </message>
    <message>
        <source>年度计划投资</source>
        <translation>Planned this year</translation>
    </message>
    <message>
        <source>应走访</source>
        <translation>visit due</translation>
    </message>
    <message>
        <source>应走访项目（{n}）</source>
        <translation>Visits due ({n})</translation>
    </message>
    <message>
        <source>延期</source>
        <translation>Extend</translation>
    </message>
    <message>
        <source>当前人员：{name}</source>
        <translation>Signed in: {name}</translation>
    </message>
    <message>
        <source>当前筛选没有问题可导出。</source>
        <translation>The filter shows no problems to export.</translation>
    </message>
    <message>
        <source>形象进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>待升至此级</source>
        <translation>Due to climb here</translation>
    </message>
    <message>
        <source>待报月报（{n}，{day}前）</source>
        <translation>Monthly reports to file ({n}, by {day})</translation>
    </message>
    <message>
        <source>待报月报（{n}，{day}已截止）</source>
        <translation>Monthly reports to file ({n}, due {day}, past)</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>总投资</source>
        <translation>Total investment</translation>
    </message>
    <message>
        <source>总投资(万元)</source>
        <translation>Total (10k yuan)</translation>
    </message>
    <message>
        <source>恢复默认口径</source>
        <translation>Restore the defaults</translation>
    </message>
    <message>
        <source>情况</source>
        <translation>Situation</translation>
    </message>
    <message>
        <source>我包抓包联的项目及其走访提醒</source>
        <translation>My assigned projects and the visits due</translation>
    </message>
    <message>
        <source>我未走访过</source>
        <translation>not visited by me</translation>
    </message>
    <message>
        <source>我的上次走访</source>
        <translation>My last visit</translation>
    </message>
    <message>
        <source>我的项目</source>
        <translation>My projects</translation>
    </message>
    <message>
        <source>所选照片的说明</source>
        <translation>Caption of the chosen photo</translation>
    </message>
    <message>
        <source>所选照片的说明（打印在检查记录中）</source>
        <translation>Caption of the chosen photo (printed in the inspection record)</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>打印哪些问题？</source>
        <translation>Which problems to print?</translation>
    </message>
    <message>
        <source>打开加密的工作区</source>
        <translation>Open encrypted workspace</translation>
    </message>
    <message>
        <source>打开工作区时发生意外错误。</source>
        <translation>An unexpected error occurred opening the workspace.</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open its folder</translation>
    </message>
    <message>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <source>找不到服务器：请检查服务器地址和网络连接</source>
        <translation>Server not found: check its address and the network</translation>
    </message>
    <message>
        <source>把同步包 {name} 导入当前工作区？</source>
        <translation>Import the sync bundle {name} into this workspace?</translation>
    </message>
    <message>
        <source>报办结</source>
        <translation>Report done</translation>
    </message>
    <message>
        <source>报送截止：{day}</source>
        <translation>Due: {day}</translation>
    </message>
    <message>
        <source>拍摄时间无效</source>
        <translation>time taken invalid</translation>
    </message>
    <message>
        <source>指标口径</source>
        <translation>Rate definitions</translation>
    </message>
    <message>
        <source>指标口径…</source>
        <translation>Rate definitions…</translation>
    </message>
    <message>
        <source>按内容</source>
        <translation>its values</translation>
    </message>
    <message>
        <source>按建议执行</source>
        <translation>Take the proposed step</translation>
    </message>
    <message>
        <source>换人登录</source>
        <translation>Sign in as someone else</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Reminder</translation>
    </message>
    <message>
        <source>提醒 {n} 个未报月报项目的服务专员</source>
        <translation>Remind the commissioners of {n} projects with no monthly report</translation>
    </message>
    <message>
        <source>提醒 {n} 个超期问题所在项目的服务专员</source>
        <translation>Remind the commissioners of {n} overdue problems</translation>
    </message>
    <message>
        <source>提醒所列待提醒问题所在项目的服务专员（记入问题的办理记录）</source>
        <translation>Remind the commissioners of the listed problems due for a reminder (recorded in each problem&apos;s history)</translation>
    </message>
    <message>
        <source>提醒方式和内容：</source>
        <translation>How and what:</translation>
    </message>
    <message>
        <source>提醒方式：</source>
        <translation>How reminded:</translation>
    </message>
    <message>
        <source>提醒服务专员…</source>
        <translation>Remind commissioners…</translation>
    </message>
    <message>
        <source>提醒未报月报项目的服务专员（记入提醒记录）</source>
        <translation>Remind the commissioners of projects whose monthly report is missing (recorded as reminders)</translation>
    </message>
    <message>
        <source>搜索名称、企业、编号</source>
        <translation>Search name, enterprise, code</translation>
    </message>
    <message>
        <source>搜索姓名</source>
        <translation>Search names</translation>
    </message>
    <message>
        <source>搜索编号或描述</source>
        <translation>Search number or description</translation>
    </message>
    <message>
        <source>撤销移除</source>
        <translation>Undo remove</translation>
    </message>
    <message>
        <source>撤销移除 {n} 张</source>
        <translation>Undo: put back {n}</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>改用另一个值</source>
        <translation>Use the other value</translation>
    </message>
    <message>
        <source>放假日期（逗号分隔，如 2027-01-01,2027-02-06）：</source>
        <translation>Holidays (comma-separated, e.g. 2027-01-01,2027-02-06):</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>放弃正在填写的走访记录？</source>
        <translation>Discard the visit you are typing?</translation>
    </message>
    <message>
        <source>数字键输入分数，Tab 切换，回车保存并进入下一个项目。</source>
        <translation>Type points with the number keys, Tab to move, Enter saves and goes to the next project.</translation>
    </message>
    <message>
        <source>文书(&amp;D)</source>
        <translation>&amp;Documents</translation>
    </message>
    <message>
        <source>文书记录</source>
        <translation>Document history</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>create</translation>
    </message>
    <message>
        <source>新建 {created} 个项目，更新 {updated} 个，不变 {same} 个。</source>
        <translation>Created {created}, updated {updated}, unchanged {same}.</translation>
    </message>
    <message>
        <source>新建 {create} 个项目，更新 {update} 个，不变 {same} 个；有错误的行 {bad} 行</source>
        <translation>create {create}, update {update}, unchanged {same}; rows in error: {bad}</translation>
    </message>
    <message>
        <source>新建走访</source>
        <translation>New visit</translation>
    </message>
    <message>
        <source>新时限</source>
        <translation>New deadline</translation>
    </message>
    <message>
        <source>无人包抓</source>
        <translation>Nobody assigned</translation>
    </message>
    <message>
        <source>无定位</source>
        <translation>no location</translation>
    </message>
    <message>
        <source>无拍摄时间</source>
        <translation>no time taken</translation>
    </message>
    <message>
        <source>无服务专员</source>
        <translation>no commissioner</translation>
    </message>
    <message>
        <source>无法写入 {path}</source>
        <translation>Cannot write {path}</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot finish</translation>
    </message>
    <message>
        <source>无法导入：{error}</source>
        <translation>Cannot import: {error}</translation>
    </message>
    <message>
        <source>无法打开工作区</source>
        <translation>Cannot open the workspace</translation>
    </message>
    <message>
        <source>无法连接打印机</source>
        <translation>Cannot reach the printer</translation>
    </message>
    <message>
        <source>日历</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>日期不全 {n} 个</source>
        <translation>{n} with dates missing</translation>
    </message>
    <message>
        <source>日期不全（未计入）</source>
        <translation>dates missing (not counted)</translation>
    </message>
    <message>
        <source>时间待核验</source>
        <translation>time to check</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>时限 {day}</source>
        <translation>deadline {day}</translation>
    </message>
    <message>
        <source>明细</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>明细（{n}）</source>
        <translation>Details ({n})</translation>
    </message>
    <message>
        <source>显示 {shown} / {total} 个项目</source>
        <translation>{shown} of {total} projects</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>update</translation>
    </message>
    <message>
        <source>最近走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>月份格式应为 2026-11。</source>
        <translation>The month must look like 2026-11.</translation>
    </message>
    <message>
        <source>月份（如 2026-11）：</source>
        <translation>Month (e.g. 2026-11):</translation>
    </message>
    <message>
        <source>月报</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>月报…</source>
        <translation>Monthly report…</translation>
    </message>
    <message>
        <source>月报未报</source>
        <translation>Reports missing</translation>
    </message>
    <message>
        <source>月报未报（{n}）</source>
        <translation>Reports missing ({n})</translation>
    </message>
    <message>
        <source>有另一个项目的走访草稿未保存，继续填写它吗？（否则将丢弃该草稿）</source>
        <translation>A visit draft for another project is unsaved. Continue it? (No discards it.)</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>有未销号“{name}”问题的项目</source>
        <translation>Projects with open {name} problems</translation>
    </message>
    <message>
        <source>服务专员每月走访 1–2 次，包抓领导每季度 1–2 次。</source>
        <translation>Commissioners visit 1–2 times a month, leaders 1–2 times a quarter.</translation>
    </message>
    <message>
        <source>服务器地址（如 https://xmzb.example.gov.cn）：</source>
        <translation>Server address (e.g. https://xmzb.example.gov.cn):</translation>
    </message>
    <message>
        <source>服务器没有响应（连接被拒绝）：请检查服务器地址，或稍后再试</source>
        <translation>The server did not answer (connection refused): check its address or try later</translation>
    </message>
    <message>
        <source>服务器的证书无法验证，请向专班办公室确认地址</source>
        <translation>The server&apos;s certificate cannot be verified; check the address with the office</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>未分类</source>
        <translation>Uncategorised</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>未办结的</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>未同步完</source>
        <translation>Not fully synced</translation>
    </message>
    <message>
        <source>未定区县</source>
        <translation>No district</translation>
    </message>
    <message>
        <source>未接收</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>未核验（无拍摄信息）</source>
        <translation>not checked (no camera data)</translation>
    </message>
    <message>
        <source>未注册同步服务器</source>
        <translation>No sync server registered</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>not signed in</translation>
    </message>
    <message>
        <source>未识别的列（不导入）：</source>
        <translation>Columns not recognised (not imported): </translation>
    </message>
    <message>
        <source>未销号</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>未销号问题（按类别，个）</source>
        <translation>Open problems by category</translation>
    </message>
    <message>
        <source>本周到期问题（{n}）</source>
        <translation>Problems due this week ({n})</translation>
    </message>
    <message>
        <source>本机尚未设置密码：选择人员即可登录。请在“安全”菜单中设置密码。</source>
        <translation>No passwords are set on this computer yet: choose a name to sign in. Set a password in the Security menu.</translation>
    </message>
    <message>
        <source>本机已注册为 {name}，可以同步了。</source>
        <translation>This laptop is enrolled as {name}; it can sync now.</translation>
    </message>
    <message>
        <source>本机还没有观摩点评轮次。</source>
        <translation>No review round on this computer yet.</translation>
    </message>
    <message>
        <source>本机还没有观摩点评轮次（请先同步）。</source>
        <translation>No review round on this computer yet (sync first).</translation>
    </message>
    <message>
        <source>本轮已结束评分，不能再修改。</source>
        <translation>Scoring of this round is closed.</translation>
    </message>
    <message>
        <source>查看、添加这个问题的照片</source>
        <translation>See and add this problem&apos;s photos</translation>
    </message>
    <message>
        <source>核验销号</source>
        <translation>Verify and close</translation>
    </message>
    <message>
        <source>检查记录</source>
        <translation>Inspection records</translation>
    </message>
    <message>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>榜单</source>
        <translation>List</translation>
    </message>
    <message>
        <source>正在取消…（已完成的照片会保留）</source>
        <translation>Cancelling… (photos already done are kept)</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>正在导入照片…</source>
        <translation>Importing photos…</translation>
    </message>
    <message>
        <source>正在载入…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>正在载入工作台的数据…</source>
        <translation>Loading the dashboard&apos;s figures…</translation>
    </message>
    <message>
        <source>比率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>没有文号为“{name}”的通知</source>
        <translation>No notice numbered {name}</translation>
    </message>
    <message>
        <source>没有权限写入这个位置，请换一个文件夹</source>
        <translation>No permission to write there; choose another folder</translation>
    </message>
    <message>
        <source>没有超期未办结问题的责任单位。</source>
        <translation>No responsible unit has overdue open problems.</translation>
    </message>
    <message>
        <source>没有需要提醒的项目。</source>
        <translation>There is nothing to remind of.</translation>
    </message>
    <message>
        <source>添加 {added} 张，关联重复 {linked} 张，已在此处 {duplicate} 张，未接收 {refused} 张</source>
        <translation>{added} added, {linked} linked (duplicates), {duplicate} already here, {refused} refused</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>添加问题</source>
        <translation>Add problem</translation>
    </message>
    <message>
        <source>点击左侧级别查看其问题；双击问题打开。</source>
        <translation>Click a rung to list its problems; double-click opens a problem.</translation>
    </message>
    <message>
        <source>点击比率或图表，在“明细”中查看背后的项目；双击打开项目。</source>
        <translation>Click a rate or a chart to list its projects under Details; double-click opens a project.</translation>
    </message>
    <message>
        <source>点评意见</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>点评意见（可选）</source>
        <translation>Comment (optional)</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>照片 %v/%m</source>
        <translation>Photos %v/%m</translation>
    </message>
    <message>
        <source>照片 (*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.JPG *.JPEG *.PNG *.HEIC *.HEIF *.WEBP *.TIF *.TIFF);;所有文件 (*)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.JPG *.JPEG *.PNG *.HEIC *.HEIF *.WEBP *.TIF *.TIFF);;All files (*)</translation>
    </message>
    <message>
        <source>照片文件尚未到达本机</source>
        <translation>The photo file has not reached this computer yet</translation>
    </message>
    <message>
        <source>照片未到达</source>
        <translation>photo not here yet</translation>
    </message>
    <message>
        <source>照片说明（回车保存）</source>
        <translation>Caption (Enter saves)</translation>
    </message>
    <message>
        <source>牵头单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>状态：{status}&#x3000;类别：{category}</source>
        <translation>Status: {status}  Category: {category}</translation>
    </message>
    <message>
        <source>现场检查记录</source>
        <translation>Site inspection record</translation>
    </message>
    <message>
        <source>现场检查记录…</source>
        <translation>Site inspection record…</translation>
    </message>
    <message>
        <source>现采用的值</source>
        <translation>Value applied</translation>
    </message>
    <message>
        <source>生成通报 PDF…</source>
        <translation>Bulletin PDF…</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>电话提醒责任单位</source>
        <translation>Phoned the responsible unit</translation>
    </message>
    <message>
        <source>电话提醒，请尽快办理</source>
        <translation>Reminded by phone: please act soon</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>registered</translation>
    </message>
    <message>
        <source>登记回复…</source>
        <translation>Record reply…</translation>
    </message>
    <message>
        <source>省重大</source>
        <translation>Province key</translation>
    </message>
    <message>
        <source>督办升级</source>
        <translation>Escalation</translation>
    </message>
    <message>
        <source>督办升级阈值…</source>
        <translation>Escalation thresholds…</translation>
    </message>
    <message>
        <source>督办升级（待升级 {n}）</source>
        <translation>Escalation ({n} due to climb)</translation>
    </message>
    <message>
        <source>督办文书</source>
        <translation>Notices</translation>
    </message>
    <message>
        <source>督办文书：{numbers}</source>
        <translation>Supervision documents: {numbers}</translation>
    </message>
    <message>
        <source>督办通知</source>
        <translation>Supervision notice</translation>
    </message>
    <message>
        <source>督办通知 {number}</source>
        <translation>Supervision notice {number}</translation>
    </message>
    <message>
        <source>督办通知…</source>
        <translation>Supervision notice…</translation>
    </message>
    <message>
        <source>督办通知、催办、通报的登记簿与升级建议</source>
        <translation>The register of notices, reminders and bulletins, and the escalation proposals</translation>
    </message>
    <message>
        <source>督办通知草稿</source>
        <translation>Notice draft</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>确认导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>确认文号</source>
        <translation>Confirm number</translation>
    </message>
    <message>
        <source>磁盘已满，请清理空间后再试</source>
        <translation>The disk is full; free some space and try again</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>移除照片</source>
        <translation>Remove photos</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>立即锁定</source>
        <translation>Lock now</translation>
    </message>
    <message>
        <source>第{row}行 {column} {value} {why}</source>
        <translation>row {row}, {column} {value}: {why}</translation>
    </message>
    <message>
        <source>签发并编号</source>
        <translation>Issue and number</translation>
    </message>
    <message>
        <source>签收</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>签收人（可不填）：</source>
        <translation>Signed for by (optional):</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>累计完成(万元)</source>
        <translation>Done (10k yuan)</translation>
    </message>
    <message>
        <source>累计完成投资</source>
        <translation>Done to date</translation>
    </message>
    <message>
        <source>红榜</source>
        <translation>red list</translation>
    </message>
    <message>
        <source>红榜：</source>
        <translation>Red list: </translation>
    </message>
    <message>
        <source>红灯：已超期</source>
        <translation>red: overdue</translation>
    </message>
    <message>
        <source>约谈</source>
        <translation>Summons</translation>
    </message>
    <message>
        <source>约谈人：</source>
        <translation>Held by:</translation>
    </message>
    <message>
        <source>约谈结果：</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <source>约谈记录</source>
        <translation>Interview record</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Rung</translation>
    </message>
    <message>
        <source>纬度</source>
        <translation>lat</translation>
    </message>
    <message>
        <source>经度</source>
        <translation>lon</translation>
    </message>
    <message>
        <source>结束后成员不能再评分，之后收到的评分将标为迟交。确定结束？</source>
        <translation>Members cannot score after this; later scores are flagged late. Close scoring?</translation>
    </message>
    <message>
        <source>结束评分</source>
        <translation>Close scoring</translation>
    </message>
    <message>
        <source>绿灯：时限内</source>
        <translation>green: within the deadline</translation>
    </message>
    <message>
        <source>绿：时限内；黄：已用去时限的四分之三；红：已超期</source>
        <translation>Green: within the deadline; yellow: three quarters of the time used; red: overdue</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>缺少：</source>
        <translation>Missing: </translation>
    </message>
    <message>
        <source>网络不通：到服务器的路径不可达</source>
        <translation>No network route to the server</translation>
    </message>
    <message>
        <source>网络不通：请检查网络连接</source>
        <translation>No network: check the connection</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>自何时</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>节假日安排…</source>
        <translation>Holiday schedule…</translation>
    </message>
    <message>
        <source>节点</source>
        <translation>Milestone</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>补充要求</source>
        <translation>Added requirement</translation>
    </message>
    <message>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>被约谈人：</source>
        <translation>Summoned:</translation>
    </message>
    <message>
        <source>观摩点评(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <source>观摩点评结果</source>
        <translation>Review results</translation>
    </message>
    <message>
        <source>观摩点评通报</source>
        <translation>Review bulletin</translation>
    </message>
    <message>
        <source>观摩点评通报.pdf</source>
        <translation>review bulletin.pdf</translation>
    </message>
    <message>
        <source>观摩结果</source>
        <translation>Review results</translation>
    </message>
    <message>
        <source>观摩评分</source>
        <translation>Review scoring</translation>
    </message>
    <message>
        <source>观摩评分.xlsx</source>
        <translation>review scores.xlsx</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>计入分子</source>
        <translation>in the numerator</translation>
    </message>
    <message>
        <source>计分：</source>
        <translation>Score: </translation>
    </message>
    <message>
        <source>计划</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>记录人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>设置密码</source>
        <translation>Set password</translation>
    </message>
    <message>
        <source>设置密码…</source>
        <translation>Set password…</translation>
    </message>
    <message>
        <source>评分中</source>
        <translation>open</translation>
    </message>
    <message>
        <source>评分人</source>
        <translation>Scorer</translation>
    </message>
    <message>
        <source>评分人数</source>
        <translation>Scored by</translation>
    </message>
    <message>
        <source>识别依据</source>
        <translation>Recognised by</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>语言设置将在重新启动后生效。</source>
        <translation>The language applies after a restart.</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>请先登录。</source>
        <translation>Sign in first.</translation>
    </message>
    <message>
        <source>请先选择一次走访。</source>
        <translation>Choose a visit first.</translation>
    </message>
    <message>
        <source>请填写四个整数，如 1,3,10,20。</source>
        <translation>Give four whole numbers, e.g. 1,3,10,20. </translation>
    </message>
    <message>
        <source>请填写每一项的分数（0 至满分）。</source>
        <translation>Give every criterion its points (0 to its maximum).</translation>
    </message>
    <message>
        <source>请改正标出的内容后再保存。</source>
        <translation>Correct the marked fields, then save.</translation>
    </message>
    <message>
        <source>请注意：</source>
        <translation>Please note:</translation>
    </message>
    <message>
        <source>调休上班日期（逗号分隔，可不填）：</source>
        <translation>Make-up working days (comma-separated, optional):</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <source>责任单位：{unit}&#x3000;责任人：{person}</source>
        <translation>Responsible unit: {unit}  Person responsible: {person}</translation>
    </message>
    <message>
        <source>走访(&amp;I)</source>
        <translation>V&amp;isits</translation>
    </message>
    <message>
        <source>走访提醒</source>
        <translation>Visit due</translation>
    </message>
    <message>
        <source>走访时间</source>
        <translation>Time of visit</translation>
    </message>
    <message>
        <source>走访未达标</source>
        <translation>Visits behind</translation>
    </message>
    <message>
        <source>走访未达标（{n}）</source>
        <translation>Visits behind ({n})</translation>
    </message>
    <message>
        <source>走访照片</source>
        <translation>Visit photos</translation>
    </message>
    <message>
        <source>走访照片…</source>
        <translation>Visit photos…</translation>
    </message>
    <message>
        <source>走访类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>走访记录</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>走访记录（{n}）</source>
        <translation>Visits ({n})</translation>
    </message>
    <message>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>超期多少个工作日进入各级（提醒、督办通知、通报、约谈），用逗号分隔：</source>
        <translation>Working days overdue for each step (reminder, notice, bulletin, summons), comma-separated:</translation>
    </message>
    <message>
        <source>超期工作日</source>
        <translation>Working days over</translation>
    </message>
    <message>
        <source>超期工作日：{days}&#x3000;下一步：{step}</source>
        <translation>Working days overdue: {days}  Next step: {step}</translation>
    </message>
    <message>
        <source>超过时限的工作日数（按国务院节假日安排，含调休）</source>
        <translation>Working days past the deadline (official holiday schedule, make-up days included)</translation>
    </message>
    <message>
        <source>距今天数</source>
        <translation>Days since</translation>
    </message>
    <message>
        <source>距项目 {m} 米</source>
        <translation>{m} m from the project</translation>
    </message>
    <message>
        <source>距项目位置过远</source>
        <translation>too far from the project</translation>
    </message>
    <message>
        <source>跳过有错误的行：</source>
        <translation>Rows in error, skipped: </translation>
    </message>
    <message>
        <source>跳过错误行，导入其余</source>
        <translation>Skip rows in error, import the rest</translation>
    </message>
    <message>
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>输入文号或扫描回执二维码</source>
        <translation>Type a notice number or scan the reply slip&apos;s QR code</translation>
    </message>
    <message>
        <source>输入编号或名称搜索项目</source>
        <translation>Type a code or name to find the project</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>这个同步包以前已经导入过。</source>
        <translation>This bundle was imported before.</translation>
    </message>
    <message>
        <source>这个工作区已在另一个 SiteLedger 窗口或命令中打开，请先关闭它。</source>
        <translation>This workspace is open in another SiteLedger window or command; close that first.</translation>
    </message>
    <message>
        <source>这个工作区由更新版本的 SiteLedger 写入，请先升级 SiteLedger。</source>
        <translation>This workspace was written by a newer SiteLedger; upgrade SiteLedger first.</translation>
    </message>
    <message>
        <source>进展</source>
        <translation>Progress note</translation>
    </message>
    <message>
        <source>进展记录</source>
        <translation>Progress note</translation>
    </message>
    <message>
        <source>连接服务器</source>
        <translation>Connect to server</translation>
    </message>
    <message>
        <source>连接服务器…</source>
        <translation>Connect to server…</translation>
    </message>
    <message>
        <source>连接被服务器中断，请稍后再试</source>
        <translation>The server dropped the connection; try again later</translation>
    </message>
    <message>
        <source>连接超时：网络太慢或服务器没有响应</source>
        <translation>Timed out: the network is slow or the server does not answer</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>适应窗口</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>选择一个问题查看办理记录。</source>
        <translation>Choose a problem to see its history.</translation>
    </message>
    <message>
        <source>选择人员并输入密码。</source>
        <translation>Choose your name and enter your password.</translation>
    </message>
    <message>
        <source>选择其他工作区…</source>
        <translation>Choose another workspace…</translation>
    </message>
    <message>
        <source>选择工作区…</source>
        <translation>Choose workspace…</translation>
    </message>
    <message>
        <source>选择日期</source>
        <translation>Choose a date</translation>
    </message>
    <message>
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>选择登录人员</source>
        <translation>Choose who you are</translation>
    </message>
    <message>
        <source>逐级督办建议</source>
        <translation>Escalation proposals</translation>
    </message>
    <message>
        <source>通报</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <source>里程碑</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <source>重开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>重点</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>重点标识</source>
        <translation>Key project</translation>
    </message>
    <message>
        <source>错误：{error}</source>
        <translation>Error: {error}</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>问题 {n}</source>
        <translation>Problem {n}</translation>
    </message>
    <message>
        <source>问题按状态</source>
        <translation>Problems by status</translation>
    </message>
    <message>
        <source>问题按责任单位</source>
        <translation>Problems by unit</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>问题清单</source>
        <translation>Problem register</translation>
    </message>
    <message>
        <source>问题清单.xlsx</source>
        <translation>problems.xlsx</translation>
    </message>
    <message>
        <source>问题清单…</source>
        <translation>Problem list…</translation>
    </message>
    <message>
        <source>问题照片</source>
        <translation>Problem photos</translation>
    </message>
    <message>
        <source>问题照片 {number}</source>
        <translation>Problem photos {number}</translation>
    </message>
    <message>
        <source>问题照片…</source>
        <translation>Problem photos…</translation>
    </message>
    <message>
        <source>问题编号</source>
        <translation>Problem no.</translation>
    </message>
    <message>
        <source>问题编号：Q + 年份 + 设备序号 + 顺序号</source>
        <translation>Problem number: Q + year + device lane + sequence</translation>
    </message>
    <message>
        <source>问题（{n}）</source>
        <translation>Problems ({n})</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>阶段历史</source>
        <translation>Stage history</translation>
    </message>
    <message>
        <source>非走访当日拍摄</source>
        <translation>not taken on the day of the visit</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>项目 {projects} 个 · 未办结问题 {open} 个 · 超期 {overdue} 个</source>
        <translation>{projects} projects · {open} open problems · {overdue} overdue</translation>
    </message>
    <message>
        <source>项目、问题、文号、人员、单位</source>
        <translation>Projects, problems, notice numbers, people, units</translation>
    </message>
    <message>
        <source>项目台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>项目地址</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <source>项目：{name}</source>
        <translation>Project: {name}</translation>
    </message>
    <message>
        <source>预览 - {title}</source>
        <translation>Preview - {title}</translation>
    </message>
    <message>
        <source>预览草稿</source>
        <translation>Preview draft</translation>
    </message>
    <message>
        <source>黄灯：已用去时限的四分之三</source>
        <translation>yellow: three quarters of the time used</translation>
    </message>
    <message>
        <source>黑榜</source>
        <translation>black list</translation>
    </message>
    <message>
        <source>黑榜：</source>
        <translation>Black list: </translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>（已提醒 {n} 次，最近 {day}）</source>
        <translation> (reminded {n}×, last {day})</translation>
    </message>
    <message>
        <source>（无数据）</source>
        <translation>(no data)</translation>
    </message>
    <message>
        <source>（时限 {day}）</source>
        <translation> (deadline {day})</translation>
    </message>
    <message>
        <source>（未选择）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>（点击列头排序）</source>
        <translation> (click the header to sort)</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>（自动编号）</source>
        <translation> (code made)</translation>
    </message>
    <message>
        <source>（行底色：红为超期，黄为本周到期）</source>
        <translation>(row colour: red overdue, yellow due this week)</translation>
    </message>
    <message>
        <source>（逾期未复）</source>
        <translation> (reply overdue)</translation>
    </message>
    <message>
        <source>，{n} 张需核验</source>
        <translation>, {n} to check</translation>
    </message>
    <message>
        <source>，取消 {n} 张</source>
        <translation>, {n} cancelled</translation>
    </message>
</context>
</TS>

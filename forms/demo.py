"""A deterministic, realistic demo workspace: the same seed and day give the same records.

Projects over six districts and parks in all five stages, officials with their assignments
(every leader packages at least one project of each of four stages, 000_5c11f5fe81c94720.txt),
visits, problems with their lifecycle events (some overdue, some closed), Chinese names.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass

from . import codes, form_definitions, numbers
from .hlc import Clock
from .ids import id_at
from .store import definitions as definition_store
from .store import projects as project_store
from .workspace import Workspace

DISTRICTS = (
    ("城关区", "district"),
    ("新华区", "district"),
    ("东湖县", "district"),
    ("西山县", "district"),
    ("高新技术产业开发区", "park"),
    ("经济技术开发区", "park"),
)
DEPARTMENTS = (
    "市发展改革委",
    "市工业和信息化局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市商务局",
    "市人力资源和社会保障局",
    "市行政审批服务局",
    "国网市供电公司",
    "市水务局",
    "市财政局",
    "市招商服务中心",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华志强海燕晓东文博子涵宇轩浩然思远嘉怡梓萱俊杰振国国庆建军红梅立新德胜"
PRODUCTS = {
    "aluminium": ("高性能铝合金型材", "再生铝", "铝合金轮毂", "电池铝箔", "航空铝板带"),
    "auto_parts": ("新能源汽车电机", "汽车线束", "制动系统总成", "汽车轻量化底盘", "车载传感器"),
    "optoelectronics": ("光通信模块", "LED外延芯片", "光学镜头", "激光器件", "红外探测器"),
    "ceramics": ("电子陶瓷基板", "氧化锆结构陶瓷", "陶瓷膜过滤器", "碳化硅陶瓷", "高端卫浴陶瓷"),
    "new_materials": (
        "碳纤维复合材料",
        "石墨烯导热膜",
        "高纯电子化学品",
        "特种工程塑料",
        "稀土功能材料",
    ),
    "new_energy": ("锂电池正极材料", "光伏组件", "储能电站", "氢燃料电池电堆", "风电装备"),
    "equipment": ("数控机床", "工业机器人", "智能输送装备", "精密减速器", "环保成套装备"),
    "medicine": ("生物制药", "中药饮片", "医疗器械", "原料药", "疫苗灌装"),
}
COMPANY_WORDS = (
    "华信",
    "恒达",
    "金阳",
    "宏远",
    "中科",
    "瑞丰",
    "鑫源",
    "东方",
    "天诚",
    "博奥",
    "国泰",
    "嘉禾",
    "隆基",
    "盛世",
    "新纪元",
    "汇川",
    "正泰",
    "科力",
    "永安",
    "联创",
)
SUFFIX = {
    "aluminium": "铝业",
    "auto_parts": "汽车部件",
    "optoelectronics": "光电",
    "ceramics": "陶瓷",
    "new_materials": "新材料",
    "new_energy": "新能源",
    "equipment": "智能装备",
    "medicine": "医药",
}
PROGRESS = (
    "主体结构施工中，钢结构吊装完成{p}%",
    "厂房封顶，设备基础施工",
    "土地平整完成，正在办理施工许可",
    "设备安装调试中，预计下月试生产",
    "一期已投产，二期桩基施工",
    "生产线满负荷运行，产值稳步提升",
    "场地清表完成，临时设施搭建中",
    "办公楼装饰装修，配套道路施工",
)
PROBLEMS = {
    "land": ("项目用地{n}亩尚未完成征收，影响二期开工", "土地证办理滞后，影响融资抵押"),
    "planning": ("规划条件调整未批复", "厂区规划许可证待办理"),
    "environment": ("环评报告待批复，无法开展主体施工", "排污许可证未取得"),
    "energy": ("能耗指标缺口约{n}吨标煤", "节能审查意见未出具"),
    "funding": ("项目贷款{n}万元未到位", "专项债资金拨付滞后"),
    "labour": ("技术工人招聘困难，缺口{n}人", "施工高峰期用工短缺"),
    "utilities": ("110千伏专线未接入", "天然气管网未铺设到厂区", "供水管道压力不足"),
    "approvals": ("施工许可证办理缓慢", "消防验收未通过需整改"),
    "obstruction": ("周边村民阻工，影响施工进度", "运输道路被堵，材料无法进场"),
    "intermediaries": ("中介机构评估报告出具时间过长", "测绘服务收费偏高"),
    "other": ("企业反映办事流程不清晰", "配套学校医院建设滞后"),
}
CATEGORY_UNIT = {
    "land": 2,
    "planning": 2,
    "environment": 3,
    "energy": 0,
    "funding": 10,
    "labour": 6,
    "utilities": 8,
    "approvals": 7,
    "obstruction": 0,
    "intermediaries": 7,
    "other": 11,
}


@dataclass(frozen=True)
class Size:
    projects: int = 200
    people: int = 20
    visits: int = 300
    problems: int = 600


def build(
    ws: Workspace,
    *,
    size: Size = Size(),
    seed: int = 2026,
    today: dt.date | None = None,
    numbering_office: bool = False,
) -> None:
    """Fill an empty workspace with demo records, in one transaction, queued for nobody.

    `numbering_office` also gives this device lane 0, the office's: its notices then carry
    definitive 文号 (a device-specific setting, so off where demos are compared)."""
    if project_store.count(ws.conn):
        raise ValueError("the workspace already holds projects; the demo goes into an empty one")
    today = today or dt.date.today()
    Demo(ws, random.Random(seed), today, size).run()
    if numbering_office:
        from .documents import numbering

        numbering.set_lane(ws, numbering.OFFICE_LANE)


class Demo:
    def __init__(self, ws: Workspace, rng: random.Random, today: dt.date, size: Size) -> None:
        self.ws, self.rng, self.today, self.size = ws, rng, today, size
        start = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(8))
        self.millis = int(start.replace(tzinfo=dt.UTC).timestamp() * 1000)
        # A deterministic clock: the records' stamps depend on the seed only.
        self.saved_clock = ws.clock
        ws.clock = Clock("demo", wall=self._tick)

    def _tick(self) -> int:
        self.millis += 7
        return self.millis

    def new_id(self) -> str:
        return id_at(self._tick(), self.rng)

    def put(
        self, entity: str, fields: dict, entity_id: str | None = None, author: str | None = None
    ) -> str:
        entity_id = entity_id or self.new_id()
        self.ws.record(entity, entity_id, fields, author_id=author, queue=False)
        return entity_id

    def run(self) -> None:
        try:
            with self.ws.transaction():
                self.settings()
                self.units()
                self.officials()
                self.projects()
                self.assignments()
                self.visits()
                self.problems()
                self.monthly_reports()
        finally:
            self.ws.clock = self.saved_clock

    def settings(self) -> None:
        for key, value in (
            ("organ_name", "市重大项目建设工作专班"),
            ("notice_prefix", "工专班督"),
            ("copy_to", ["市委办公室", "市政府办公室"]),
            ("city", "示范市"),
        ):
            self.put("setting", {"value": json.dumps(value, ensure_ascii=False)}, entity_id=key)
        for definition in form_definitions.bundled().values():
            definition_store.keep(
                self.ws.conn,
                definition.id,
                definition.version,
                definition.kind,
                json.dumps(definition.to_dict(), ensure_ascii=False, sort_keys=True),
            )

    def units(self) -> None:
        self.districts = [self.put("unit", {"name": n, "kind": k}) for n, k in DISTRICTS]
        self.departments = [
            self.put("unit", {"name": n, "kind": "department"}) for n in DEPARTMENTS
        ]

    def name(self, used: set[str]) -> str:
        while True:
            n = self.rng.choice(SURNAMES) + "".join(
                self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2)))
            )
            if n not in used:
                used.add(n)
                return n

    def officials(self) -> None:
        used: set[str] = set()
        n = self.size.people
        leaders = max(2, n * 2 // 5)
        office = max(1, n // 10)
        self.leaders, self.commissioners, self.office = [], [], []
        for i in range(n):
            role = "leader" if i < leaders else "office" if i >= n - office else "commissioner"
            title = {
                "leader": "副市长" if i % 3 == 0 else "市政府秘书长" if i % 3 == 1 else "副区长",
                "office": "专班办公室干部",
                "commissioner": "服务专员",
            }[role]
            pid = self.put(
                "person",
                {
                    "name": self.name(used),
                    "role": role,
                    "title": title,
                    "unit_id": self.rng.choice(self.districts),
                    "phone": f"139{self.rng.randrange(10**8):08d}",
                },
            )
            {"leader": self.leaders, "office": self.office, "commissioner": self.commissioners}[
                role
            ].append(pid)

    def projects(self) -> None:
        self.project_rows = []
        stages = codes.values("stage")
        chains = list(PRODUCTS)
        for i in range(self.size.projects):
            stage = stages[i % 5]
            chain = chains[self.rng.randrange(len(chains))]
            product = self.rng.choice(PRODUCTS[chain])
            amount = self.rng.choice((5, 10, 20, 30, 50, 100))
            district = self.districts[i % len(self.districts)]
            total = self.rng.randrange(5_000, 500_000) * 10_000  # 0.5 to 50 亿元, in yuan
            plan = total * self.rng.randrange(15, 60) // 100 // 10_000 * 10_000
            done_share = {"reserve": 0, "attract": 5, "build": 45, "upgrade": 60, "produce": 95}[
                stage
            ]
            cumulative = (
                total
                * min(100, max(0, done_share + self.rng.randrange(-15, 15)))
                // 100
                // 10_000
                * 10_000
            )
            fields = {
                "code": f"XM{self.today.year}{i + 1:05d}",
                "name": f"年产{amount}万{'吨' if chain in ('aluminium', 'new_materials', 'ceramics') else '套'}{product}项目",
                "enterprise": f"{self.rng.choice(COMPANY_WORDS)}{SUFFIX[chain]}{'科技' if i % 2 else ''}有限公司",
                "district_id": district,
                "park": DISTRICTS[i % len(DISTRICTS)][0]
                if DISTRICTS[i % len(DISTRICTS)][1] == "park"
                else None,
                "industry_chain": chain,
                "stage": stage,
                "total_investment": total,
                "year_plan_investment": plan,
                "year_completed_investment": min(plan, cumulative),
                "cumulative_investment": cumulative,
                "lead_unit_id": self.rng.choice(self.departments),
                "responsible_units": sorted(self.rng.sample(self.departments, 2)),
                "location": f"{DISTRICTS[i % len(DISTRICTS)][0]}{self.rng.choice('东西南北')}环路{self.rng.randrange(1, 300)}号",
                "latitude": round(34.2 + self.rng.uniform(-0.3, 0.3), 5),
                "longitude": round(108.9 + self.rng.uniform(-0.4, 0.4), 5),
                "province_key": int(self.rng.random() < 0.1),
                "city_key": int(self.rng.random() < 0.35),
                **self.milestones(stage),
            }
            pid = self.put("project", {k: v for k, v in fields.items() if v is not None})
            self.put(
                "stage_change",
                {
                    "project_id": pid,
                    "stage": stage,
                    "changed_on": fields.get("signed_actual") or self.day(-300),
                },
            )
            self.project_rows.append((pid, stage, district))

    def day(self, offset: int) -> str:
        return (self.today + dt.timedelta(days=offset)).isoformat()

    def milestones(self, stage: str) -> dict[str, str]:
        reached = {"reserve": 0, "attract": 2, "build": 3, "upgrade": 4, "produce": 5}[stage]
        out: dict[str, str] = {}
        day = -self.rng.randrange(500, 900)
        for n, (m, _, _) in enumerate(codes.MILESTONES):
            day += self.rng.randrange(40, 200)
            out[f"{m}_plan"] = self.day(day)
            if n < reached and day < 0:
                out[f"{m}_actual"] = self.day(day + self.rng.randrange(-20, 40))
        return out

    def assignments(self) -> None:
        self.assigned: dict[str, list[str]] = {}
        by_stage: dict[str, list[str]] = {}
        for pid, stage, _ in self.project_rows:
            by_stage.setdefault(stage, []).append(pid)
        for n, leader in enumerate(self.leaders):
            for stage in ("attract", "build", "upgrade", "produce"):
                pool = by_stage[stage]
                self.link(leader, pool[n % len(pool)], "leader")
            self.link(leader, by_stage["reserve"][n % len(by_stage["reserve"])], "leader")
        for n, (pid, _, _) in enumerate(self.project_rows):
            self.link(self.commissioners[n % len(self.commissioners)], pid, "commissioner")

    def link(self, person: str, project: str, role: str) -> None:
        if project in self.assigned.setdefault(person, []):
            return
        self.assigned[person].append(project)
        self.put(
            "assignment",
            {
                "person_id": person,
                "project_id": project,
                "role": role,
                "since": self.day(-365),
                "active": 1,
            },
        )

    def visits(self) -> None:
        self.visit_rows = []
        people = [(p, "leader") for p in self.leaders] + [
            (p, "commissioner") for p in self.commissioners
        ]
        people = [(p, role) for p, role in people if self.assigned.get(p)]
        for _ in range(self.size.visits):
            person, role = self.rng.choice(people)
            project = self.rng.choice(self.assigned[person])
            when = dt.datetime.combine(
                self.today - dt.timedelta(days=self.rng.randrange(1, 365)),
                dt.time(self.rng.randrange(8, 18), self.rng.choice((0, 15, 30, 45))),
            )
            values = {
                "project_id": project,
                "visited_at": when.isoformat(timespec="minutes"),
                "kind": "leader"
                if role == "leader"
                else self.rng.choice(("routine", "routine", "supervision")),
                "progress_text": self.rng.choice(PROGRESS).format(p=self.rng.randrange(10, 95)),
            }
            vid = self.put(
                "visit",
                {
                    "project_id": project,
                    "visited_at": values["visited_at"],
                    "kind": values["kind"],
                    "progress_text": values["progress_text"],
                    "form_id": "visit",
                    "form_version": 1,
                    "data": json.dumps(values, ensure_ascii=False, sort_keys=True),
                },
                author=person,
            )
            self.visit_rows.append((vid, project, when.date(), person))

    def problems(self) -> None:
        categories = list(PROBLEMS)
        # The office's lane (0): the demo is the office's workspace. Numbered here, not through
        # forms.numbers, so that the demo stays the same on every device (no lane claim).
        seqs: dict[int, int] = {}
        for n in range(self.size.problems):
            vid, project, day, person = (
                self.visit_rows[n % len(self.visit_rows)]
                if self.visit_rows
                else (
                    None,
                    self.project_rows[n % len(self.project_rows)][0],
                    self.today,
                    self.office[0],
                )
            )
            category = self.rng.choice(categories)
            unit = self.departments[CATEGORY_UNIT[category] % len(self.departments)]
            deadline = day + dt.timedelta(days=self.rng.choice((15, 30, 30, 60, 90)))
            values = {
                "category": category,
                "description": self.rng.choice(PROBLEMS[category]).format(
                    n=self.rng.randrange(20, 500)
                ),
                "raised_on": day.isoformat(),
                "unit_id": unit,
                "deadline": deadline.isoformat(),
            }
            seqs[day.year] = seqs.get(day.year, 0) + 1
            pid = self.put(
                "problem",
                {
                    "project_id": project,
                    "visit_id": vid,
                    "category": category,
                    "description": values["description"],
                    "raised_on": values["raised_on"],
                    "number": f"{numbers.prefix(day.year, 0)}{seqs[day.year]:04d}",
                    "form_id": "problem",
                    "form_version": 1,
                    "data": json.dumps(values, ensure_ascii=False, sort_keys=True),
                },
                author=person,
            )
            self.lifecycle(pid, day, unit, deadline, person)

    def lifecycle(self, pid: str, day: dt.date, unit: str, deadline: dt.date, raiser: str) -> None:
        def event(kind: str, offset: int, author: str, **fields) -> None:
            at = dt.datetime.combine(min(day + dt.timedelta(days=offset), self.today), dt.time(10))
            self.put(
                "problem_event",
                {"problem_id": pid, "kind": kind, "at": at.isoformat(timespec="seconds"), **fields},
                author=author,
            )

        office = self.rng.choice(self.office)
        event("registered", 0, raiser, unit_id=unit, deadline=deadline.isoformat())
        age = (self.today - day).days
        # Older problems are mostly closed; the share still open shrinks with age, and those
        # left open past their deadline are the overdue ones the office chases.
        still_open = 0.9 if age < 30 else 0.55 if age < 90 else 0.2
        roll = self.rng.random() * still_open / 0.6 if self.rng.random() < still_open else 0.7
        if age < 3 or roll < 0.1:
            return
        event(
            "assigned",
            2,
            office,
            unit_id=unit,
            assignee=self.name(set()),
            deadline=deadline.isoformat(),
        )
        if roll < 0.3 or age < 10:
            return
        event("progress", min(age, 8), office, note="责任单位已对接企业，正在协调办理")
        if roll < 0.5:
            return  # open, overdue once its deadline passes
        event("reported_done", min(age, 20), raiser, note="责任单位报告已办结")
        if roll < 0.6:
            return
        event("verified", min(age, 25), office, note="经现场核验，问题已解决，予以销号")
        if roll > 0.97:
            event("reopened", min(age, 30), office, note="企业反映问题反弹，重新办理")

    def monthly_reports(self) -> None:
        """Last month's reports from every commissioner's projects, this month's from about
        two in three of them (a few after the 20th): the board then has gaps to show."""
        rng = random.Random(
            self.rng.random()
        )  # its own stream: the records above stay as they were
        this = self.today.replace(day=1)
        last = (this - dt.timedelta(days=1)).replace(day=1)
        commissioner_of = {}
        for person in self.commissioners:
            for project in self.assigned.get(person, []):
                commissioner_of.setdefault(project, person)
        for pid, stage, _ in self.project_rows:
            person = commissioner_of.get(pid)
            if person is None or stage == "reserve":
                continue
            for month, share in ((last, 1.0), (this, 0.65)):
                day = month + dt.timedelta(days=rng.randrange(5, 24))
                if rng.random() > share or day > self.today:
                    continue
                amount = rng.randrange(0, 3000) * 10_000
                values = {
                    "project_id": pid,
                    "month": f"{month.year:04d}-{month.month:02d}",
                    "reported_at": f"{day.isoformat()}T{rng.randrange(8, 18):02d}:00",
                    "investment_month": amount,
                    "investment_to_date": amount * rng.randrange(3, 20),
                    "progress_text": rng.choice(PROGRESS).format(p=rng.randrange(10, 95)),
                }
                self.put(
                    "monthly_report",
                    {
                        **values,
                        "form_id": "monthly_report",
                        "form_version": 1,
                        "data": json.dumps(values, ensure_ascii=False, sort_keys=True),
                    },
                    author=person,
                )

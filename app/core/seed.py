"""First-start seeding (channels, review chain) and the sample newsroom (`newsdesk demo`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.core.clock import utcnow
from app.core.domain import Actor, Contributor
from app.core.models import Channel
from app.core.passwords import readable_password
from app.core.resources import resources_dir
from app.core.services import Services

SHANGHAI = ZoneInfo("Asia/Shanghai")

COUNTY_CHANNELS = [
    ("平凉新闻", "pingliang", "平凉新闻，记录陇东大地的每一天。"),
    ("泾川新闻", "jingchuan", "泾川新闻，有家乡事，有故乡情！连家乡都没有了，我们跟野人也没什么区别。"
                            "露从今夜白，月是故乡明。泾川县一直在这里为你守候。"),
    ("灵台新闻", "lingtai", "灵台新闻，古灵台的今天。"),
    ("崇信新闻", "chongxin", "崇信新闻，关注崇信发展。"),
    ("华亭新闻", "huating", "华亭新闻，讲好华亭故事。"),
    ("庄浪新闻", "zhuanglang", "庄浪新闻，梯田之乡的声音。"),
    ("静宁新闻", "jingning", "静宁新闻，苹果之乡的故事。"),
]


def _place_seed() -> dict[str, list[str]]:
    from app.core.text.places import PLACE_SEED

    return PLACE_SEED


def seed_newsroom(svc: Services) -> bool:
    """Channels 地方网 > 甘肃 > 平凉市 > the county channels. Idempotent; True if it seeded."""
    with svc.db.read() as s:
        if (s.scalar(select(func.count()).select_from(Channel)) or 0) > 0:
            return False
    places = _place_seed()
    root = svc.admin.add_channel(None, "地方网", "difang", slogan="地方网 · 身边的新闻")
    gansu = svc.admin.add_channel(None, "甘肃", "gansu", parent_id=root.id)
    pl = svc.admin.add_channel(None, "平凉市", "pingliang-shi", parent_id=gansu.id)
    for i, (name, slug, slogan) in enumerate(COUNTY_CHANNELS):
        svc.admin.add_channel(None, name, slug, parent_id=pl.id, slogan=slogan, places=places.get(name, []),
                              position=i + 1)
    svc.admin.set_review_chain(None, [("初审", "editor"), ("复审", "editor"), ("终审签发", "chief_editor")])
    svc.admin.ensure_source(None, "陇东报", "https://www.yybnet.net/")
    svc.admin.ensure_source(None, "平凉日报")
    svc.admin.ensure_source(None, "新华社", "http://www.news.cn/")
    return True


@dataclass
class DemoUser:
    login: str
    real_name: str
    roles: list[str]
    password: str


DEMO_USERS = [
    ("wangzd", "王忠德", ["reporter"]),
    ("liyouan", "李有安", ["reporter"]),
    ("zhangmin", "张敏", ["reporter"]),
    ("chushen", "刘初审", ["editor"]),
    ("fushen", "陈复审", ["editor"]),
    ("zongbian", "马总编", ["chief_editor", "editor"]),
    ("admin", "系统管理员", ["admin"]),
]


def parse_reference() -> dict:
    """The reference article (resources/sample/reference_article.txt), as article fields."""
    lines = (resources_dir() / "sample" / "reference_article.txt").read_text("utf-8").splitlines()
    title = lines[3].strip()
    paras = []
    for line in lines[7:]:
        if line.startswith("记者"):
            break
        if line.strip():
            paras.append(line.strip())
    body = "\n\n".join(paras)
    if body.startswith("【本报讯】"):
        body = body[len("【本报讯】"):]
    return {"title": title, "body": body}


def load_demo(svc: Services, password: str | None = None) -> list[DemoUser]:
    """The sample newsroom: staff for every review step, the reference article as a published
    reprint from 陇东报, and a dozen articles in different states."""
    seed_newsroom(svc)
    users: dict[str, Actor] = {}
    out = []
    existing = {u.login for u in svc.users.list()}
    for login, name, roles in DEMO_USERS:
        pw = password or readable_password()
        if login not in existing:
            svc.users.add(None, login, name, pw, roles)
            out.append(DemoUser(login, name, roles, pw))
        users[login] = svc.users.actor_by_login(login)
    if not out:  # demo data exists already
        return out
    # a few banned words so that proofing's 禁用词 can be seen at work (type 小编 in a draft)
    for word, suggestion, note in (("小编", "记者", "新闻稿件不用网络自称"), ("亲们", "读者朋友", "网络用语"),
                                   ("最最", "最", "重复的程度副词")):
        svc.admin.set_banned_word(None, word, suggestion, note)
    ch = {c.name: c.id for c in svc.admin.channels()}
    ldb = svc.admin.ensure_source(None, "陇东报", "https://www.yybnet.net/")
    r, r2, r3 = users["wangzd"], users["liyouan"], users["zhangmin"]
    ed1, ed2, chief = users["chushen"], users["fushen"], users["zongbian"]

    def through_chain(aid: int) -> None:
        svc.review.sign(ed1, aid, "事实核对无误")
        svc.review.sign(ed2, aid, "同意")
        svc.review.sign(chief, aid, "签发")

    ref = parse_reference()
    a = svc.articles.create(r, title=ref["title"], body=ref["body"], dateline="本报讯", origin="reprint",
                            source_id=ldb.id, source_url="https://www.yybnet.net/", original_author="王忠德",
                            original_title=ref["title"],
                            original_time=datetime(2015, 8, 19, 20, 34, tzinfo=SHANGHAI),
                            contributors=[Contributor("记者", "王忠德"), Contributor("特约记者", "李有安")],
                            keywords=["安宁区", "社区服务", "保障机制"], primary_channel_id=ch["泾川新闻"],
                            summary="安宁区以“群众找服务”变“社区送服务”为主轴，倾力打造社区居民温馨家园。")
    svc.review.submit(r, a.id)
    svc.articles.save(ed1, a.id, {"is_hot": True}, svc.articles.get(ed1, a.id).version)
    through_chain(a.id)
    svc.review.publish_now(chief, a.id)

    b = svc.articles.create(r2, title="省博珍藏佛舍利移交泾川", dateline="本报讯",
                            body="记者于日前获悉，原存放于省博物馆的佛祖骨舍利，经国家民族宗教局和省文物局、"
                                 "省博物馆批准，已移交于泾川大云寺供奉。本次移交的佛骨舍利，是1964年在泾川"
                                 "大云寺遗址出土的。\n\n泾川县相关负责人表示，将做好舍利的保护和展示工作。",
                            contributors=[Contributor("记者", "李有安")], keywords=["大云寺", "佛舍利", "泾川"],
                            primary_channel_id=ch["泾川新闻"], level=1)
    svc.review.submit(r2, b.id)
    through_chain(b.id)
    svc.review.publish_now(chief, b.id)

    samples = [
        (r, "崆峒山景区迎来旅游高峰", "国庆假期，崆峒山景区接待游客人数创历史新高，景区启用预约分流措施。", "平凉新闻", "published"),
        (r3, "静宁苹果喜获丰收", "静宁县果农迎来苹果采摘季，今年全县苹果产量预计同比增长一成。", "静宁新闻", "published"),
        (r2, "灵台县举办农民丰收节", "灵台县在中台镇举办农民丰收节，展示特色农产品。", "灵台新闻", "approved"),
        (r, "华亭市推进煤电产业转型", "华亭市围绕煤电产业链延链补链，推动产业转型升级。", "华亭新闻", "scheduled"),
        (r3, "庄浪梯田入选农业文化遗产名录", "庄浪梯田入选中国重要农业文化遗产名录。", "庄浪新闻", "in_review"),
        (r2, "崇信县开展全民健身活动", "崇信县开展全民健身月活动，群众参与热情高涨。", "崇信新闻", "submitted"),
        (r, "泾川县王母宫庙会开幕", "一年一度的泾川王母宫庙会开幕，吸引众多游客。", "泾川新闻", "returned"),
        (r3, "平凉市区新增公交线路", "平凉市新开通三条公交线路，方便市民出行。", "平凉新闻", "submitted"),
        (r, "关于城区供暖的采访提纲", "采访对象：市住建局、热力公司。问题：供暖时间、收费标准。", "平凉新闻", "draft"),
        (r2, "静宁县中小学开学第一课", "静宁县各中小学开展开学第一课活动。", "静宁新闻", "draft"),
        (r3, "泾川县乡村振兴观察", "泾川县高平镇、玉都镇发展特色产业，带动农民增收。", "泾川新闻", "withdrawn"),
        (r2, "灵台县冬季防火提示", "进入冬季，灵台县消防部门提醒群众注意用火安全。", "灵台新闻", "draft"),
    ]
    for author, title, body, channel, state in samples:
        x = svc.articles.create(author, title=title, body=body, dateline="本报讯", primary_channel_id=ch[channel],
                                keywords=[])
        if state == "draft":
            continue
        svc.review.submit(author, x.id)
        if state == "submitted":
            continue
        if state == "returned":
            svc.review.return_to_reporter(ed1, x.id, "请补充庙会的具体日期和主办单位。")
            continue
        svc.review.sign(ed1, x.id, "初审通过")
        if state == "in_review":
            continue
        svc.review.sign(ed2, x.id, "复审通过")
        svc.review.sign(chief, x.id, "签发")
        if state == "approved":
            continue
        if state == "scheduled":
            svc.review.schedule(chief, x.id, utcnow() + timedelta(hours=6))
            continue
        svc.review.publish_now(chief, x.id)
        if state == "withdrawn":
            svc.review.withdraw(chief, x.id, "内容需要重新核实。")
    # the sample newsroom starts searchable: its 70-odd queued changes indexed now (a few ms) rather
    # than a slice per search, so the first searches answer in full whatever the machine's load
    svc.search.ensure_current(limit=None)
    return out

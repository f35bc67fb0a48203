"""The real windows follow the rulebook: the review panel enables exactly the actions it allows,
the editor is editable exactly when a field may change; and the three stories of issue #13 —
a published article cannot be typed into except through a chief's 更正 (which reaches the live
page with its note), opening a returned article takes no lease from its reporter, and both
desks show one place verdict, refreshed as the text changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from app.core import rulebook as rb
from app.core.clock import utcnow
from app.core.domain import Role, Status
from app.core.errors import NotFound
from app.core.models import Article
from app.ui.desk.channels import ChannelAssignWidget
from app.ui.desk.review_panel import ReviewPanel
from app.ui.desk.window import DeskWindow
from app.ui.editor.editor import EditorWidget
from app.ui.ops import OpRunner
from tests.conftest import actor
from tests.ui.conftest import key_text, type_text
from tests.ui.desk_helpers import script

LOGIN = {Role.REPORTER: "wangzd", Role.EDITOR: "chushen", Role.CHIEF_EDITOR: "zongbian", Role.ADMIN: "admin"}
BUTTONS = ("sign", "approve", "return", "return_step", "schedule", "publish", "correct", "withdraw", "take_over")


@pytest.fixture
def svc(sqlite_demo):
    return sqlite_demo


def _article_in(svc: Any, author: Any, sp: rb.StatePoint, holder: Any) -> int:
    ch = svc.admin.channels()[0].id
    a = svc.articles.create(author, title="泾川县举办苹果节", body="【本报讯】泾川县举办苹果节。", primary_channel_id=ch)
    values: dict[str, Any] = {"status": sp.status.value, "review_step": sp.step,
                              "lease_user_id": holder.id, "lease_since": utcnow(),
                              "lease_expires_at": utcnow() + timedelta(minutes=30)}
    if sp.status == Status.SCHEDULED:
        values["scheduled_at"] = utcnow() + timedelta(hours=3)
    with svc.db.session() as s:
        s.execute(update(Article).where(Article.id == a.id).values(**values))
    return a.id


def test_the_window_enables_exactly_what_the_rulebook_allows(qtbot, svc, evidence):
    """Every (persona × chain step × state × action) the desks offer: the review panel's buttons
    (editorial personas) and the editor's editability and 编辑/take-over button (everyone)."""
    chain = svc.review.chain()
    other, holder = actor(svc, "liyouan"), actor(svc, "fushen")
    ops = OpRunner()
    panels: dict[Role, ReviewPanel] = {}
    assigns: dict[Role, ChannelAssignWidget] = {}
    editors: dict[Role, EditorWidget] = {}
    checked = 0
    problems: list[str] = []
    for p in rb.PERSONAS:
        who = actor(svc, LOGIN[p.role])
        assert who.roles == p.roles
        if p.role not in editors:
            editors[p.role] = EditorWidget(svc, who, ops)
            qtbot.addWidget(editors[p.role])
            if who.has(Role.EDITOR, Role.CHIEF_EDITOR):
                panels[p.role] = ReviewPanel(svc, who, ops)
                qtbot.addWidget(panels[p.role])
                assigns[p.role] = ChannelAssignWidget(svc, who, ops)
                qtbot.addWidget(assigns[p.role])
        for sp in rb.state_points(chain):
            aid = _article_in(svc, who if p.author else other, sp, holder)
            want = {a for q, s2, a, ok in rb.enumerate_actions(chain) if q == p and s2 == sp and ok}
            try:
                art = svc.articles.get(who, aid)
            except NotFound:  # the rulebook must agree that this persona cannot see it at all
                assert "view" not in want, (p.key, sp)
                checked += len(rb.ACTION_IDS)
                continue
            panel = panels.get(p.role)
            if panel is not None:
                panel.set_article(art)
                for action in BUTTONS:
                    btn = panel.action_buttons()[action]
                    # sign and approve share a button: it is enabled when either is allowed
                    shared = {"sign", "approve"} if action in ("sign", "approve") else {action}
                    if btn.isEnabled() != bool(shared & want):
                        problems.append(f"panel {p.key} {sp.status.value}@{sp.step} {action}: "
                                        f"enabled={btn.isEnabled()} rulebook={sorted(want)}")
                    checked += 1
            assign = assigns.get(p.role)
            if assign is not None:  # 栏目 and desk fields: each control as its field's grant (a plain save)
                assign.set_article(art)
                for w, name in ((assign.primary, "primary_channel_id"), (assign.tree, "secondary_channel_ids"),
                                (assign.responsible, "responsible_editor_id"), (assign.hot, "is_hot"),
                                (assign.level, "level")):
                    want_on = rb.field_grant(who, sp.status, art.author_id, name) == "save"
                    if w.isEnabled() != want_on:
                        problems.append(f"channels {p.key} {sp.status.value} {name}: enabled={w.isEnabled()}")
                    checked += 1
            ed = editors[p.role]
            ed.show_article(art)
            ops.drain()
            mode = rb.edit_mode(who, art)
            # someone else holds the lease: an editable article opens read-only with 编辑 (take over)
            editable = mode == "correct"
            offers_take_over = ed.edit_btn.isVisibleTo(ed)
            if (not ed.read_only) != editable or ed.body.isReadOnly() != (not editable):
                problems.append(f"editor {p.key} {sp.status.value}: read_only={ed.read_only}, mode={mode!r}")
            if offers_take_over != ("take_over" in want):
                problems.append(f"editor {p.key} {sp.status.value}: 编辑 shown={offers_take_over}, "
                                f"take_over allowed={'take_over' in want}")
            if ed.may("submit") != ("submit" in want):
                problems.append(f"editor {p.key} {sp.status.value}: submit {ed.may('submit')}")
            checked += 3
            ed.close_article()
            ops.drain()
    ops.drain()
    evidence(f"window: {checked} (persona × step × state × action) combinations checked against the rulebook, "
             f"{len(problems)} disagree")
    assert not problems, "\n".join(problems)


def _published(svc: Any) -> Any:
    wang, chief = actor(svc, "wangzd"), actor(svc, "zongbian")
    ch = next(c for c in svc.admin.channels() if c.name == "泾川新闻")
    a = svc.articles.create(wang, title="泾川县苹果节开幕", body="第五届苹果节于10月9日开幕。",
                            primary_channel_id=ch.id)
    svc.review.submit(wang, a.id)
    for login in ("chushen", "fushen", "zongbian"):
        svc.review.sign(actor(svc, login), a.id)
    return svc.review.publish_now(chief, a.id)


def test_an_editor_cannot_type_into_a_published_article(qtbot, svc):
    pub = _published(svc)
    w = DeskWindow(svc, actor(svc, "chushen"), use_editor=True, live=False, due=False)
    qtbot.addWidget(w)
    w.open_article(pub.id)
    w.ops.drain()
    ed = w.editor
    assert ed.read_only and ed.body.isReadOnly() and ed.title.isReadOnly()
    assert "更正" in ed.banner.text()
    # an input method does not talk to a read-only field; keys carrying text are ignored
    assert not ed.body.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    ed.body.setFocus()
    key_text(ed.body, "（编辑私改）")
    qtbot.keyClicks(ed.title, "typo")
    ed.save_now("autosave")
    w.ops.drain()
    assert "私改" not in ed.body.toPlainText() and "typo" not in ed.title.text()
    stored = svc.articles.system_get(pub.id)
    assert stored.body == pub.body and stored.version == pub.version
    assert svc.articles.lease(actor(svc, "chushen"), pub.id) is None  # looking took no lease
    assert not w.desk.review.correct_btn.isEnabled()


def test_a_chiefs_correction_changes_the_live_page_with_its_note(qtbot, svc, tmp_path):
    from app.publish.site.export import export_site

    pub = _published(svc)
    out = tmp_path / "site"
    export_site(svc, out)
    page = next(p for p in out.rglob(f"{pub.id}.html"))
    assert "10月9日" in page.read_text("utf-8")

    w = DeskWindow(svc, actor(svc, "zongbian"), use_editor=True, live=False, due=False)
    qtbot.addWidget(w)
    w.open_article(pub.id)
    w.ops.drain()
    ed, panel = w.editor, w.desk.review
    assert ed.mode == "correct" and not ed.read_only
    body = ed.body
    body.selectAll()
    type_text(body, "第五届苹果节于10月8日开幕。")
    ed._autosave_due()  # autosave never writes a published article
    w.ops.drain()
    assert svc.articles.system_get(pub.id).body == pub.body
    assert panel.correct_btn.isEnabled()
    script(panel, texts=["更正：开幕日期为10月8日"])
    panel.correct_btn.click()
    w.ops.drain()
    w.ops.drain()
    stored = svc.articles.system_get(pub.id)
    assert stored.body == "第五届苹果节于10月8日开幕。" and stored.correction_note == "更正：开幕日期为10月8日"
    assert not ed.is_dirty() and ed.body.toPlainText() == stored.body
    signer_notes = svc.notifications.list(actor(svc, "fushen"))
    assert any(n.kind == "corrected" for n in signer_notes)

    export_site(svc, out)
    html = page.read_text("utf-8")
    assert "10月8日开幕" in html and "10月9日" not in html
    note = html[html.index('<aside class="correction">'):]
    assert note.startswith('<aside class="correction"><strong>更正</strong>') and "：开幕日期为10月8日" in note


def test_opening_a_returned_article_leaves_the_reporter_able_to_edit(qtbot, svc):
    from app.ui.main_window import MainWindow

    wang, fushen = actor(svc, "wangzd"), actor(svc, "fushen")
    ch = next(c for c in svc.admin.channels() if c.name == "泾川新闻")
    a = svc.articles.create(wang, title="王母宫庙会开幕", body="庙会开幕。", primary_channel_id=ch.id)
    svc.review.submit(wang, a.id)
    svc.review.sign(actor(svc, "chushen"), a.id)
    svc.review.return_to_step(fushen, a.id, 0, "请初审再核日期")  # 初审 is notified
    svc.review.return_to_reporter(actor(svc, "chushen"), a.id, "请补充主办单位")

    # the editor opens it from the notification on their desk
    ed_w = DeskWindow(svc, actor(svc, "chushen"), use_editor=True, live=False, due=False)
    qtbot.addWidget(ed_w)
    ed_w.ops.drain()
    notes = ed_w.desk.notifications
    notes.reload()
    ed_w.ops.drain()
    row = next(i for i, n in enumerate(notes.items) if n.article_id == a.id and n.kind == "returned")
    notes.list.itemActivated.emit(notes.list.item(row))
    ed_w.ops.drain()
    ed_w.ops.drain()
    assert ed_w.editor.article is not None and ed_w.editor.article.id == a.id
    assert ed_w.editor.read_only and "记者" in ed_w.editor.banner.text()  # it is the reporter's
    assert svc.articles.lease(wang, a.id) is None

    # the reporter, on another desktop, sees why and edits
    rep = MainWindow(svc, wang)
    qtbot.addWidget(rep)
    rep.show()
    rep.ops.drain()
    rep.open_article(a.id)
    rep.ops.drain()
    rep.ops.drain()
    ed = rep.editor
    assert not ed.read_only and "请补充主办单位" in ed.banner.text()
    type_text(ed.body, "主办单位：泾川县文旅局。")
    ed.save_now()
    rep.ops.drain()
    rep.ops.drain()
    assert "泾川县文旅局" in svc.articles.get(wang, a.id).body
    for w in (ed_w, rep):
        w.desk.stop()
        w.ops.drain()


ANNING = ("本报讯 安宁区在高规格加强社区阵地设施建设的基础上，全力打造社区居民幸福家园。"
          "安宁区刘家堡街道……")


def test_both_desks_show_the_same_place_verdict_as_the_text_changes(qtbot, svc):
    from app.ui.main_window import MainWindow

    wang = actor(svc, "wangzd")
    gansu = next(c for c in svc.admin.channels() if c.name == "甘肃")
    a = svc.articles.create(wang, title="安宁倾力打造社区居民温馨家园", body=ANNING, primary_channel_id=gansu.id)

    rep = MainWindow(svc, wang)
    qtbot.addWidget(rep)
    rep.show()
    rep.ops.drain()
    rep.open_article(a.id)
    rep.ops.drain()
    qtbot.waitUntil(lambda: rep.editor.metadata.channel_hint.text() != "", timeout=10000)
    ed_w = DeskWindow(svc, actor(svc, "chushen"), use_editor=True, live=False, due=False)
    qtbot.addWidget(ed_w)
    ed_w.open_article(a.id)
    ed_w.ops.drain()
    qtbot.waitUntil(lambda: ed_w.desk.review.live_verdict is not None, timeout=10000)
    panel = ed_w.desk.review

    def plain(s: str) -> str:
        return s.replace("✔ ", "").replace("⚠ ", "").replace("&lt;", "<").replace("&gt;", ">")

    reporter_says = plain(rep.editor.metadata.channel_hint.text().split("<br>")[0])
    assert reporter_says and reporter_says == plain(panel.places.text())
    assert "甘肃" in reporter_says

    # the editor types a county's name: the panel's verdict follows the text, before any save
    before = panel.places.text()
    ed_w.editor.body.moveCursor(ed_w.editor.body.textCursor().MoveOperation.End)
    type_text(ed_w.editor.body, "泾川县、灵台县、崇信县的同行也来参观。")
    qtbot.waitUntil(lambda: panel.places.text() != before, timeout=10000)
    assert "泾川" in panel.places.text()
    rep.desk.stop()
    rep.ops.drain()
    ed_w.desk.stop()
    ed_w.ops.drain()

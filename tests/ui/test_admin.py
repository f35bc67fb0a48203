"""Administration dialogs driven through their widgets: users, channels (drag and drop),
sources, banned words, review chain, publishing targets, audit log."""

from __future__ import annotations

import pytest

from app.core.domain import Role
from app.core.errors import PermissionDenied
from app.ui.admin import AdminDialog
from tests.conftest import DEMO_PASSWORD, actor
from tests.ui.desk_helpers import script


@pytest.fixture
def admin(qtbot, sqlite_demo):
    d = AdminDialog(sqlite_demo, actor(sqlite_demo, "admin"))
    qtbot.addWidget(d)
    d.ops.drain()
    return d


def test_users_add_roles_disable_reset(admin, sqlite_demo):
    svc = sqlite_demo
    tab = admin.pages["users"]
    p = script(tab, forms=[{"login": "zhaoyun", "real_name": "赵云", "password": "short", "reporter": True},
                           {"login": "zhaoyun", "real_name": "赵云", "password": "long-enough-pw", "reporter": True}])
    tab.add()
    admin.ops.drain()
    assert p.errors and "密码" in p.errors[0].message_zh  # validation said in the user's language
    assert "zhaoyun" not in [u.login for u in tab.users]  # nothing half-created
    tab.add()
    admin.ops.drain()
    assert "zhaoyun" in [u.login for u in tab.users]
    tab.select("zhaoyun")
    script(tab, forms=[{"reporter": False, "editor": True}])
    tab.roles()
    admin.ops.drain()
    assert svc.users.actor_by_login("zhaoyun").roles == frozenset({Role.EDITOR})
    tab.select("zhaoyun")
    script(tab, forms=[{"password": "another-pw-123"}])
    tab.reset_password()
    admin.ops.drain()
    assert svc.users.authenticate("zhaoyun", "another-pw-123").login == "zhaoyun"
    tab.select("zhaoyun")
    p = script(tab, confirm=True)
    tab.toggle()
    admin.ops.drain()
    assert not next(u for u in tab.users if u.login == "zhaoyun").active
    # the admin cannot disable themselves: told, nothing changes
    tab.select("admin")
    p = script(tab, confirm=True)
    tab.toggle()
    admin.ops.drain()
    assert p.errors and next(u for u in tab.users if u.login == "admin").active


def test_channel_tree_drag_and_drop_and_places(admin, sqlite_demo):
    svc = sqlite_demo
    tab = admin.pages["channels"]
    by = {c.name: c for c in svc.admin.channels()}
    # move 静宁新闻 to the first place under 平凉市 (the same path as a drop)
    tab.move_channel(by["静宁新闻"].id, by["平凉市"].id, 0)
    admin.ops.drain()
    kids = [c.name for c in svc.admin.channels() if c.parent_id == by["平凉市"].id]
    assert kids[0] == "静宁新闻" and kids[1] == "平凉新闻"
    # a channel still holding articles cannot be deleted: told, nothing lost
    tab.tree.setCurrentItem(tab.item(by["泾川新闻"].id))
    p = script(tab, confirm=True)
    tab.delete()
    admin.ops.drain()
    assert p.errors and svc.admin.channel(by["泾川新闻"].id).name == "泾川新闻"
    # edit slogan and places
    tab.tree.setCurrentItem(tab.item(by["灵台新闻"].id))
    tab.slogan.setText("灵台新闻，古灵台的今天与明天。")
    tab.places.setPlainText("灵台县，中台镇、什字镇\n古灵台")
    tab.save_current()
    admin.ops.drain()
    c = svc.admin.channel(by["灵台新闻"].id)
    assert c.slogan.endswith("明天。") and c.places == ["灵台县", "中台镇", "什字镇", "古灵台"]
    # add a sub-channel; a bad slug is refused with a message
    tab.tree.setCurrentItem(tab.item(by["平凉市"].id))
    p = script(tab, forms=[{"name": "崆峒新闻", "slug": "Kongtong!"}, {"name": "崆峒新闻", "slug": "kongtong"}])
    tab.add_child()
    admin.ops.drain()
    assert p.errors
    tab.add_child()
    admin.ops.drain()
    assert svc.admin.channel_by_slug("kongtong").parent_id == by["平凉市"].id


def test_sources_banned_words_and_chain(admin, sqlite_demo):
    svc = sqlite_demo
    src = admin.pages["sources"]
    script(src, forms=[{"name": "甘肃日报", "url": "https://gsrb.example.cn/"}])
    src.add()
    admin.ops.drain()
    assert "甘肃日报" in [s.name for s in svc.admin.sources()]
    banned = admin.pages["banned"]
    script(banned, forms=[{"word": "最高级", "suggestion": "较高", "note": "广告法"}])
    banned.add()
    admin.ops.drain()
    assert ("最高级", "较高") in svc.admin.banned_pairs()
    banned.table.selectRow([w.word for w in banned.words].index("最高级"))
    script(banned, confirm=True)
    banned.delete()
    admin.ops.drain()
    assert "最高级" not in [w for w, _s in svc.admin.banned_pairs()]
    chain = admin.pages["chain"]
    assert [n for n, _r in chain.steps()] == ["初审", "复审", "终审签发"]
    # an article waits at 复审 (step 1): shrinking the chain to one step is refused, with a message
    for _ in range(2):
        chain.table.selectRow(1)
        chain.remove()
    assert [n for n, _r in chain.steps()] == ["初审"]
    p = script(chain)
    chain.save()
    admin.ops.drain()
    assert p.errors and len(svc.admin.review_chain()) == 3
    chain.reload()
    admin.ops.drain()
    chain.table.item(1, 0).setText("二审")
    chain.save()
    admin.ops.drain()
    assert [st.name for st in svc.admin.review_chain()] == ["初审", "二审", "终审签发"]


def test_targets_and_audit(admin, sqlite_demo, tmp_path):
    svc = sqlite_demo
    t = admin.pages["targets"]
    script(t, forms=[{"name": "本地静态站", "kind": "static", "url": str(tmp_path / "site")}])
    t.add()
    admin.ops.drain()
    assert [x.name for x in t.targets] == ["本地静态站"]
    t.table.selectRow(0)
    t.toggle()
    admin.ops.drain()
    assert not svc.targets.list()[0].enabled
    audit = admin.pages["audit"]
    audit.action.setCurrentIndex(audit.action.findData("target_add"))  # reloads by itself
    admin.ops.drain()
    assert audit.entries and all(e.action == "target_add" for e in audit.entries)
    assert audit.table.item(0, 2).text() != "target_add"  # a readable label, the code in the filter's data
    audit.action.setCurrentIndex(0)
    audit.user.setText("zongbian")
    audit.reload()
    admin.ops.drain()
    assert audit.entries and all(e.user_login == "zongbian" for e in audit.entries)
    audit.article.setText("abc")
    audit.reload()
    assert "number" in audit.status.text() or "数字" in audit.status.text()
    audit.article.clear()
    audit.verify()
    admin.ops.drain()
    assert "intact" in audit.status.text() or "完整" in audit.status.text()


def test_non_admin_is_refused(qtbot, sqlite_demo):
    d = AdminDialog(sqlite_demo, actor(sqlite_demo, "chushen"))
    qtbot.addWidget(d)
    p = script(d.pages["audit"])
    d.pages["audit"].reload()
    d.ops.drain()
    assert p.errors and isinstance(p.errors[0], PermissionDenied)
    assert DEMO_PASSWORD


def test_form_dialog_round_trip(qtbot):
    from PySide6.QtWidgets import QLineEdit

    from app.ui.admin.base import FormDialog

    d = FormDialog("添加用户", [("login", "Login", "text"), ("password", "Password", "password"),
                               ("editor", "Editor", "check")], values={"login": "liu", "editor": True})
    qtbot.addWidget(d)
    assert d.values() == {"login": "liu", "password": "", "editor": True}
    pw = d.widgets["password"]
    assert isinstance(pw, QLineEdit) and pw.echoMode() == QLineEdit.EchoMode.Password
    pw.setText("secret-123")
    d.widgets["editor"].setChecked(False)
    assert d.values() == {"login": "liu", "password": "secret-123", "editor": False}

"""The audit log: filter by action, user and article; verify the hash chain."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from app.ui.admin.base import AdminTab, fill, table
from app.ui.desk.common import fmt_time, tr
from app.ui.ops import ui_language

ACTIONS = {  # audit action → what a person reads (English source, translated in the catalogue)
    "article_create": "Article created", "article_save": "Article saved", "article_autosave": "Article autosaved",
    "article_restore": "Revision restored", "article_submit": "Submitted", "article_sign": "Review step signed",
    "article_approve": "Signed off (签发)", "article_return": "Returned to reporter",
    "article_return_step": "Returned to a step", "article_schedule": "Scheduled", "article_publish": "Published",
    "article_correct": "Correction published", "article_withdraw": "Withdrawn", "schedule_missed": "Scheduled time missed",
    "lease_take_over": "Editing taken over", "comment_add": "Comment", "asset_add": "Image added",
    "login": "Logged in", "login_failed": "Failed login", "user_add": "User added", "user_roles": "Roles changed",
    "user_disable": "User disabled", "user_enable": "User enabled", "user_password": "Password changed",
    "user_rename": "User renamed", "channel_add": "Channel added", "channel_update": "Channel changed",
    "channel_delete": "Channel deleted", "source_add": "Source added", "source_delete": "Source deleted",
    "banned_word_set": "Banned word set", "banned_word_delete": "Banned word removed",
    "review_chain_set": "Review chain changed", "setting_set": "Setting changed", "target_add": "Target added",
    "target_update": "Target changed", "target_enable": "Target enabled", "target_disable": "Target disabled",
    "target_delete": "Target deleted", "target_enqueue_all": "Everything queued for a target",
    "outbox_retry": "Delivery retried", "outbox_cancel": "Delivery cancelled",
    "asset_crop": "Image cropped", "asset_describe": "Image described", "article_gallery": "Gallery changed",
    "presign_checked": "Pre-sign checklist passed", "presign_override": "Pre-sign check overridden",
    "proof_counted": "Errors counted", "quality_setting_set": "Quality setting changed",
}


def _rulebook_labels() -> dict[str, tuple[str, str]]:
    """article_<action> and plan_<action>: their names are the rulebook's, and so are their labels."""
    from app.core import rulebook as rb

    out = {f"article_{r.action}": r.label for r in rb.ACTIONS if r.label[0]}
    out.update({f"plan_{a.name}": (f"选题{a.label[0]}", f"Plan: {a.label[1]}") for a in rb.PLAN_ACTIONS})
    out.update({"plan_propose": ("报题", "Plan proposed"), "plan_link_article": ("选题关联稿件", "Plan: story linked")})
    return out


def action_codes() -> list[str]:
    return sorted(set(ACTIONS) | set(_rulebook_labels()))


def action_label(code: str) -> str:
    if code in ACTIONS:
        return tr(ACTIONS[code])
    label = _rulebook_labels().get(code)
    if label:
        return label[0] if ui_language() == "zh" else label[1]
    return code


DETAIL_KEYS = {  # audit detail key → its label (English source, translated in the catalogue)
    "title": "headline", "version": "version", "step": "step", "signer": "signed by", "reason": "reason",
    "at": "time", "scheduled": "scheduled for", "from_user": "from user", "sha256": "checksum", "size": "size",
    "login": "login", "failures": "failed attempts", "target": "user", "roles": "roles", "slug": "slug",
    "name": "name", "channel": "channel", "source_id": "source", "word": "word", "steps": "steps",
    "key": "setting", "value": "value", "kind": "kind", "url": "URL", "username": "account",
    "dropped_jobs": "deliveries dropped", "count": "articles", "job": "delivery", "note": "note",
    "items": "checklist items", "overrides": "overridden", "item": "checklist item", "rules": "rules",
    "plan_id": "plan", "fields": "fields", "asset_id": "image", "output": "rendition", "box": "crop",
    "photos": "photos",
}


def _value(key: str, v: Any, zone: Any) -> str:
    from datetime import datetime

    from app.core.domain import Role
    from app.core.workflow import ROLE_LABELS

    zh = ui_language() == "zh"
    if isinstance(v, list):
        return "、".join(_value(key, x, zone) for x in v)
    if isinstance(v, bool):
        return tr("yes") if v else tr("no")
    if isinstance(v, dict):  # e.g. the pre-sign checklist's items: how many; its overrides: the reasons
        if key == "overrides":
            return "、".join(str(x) for x in v.values())
        return str(len(v))
    if key == "roles" and isinstance(v, str):
        try:
            return ROLE_LABELS[Role(v)][0 if zh else 1]
        except ValueError:
            return v
    if key in ("at", "scheduled") and isinstance(v, str) and v:
        try:
            return fmt_time(datetime.fromisoformat(v), zone)
        except ValueError:
            return v
    return "" if v is None else str(v)


def _who(login: str | None) -> str:
    return tr("(system)") if login in (None, "", "system") else str(login)


def detail_text(detail: Any, zone: Any = None) -> str:
    """An entry's detail as 标签：值 pairs a person reads, not JSON (unknown keys keep their name)."""
    if not isinstance(detail, dict):
        return "" if detail is None else json.dumps(detail, ensure_ascii=False)
    sep = "；" if ui_language() == "zh" else "; "
    colon = "：" if ui_language() == "zh" else ": "
    parts = []
    for k, v in detail.items():
        if k == "steps" and isinstance(v, list):
            v = ["·".join(str(y) for y in x) if isinstance(x, list | tuple) else x for x in v]
        parts.append(tr(DETAIL_KEYS[k]) + colon + _value(k, v, zone) if k in DETAIL_KEYS
                     else f"{k}{colon}{_value(k, v, zone)}")
    return sep.join(parts)


class AuditTab(AdminTab):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.entries: list[Any] = []
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.addItem(tr("All actions"), None)
        for code in sorted(action_codes(), key=lambda c: (c.split("_")[0], action_label(c))):
            self.action.addItem(action_label(code), code)
            self.action.setItemData(self.action.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
        self.action.currentIndexChanged.connect(lambda _i: self.reload())
        self.user = QLineEdit()
        self.user.setObjectName("auditUser")
        self.user.setPlaceholderText(tr("Login"))
        self.article = QLineEdit()
        self.article.setObjectName("auditArticle")
        self.article.setPlaceholderText(tr("Article id"))
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        self.table = table(["Time", "User", "Action", "Article", "Detail"], "auditTable")
        row = QHBoxLayout()
        row.addWidget(self.action)
        for w in (self.user, self.article):
            row.addWidget(w)
            w.returnPressed.connect(self.reload)
        row.addWidget(self.button("auditFilter", "Filter", self.reload))
        row.addWidget(self.button("auditVerify", "Verify chain", self.verify))
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        self.reload()

    def reload(self) -> None:
        art = self.article.text().strip()
        if art and not art.isdigit():
            self.status.setText(tr("The article id is a number."))
            return
        self.call(self.services.audit.list, self.actor, self.action.currentData(),
                  self.user.text().strip() or None, int(art) if art else None, then=self._show, write=False)

    def _show(self, entries: list[Any]) -> None:
        self.entries = entries
        fill(self.table, [[fmt_time(e.at, self.zone), _who(e.user_login), action_label(e.action), str(e.article_id or ""),
                           detail_text(e.detail, self.zone)] for e in entries])
        self.status.setText(tr("%1 entries").replace("%1", str(len(entries))))

    def verify(self) -> None:
        def done(check: Any) -> None:
            if check.ok:
                self.status.setText(tr("Audit chain intact: %1 entries checked.").replace("%1", str(check.checked)))
            else:
                self.status.setText(tr("Audit chain BROKEN at entry %1: %2").replace("%1", str(check.first_broken_id))
                                    .replace("%2", check.problem))

        self.call(self.services.audit.verify, then=done, write=False)

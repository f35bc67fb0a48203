"""Publishing targets (TargetService, secrets in the system keyring via app.publish.secrets)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from app.ui.admin.base import AdminTab, FormPrompts, fill, selected_row, table
from app.ui.desk.common import tr

KINDS = ["portal", "wordpress", "static"]


class TargetsTab(AdminTab):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.prompts = FormPrompts(self)
        self.targets: list[Any] = []
        self.table = table(["Name", "Type", "Address", "User", "Enabled"], "targetsTable")
        self.note = QLabel(tr("Passwords and tokens are kept in the system keyring, never in the database."))
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        for b in (self.button("addTarget", "Add…", self.add), self.button("editTarget", "Edit…", self.edit),
                  self.button("toggleTarget", "Enable / disable", self.toggle),
                  self.button("deleteTarget", "Delete", self.delete)):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.call(self.services.targets.list, then=self._show, write=False)

    def _show(self, targets: list[Any]) -> None:
        self.targets = targets
        fill(self.table, [[t.name, t.kind_label, t.url, t.username, tr("yes") if t.enabled else tr("no")]
                          for t in targets])

    FIELDS = [("name", "Name", "text"), ("kind", "Type (portal, wordpress, static)", "text"),
              ("url", "Address (URL or folder)", "text"), ("username", "User", "text"),
              ("secret", "Password / token (stored in the keyring)", "password")]

    def add(self) -> None:
        v = self.prompts.form(tr("Add publishing target"), self.FIELDS, {"kind": "portal"})
        if v is None:
            return
        svc, actor = self.services, self.actor

        def op() -> Any:
            t = svc.targets.add(actor, v["name"], v["kind"].strip(), v["url"], v["username"])
            if v["secret"]:
                from app.publish import secrets

                secrets.set_secret(t.name, v["secret"])
            return t

        self.call(op, then=lambda _t: self.reload())

    def edit(self) -> None:
        i = selected_row(self.table)
        if i is None:
            return
        t = self.targets[i]
        v = self.prompts.form(tr("Edit publishing target"), [f for f in self.FIELDS if f[0] != "kind"],
                              {"name": t.name, "url": t.url, "username": t.username})
        if v is None:
            return
        svc, actor = self.services, self.actor

        def op() -> Any:
            from app.publish import secrets

            new = svc.targets.update(actor, t.id, name=v["name"], url=v["url"], username=v["username"])
            if v["secret"]:
                secrets.set_secret(new.name, v["secret"])
            elif new.name != t.name:
                old = secrets.get_secret(t.name)
                if old:
                    secrets.set_secret(new.name, old)
                    secrets.delete_secret(t.name)
            return new

        self.call(op, then=lambda _t: self.reload())

    def toggle(self) -> None:
        i = selected_row(self.table)
        if i is not None:
            t = self.targets[i]
            self.call(self.services.targets.enable, self.actor, t.id, not t.enabled, then=lambda _t: self.reload())

    def delete(self) -> None:
        i = selected_row(self.table)
        if i is None:
            return
        t = self.targets[i]
        if not self.prompts.confirm(tr("Delete publishing target"),
                                    tr("Delete %1 and its undelivered jobs?").replace("%1", t.name)):
            return
        svc, actor = self.services, self.actor

        def op() -> int:
            n = svc.targets.delete(actor, t.id)
            try:
                from app.publish import secrets

                secrets.delete_secret(t.name)
            except Exception:  # no keyring: nothing stored there either
                pass
            return n

        self.call(op, then=lambda _n: self.reload())

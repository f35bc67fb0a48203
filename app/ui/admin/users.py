"""Users: add, roles, disable/enable, reset password."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from app.core.domain import Role
from app.ui.admin.base import AdminTab, FormPrompts, fill, role_label, selected_row, table
from app.ui.desk.common import tr

ROLE_FIELDS = [(r.value, role_label_key, "check") for r, role_label_key in (
    (Role.REPORTER, "Reporter"), (Role.EDITOR, "Editor"), (Role.CHIEF_EDITOR, "Chief editor"),
    (Role.ADMIN, "Administrator"))]


class UsersTab(AdminTab):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.prompts = FormPrompts(self)
        self.users: list[Any] = []
        self.table = table(["Login", "Real name", "Roles", "Account"], "usersTable")
        buttons = QHBoxLayout()
        for b in (self.button("addUser", "Add…", self.add), self.button("userRoles", "Roles…", self.roles),
                  self.button("toggleUser", "Disable / enable", self.toggle),
                  self.button("resetPassword", "Reset password…", self.reset_password)):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.call(self.services.users.list, then=self._show, write=False)

    def _show(self, users: list[Any]) -> None:
        self.users = users
        fill(self.table, [[u.login, u.real_name, "、".join(role_label(r) for r in u.roles),
                           tr("active") if u.active else tr("disabled")] for u in users])

    def current(self) -> Any:
        i = selected_row(self.table)
        return self.users[i] if i is not None and i < len(self.users) else None

    def select(self, login: str) -> None:
        for i, u in enumerate(self.users):
            if u.login == login:
                self.table.selectRow(i)

    def add(self) -> None:
        v = self.prompts.form(tr("Add user"), [("login", "Login", "text"), ("real_name", "Real name", "text"),
                                               ("password", "Password", "password")] + ROLE_FIELDS)
        if v is None:
            return
        roles = [r.value for r in Role if v.get(r.value)]
        self.call(self.services.users.add, self.actor, v["login"], v["real_name"], v["password"], roles,
                  then=lambda _u: self.reload())

    def roles(self) -> None:
        u = self.current()
        if u is None:
            return
        v = self.prompts.form(tr("Roles of %1").replace("%1", u.real_name), ROLE_FIELDS,
                              {r.value: r in u.roles for r in Role})
        if v is not None:
            self.call(self.services.users.set_roles, self.actor, u.login, [r.value for r in Role if v.get(r.value)],
                      then=lambda _r: self.reload())

    def toggle(self) -> None:
        u = self.current()
        if u is None:
            return
        if u.active and not self.prompts.confirm(tr("Disable user"), tr("Disable %1? They can no longer log in.")
                                                 .replace("%1", u.real_name)):
            return
        self.call(self.services.users.set_active, self.actor, u.login, not u.active, then=lambda _r: self.reload())

    def reset_password(self) -> None:
        u = self.current()
        if u is None:
            return
        v = self.prompts.form(tr("New password for %1").replace("%1", u.real_name),
                              [("password", "New password", "password")])
        if v is not None:
            self.call(self.services.users.set_password, self.actor, u.login, v["password"],
                      then=lambda _r: self.prompts.info(tr("Password"), tr("The password was reset.")))

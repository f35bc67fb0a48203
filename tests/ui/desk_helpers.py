"""Helpers for the desk tests: scripted answers instead of modal dialogs."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class ScriptedPrompts:
    """Stands in for app.ui.desk.common.Prompts: answers from a script, records every question."""

    def __init__(self, confirm: bool = True, texts: list[str] | None = None, choices: list[int] | None = None,
                 when: datetime | None = None, forms: list[dict[str, Any] | None] | None = None,
                 options: list[int | None] | None = None) -> None:
        self.parent = None
        self.confirm_answer = confirm
        self.texts = list(texts or [])
        self.choices = list(choices or [])
        self.when_answer = when
        self.forms = list(forms or [])
        self.options_answers = list(options or [])
        self.asked: list[tuple[str, str]] = []
        self.errors: list[BaseException] = []
        self.infos: list[str] = []

    def confirm(self, title: str, text: str) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_answer

    def options(self, title: str, text: str, choices: list[str], default: int = 0) -> int | None:
        """The scripted choice; without one, the dialog's default button (or Cancel when
        ``confirm`` is False), as a plain confirmation was answered before."""
        self.asked.append(("options", text))
        if self.options_answers:
            return self.options_answers.pop(0)
        return default if self.confirm_answer else None

    def text(self, title: str, label: str, default: str = "") -> str | None:
        self.asked.append(("text", label))
        return self.texts.pop(0) if self.texts else None

    def choice(self, title: str, label: str, items: list[str]) -> int | None:
        self.asked.append(("choice", "|".join(items)))
        return self.choices.pop(0) if self.choices else None

    def when(self, title: str, label: str, default: datetime) -> datetime | None:
        self.asked.append(("when", label))
        return self.when_answer

    def form(self, title: str, fields: list[tuple[str, str, str]], values: dict[str, Any] | None = None
             ) -> dict[str, Any] | None:
        self.asked.append(("form", title))
        if not self.forms:
            return None
        answer = self.forms.pop(0)
        if answer is None:
            return None
        out = {k: (False if kind == "check" else "") for k, _label, kind in fields}
        out.update(values or {})
        out.update(answer)
        return out

    def info(self, title: str, text: str) -> None:
        self.infos.append(text)

    def error(self, exc: BaseException) -> None:
        self.errors.append(exc)


def script(widget: Any, **kw: Any) -> ScriptedPrompts:
    p = ScriptedPrompts(**kw)
    widget.prompts = p
    return p

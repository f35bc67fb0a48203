"""The workflow rules: who may do what to an article in which state. Pure functions, no I/O;
the services call them inside their transactions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.domain import Actor, Role, Status
from app.core.errors import InvalidTransition, PermissionDenied

EDITORIAL = (Role.EDITOR, Role.CHIEF_EDITOR)

STATUS_LABELS = {
    Status.DRAFT: ("草稿", "Draft"),
    Status.SUBMITTED: ("待审", "Submitted"),
    Status.IN_REVIEW: ("审核中", "In review"),
    Status.RETURNED: ("退回", "Returned"),
    Status.APPROVED: ("已签发", "Approved"),
    Status.SCHEDULED: ("定时发布", "Scheduled"),
    Status.PUBLISHED: ("已发布", "Published"),
    Status.WITHDRAWN: ("已撤稿", "Withdrawn"),
}

ROLE_LABELS = {
    Role.REPORTER: ("记者", "Reporter"),
    Role.EDITOR: ("编辑", "Editor"),
    Role.CHIEF_EDITOR: ("总编辑", "Chief editor"),
    Role.ADMIN: ("管理员", "Administrator"),
}


@dataclass(frozen=True)
class Step:
    position: int
    name: str
    role: Role


DEFAULT_CHAIN = (
    Step(0, "初审", Role.EDITOR),
    Step(1, "复审", Role.EDITOR),
    Step(2, "终审签发", Role.CHIEF_EDITOR),
)


def status_label(status: str, lang: str = "zh") -> str:
    zh, en = STATUS_LABELS[Status(status)]
    return zh if lang.startswith("zh") else en


def reprint_missing(article: Any) -> list[str]:
    """What a 转载 (reprint) still lacks before sign-off: source publication, original author,
    original headline and source URL. ``article`` is an ArticleData or an Article row."""
    if str(getattr(article.origin, "value", article.origin)) != "reprint":
        return []
    checks = (("来源媒体", bool(article.source_id)), ("原作者", bool(article.original_author.strip())),
              ("原标题", bool(article.original_title.strip())), ("来源网址", bool(article.source_url.strip())))
    return [label for label, ok in checks if not ok]


def may_sign_step(actor: Actor, step: Step) -> bool:
    """A chief editor may sign any step; an editor the editor steps."""
    if Role.CHIEF_EDITOR in actor.roles:
        return True
    return step.role in actor.roles


def _deny(zh: str, en: str) -> PermissionDenied:
    return PermissionDenied(zh, en)


def check_edit(actor: Actor, status: str, author_id: int) -> None:
    """Reporters edit only their own drafts and returned articles; editors any article."""
    if actor.has(*EDITORIAL):
        return
    if Role.REPORTER in actor.roles and author_id == actor.id:
        if status in (Status.DRAFT, Status.RETURNED):
            return
        raise _deny("稿件已提交，等待编辑处理，暂不能修改。",
                    "The article has been submitted; it is read-only until an editor returns it.")
    raise _deny("您无权修改这篇稿件。", "You may not edit this article.")


def can_view(actor: Actor, author_id: int, status: str) -> bool:
    """Editors see every article; a reporter sees their own and what is published."""
    return actor.has(*EDITORIAL) or author_id == actor.id or status == Status.PUBLISHED


def check_submit(actor: Actor, status: str, author_id: int) -> None:
    if status not in (Status.DRAFT, Status.RETURNED):
        raise InvalidTransition(f"“{status_label(status)}”状态的稿件不能提交。",
                                f"A {status_label(status, 'en').lower()} article cannot be submitted.")
    if author_id != actor.id and not actor.has(*EDITORIAL):
        raise _deny("只能提交自己的稿件。", "You can submit only your own articles.")


def current_step(status: str, review_step: int | None, chain: tuple[Step, ...]) -> Step:
    if status not in (Status.SUBMITTED, Status.IN_REVIEW) or review_step is None:
        raise InvalidTransition("稿件不在审核流程中。", "The article is not in review.")
    return chain[review_step]


def check_sign(actor: Actor, step: Step) -> None:
    if not may_sign_step(actor, step):
        raise _deny(f"您无权签署“{step.name}”。", f"You may not sign the step “{step.name}”.")


def check_return(actor: Actor, status: str) -> None:
    if not actor.has(*EDITORIAL):
        raise _deny("只有编辑可以退稿。", "Only editors can return an article.")
    if status not in (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED):
        raise InvalidTransition("此状态的稿件不能退回。", "An article in this state cannot be returned.")


def check_chief(actor: Actor, what_zh: str, what_en: str) -> None:
    if Role.CHIEF_EDITOR not in actor.roles:
        raise _deny(f"只有总编辑可以{what_zh}。", f"Only a chief editor can {what_en}.")


def check_schedule(actor: Actor, status: str) -> None:
    check_chief(actor, "定时发布", "schedule publication")
    if status not in (Status.APPROVED, Status.SCHEDULED):
        raise InvalidTransition("只有已签发的稿件可以定时发布。", "Only approved articles can be scheduled.")


def check_publish(actor: Actor, status: str) -> None:
    check_chief(actor, "发布稿件", "publish")
    if status not in (Status.APPROVED, Status.SCHEDULED):
        raise InvalidTransition("只有已签发的稿件可以发布。", "Only approved articles can be published.")


def check_correct(actor: Actor, status: str) -> None:
    check_chief(actor, "更正重发", "publish a correction")
    if status != Status.PUBLISHED:
        raise InvalidTransition("只有已发布的稿件可以更正。", "Only published articles can be corrected.")


def check_withdraw(actor: Actor, status: str) -> None:
    check_chief(actor, "撤稿", "withdraw")
    if status not in (Status.PUBLISHED, Status.SCHEDULED):
        raise InvalidTransition("只有已发布或定时的稿件可以撤稿。",
                                "Only published or scheduled articles can be withdrawn.")


def check_admin(actor: Actor) -> None:
    if Role.ADMIN not in actor.roles:
        raise _deny("需要管理员权限。", "Administrator rights are needed.")


def check_editorial(actor: Actor) -> None:
    if not actor.has(*EDITORIAL):
        raise _deny("需要编辑权限。", "Editor rights are needed.")

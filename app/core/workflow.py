"""The workflow's words and guards: state and role labels, the review chain's steps, and the
checks the services call inside their transactions. The rules themselves are the rulebook's
tables (``app/core/rulebook.py``); this module only turns a "no" into the right error, in
Chinese and English. Pure functions, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from app.core import rulebook
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
    """A chief editor may sign any step; an editor the editor steps (the rulebook's rule)."""
    return rulebook.may_sign_step(actor, step)


def _deny(zh: str, en: str) -> PermissionDenied:
    return PermissionDenied(zh, en)


class _Probe:
    """The little of an article the rulebook looks at, from loose values."""

    def __init__(self, status: str, author_id: int | None, review_step: int | None = None) -> None:
        self.status, self.author_id, self.review_step = status, author_id, review_step
        self.lease_user_id = None
        self.lease_expires_at = None
        self.signoffs: list[Any] = []


def check_action(actor: Actor, article: Any, action: str, chain: tuple[Step, ...] = DEFAULT_CHAIN, *,
                 distinct_signers: bool = True, signed_by: set[int] | None = None,
                 signed_step: str = "") -> None:
    """Raise unless the rulebook lets ``actor`` take ``action`` on ``article`` now: InvalidTransition
    when the article's state (or review step) does not admit the action at all, PermissionDenied
    when it does but not for this person. ``signed_by`` (user ids with a valid signature on the
    article) and ``signed_step`` (the name of the step the actor signed) serve 三审分人."""
    if signed_by is not None:
        article = _WithSignoffs(article, signed_by)
    if rulebook.allows(action, actor, article, chain, distinct_signers=distinct_signers):
        return
    status = Status(getattr(article.status, "value", article.status))
    rules = rulebook.rules_for(action)
    label_zh, label_en = rules[0].label
    if action in ("save", "take_over") and status == Status.PUBLISHED:
        raise _deny("稿件已发布，只能由总编辑通过“更正重发”修改。",
                    "The article is published; only a chief editor changes it, through a correction.")
    if not any(status in r.from_states for r in rules):
        raise InvalidTransition(f"“{status_label(status)}”状态的稿件不能{label_zh}。",
                                f"A {status_label(status, 'en').lower()} article cannot be: {label_en.lower()}.")
    if action in ("sign", "approve"):
        pos = article.review_step
        if pos is None or not 0 <= pos < len(chain):
            raise InvalidTransition("稿件不在审核流程中。", "The article is not in review.")
        step = chain[pos]
        if (action == "approve") != (pos == len(chain) - 1):
            raise InvalidTransition(f"稿件正等待“{step.name}”。", f"The article waits for “{step.name}”.")
        if not may_sign_step(actor, step):
            raise _deny(f"您无权签署“{step.name}”。", f"You may not sign the step “{step.name}”.")
        if actor.has(*EDITORIAL):
            earlier = signed_step or "?"
            raise _deny(f"您已签署本稿的“{earlier}”，“{step.name}”须由另一位同事签署（三审分人）。",
                        f"You signed “{earlier}” of this article; “{step.name}” needs another person.")
    if action == "return_step" and any(rulebook.principals(actor, article.author_id) & set(r.who) for r in rules):
        raise InvalidTransition("只能退回到更早的审核步骤。", "You can return only to an earlier step.")
    if action == "take_over" and any(rulebook.principals(actor, article.author_id) & set(r.who)
                                     for r in rules if status in r.from_states):
        raise InvalidTransition("没有其他人在编辑这篇稿件。", "Nobody else is editing this article.")
    whos = {w for r in rules if status in r.from_states for w in r.who}
    if whos == set(rulebook.CHIEF):
        raise _deny(f"只有总编辑可以{label_zh}。", f"Only a chief editor can: {label_en.lower()}.")
    if action in ("save", "take_over", "submit") and status == Status.RETURNED:
        raise _deny("退回的稿件归记者修改，请等记者重新提交。",
                    "A returned article is its reporter's to change until they submit it again.")
    if Role.REPORTER in actor.roles and article.author_id == actor.id and action in ("save", "take_over"):
        raise _deny("稿件已提交，等待编辑处理，暂不能修改。",
                    "The article has been submitted; it is read-only until an editor returns it.")
    if action == "save":
        raise _deny("您无权修改这篇稿件。", "You may not edit this article.")
    if whos <= {rulebook.AUTHOR, *rulebook.EDITORS}:
        raise _deny(f"只有作者或编辑可以{label_zh}。", f"Only the author or an editor can: {label_en.lower()}.")
    raise _deny(f"您无权{label_zh}。", f"You may not: {label_en.lower()}.")


class _WithSignoffs:
    def __init__(self, article: Any, signed_by: set[int]) -> None:
        self._a = article
        self.signoffs = [SimpleNamespace(signer_id=i) for i in signed_by]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._a, name)


def check_edit(actor: Actor, status: str, author_id: int) -> None:
    """May ``actor`` save this article (the rulebook's ``save``)?"""
    check_action(actor, _Probe(status, author_id), "save")


def can_view(actor: Actor, author_id: int, status: str) -> bool:
    """Editors see every article; a reporter sees their own and what is published."""
    return rulebook.allows("view", actor, _Probe(status, author_id), DEFAULT_CHAIN)


def check_submit(actor: Actor, status: str, author_id: int) -> None:
    check_action(actor, _Probe(status, author_id), "submit")


def current_step(status: str, review_step: int | None, chain: tuple[Step, ...]) -> Step:
    if status not in (Status.SUBMITTED, Status.IN_REVIEW) or review_step is None:
        raise InvalidTransition("稿件不在审核流程中。", "The article is not in review.")
    return chain[review_step]


def check_sign(actor: Actor, step: Step) -> None:
    if not may_sign_step(actor, step):
        raise _deny(f"您无权签署“{step.name}”。", f"You may not sign the step “{step.name}”.")


def check_chief(actor: Actor, what_zh: str, what_en: str) -> None:
    if Role.CHIEF_EDITOR not in actor.roles:
        raise _deny(f"只有总编辑可以{what_zh}。", f"Only a chief editor can {what_en}.")


def check_admin(actor: Actor) -> None:
    if Role.ADMIN not in actor.roles:
        raise _deny("需要管理员权限。", "Administrator rights are needed.")


def check_editorial(actor: Actor) -> None:
    if not actor.has(*EDITORIAL):
        raise _deny("需要编辑权限。", "Editor rights are needed.")

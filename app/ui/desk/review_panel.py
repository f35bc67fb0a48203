"""The review tools beside the open article: sign the current step, return to the reporter or to
an earlier step (reason required), 签发, schedule, publish now, correct, withdraw; the signatures
so far with the signers' real names; reprint compliance; the channel check; the edit lease."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import rulebook
from app.core.clock import utcnow
from app.core.domain import Actor, ArticleData, Origin, Role, Status
from app.core.errors import NewsdeskError
from app.core.workflow import EDITORIAL, reprint_missing
from app.ui.desk import consistency
from app.ui.desk.common import DeskPanel, fmt_time, run, tr
from app.ui.desk.queue import status_text
from app.ui.ops import OpRunner, ui_language

if TYPE_CHECKING:
    from app.core.services import Services

REPRINT_FIELDS_EN = {"来源媒体": "source publication", "原作者": "original author", "原标题": "original headline",
                     "来源网址": "source URL"}


class ReviewPanel(DeskPanel):
    """``articleChanged(ArticleData)`` after every successful action."""

    articleChanged = Signal(object)
    handedBack = Signal(int)  # returned to the reporter: this desk is done with it
    stateChanged = Signal()  # buttons re-evaluated (menus mirror them)

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.article: ArticleData | None = None
        self.chain = services.review.chain()
        self.distinct_signers = services.review.distinct_signers()
        self.channels = services.admin.channels()  # cached; reload_channels() after admin edits
        self.editorial = actor.has(*EDITORIAL)
        self.chief = Role.CHIEF_EDITOR in actor.roles

        self.state = QLabel()
        self.state.setObjectName("reviewState")
        self.state.setWordWrap(True)
        self.signoffs = QLabel()
        self.signoffs.setObjectName("reviewSignoffs")
        self.signoffs.setWordWrap(True)
        self.lease = QLabel()
        self.lease.setObjectName("reviewLease")
        self.lease.setWordWrap(True)
        self.reprint = QLabel()
        self.reprint.setObjectName("reviewReprint")
        self.reprint.setWordWrap(True)
        self.places = QLabel()
        self.places.setObjectName("reviewPlaces")
        self.places.setWordWrap(True)

        self.take_over_btn = self._button("takeOver", "Take over editing", self.take_over)
        self.sign_btn = self._button("sign", "Sign", self.sign)
        self.return_btn = self._button("returnReporter", "Return to reporter…", self.return_to_reporter)
        self.return_step_btn = self._button("returnStep", "Return to earlier step…", self.return_to_step)
        self.schedule_btn = self._button("schedule", "Schedule…", self.schedule)
        self.publish_btn = self._button("publishNow", "Publish now", self.publish_now)
        self.correct_btn = self._button("correct", "Publish correction…", self.correct)
        self.withdraw_btn = self._button("withdraw", "Withdraw (撤稿)…", self.withdraw)
        self.use_suggested_btn = self._button("useSuggested", "Use suggested channel", self.use_suggested)

        status_box = QGroupBox(tr("Review"))
        sl = QVBoxLayout(status_box)
        for w in (self.state, self.signoffs, self.lease, self.take_over_btn):
            sl.addWidget(w)
        checks = QGroupBox(tr("Checks before sign-off"))
        cl = QVBoxLayout(checks)
        for w in (self.reprint, self.places, self.use_suggested_btn):
            cl.addWidget(w)
        actions = QGroupBox(tr("Decisions"))
        grid = QGridLayout(actions)
        self.opinion = QLineEdit()
        self.opinion.setObjectName("reviewOpinion")
        self.opinion.setPlaceholderText(tr("Opinion with your signature (optional)"))
        grid.addWidget(self.opinion, 0, 0, 1, 2)
        buttons = [self.sign_btn, self.return_btn, self.return_step_btn, self.schedule_btn, self.publish_btn,
                   self.correct_btn, self.withdraw_btn]
        for i, b in enumerate(buttons):
            grid.addWidget(b, i // 2 + 1, i % 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(status_box)
        lay.addWidget(checks)
        lay.addWidget(actions)
        lay.addStretch(1)
        actions.setVisible(self.editorial)
        checks.setVisible(self.editorial)
        self._suggested: list[int] = []
        # the host's chance to save the open editor first, so a decision covers what is on screen
        self.before_decision: Any = None
        # the host's editor changes for a 更正 (a published article changes only with its note)
        self.pending_changes: Any = None
        # the editor's verdict for the text on screen (the same core function, fresher input)
        self.live_verdict: Any = None
        self._update()

    def reload_channels(self) -> None:
        def done(result: tuple[list[Any], Any]) -> None:
            self.channels, self.chain = result
            self._update()

        svc = self.services
        run(self.ops, self.prompts, lambda: (svc.admin.channels(), svc.review.chain()), on_done=done,
            key="review-channels")

    def _button(self, name: str, label: str, slot: Any) -> QPushButton:
        b = QPushButton(tr(label))
        b.setObjectName(name)
        b.clicked.connect(lambda _=False: slot())
        return b

    def editor_buttons(self) -> list[QPushButton]:
        return [self.sign_btn, self.return_btn, self.return_step_btn, self.schedule_btn, self.publish_btn,
                self.correct_btn, self.withdraw_btn, self.take_over_btn, self.use_suggested_btn]

    # ---- state -----------------------------------------------------------------------
    def set_article(self, article: ArticleData | None) -> None:
        if article is None or self.article is None or article.id != self.article.id:
            self.live_verdict = None
        self.article = article
        self._update()

    def show_verdict(self, verdict: Any) -> None:
        """The open editor's place/channel verdict for the text as typed (refreshed as it changes)."""
        self.live_verdict = verdict
        self._update()

    def verdict(self) -> Any:
        a = self.article
        if self.live_verdict is not None:
            return self.live_verdict
        assert a is not None
        return consistency.channel_verdict(a, self.channels, a.primary_channel_id, a.secondary_channel_ids)

    def allowed(self) -> frozenset[str]:
        """What the rulebook lets this user do to the open article now (the buttons follow it)."""
        return rulebook.allowed_actions(self.actor, self.article, self.chain,
                                        distinct_signers=self.distinct_signers)

    def current_step(self) -> Any:
        return None if self.article is None else rulebook.waiting_step(self.article, self.chain)

    def _update(self) -> None:
        self._fill()
        self.stateChanged.emit()

    def _fill(self) -> None:
        a = self.article
        lang = ui_language()
        for b in self.editor_buttons():
            b.setEnabled(False)
            b.setVisible(self.editorial)
        if a is None:
            self.state.setText(tr("No article open."))
            for w in (self.signoffs, self.lease, self.reprint, self.places):
                w.clear()
            return
        step = self.current_step()
        text = tr("Status: %1").replace("%1", status_text(a.status))
        if step is not None:
            text += " — " + tr("waiting for %1").replace("%1", step.name)
        if a.status == Status.SCHEDULED and a.scheduled_at:
            text += " — " + tr("publishes at %1").replace("%1", fmt_time(a.scheduled_at, self.zone))
        if a.first_published_at:
            text += "\n" + tr("First published %1").replace("%1", fmt_time(a.first_published_at, self.zone))
        if a.updated_published_at:
            text += "\n" + tr("Updated %1").replace("%1", fmt_time(a.updated_published_at, self.zone))
        if a.responsible_editor_name:
            text += "\n" + tr("Responsible editor: %1").replace("%1", a.responsible_editor_name)
        if a.signer_name:
            text += "\n" + tr("Signed off by %1").replace("%1", a.signer_name)
        self.state.setText(text)
        if a.signoffs:
            lines = [f"✔ {s.step_name} — {s.signer_name} — {fmt_time(s.signed_at, self.zone)}"
                     + (f"：{s.comment}" if s.comment else "") for s in a.signoffs]
            self.signoffs.setText("\n".join(lines))
        else:
            self.signoffs.setText(tr("No signatures yet."))
        held = a.lease_user_id is not None and a.lease_user_id != self.actor.id
        since = fmt_time(a.lease_since, self.zone, with_date=False)
        if held:
            self.lease.setText("✎ " + tr("%1 is editing since %2").replace("%1", a.lease_user_name)
                               .replace("%2", since))
        elif a.lease_user_id is not None:
            self.lease.setText("✎ " + tr("You are editing since %1").replace("%1", since))
        else:
            self.lease.setText(tr("Nobody is editing this article."))
        allowed = self.allowed()
        self.take_over_btn.setEnabled("take_over" in allowed)
        # reprint compliance
        if a.origin == Origin.REPRINT:
            missing = self._reprint_missing(a)
            if missing:
                names = "、".join(missing) if lang == "zh" else ", ".join(REPRINT_FIELDS_EN.get(m, m) for m in missing)
                self.reprint.setText("⚠ " + tr("Reprint: before sign-off fill in %1").replace("%1", names))
                self.reprint.setStyleSheet("color:#cf222e")
            else:
                self.reprint.setText("✔ " + tr("Reprint: source, original author, headline and URL are complete."))
                self.reprint.setStyleSheet("color:#1a7f37")
        else:
            self.reprint.setText(tr("Original article (原创)."))
            self.reprint.setStyleSheet("")
        # channel consistency
        rep = self.verdict()
        self._suggested = rep.suggested_ids
        if rep.message_zh:
            self.places.setText(("✔ " if rep.fits else "⚠ ") + rep.message(lang))
            self.places.setStyleSheet("" if rep.fits else "color:#9a6700")
        else:
            self.places.clear()
        self.use_suggested_btn.setEnabled(not rep.fits and bool(rep.suggested_ids) and "save" in allowed
                                          and rulebook.may_edit_field(self.actor, a, "primary_channel_id", "save"))
        if rep.suggested_names:
            self.use_suggested_btn.setText(tr("Move to %1").replace("%1", rep.suggested_names[0]))
        # decisions: enabled exactly when the rulebook allows the action
        if step is not None:  # named even when disabled: the reader sees which step waits
            last = step.position == len(self.chain) - 1
            self.sign_btn.setText(tr("Sign off (签发): %1").replace("%1", step.name) if last
                                  else tr("Sign %1").replace("%1", step.name))
        else:
            self.sign_btn.setText(tr("Sign"))
        for btn in set(self.action_buttons().values()):
            actions = [k for k, b in self.action_buttons().items() if b is btn]
            btn.setEnabled(any(x in allowed for x in actions))

    def action_buttons(self) -> dict[str, QPushButton]:
        """Rulebook action → the button that takes it (sign and approve share one)."""
        return {"sign": self.sign_btn, "approve": self.sign_btn, "return": self.return_btn,
                "return_step": self.return_step_btn, "schedule": self.schedule_btn,
                "publish": self.publish_btn, "correct": self.correct_btn, "withdraw": self.withdraw_btn,
                "take_over": self.take_over_btn}

    def _reprint_missing(self, a: ArticleData) -> list[str]:
        return reprint_missing(a)

    # ---- actions ---------------------------------------------------------------------
    def _done(self, article: ArticleData) -> None:
        self.set_article(article)
        self.articleChanged.emit(article)

    def _ready(self) -> bool:
        return self.before_decision is None or bool(self.before_decision())

    def _act(self, fn: Any, *args: Any, then: Any = None) -> None:
        if not self._ready():
            return

        def done(a: ArticleData) -> None:
            if then is not None:  # first: a hand-back closes the host's editor before it would reload
                then(a)
            self._done(a)

        run(self.ops, self.prompts, fn, self.actor, *args, on_done=done, write=True, change="article")

    def sign(self) -> None:
        a, step = self.article, self.current_step()
        if a is None or step is None:
            return
        last = step.position == len(self.chain) - 1
        rep = self.verdict()
        if not rep.fits and not self.prompts.confirm(
                tr("Channel check"),
                rep.message(ui_language()) + "\n\n" + tr("Sign anyway?")):
            return
        if last:
            missing = self._reprint_missing(a) if a.origin == Origin.REPRINT else []
            if missing:  # the service refuses too; say it before asking anything
                self.prompts.info(tr("Reprint"), tr("Reprint: before sign-off fill in %1").replace(
                    "%1", "、".join(missing)))
                return
            question = tr("Sign off “%1” for publication as %2?").replace("%1", a.title) \
                .replace("%2", self.actor.real_name)
            if "publish" in rulebook.allowed_after(self.actor, a, "approve", self.chain,
                                                   distinct_signers=self.distinct_signers):
                # the chief who signs off may publish too: both in one answer (仅签发 is the default)
                choice = self.prompts.options(tr("Sign off"), question,
                                              [tr("Sign off and publish now"), tr("Sign off only")], default=1)
                if choice is None:
                    return
                if choice == 0:
                    self._sign_and_publish(a)
                    return
            elif not self.prompts.confirm(tr("Sign off"), question):
                return
        self._act(self.services.review.sign, a.id, self.opinion.text().strip(),
                  then=lambda _a: self.opinion.clear())

    def _sign_and_publish(self, a: ArticleData) -> None:
        """签发, then 立即发布: two decisions of the rulebook, each its own transaction and audit
        entry; a refusal of the second leaves the article signed off (and says why)."""
        opinion = self.opinion.text().strip()
        refused: list[NewsdeskError] = []

        def op(actor: Actor) -> ArticleData:
            signed = self.services.review.sign(actor, a.id, opinion)
            try:
                return self.services.review.publish_now(actor, a.id)
            except NewsdeskError as exc:  # signed off all the same: show that, then why not published
                refused.append(exc)
                return signed

        def then(_a: ArticleData) -> None:
            self.opinion.clear()
            for exc in refused:
                self.prompts.error(exc)

        self._act(op, then=then)

    def _reason(self, title: str, label: str) -> str | None:
        while True:
            reason = self.prompts.text(title, label)
            if reason is None:
                return None
            if reason.strip():
                return reason.strip()
            self.prompts.info(title, tr("A reason is required."))

    def return_to_reporter(self) -> None:
        a = self.article
        if a is None:
            return
        reason = self._reason(tr("Return to reporter"),
                              tr("Why is it returned? %1 will see this note.").replace("%1", a.author_name))
        if reason is not None:
            self._act(self.services.review.return_to_reporter, a.id, reason,
                      then=lambda new: self.handedBack.emit(new.id))

    def return_to_step(self) -> None:
        a = self.article
        if a is None:
            return
        here = a.review_step if a.review_step is not None else len(self.chain)
        steps = [st for st in self.chain if st.position < here]
        if not steps:
            return
        i = self.prompts.choice(tr("Return to earlier step"), tr("Step:"), [st.name for st in steps])
        if i is None:
            return
        reason = self._reason(tr("Return to %1").replace("%1", steps[i].name), tr("Reason:"))
        if reason is not None:
            self._act(self.services.review.return_to_step, a.id, steps[i].position, reason)

    def schedule(self) -> None:
        a = self.article
        if a is None:
            return
        now = utcnow().astimezone(self.zone)
        default = a.scheduled_at.astimezone(self.zone) if a.scheduled_at else \
            (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        when = self.prompts.when(tr("Schedule publication"),
                                 tr("Publish at (%1):").replace("%1", str(self.zone.key)), default)
        if when is not None:
            self._act(self.services.review.schedule, a.id, when)

    def publish_now(self) -> None:
        a = self.article
        if a is not None and self.prompts.confirm(tr("Publish now"),
                                                  tr("Publish “%1” now?").replace("%1", a.title)):
            self._act(self.services.review.publish_now, a.id)

    def correct(self) -> None:
        a = self.article
        if a is None:
            return
        note = self._reason(tr("Publish correction"),
                            tr("Correction note (shown with the article; first publish time is kept):"))
        if note is None:
            return
        changes = dict(self.pending_changes() or {}) if self.pending_changes is not None else {}
        svc, actor, aid, version = self.services, self.actor, a.id, a.version

        def op(_actor: Actor) -> ArticleData:
            if "source_name" in changes:  # the editor's form names the source; the service wants its id
                name = changes.pop("source_name")
                changes["source_id"] = svc.admin.ensure_source(actor, name).id if name else None
            return svc.review.correct(actor, aid, note, changes or None, expected_version=version)

        self._act(op)

    def withdraw(self) -> None:
        a = self.article
        if a is None:
            return
        # the reason's dialog is the confirmation: it names what happens, Cancel keeps the article
        reason = self._reason(tr("Withdraw"), tr("Withdraw “%1”? It is taken down everywhere.")
                              .replace("%1", a.title) + "\n" + tr("Reason for withdrawal:"))
        if reason is not None:
            self._act(self.services.review.withdraw, a.id, reason)

    def take_over(self) -> None:
        a = self.article
        if a is None or a.lease_user_id in (None, self.actor.id):
            return
        if not self.prompts.confirm(tr("Take over editing"),
                                    tr("%1 is editing this article. Take over? Their unsaved changes cannot "
                                       "be saved over yours.").replace("%1", a.lease_user_name)):
            return
        svc, actor, aid = self.services, self.actor, a.id

        def op() -> ArticleData:
            svc.articles.acquire_lease(actor, aid, take_over=True)
            return svc.articles.get(actor, aid)

        run(self.ops, self.prompts, op, on_done=self._done, write=True, change="lease")

    def use_suggested(self) -> None:
        a = self.article
        if a is None or not self._suggested:
            return
        target = self._suggested[0]
        svc, actor = self.services, self.actor
        sec = [i for i in a.secondary_channel_ids if i != target]
        if not self._ready():
            return

        def op() -> ArticleData:
            current = svc.articles.get(actor, a.id)  # the editor may have saved meanwhile
            return svc.articles.save(actor, a.id, {"primary_channel_id": target, "secondary_channel_ids": sec},
                                     current.version).article

        run(self.ops, self.prompts, op, on_done=self._done, write=True, change="article")

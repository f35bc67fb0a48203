"""Build the editor desk's catalogue: resources/translations/desk_zh_CN.ts (context "desk")
from the table below, then desk_zh_CN.qm with pyside6-lrelease.

The desk's source strings are English, passed through app.ui.desk.common.tr (context "desk").
tests/ui/test_desk_i18n.py fails when a string the desk shows has no translation here or the
.qm is stale.  Run: python build_scripts/desk_translations.py"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "desk_zh_CN.ts"

ZH: dict[str, str] = {
    # queue
    "For me to act on": "待我处理", "Waiting for my review": "待我审核", "All in review": "全部审核中", "Approved / scheduled": "已签发/定时",
    "Returned to reporters": "已退回记者", "Published": "已发布", "Withdrawn": "已撤稿", "Drafts": "草稿",
    "All articles": "全部稿件", "Newest change first": "最近修改在前", "Oldest change first": "最早修改在前",
    "Headline": "标题", "Status": "状态", "Publish time": "发布时间", "First published": "首发时间",
    "Any time": "不限时间", "Today": "今天", "Last 7 days": "最近 7 天", "Last 30 days": "最近 30 天",
    "Last year": "最近一年", "Channel": "栏目", "Reporter": "记者", "Chars": "字数", "Updated": "修改时间",
    "Editing": "编辑中", "All channels": "全部栏目", "All reporters": "全部记者", "All sources": "全部来源",
    "Search headlines…": "搜索标题…", "%1 is editing this article": "%1 正在编辑这篇稿件",
    "(no headline)": "（无标题）", "waiting for my review: %1": "待我审核：%1",
    "approved or scheduled: %1": "已签发或定时：%1", "%1 shown of %2": "显示 %1 / 共 %2 篇",
    "Review queue": "审稿队列",
    # review panel
    "Review": "审核", "Checks before sign-off": "签发前检查", "Decisions": "审核决定",
    "Take over editing": "接管编辑", "Sign": "签署", "Return to reporter…": "退回记者…",
    "Return to earlier step…": "退回上一审…", "Schedule…": "定时发布…", "Publish now": "立即发布",
    "Publish correction…": "更正重发…", "Withdraw (撤稿)…": "撤稿…", "Use suggested channel": "改用建议栏目",
    "No article open.": "未打开稿件。", "Status: %1": "状态：%1", "waiting for %1": "等待%1",
    "publishes at %1": "定于 %1 发布", "First published %1": "首发于 %1", "Updated %1": "更新于 %1",
    "Responsible editor: %1": "责任编辑：%1", "Signed off by %1": "签发人：%1",
    "No signatures yet.": "尚无签署。", "%1 is editing since %2": "%1 自 %2 起正在编辑",
    "You are editing since %1": "您自 %1 起正在编辑", "Nobody is editing this article.": "目前无人编辑这篇稿件。",
    "Reprint: before sign-off fill in %1": "转载稿签发前须填写：%1",
    "Reprint: source, original author, headline and URL are complete.": "转载信息完整：来源、原作者、原标题、来源网址均已填写。",
    "Original article (原创).": "原创稿件。", "Move to %1": "改投「%1」",
    "Sign off (签发): %1": "签发：%1", "Sign %1": "签署%1", "Channel check": "栏目检查",
    "Sign anyway?": "仍然签署吗？", "Reprint": "转载", "Sign off": "签发",
    "Sign off and publish now": "签发并立即发布", "Sign off only": "仅签发",
    "Sign off “%1” for publication as %2?": "以 %2 的名义签发《%1》吗？", "Opinion with your signature (optional)": "审稿意见（随签署记录，可不填）",
    "A reason is required.": "必须写明原因。", "Return to reporter": "退回记者",
    "Why is it returned? %1 will see this note.": "退回原因？%1 会看到这条说明。",
    "Return to earlier step": "退回上一审", "Step:": "步骤：", "Return to %1": "退回%1", "Reason:": "原因：",
    "Schedule publication": "定时发布", "Publish at (%1):": "发布时间（%1）：", "Publish “%1” now?": "立即发布《%1》吗？",
    "Publish correction": "更正重发",
    "Correction note (shown with the article; first publish time is kept):": "更正说明（随稿件显示；保留首发时间）：",
    "Withdraw": "撤稿", "Withdraw “%1”? It is taken down everywhere.": "撤下《%1》吗？所有发布渠道都将撤下。",
    "Reason for withdrawal:": "撤稿原因：",
    "%1 is editing this article. Take over? Their unsaved changes cannot be saved over yours.":
        "%1 正在编辑这篇稿件。要接管吗？对方未保存的修改将不能覆盖您的修改。",
    "Sign current step": "签署当前步骤",
    "%1 took over editing at %2. Your unsaved text stays on screen but cannot be saved over theirs.":
        "%1 于 %2 接管了编辑。您未保存的文字仍显示在屏幕上，但不能覆盖对方的修改。", "Withdraw…": "撤稿…",
    # channels
    "(none)": "（无）", "Channels (★ primary; check secondary channels, double-click for primary)": "栏目（★为主栏目；勾选副栏目，双击设为主栏目）",
    "(first signing editor)": "（首位签署的编辑）", "Hot (热点)": "热点", "Normal": "普通",
    "Recommended (推荐)": "推荐", "Headline (头条)": "头条", "Apply channels and flags": "保存栏目与标记",
    "Primary channel": "主栏目", "Responsible editor": "责任编辑", "Level": "推荐级别",
    "Keep these channels?": "仍然使用这些栏目吗？", "Channels": "栏目",
    # history
    "#": "#", "Who": "修改人", "When": "时间", "What": "操作", "Inline": "合并显示", "Side by side": "左右对照",
    "Compare": "比较", "No revisions.": "没有版本。", "History": "修改历史", "created": "创建",
    "saved": "保存", "autosaved": "自动保存", "submitted": "提交", "signed": "签署", "returned": "退回",
    "signed off": "签发", "scheduled": "定时", "published": "发布", "corrected": "更正", "withdrawn": "撤稿",
    "restored": "恢复", "imported": "导入",
    # comments
    "Write a comment; @name notifies a colleague": "写评论；@姓名 可提醒同事", "Send": "发送",
    "Returned": "退回", "Submitted": "提交", "No comments yet.": "暂无评论。", "Comments": "评论",
    # notifications
    "Assigned to you": "待您处理", "Signed": "已签署", "Signed off": "已签发", "Publishing failed": "发布失败",
    "Scheduled time missed": "定时发布延误", "Mentioned": "有人提到您", "Editing taken over": "编辑权被接管",
    "Mark all read": "全部标为已读", "%1 unread": "%1 条未读", "Notifications": "通知", "NewsDesk": "采编台",
    # dashboard
    "Articles by state": "各状态稿件", "Per channel, last %1 days": "各栏目（最近 %1 天）",
    "Per reporter, last %1 days": "各记者（最近 %1 天）", "Articles changed per week": "每周新稿",
    "Refresh": "刷新", "Due to publish today": "今日待发布", "No data yet.": "暂无数据。",
    "(overdue)": "（已过时）", "%1 article(s) due today": "今日有 %1 篇待发布",
    "Nothing is scheduled for today.": "今天没有定时发布的稿件。", "Dashboard": "概览",
    "NewsDesk — editor's desk": "采编台 — 编辑台",
    # admin
    "Administration": "系统管理", "Users": "用户", "Sources": "来源", "Banned words": "禁用词",
    "Review chain": "审核流程", "Publishing targets": "发布目标", "Audit log": "审计日志",
    "Users…": "用户…", "Channels…": "栏目…", "Sources…": "来源…", "Banned words…": "禁用词…",
    "Review chain…": "审核流程…", "Publishing targets…": "发布目标…", "Audit log…": "审计日志…",
    "Login": "登录名", "Name": "名称", "Roles": "角色", "Account": "账号状态", "active": "正常", "yes": "是", "no": "否",
    "disabled": "已停用", "Add…": "添加…", "Roles…": "角色…", "Disable / enable": "停用/启用",
    "Reset password…": "重置密码…", "Add user": "添加用户", "Real name": "真实姓名", "Password": "密码",
    "Editor": "编辑", "Chief editor": "总编辑", "Administrator": "管理员", "Roles of %1": "%1 的角色",
    "Disable user": "停用用户", "Disable %1? They can no longer log in.": "停用 %1 吗？停用后不能登录。",
    "New password for %1": "%1 的新密码", "New password": "新密码", "The password was reset.": "密码已重置。",
    "Slug": "标识", "Slogan": "栏目口号", "Places": "地名", "Save": "保存", "Add sub-channel…": "添加子栏目…",
    "Add top-level…": "添加顶级栏目…", "Delete": "删除", "Add channel": "添加栏目",
    "Slug (a-z, 0-9, -)": "标识（a-z、0-9、-）", "Delete channel": "删除栏目", "Delete the channel %1?": "删除栏目「%1」吗？",
    "Place names, separated by commas: county, towns, landmarks": "地名，用逗号分隔：县区、乡镇、地标",
    "Source": "来源", "Web site": "网址", "Add source": "添加来源", "Delete source": "删除来源",
    "Delete the source %1?": "删除来源「%1」吗？", "Word": "词语", "Suggested wording": "建议用语", "Note": "说明",
    "Word or phrase": "词语或短语", "Edit…": "编辑…", "Add banned word": "添加禁用词", "Edit banned word": "编辑禁用词",
    "Remove %1 from the list?": "从列表中删除「%1」吗？", "Step": "步骤", "Signed by": "签署人",
    "Add step": "添加步骤", "Remove": "移除", "Up": "上移", "Down": "下移", "Save chain": "保存流程",
    "New step": "新步骤",
    "Steps are signed in order; the last step signs off (签发) for publication. Chief editors may sign any step.":
        "按顺序逐步签署；最后一步即签发。总编辑可签署任何一步。", "Type": "类型", "Address": "地址", "User": "用户", "Enabled": "启用",
    "Passwords and tokens are kept in the system keyring, never in the database.": "密码和令牌保存在系统密钥环中，不存入数据库。",
    "Enable / disable": "启用/停用", "Add publishing target": "添加发布目标", "Edit publishing target": "编辑发布目标",
    "Delete publishing target": "删除发布目标", "Delete %1 and its undelivered jobs?": "删除「%1」及其未发送的任务吗？",
    "Type (portal, wordpress, static)": "类型（portal、wordpress、static）", "Address (URL or folder)": "地址（网址或文件夹）",
    "Password / token (stored in the keyring)": "密码/令牌（保存在密钥环）",
    "Image cropped": "裁切图片", "Image described": "编辑图片说明", "Gallery changed": "修改图集",
    "Pre-sign checklist passed": "签发前检查通过", "Pre-sign check overridden": "签发前检查豁免",
    "Errors counted": "记录差错", "Quality setting changed": "修改质量设置",
    "checklist items": "检查项", "overridden": "豁免理由", "checklist item": "检查项", "rules": "规则",
    "plan": "选题", "fields": "字段", "image": "图片", "rendition": "版式", "crop": "裁切", "photos": "图片",
    "All actions": "全部操作", "Article created": "新建稿件", "Article saved": "保存稿件",
    "Article autosaved": "自动保存", "Revision restored": "恢复版本", "Review step signed": "签署审核",
    "Signed off (签发)": "签发", "Returned to reporter": "退回记者", "Returned to a step": "退回上一审",
    "Correction published": "更正重发", "Comment": "评论", "Image added": "添加图片",
    "Failed login": "登录失败", "User added": "添加用户", "Roles changed": "修改角色", "User disabled": "停用用户",
    "User enabled": "启用用户", "Password changed": "修改密码", "User renamed": "修改姓名",
    "Channel added": "添加栏目", "Channel changed": "修改栏目", "Channel deleted": "删除栏目",
    "Source added": "添加来源", "Source deleted": "删除来源", "Banned word set": "设置禁用词",
    "Banned word removed": "删除禁用词", "Review chain changed": "修改审核流程", "Setting changed": "修改设置",
    "Target added": "添加发布目标", "Target changed": "修改发布目标", "Target enabled": "启用发布目标",
    "Target disabled": "停用发布目标", "Target deleted": "删除发布目标",
    "Everything queued for a target": "全部稿件排入发布目标", "Delivery retried": "重试发送",
    "Delivery cancelled": "取消发送", "Scheduled": "定时发布", "Article id": "稿件编号", "Time": "时间",
    "Action": "操作", "Article": "稿件", "Detail": "详情", "Filter": "筛选", "Verify chain": "校验日志链",
    "The article id is a number.": "稿件编号必须是数字。", "%1 entries": "%1 条记录",
    "Audit chain intact: %1 entries checked.": "审计日志链完整：已校验 %1 条。",
    "Audit chain BROKEN at entry %1: %2": "审计日志链在第 %1 条断裂：%2",
    # planning board (选题, app/ui/planning)
    "Story plans this week": "本周选题", "Overdue plans by person": "逾期选题（按人员）",
    "(no channel)": "（不定栏目）", "All states": "全部状态", "Angle, sources, what to ask": "角度、线索、采访要点",
    "Angle:": "角度：", "Approve": "采用", "Approved": "采用", "Assign": "指派", "Assign…": "指派…",
    "Cancel": "取消", "Cancel plan…": "撤销选题…", "Cancelled": "撤销", "Channel:": "栏目：",
    "Comment:": "评论：", "Comment…": "评论…", "Date": "日期", "Date:": "日期：", "Deadline": "截稿",
    "Due today: %1": "今日到期：%1", "Edit": "修改", "Everyone": "全部人员", "Expected %1 chars": "预计 %1 字",
    "Expected chars:": "预计字数：", "Filed": "已成稿", "Find a person…": "查找人员…", "Fri": "周五",
    "Headline:": "标题：", "Important": "重要", "In progress": "进行中", "List by person": "按人员列表",
    "Mon": "周一", "Next week": "下一周", "Not assigned": "未指派", "Overdue: %1": "逾期：%1", "Pending": "待定",
    "People": "人员", "Plan": "选题", "Previous week": "上一周", "Priority:": "优先级：",
    "Propose": "报题", "Propose a story": "报题", "Propose a story…": "报题…", "Proposed": "报题",
    "Proposed by": "报题人", "Reason": "理由", "Reject": "否决", "Rejected": "否决", "Reject…": "否决…",
    "Reschedule": "改期", "Role": "分工", "Sat": "周六", "Search plans…": "搜索选题…",
    "Select a plan to see it here.": "选中一个选题以查看详情。", "Shortlist": "待定", "Start a story": "开始写稿",
    "Story": "稿件", "Story plans": "选题", "Sun": "周日", "This week": "本周", "This week: %1": "本周：%1",
    "Thu": "周四", "Tue": "周二", "Urgent": "紧急", "Wed": "周三", "Week by day": "按日周视图",
    "What is the story?": "报道什么？", "Write the story": "写稿", "You may not assign this plan.": "您不能指派这个选题。",
    "You may not move this plan.": "您不能改动这个选题的日期。", "no plans": "无选题",
    # 编校质量 (issue #20: app/ui/desk/quality.py)
    "Quality": "编校质量", "Error rate": "差错率", "Workload and fees": "工作量与稿费",
    "By reporter": "按记者", "By channel": "按栏目", "By review step": "按审核环节", "By month": "按月份",
    "Pass line: 3 errors per 10,000 characters (万分之三)": "合格线：差错率不超过万分之三",
    "Group": "分组", "Errors": "差错数", "Characters": "字数", "Per 10,000": "万分率", "Result": "结果",
    "Over the line": "超标", "Passes": "合格", "Month": "月份", "Person": "姓名", "Pieces": "篇数",
    "Original": "原创", "Score / fee": "稿分/稿费", "Export .xlsx…": "导出 .xlsx…", "Export .csv…": "导出 .csv…",
    "Export statistics": "导出统计", "Saved to %1": "已保存到 %1", "Pre-sign checklist": "签发前检查",
    "Override with a reason…": "写明理由后放行…", "Overridden: %1": "已放行：%1", "All checks pass.": "各项检查均已通过。",
    "%1 check(s) fail; 签发 is refused until they pass or are overridden.": "有 %1 项检查未通过；通过或放行之前不能签发。",
    "Override a check": "放行检查项", "Why may this article be signed off anyway?": "为什么仍可签发这篇稿件？",
}

# the audit log reads as sentences (#17): an action for a log-in, labels for the entries' details
ZH.update({
    "Logged in": "登录", "headline": "标题", "version": "版本", "step": "审级", "signed by": "签署人",
    "reason": "原因", "time": "时间", "scheduled for": "原定时间", "from user": "原编辑人", "checksum": "校验和",
    "size": "大小（字节）", "login": "登录名", "failed attempts": "失败次数", "user": "用户", "roles": "角色",
    "slug": "标识", "name": "名称", "channel": "栏目", "source": "来源", "word": "词语", "steps": "审核步骤",
    "setting": "设置项", "value": "值", "kind": "类型", "URL": "网址", "account": "账号",
    "deliveries dropped": "丢弃的发送任务", "articles": "稿件数", "delivery": "发送任务", "note": "说明",
    "Close": "关闭", "(system)": "（系统）", "Mark read": "标为已读", "Now: %1": "现状：%1",
})


def write_ts(path: Path = TS) -> None:
    msgs = "".join(
        f"    <message>\n        <source>{escape(src)}</source>\n"
        f"        <translation>{escape(zh)}</translation>\n    </message>\n"
        for src, zh in sorted(ZH.items())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh_CN">\n'
                    f"<context>\n    <name>desk</name>\n{msgs}</context>\n</TS>\n", "utf-8")


def main() -> int:
    write_ts()
    tool = shutil.which("pyside6-lrelease") or "pyside6-lrelease"
    subprocess.run([tool, str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)
    print(f"wrote {TS} and {TS.with_suffix('.qm')} ({len(ZH)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

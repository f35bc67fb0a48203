<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>desk</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>%1 article(s) due today</source>
        <translation>今日有 %1 篇待发布</translation>
    </message>
    <message>
        <source>%1 check(s) fail; 签发 is refused until they pass or are overridden.</source>
        <translation>有 %1 项检查未通过；通过或放行之前不能签发。</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>%1 条记录</translation>
    </message>
    <message>
        <source>%1 is editing since %2</source>
        <translation>%1 自 %2 起正在编辑</translation>
    </message>
    <message>
        <source>%1 is editing this article</source>
        <translation>%1 正在编辑这篇稿件</translation>
    </message>
    <message>
        <source>%1 is editing this article. Take over? Their unsaved changes cannot be saved over yours.</source>
        <translation>%1 正在编辑这篇稿件。要接管吗？对方未保存的修改将不能覆盖您的修改。</translation>
    </message>
    <message>
        <source>%1 shown of %2</source>
        <translation>显示 %1 / 共 %2 篇</translation>
    </message>
    <message>
        <source>%1 took over editing at %2. Your unsaved text stays on screen but cannot be saved over theirs.</source>
        <translation>%1 于 %2 接管了编辑。您未保存的文字仍显示在屏幕上，但不能覆盖对方的修改。</translation>
    </message>
    <message>
        <source>%1 unread</source>
        <translation>%1 条未读</translation>
    </message>
    <message>
        <source>(first signing editor)</source>
        <translation>（首位签署的编辑）</translation>
    </message>
    <message>
        <source>(no channel)</source>
        <translation>（不定栏目）</translation>
    </message>
    <message>
        <source>(no headline)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(overdue)</source>
        <translation>（已过时）</translation>
    </message>
    <message>
        <source>(system)</source>
        <translation>（系统）</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须写明原因。</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号状态</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Add banned word</source>
        <translation>添加禁用词</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>添加栏目</translation>
    </message>
    <message>
        <source>Add publishing target</source>
        <translation>添加发布目标</translation>
    </message>
    <message>
        <source>Add source</source>
        <translation>添加来源</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>添加步骤</translation>
    </message>
    <message>
        <source>Add sub-channel…</source>
        <translation>添加子栏目…</translation>
    </message>
    <message>
        <source>Add top-level…</source>
        <translation>添加顶级栏目…</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Address (URL or folder)</source>
        <translation>地址（网址或文件夹）</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>All articles</source>
        <translation>全部稿件</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部栏目</translation>
    </message>
    <message>
        <source>All checks pass.</source>
        <translation>各项检查均已通过。</translation>
    </message>
    <message>
        <source>All in review</source>
        <translation>全部审核中</translation>
    </message>
    <message>
        <source>All reporters</source>
        <translation>全部记者</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Angle, sources, what to ask</source>
        <translation>角度、线索、采访要点</translation>
    </message>
    <message>
        <source>Angle:</source>
        <translation>角度：</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>不限时间</translation>
    </message>
    <message>
        <source>Apply channels and flags</source>
        <translation>保存栏目与标记</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>采用</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>采用</translation>
    </message>
    <message>
        <source>Approved / scheduled</source>
        <translation>已签发/定时</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>稿件</translation>
    </message>
    <message>
        <source>Article autosaved</source>
        <translation>自动保存</translation>
    </message>
    <message>
        <source>Article created</source>
        <translation>新建稿件</translation>
    </message>
    <message>
        <source>Article id</source>
        <translation>稿件编号</translation>
    </message>
    <message>
        <source>Article saved</source>
        <translation>保存稿件</translation>
    </message>
    <message>
        <source>Articles by state</source>
        <translation>各状态稿件</translation>
    </message>
    <message>
        <source>Articles changed per week</source>
        <translation>每周新稿</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>指派</translation>
    </message>
    <message>
        <source>Assigned to you</source>
        <translation>待您处理</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>指派…</translation>
    </message>
    <message>
        <source>Audit chain BROKEN at entry %1: %2</source>
        <translation>审计日志链在第 %1 条断裂：%2</translation>
    </message>
    <message>
        <source>Audit chain intact: %1 entries checked.</source>
        <translation>审计日志链完整：已校验 %1 条。</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <source>Banned word removed</source>
        <translation>删除禁用词</translation>
    </message>
    <message>
        <source>Banned word set</source>
        <translation>设置禁用词</translation>
    </message>
    <message>
        <source>Banned words</source>
        <translation>禁用词</translation>
    </message>
    <message>
        <source>Banned words…</source>
        <translation>禁用词…</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>按栏目</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月份</translation>
    </message>
    <message>
        <source>By reporter</source>
        <translation>按记者</translation>
    </message>
    <message>
        <source>By review step</source>
        <translation>按审核环节</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel plan…</source>
        <translation>撤销选题…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>栏目</translation>
    </message>
    <message>
        <source>Channel added</source>
        <translation>添加栏目</translation>
    </message>
    <message>
        <source>Channel changed</source>
        <translation>修改栏目</translation>
    </message>
    <message>
        <source>Channel check</source>
        <translation>栏目检查</translation>
    </message>
    <message>
        <source>Channel deleted</source>
        <translation>删除栏目</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>栏目：</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>栏目</translation>
    </message>
    <message>
        <source>Channels (★ primary; check secondary channels, double-click for primary)</source>
        <translation>栏目（★为主栏目；勾选副栏目，双击设为主栏目）</translation>
    </message>
    <message>
        <source>Channels…</source>
        <translation>栏目…</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>字数</translation>
    </message>
    <message>
        <source>Chars</source>
        <translation>字数</translation>
    </message>
    <message>
        <source>Checks before sign-off</source>
        <translation>签发前检查</translation>
    </message>
    <message>
        <source>Chief editor</source>
        <translation>总编辑</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>评论：</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>评论…</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Correction note (shown with the article; first publish time is kept):</source>
        <translation>更正说明（随稿件显示；保留首发时间）：</translation>
    </message>
    <message>
        <source>Correction published</source>
        <translation>更正重发</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截稿</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>审核决定</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete %1 and its undelivered jobs?</source>
        <translation>删除「%1」及其未发送的任务吗？</translation>
    </message>
    <message>
        <source>Delete channel</source>
        <translation>删除栏目</translation>
    </message>
    <message>
        <source>Delete publishing target</source>
        <translation>删除发布目标</translation>
    </message>
    <message>
        <source>Delete source</source>
        <translation>删除来源</translation>
    </message>
    <message>
        <source>Delete the channel %1?</source>
        <translation>删除栏目「%1」吗？</translation>
    </message>
    <message>
        <source>Delete the source %1?</source>
        <translation>删除来源「%1」吗？</translation>
    </message>
    <message>
        <source>Delivery cancelled</source>
        <translation>取消发送</translation>
    </message>
    <message>
        <source>Delivery retried</source>
        <translation>重试发送</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Disable %1? They can no longer log in.</source>
        <translation>停用 %1 吗？停用后不能登录。</translation>
    </message>
    <message>
        <source>Disable / enable</source>
        <translation>停用/启用</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Due to publish today</source>
        <translation>今日待发布</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>今日到期：%1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Edit banned word</source>
        <translation>编辑禁用词</translation>
    </message>
    <message>
        <source>Edit publishing target</source>
        <translation>编辑发布目标</translation>
    </message>
    <message>
        <source>Editing</source>
        <translation>编辑中</translation>
    </message>
    <message>
        <source>Editing taken over</source>
        <translation>编辑权被接管</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Enable / disable</source>
        <translation>启用/停用</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>差错率</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>差错数</translation>
    </message>
    <message>
        <source>Errors counted</source>
        <translation>记录差错</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>Everything queued for a target</source>
        <translation>全部稿件排入发布目标</translation>
    </message>
    <message>
        <source>Expected %1 chars</source>
        <translation>预计 %1 字</translation>
    </message>
    <message>
        <source>Expected chars:</source>
        <translation>预计字数：</translation>
    </message>
    <message>
        <source>Export .csv…</source>
        <translation>导出 .csv…</translation>
    </message>
    <message>
        <source>Export .xlsx…</source>
        <translation>导出 .xlsx…</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>导出统计</translation>
    </message>
    <message>
        <source>Failed login</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>已成稿</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Find a person…</source>
        <translation>查找人员…</translation>
    </message>
    <message>
        <source>First published</source>
        <translation>首发时间</translation>
    </message>
    <message>
        <source>First published %1</source>
        <translation>首发于 %1</translation>
    </message>
    <message>
        <source>For me to act on</source>
        <translation>待我处理</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Gallery changed</source>
        <translation>修改图集</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Headline (头条)</source>
        <translation>头条</translation>
    </message>
    <message>
        <source>Headline:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改历史</translation>
    </message>
    <message>
        <source>Hot (热点)</source>
        <translation>热点</translation>
    </message>
    <message>
        <source>Image added</source>
        <translation>添加图片</translation>
    </message>
    <message>
        <source>Image cropped</source>
        <translation>裁切图片</translation>
    </message>
    <message>
        <source>Image described</source>
        <translation>编辑图片说明</translation>
    </message>
    <message>
        <source>Important</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Inline</source>
        <translation>合并显示</translation>
    </message>
    <message>
        <source>Keep these channels?</source>
        <translation>仍然使用这些栏目吗？</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>最近一年</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>推荐级别</translation>
    </message>
    <message>
        <source>List by person</source>
        <translation>按人员列表</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Mark all read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>标为已读</translation>
    </message>
    <message>
        <source>Mentioned</source>
        <translation>有人提到您</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Move to %1</source>
        <translation>改投「%1」</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password for %1</source>
        <translation>%1 的新密码</translation>
    </message>
    <message>
        <source>New step</source>
        <translation>新步骤</translation>
    </message>
    <message>
        <source>Newest change first</source>
        <translation>最近修改在前</translation>
    </message>
    <message>
        <source>NewsDesk</source>
        <translation>采编台</translation>
    </message>
    <message>
        <source>NewsDesk — editor's desk</source>
        <translation>采编台 — 编辑台</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>下一周</translation>
    </message>
    <message>
        <source>No article open.</source>
        <translation>未打开稿件。</translation>
    </message>
    <message>
        <source>No comments yet.</source>
        <translation>暂无评论。</translation>
    </message>
    <message>
        <source>No data yet.</source>
        <translation>暂无数据。</translation>
    </message>
    <message>
        <source>No revisions.</source>
        <translation>没有版本。</translation>
    </message>
    <message>
        <source>No signatures yet.</source>
        <translation>尚无签署。</translation>
    </message>
    <message>
        <source>Nobody is editing this article.</source>
        <translation>目前无人编辑这篇稿件。</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>未指派</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Nothing is scheduled for today.</source>
        <translation>今天没有定时发布的稿件。</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>现状：%1</translation>
    </message>
    <message>
        <source>Oldest change first</source>
        <translation>最早修改在前</translation>
    </message>
    <message>
        <source>Opinion with your signature (optional)</source>
        <translation>审稿意见（随签署记录，可不填）</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原创</translation>
    </message>
    <message>
        <source>Original article (原创).</source>
        <translation>原创稿件。</translation>
    </message>
    <message>
        <source>Over the line</source>
        <translation>超标</translation>
    </message>
    <message>
        <source>Overdue plans by person</source>
        <translation>逾期选题（按人员）</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>逾期：%1</translation>
    </message>
    <message>
        <source>Overridden: %1</source>
        <translation>已放行：%1</translation>
    </message>
    <message>
        <source>Override a check</source>
        <translation>放行检查项</translation>
    </message>
    <message>
        <source>Override with a reason…</source>
        <translation>写明理由后放行…</translation>
    </message>
    <message>
        <source>Pass line: 3 errors per 10,000 characters (万分之三)</source>
        <translation>合格线：差错率不超过万分之三</translation>
    </message>
    <message>
        <source>Passes</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password / token (stored in the keyring)</source>
        <translation>密码/令牌（保存在密钥环）</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Passwords and tokens are kept in the system keyring, never in the database.</source>
        <translation>密码和令牌保存在系统密钥环中，不存入数据库。</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Per 10,000</source>
        <translation>万分率</translation>
    </message>
    <message>
        <source>Per channel, last %1 days</source>
        <translation>各栏目（最近 %1 天）</translation>
    </message>
    <message>
        <source>Per reporter, last %1 days</source>
        <translation>各记者（最近 %1 天）</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>篇数</translation>
    </message>
    <message>
        <source>Place names, separated by commas: county, towns, landmarks</source>
        <translation>地名，用逗号分隔：县区、乡镇、地标</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>地名</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>选题</translation>
    </message>
    <message>
        <source>Pre-sign check overridden</source>
        <translation>签发前检查豁免</translation>
    </message>
    <message>
        <source>Pre-sign checklist</source>
        <translation>签发前检查</translation>
    </message>
    <message>
        <source>Pre-sign checklist passed</source>
        <translation>签发前检查通过</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>上一周</translation>
    </message>
    <message>
        <source>Primary channel</source>
        <translation>主栏目</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>优先级：</translation>
    </message>
    <message>
        <source>Propose</source>
        <translation>报题</translation>
    </message>
    <message>
        <source>Propose a story</source>
        <translation>报题</translation>
    </message>
    <message>
        <source>Propose a story…</source>
        <translation>报题…</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>报题</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>报题人</translation>
    </message>
    <message>
        <source>Publish at (%1):</source>
        <translation>发布时间（%1）：</translation>
    </message>
    <message>
        <source>Publish correction</source>
        <translation>更正重发</translation>
    </message>
    <message>
        <source>Publish correction…</source>
        <translation>更正重发…</translation>
    </message>
    <message>
        <source>Publish now</source>
        <translation>立即发布</translation>
    </message>
    <message>
        <source>Publish time</source>
        <translation>发布时间</translation>
    </message>
    <message>
        <source>Publish “%1” now?</source>
        <translation>立即发布《%1》吗？</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Publishing failed</source>
        <translation>发布失败</translation>
    </message>
    <message>
        <source>Publishing targets</source>
        <translation>发布目标</translation>
    </message>
    <message>
        <source>Publishing targets…</source>
        <translation>发布目标…</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>编校质量</translation>
    </message>
    <message>
        <source>Quality setting changed</source>
        <translation>修改质量设置</translation>
    </message>
    <message>
        <source>Real name</source>
        <translation>真实姓名</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Reason for withdrawal:</source>
        <translation>撤稿原因：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Recommended (推荐)</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>否决</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>否决</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>否决…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove %1 from the list?</source>
        <translation>从列表中删除「%1」吗？</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>记者</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>转载</translation>
    </message>
    <message>
        <source>Reprint: before sign-off fill in %1</source>
        <translation>转载稿签发前须填写：%1</translation>
    </message>
    <message>
        <source>Reprint: source, original author, headline and URL are complete.</source>
        <translation>转载信息完整：来源、原作者、原标题、来源网址均已填写。</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>改期</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Responsible editor</source>
        <translation>责任编辑</translation>
    </message>
    <message>
        <source>Responsible editor: %1</source>
        <translation>责任编辑：%1</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Return to %1</source>
        <translation>退回%1</translation>
    </message>
    <message>
        <source>Return to earlier step</source>
        <translation>退回上一审</translation>
    </message>
    <message>
        <source>Return to earlier step…</source>
        <translation>退回上一审…</translation>
    </message>
    <message>
        <source>Return to reporter</source>
        <translation>退回记者</translation>
    </message>
    <message>
        <source>Return to reporter…</source>
        <translation>退回记者…</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Returned to a step</source>
        <translation>退回上一审</translation>
    </message>
    <message>
        <source>Returned to reporter</source>
        <translation>退回记者</translation>
    </message>
    <message>
        <source>Returned to reporters</source>
        <translation>已退回记者</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Review chain</source>
        <translation>审核流程</translation>
    </message>
    <message>
        <source>Review chain changed</source>
        <translation>修改审核流程</translation>
    </message>
    <message>
        <source>Review chain…</source>
        <translation>审核流程…</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>审稿队列</translation>
    </message>
    <message>
        <source>Review step signed</source>
        <translation>签署审核</translation>
    </message>
    <message>
        <source>Revision restored</source>
        <translation>恢复版本</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>分工</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Roles changed</source>
        <translation>修改角色</translation>
    </message>
    <message>
        <source>Roles of %1</source>
        <translation>%1 的角色</translation>
    </message>
    <message>
        <source>Roles…</source>
        <translation>角色…</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save chain</source>
        <translation>保存流程</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Schedule publication</source>
        <translation>定时发布</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>定时发布</translation>
    </message>
    <message>
        <source>Scheduled time missed</source>
        <translation>定时发布延误</translation>
    </message>
    <message>
        <source>Schedule…</source>
        <translation>定时发布…</translation>
    </message>
    <message>
        <source>Score / fee</source>
        <translation>稿分/稿费</translation>
    </message>
    <message>
        <source>Search headlines…</source>
        <translation>搜索标题…</translation>
    </message>
    <message>
        <source>Search plans…</source>
        <translation>搜索选题…</translation>
    </message>
    <message>
        <source>Select a plan to see it here.</source>
        <translation>选中一个选题以查看详情。</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Setting changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Shortlist</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>左右对照</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签署</translation>
    </message>
    <message>
        <source>Sign %1</source>
        <translation>签署%1</translation>
    </message>
    <message>
        <source>Sign anyway?</source>
        <translation>仍然签署吗？</translation>
    </message>
    <message>
        <source>Sign current step</source>
        <translation>签署当前步骤</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Sign off (签发): %1</source>
        <translation>签发：%1</translation>
    </message>
    <message>
        <source>Sign off and publish now</source>
        <translation>签发并立即发布</translation>
    </message>
    <message>
        <source>Sign off only</source>
        <translation>仅签发</translation>
    </message>
    <message>
        <source>Sign off “%1” for publication as %2?</source>
        <translation>以 %2 的名义签发《%1》吗？</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>Signed off</source>
        <translation>已签发</translation>
    </message>
    <message>
        <source>Signed off (签发)</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Signed off by %1</source>
        <translation>签发人：%1</translation>
    </message>
    <message>
        <source>Slogan</source>
        <translation>栏目口号</translation>
    </message>
    <message>
        <source>Slug</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Slug (a-z, 0-9, -)</source>
        <translation>标识（a-z、0-9、-）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Source added</source>
        <translation>添加来源</translation>
    </message>
    <message>
        <source>Source deleted</source>
        <translation>删除来源</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Sources…</source>
        <translation>来源…</translation>
    </message>
    <message>
        <source>Start a story</source>
        <translation>开始写稿</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Step:</source>
        <translation>步骤：</translation>
    </message>
    <message>
        <source>Steps are signed in order; the last step signs off (签发) for publication. Chief editors may sign any step.</source>
        <translation>按顺序逐步签署；最后一步即签发。总编辑可签署任何一步。</translation>
    </message>
    <message>
        <source>Story</source>
        <translation>稿件</translation>
    </message>
    <message>
        <source>Story plans</source>
        <translation>选题</translation>
    </message>
    <message>
        <source>Story plans this week</source>
        <translation>本周选题</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Suggested wording</source>
        <translation>建议用语</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>Take over editing</source>
        <translation>接管编辑</translation>
    </message>
    <message>
        <source>Target added</source>
        <translation>添加发布目标</translation>
    </message>
    <message>
        <source>Target changed</source>
        <translation>修改发布目标</translation>
    </message>
    <message>
        <source>Target deleted</source>
        <translation>删除发布目标</translation>
    </message>
    <message>
        <source>Target disabled</source>
        <translation>停用发布目标</translation>
    </message>
    <message>
        <source>Target enabled</source>
        <translation>启用发布目标</translation>
    </message>
    <message>
        <source>The article id is a number.</source>
        <translation>稿件编号必须是数字。</translation>
    </message>
    <message>
        <source>The password was reset.</source>
        <translation>密码已重置。</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>This week: %1</source>
        <translation>本周：%1</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Type (portal, wordpress, static)</source>
        <translation>类型（portal、wordpress、static）</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Use suggested channel</source>
        <translation>改用建议栏目</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>User added</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>User disabled</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>User enabled</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <source>User renamed</source>
        <translation>修改姓名</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>用户…</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验日志链</translation>
    </message>
    <message>
        <source>Waiting for my review</source>
        <translation>待我审核</translation>
    </message>
    <message>
        <source>Web site</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Week by day</source>
        <translation>按日周视图</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>What is the story?</source>
        <translation>报道什么？</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Why is it returned? %1 will see this note.</source>
        <translation>退回原因？%1 会看到这条说明。</translation>
    </message>
    <message>
        <source>Why may this article be signed off anyway?</source>
        <translation>为什么仍可签发这篇稿件？</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤稿</translation>
    </message>
    <message>
        <source>Withdraw (撤稿)…</source>
        <translation>撤稿…</translation>
    </message>
    <message>
        <source>Withdraw “%1”? It is taken down everywhere.</source>
        <translation>撤下《%1》吗？所有发布渠道都将撤下。</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤稿</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>撤稿…</translation>
    </message>
    <message>
        <source>Word</source>
        <translation>词语</translation>
    </message>
    <message>
        <source>Word or phrase</source>
        <translation>词语或短语</translation>
    </message>
    <message>
        <source>Workload and fees</source>
        <translation>工作量与稿费</translation>
    </message>
    <message>
        <source>Write a comment; @name notifies a colleague</source>
        <translation>写评论；@姓名 可提醒同事</translation>
    </message>
    <message>
        <source>Write the story</source>
        <translation>写稿</translation>
    </message>
    <message>
        <source>You are editing since %1</source>
        <translation>您自 %1 起正在编辑</translation>
    </message>
    <message>
        <source>You may not assign this plan.</source>
        <translation>您不能指派这个选题。</translation>
    </message>
    <message>
        <source>You may not move this plan.</source>
        <translation>您不能改动这个选题的日期。</translation>
    </message>
    <message>
        <source>account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>approved or scheduled: %1</source>
        <translation>已签发或定时：%1</translation>
    </message>
    <message>
        <source>articles</source>
        <translation>稿件数</translation>
    </message>
    <message>
        <source>autosaved</source>
        <translation>自动保存</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>栏目</translation>
    </message>
    <message>
        <source>checklist item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>checklist items</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>checksum</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>crop</source>
        <translation>裁切</translation>
    </message>
    <message>
        <source>deliveries dropped</source>
        <translation>丢弃的发送任务</translation>
    </message>
    <message>
        <source>delivery</source>
        <translation>发送任务</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>failed attempts</source>
        <translation>失败次数</translation>
    </message>
    <message>
        <source>fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>from user</source>
        <translation>原编辑人</translation>
    </message>
    <message>
        <source>headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>no plans</source>
        <translation>无选题</translation>
    </message>
    <message>
        <source>note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>overridden</source>
        <translation>豁免理由</translation>
    </message>
    <message>
        <source>photos</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>选题</translation>
    </message>
    <message>
        <source>published</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>publishes at %1</source>
        <translation>定于 %1 发布</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>rendition</source>
        <translation>版式</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>定时</translation>
    </message>
    <message>
        <source>scheduled for</source>
        <translation>原定时间</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>签署</translation>
    </message>
    <message>
        <source>signed by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>signed off</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>size</source>
        <translation>大小（字节）</translation>
    </message>
    <message>
        <source>slug</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>step</source>
        <translation>审级</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>审核步骤</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>waiting for %1</source>
        <translation>等待%1</translation>
    </message>
    <message>
        <source>waiting for my review: %1</source>
        <translation>待我审核：%1</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>撤稿</translation>
    </message>
    <message>
        <source>word</source>
        <translation>词语</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
</TS>

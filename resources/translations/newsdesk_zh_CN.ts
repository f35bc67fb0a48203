<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArticleListModel</name>
    <message>
        <location filename="../../app/ui/models/articles.py" line="34"/>
        <source>Headline</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="35"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="36"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="37"/>
        <source>Channel</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="38"/>
        <source>Characters</source>
        <translation>字数</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="39"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="54"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="55"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="56"/>
        <source>In review</source>
        <translation>审稿中</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="57"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="58"/>
        <source>Approved</source>
        <translation>已签发</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="59"/>
        <source>Scheduled</source>
        <translation>定时发布</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="60"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="61"/>
        <source>Withdrawn</source>
        <translation>已撤稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="171"/>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="87"/>
        <source>Someone else saved this article</source>
        <translation>稿件已被他人保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="92"/>
        <source>another desk</source>
        <translation>另一台电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="93"/>
        <source>This article was saved by %1 (version %2) while you were editing. Nothing has been overwritten. Choose which text to keep.</source>
        <translation>您编辑期间，%1 保存了这篇稿件（版本 %2）。没有任何内容被覆盖，请选择保留哪个版本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="97"/>
        <source>My version</source>
        <translation>我的版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="98"/>
        <source>Their version</source>
        <translation>对方的版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="105"/>
        <source>Merged body (edit before saving):</source>
        <translation>合并后的正文（保存前可修改）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="108"/>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="109"/>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="110"/>
        <source>Save merged</source>
        <translation>保存合并结果</translation>
    </message>
</context>
<context>
    <name>ContributorsTable</name>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="38"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="38"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
</context>
<context>
    <name>EditorWidget</name>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="163"/>
        <source>Kicker (引题)</source>
        <translation>引题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="166"/>
        <source>Headline (主题)</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="173"/>
        <source>Subheadline (副题)</source>
        <translation>副题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="176"/>
        <location filename="../../app/ui/editor/editor.py" line="182"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="179"/>
        <source>Kicker</source>
        <translation>引题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="180"/>
        <source>Headline</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="181"/>
        <source>Subheadline</source>
        <translation>副题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="192"/>
        <source>Write the article in Markdown…</source>
        <translation>在此用 Markdown 撰写正文……</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="202"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="204"/>
        <source>Open published page</source>
        <translation>打开发布页面</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="295"/>
        <location filename="../../app/ui/editor/editor.py" line="630"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="336"/>
        <source>%1 has been editing this article since %2. Press Edit to take over.</source>
        <translation>%1 自 %2 起正在编辑这篇稿件。按“编辑”可接管。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="342"/>
        <source>Published. Changes go out only as a correction (更正) with a note, from the review panel.</source>
        <translation>稿件已发布。修改只能在审核面板通过“更正重发”连同更正说明发出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="366"/>
        <source>Take over editing</source>
        <translation>接管编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="367"/>
        <source>%1 is editing this article. Take over?</source>
        <translation>%1 正在编辑这篇稿件。要接管吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="379"/>
        <source>Returned by %1: %2</source>
        <translation>%1 退回了这篇稿件：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="420"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="421"/>
        <source>“%1” has unsaved changes. Save them?</source>
        <translation>《%1》有未保存的修改，是否保存？</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="492"/>
        <source>Editing (lease held)</source>
        <translation>编辑中（他人暂不能修改）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="499"/>
        <source>The article is read-only for you.</source>
        <translation>稿件对您只读。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="338"/>
        <location filename="../../app/ui/editor/editor.py" line="500"/>
        <source>Locked by %1</source>
        <translation>%1 正在编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="151"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="153"/>
        <source>Start editing (takes the edit lease; opening or reading takes none)</source>
        <translation>开始编辑（取得编辑权；打开、阅读稿件不占用编辑权）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="501"/>
        <source>Article in use</source>
        <translation>稿件正被编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="513"/>
        <source>Lease lost</source>
        <translation>编辑锁已失效</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="530"/>
        <source>Unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="589"/>
        <source>Saving…</source>
        <translation>正在保存……</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="636"/>
        <source>Conflict</source>
        <translation>保存冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="639"/>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="739"/>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/assist.py" line="144"/>
        <source>Insert image</source>
        <translation>插入图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/assist.py" line="206"/>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.gif *.webp)</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/assist.py" line="166"/>
        <source>Cover image</source>
        <translation>封面图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/states.py" line="16"/>
        <source>Published. To change it, ask an editor to publish a correction (更正).</source>
        <translation>稿件已发布，不能直接修改；如需改动，请编辑发布更正。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/states.py" line="19"/>
        <source>Withdrawn (撤稿): it can no longer be changed.</source>
        <translation>稿件已撤稿，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/states.py" line="21"/>
        <source>Signed off and waiting to be published: it can no longer be changed here.</source>
        <translation>稿件已签发，等待发布，不能再修改。</translation>
    </message>
</context>
<context>
    <name>FindReplaceBar</name>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="171"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="174"/>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="175"/>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="177"/>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="178"/>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="179"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="180"/>
        <source>Replace all</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="226"/>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/dialogs.py" line="255"/>
        <source>%n replaced</source>
        <translation>
            <numerusform>已替换 %n 处</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="40"/>
        <source>Welcome to NewsDesk</source>
        <translation>欢迎使用采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="43"/>
        <source>&lt;h3&gt;This database has no users yet.&lt;/h3&gt;Start with the sample newsroom to see NewsDesk at work, or create the first administrator.</source>
        <translation>&lt;h3&gt;这个数据库还没有用户。&lt;/h3&gt;可以载入示例编辑部，马上看到采编台的实际用法；也可以创建第一位管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="46"/>
        <source>Sample newsroom</source>
        <translation>示例编辑部</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="48"/>
        <source>Reporters, editors for every review step and a dozen articles.</source>
        <translation>包括记者、各审级的编辑和十几篇稿件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="49"/>
        <source>Load the sample newsroom</source>
        <translation>载入示例编辑部</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="55"/>
        <location filename="../../app/ui/first_run.py" line="77"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="55"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="55"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="56"/>
        <location filename="../../app/ui/first_run.py" line="79"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="67"/>
        <source>First administrator</source>
        <translation>第一位管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="75"/>
        <source>This person also writes and edits articles</source>
        <translation>此人也写稿、编稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="78"/>
        <source>Real name</source>
        <translation>真实姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="80"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="82"/>
        <source>Create administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="91"/>
        <source>Continue to log in</source>
        <translation>继续登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="93"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="119"/>
        <source>Note these passwords now: they are shown only once. Log in as wangzd to write as a reporter.</source>
        <translation>请现在记下这些密码：它们只显示这一次。以 wangzd 登录即可作为记者写稿。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="128"/>
        <source>Reporter</source>
        <translation>记者</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="128"/>
        <source>Editor</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="129"/>
        <source>Chief editor</source>
        <translation>总编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="129"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="133"/>
        <source>The passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="99"/>
        <source>NewsDesk — Log in</source>
        <translation>采编台 — 登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="103"/>
        <source>NewsDesk 采编台</source>
        <translation>采编台 NewsDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="121"/>
        <source>This computer (embedded)</source>
        <translation>本机（内置数据库）</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="129"/>
        <source>The embedded database, or a newsroom server (postgresql://user@host/db)</source>
        <translation>内置数据库，或编辑部服务器（postgresql://用户@主机/数据库）</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="131"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="132"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="133"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="143"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="146"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="105"/>
        <location filename="../../app/ui/main_window.py" line="623"/>
        <source>NewsDesk — %1</source>
        <translation>采编台 — %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="153"/>
        <source>Search articles (headline, text, source, byline)…</source>
        <translation>搜索稿件（标题、正文、来源、署名）……</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="220"/>
        <source>%n article(s)</source>
        <translation>
            <numerusform>共 %n 篇稿件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="183"/>
        <source>Details</source>
        <translation>稿件信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="184"/>
        <source>Proofing</source>
        <translation>校对</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191"/>
        <source>Articles</source>
        <translation>稿件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="223"/>
        <source>search index updating (%1 to go): the list may be incomplete</source>
        <translation>检索索引更新中（还有 %1 条）：列表可能不完整</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="230"/>
        <source>%1 characters · punctuation %2 · spaces %3 · about %4 min</source>
        <translation>字数 %1 · 标点 %2 · 空格 %3 · 约 %4 分钟读完</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="239"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="239"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="239"/>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240"/>
        <source>&amp;Review</source>
        <translation>审稿(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240"/>
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="278"/>
        <source>&amp;New article</source>
        <translation>新建稿件(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="279"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="280"/>
        <source>Paste as new &amp;article</source>
        <translation>粘贴为新稿件(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="283"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="284"/>
        <source>Su&amp;bmit for review…</source>
        <translation>提交审稿(&amp;B)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="285"/>
        <source>Open published page in &amp;browser</source>
        <translation>在浏览器中打开发布页面(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="287"/>
        <source>&amp;Close article</source>
        <translation>关闭稿件(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="290"/>
        <source>&amp;Log out / switch user…</source>
        <translation>退出登录 / 切换用户(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="291"/>
        <source>Close your desk and let the next person log in (unsaved text is saved first)</source>
        <translation>关闭您的工作台，让下一位同事登录（未保存的文字先保存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="292"/>
        <source>S&amp;witch user</source>
        <translation>切换用户(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="295"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="297"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="298"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="300"/>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="301"/>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="302"/>
        <source>Find &amp;next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="304"/>
        <source>Insert &amp;image…</source>
        <translation>插入图片(&amp;I)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="305"/>
        <source>&amp;Media library…</source>
        <translation>图片库(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="306"/>
        <source>&amp;Bold</source>
        <translation>加粗(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="307"/>
        <source>&amp;Italic</source>
        <translation>斜体(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="308"/>
        <source>Fix all &amp;safe proofing findings</source>
        <translation>一键修正安全的校对问题(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="311"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="313"/>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="320"/>
        <source>&amp;About NewsDesk</source>
        <translation>关于采编台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="322"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="325"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="325"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="325"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="326"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="326"/>
        <source>Image</source>
        <translation>插图</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="326"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="327"/>
        <source>Web page</source>
        <translation>网页预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="465"/>
        <source>My drafts</source>
        <translation>我的草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="467"/>
        <source>Returned to me</source>
        <translation>退回给我</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="469"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="472"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="619"/>
        <location filename="../../app/ui/main_window.py" line="710"/>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="618"/>
        <source>%1[*] — NewsDesk</source>
        <translation>%1[*] — 采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="653"/>
        <source>Import articles</source>
        <translation>导入稿件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="654"/>
        <source>Documents (*.docx *.html *.htm *.txt);;All files (*)</source>
        <translation>文档 (*.docx *.html *.htm *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="664"/>
        <source>Importing %1…</source>
        <translation>正在导入 %1……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="670"/>
        <source>Imported “%1”</source>
        <translation>已导入《%1》</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="683"/>
        <source>Paste as article</source>
        <translation>粘贴为稿件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="683"/>
        <source>The clipboard holds no text.</source>
        <translation>剪贴板里没有文字。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="708"/>
        <source>Recover unsaved text</source>
        <translation>恢复未保存的文字</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="709"/>
        <source>NewsDesk was closed while “%1” had unsaved changes (%2). Restore them?</source>
        <translation>采编台上次关闭时，《%1》有未保存的修改（%2）。要恢复吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="731"/>
        <source>Recovered, not saved yet</source>
        <translation>已恢复，尚未保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="751"/>
        <source>The language changes when you next log in (File → Log out / switch user) or start NewsDesk.</source>
        <translation>界面语言将在下次登录（文件 → 退出登录 / 切换用户）或下次启动采编台时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="759"/>
        <source>About NewsDesk</source>
        <translation>关于采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="760"/>
        <source>NewsDesk %1 — the editorial workstation for regional newsrooms.</source>
        <translation>采编台 %1 — 面向地方新闻单位的采编工作站。</translation>
    </message>
</context>
<context>
    <name>MediaLibrary</name>
    <message>
        <location filename="../../app/ui/media/library.py" line="148"/>
        <source>Media library</source>
        <translation>图片库</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="161"/>
        <source>Search caption, credit, keywords, place…</source>
        <translation>搜索图说、摄影/来源、关键词、地点…</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="163"/>
        <source>Missing caption or credit</source>
        <translation>缺图说或署名</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="165"/>
        <source>Import photos…</source>
        <translation>导入图片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="167"/>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="192"/>
        <source>Original (原创)</source>
        <translation>原创</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="193"/>
        <source>Reprint (转载)</source>
        <translation>转载</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="197"/>
        <source>Save description</source>
        <translation>保存图片信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="200"/>
        <source>Caption</source>
        <translation>图说</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="201"/>
        <source>Credit</source>
        <translation>摄影/来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="202"/>
        <source>Alt text</source>
        <translation>替代文字</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="203"/>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="204"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="205"/>
        <source>Rights</source>
        <translation>版权</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="206"/>
        <source>Reprinted from</source>
        <translation>转载来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="211"/>
        <source>Cover 16:9</source>
        <translation>封面 16:9</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="211"/>
        <source>List 4:3</source>
        <translation>列表 4:3</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="212"/>
        <source>WeChat 2.35:1</source>
        <translation>微信封面 2.35:1</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="212"/>
        <source>Square 1:1</source>
        <translation>方图 1:1</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="221"/>
        <source>Save crop</source>
        <translation>保存裁切</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="223"/>
        <source>Use as the article&apos;s cover</source>
        <translation>设为稿件封面</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="244"/>
        <source>Build photo gallery (图集) from selection</source>
        <translation>用所选图片生成图集</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="345"/>
        <source>%1 × %2 px · taken %3 · %4</source>
        <translation>%1 × %2 像素 · 拍摄于 %3 · %4</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="368"/>
        <source>Import photos</source>
        <translation>导入图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="369"/>
        <source>Photos and Word files (*.jpg *.jpeg *.png *.webp *.gif *.docx)</source>
        <translation>图片和 Word 文件 (*.jpg *.jpeg *.png *.webp *.gif *.docx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="374"/>
        <source>Import a folder of photos</source>
        <translation>导入图片文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="384"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="385"/>
        <source>Importing photos…</source>
        <translation>正在导入图片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="391"/>
        <source>Imported %1, already in the library %2, refused %3.</source>
        <translation>导入 %1 张，图片库已有 %2 张，拒收 %3 张。</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="395"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="429"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="450"/>
        <source>Photo gallery of %1 photos saved.</source>
        <translation>图集已保存，共 %1 张。</translation>
    </message>
    <message>
        <location filename="../../app/ui/media/library.py" line="452"/>
        <source>%1 still lack a caption or credit: the article cannot be signed until they have one.</source>
        <translation>%1 张仍缺图说或署名：补全前稿件不能签署。</translation>
    </message>
</context>
<context>
    <name>MetadataPanel</name>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="120"/>
        <source>Dateline</source>
        <translation>电头</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="123"/>
        <source>Original</source>
        <translation>原创</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="124"/>
        <source>Reprint</source>
        <translation>转载</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="125"/>
        <source>Origin</source>
        <translation>稿件来源类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="130"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="133"/>
        <source>Source URL</source>
        <translation>来源网址</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="135"/>
        <source>Original author</source>
        <translation>原作者</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="137"/>
        <source>Original title</source>
        <translation>原标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="149"/>
        <source>Original time</source>
        <translation>原发时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="151"/>
        <source>Contributors (a pasted byline becomes rows)</source>
        <translation>作者（粘贴一行署名即可自动拆分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="153"/>
        <source>Paste a byline, e.g. 记者 王忠德 通讯员 李明</source>
        <translation>粘贴署名，例如：记者 王忠德 通讯员 李明</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="160"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="161"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="174"/>
        <source>Separate with commas</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="175"/>
        <source>Suggest</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="179"/>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="187"/>
        <source>Channel</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="145"/>
        <location filename="../../app/ui/editor/metadata.py" line="195"/>
        <location filename="../../app/ui/editor/metadata.py" line="228"/>
        <location filename="../../app/ui/editor/metadata.py" line="261"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="196"/>
        <source>Choose…</source>
        <translation>选择……</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="200"/>
        <source>Cover image</source>
        <translation>封面图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="322"/>
        <source>Required for a reprint</source>
        <translation>转载稿必填</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="368"/>
        <source>Suggested: %1</source>
        <translation>建议：%1</translation>
    </message>
</context>
<context>
    <name>ProofingPanel</name>
    <message>
        <location filename="../../app/ui/editor/proofing_panel.py" line="71"/>
        <source>No findings.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/proofing_panel.py" line="80"/>
        <source>Fix</source>
        <translation>修正</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/proofing_panel.py" line="83"/>
        <source>Fix all safe</source>
        <translation>一键修正</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/proofing_panel.py" line="121"/>
        <source>… %n more (fix the ones above first)</source>
        <translation>
            <numerusform>……还有 %n 处（请先处理上面的问题）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/proofing_panel.py" line="126"/>
        <source>%n finding(s)</source>
        <translation>
            <numerusform>发现 %n 处问题</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/proofing_panel.py" line="127"/>
        <source>(%n safe to fix)</source>
        <translation>
            <numerusform>（其中 %n 处可一键修正）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../app/ui/session.py" line="85"/>
        <source>%1 logged out. Who is next?</source>
        <translation>%1 已退出登录。请下一位同事登录。</translation>
    </message>
</context>
<context>
    <name>SubmitDialog</name>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="143"/>
        <source>Submit for review</source>
        <translation>提交审稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="145"/>
        <source>Submit “%1” for review? You cannot edit it until an editor returns it.</source>
        <translation>把《%1》提交审稿？提交后在编辑退回之前不能再修改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="147"/>
        <source>Note to the editor (optional):</source>
        <translation>给编辑的留言（可选）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="152"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/dialogs.py" line="153"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../app/ui/app.py" line="389"/>
        <source>The database was upgraded; a copy of the old one is at %1</source>
        <translation>数据库已升级，旧数据库的副本保存在 %1</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../app/ui/app.py" line="75"/>
        <source>NewsDesk — unexpected error</source>
        <translation>采编台 — 意外错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="77"/>
        <source>Something went wrong inside NewsDesk. Your saved work is safe; unsaved text is kept in a recovery file. Please send the details below to your administrator.</source>
        <translation>采编台内部出现了错误。已保存的稿件是安全的，未保存的文字保存在恢复文件中。请把下面的详细信息发给系统管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="84"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <location filename="../../app/ui/ops.py" line="121"/>
        <source>NewsDesk</source>
        <translation>采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/ops.py" line="232"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>

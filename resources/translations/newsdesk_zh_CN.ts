<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArticleListModel</name>
    <message>
        <location filename="../../app/ui/models/articles.py" line="30"/>
        <source>Headline</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="31"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="32"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="33"/>
        <source>Channel</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="34"/>
        <source>Characters</source>
        <translation>字数</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="35"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="50"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="51"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="52"/>
        <source>In review</source>
        <translation>审稿中</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="53"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="54"/>
        <source>Approved</source>
        <translation>已签发</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="55"/>
        <source>Scheduled</source>
        <translation>定时发布</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="56"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="57"/>
        <source>Withdrawn</source>
        <translation>已撤稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/models/articles.py" line="167"/>
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
        <location filename="../../app/ui/editor/editor.py" line="143"/>
        <source>Kicker (引题)</source>
        <translation>引题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="146"/>
        <source>Headline (主题)</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="153"/>
        <source>Subheadline (副题)</source>
        <translation>副题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="156"/>
        <location filename="../../app/ui/editor/editor.py" line="162"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="159"/>
        <source>Kicker</source>
        <translation>引题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="160"/>
        <source>Headline</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="161"/>
        <source>Subheadline</source>
        <translation>副题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="172"/>
        <source>Write the article in Markdown…</source>
        <translation>在此用 Markdown 撰写正文……</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="182"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="184"/>
        <source>Open published page</source>
        <translation>打开发布页面</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="273"/>
        <location filename="../../app/ui/editor/editor.py" line="541"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="308"/>
        <source>Returned by %1: %2</source>
        <translation>%1 退回了这篇稿件：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="349"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="350"/>
        <source>“%1” has unsaved changes. Save them?</source>
        <translation>《%1》有未保存的修改，是否保存？</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="410"/>
        <source>Editing (lease held)</source>
        <translation>编辑中（他人暂不能修改）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="416"/>
        <source>The article is read-only for you.</source>
        <translation>稿件对您只读。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="417"/>
        <source>Locked by %1</source>
        <translation>%1 正在编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="418"/>
        <source>Article in use</source>
        <translation>稿件正被编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="428"/>
        <source>Lease lost</source>
        <translation>编辑锁已失效</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="445"/>
        <source>Unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="500"/>
        <source>Saving…</source>
        <translation>正在保存……</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="547"/>
        <source>Conflict</source>
        <translation>保存冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="550"/>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/editor.py" line="650"/>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/assist.py" line="117"/>
        <source>Insert image</source>
        <translation>插入图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/assist.py" line="179"/>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.gif *.webp)</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/assist.py" line="139"/>
        <source>Cover image</source>
        <translation>封面图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/states.py" line="15"/>
        <source>Published. To change it, ask an editor to publish a correction (更正).</source>
        <translation>稿件已发布，不能直接修改；如需改动，请编辑发布更正。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/states.py" line="18"/>
        <source>Withdrawn (撤稿): it can no longer be changed.</source>
        <translation>稿件已撤稿，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/states.py" line="20"/>
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
        <location filename="../../app/ui/first_run.py" line="37"/>
        <source>Welcome to NewsDesk</source>
        <translation>欢迎使用采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="40"/>
        <source>&lt;h3&gt;This database has no users yet.&lt;/h3&gt;Start with the sample newsroom to see NewsDesk at work, or create the first administrator.</source>
        <translation>&lt;h3&gt;这个数据库还没有用户。&lt;/h3&gt;可以载入示例编辑部，马上看到采编台的实际用法；也可以创建第一位管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="43"/>
        <source>Sample newsroom</source>
        <translation>示例编辑部</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="45"/>
        <source>Reporters, editors for every review step and a dozen articles.</source>
        <translation>包括记者、各审级的编辑和十几篇稿件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="46"/>
        <source>Load the sample newsroom</source>
        <translation>载入示例编辑部</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="52"/>
        <location filename="../../app/ui/first_run.py" line="74"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="52"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="52"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="53"/>
        <location filename="../../app/ui/first_run.py" line="76"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="64"/>
        <source>First administrator</source>
        <translation>第一位管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="72"/>
        <source>This person also writes and edits articles</source>
        <translation>此人也写稿、编稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="75"/>
        <source>Real name</source>
        <translation>真实姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="77"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="79"/>
        <source>Create administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="88"/>
        <source>Continue to log in</source>
        <translation>继续登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="90"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="116"/>
        <source>Note these passwords now: they are shown only once. Log in as wangzd to write as a reporter.</source>
        <translation>请现在记下这些密码：它们只显示这一次。以 wangzd 登录即可作为记者写稿。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="125"/>
        <source>Reporter</source>
        <translation>记者</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="125"/>
        <source>Editor</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="126"/>
        <source>Chief editor</source>
        <translation>总编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="126"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="130"/>
        <source>The passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="90"/>
        <source>NewsDesk — Log in</source>
        <translation>采编台 — 登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="94"/>
        <source>NewsDesk 采编台</source>
        <translation>采编台 NewsDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="112"/>
        <source>This computer (embedded)</source>
        <translation>本机（内置数据库）</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="120"/>
        <source>The embedded database, or a newsroom server (postgresql://user@host/db)</source>
        <translation>内置数据库，或编辑部服务器（postgresql://用户@主机/数据库）</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="122"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="123"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="124"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="134"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="137"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="77"/>
        <location filename="../../app/ui/main_window.py" line="479"/>
        <source>NewsDesk — %1</source>
        <translation>采编台 — %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="120"/>
        <source>Search articles (headline, text, source, byline)…</source>
        <translation>搜索稿件（标题、正文、来源、署名）……</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="188"/>
        <source>%n article(s)</source>
        <translation>
            <numerusform>共 %n 篇稿件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="152"/>
        <source>Details</source>
        <translation>稿件信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="153"/>
        <source>Proofing</source>
        <translation>校对</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="159"/>
        <source>Articles</source>
        <translation>稿件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191"/>
        <source>search index updating (%1 to go): the list may be incomplete</source>
        <translation>检索索引更新中（还有 %1 条）：列表可能不完整</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="198"/>
        <source>%1 characters · punctuation %2 · spaces %3 · about %4 min</source>
        <translation>字数 %1 · 标点 %2 · 空格 %3 · 约 %4 分钟读完</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="207"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="207"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="207"/>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="208"/>
        <source>&amp;Review</source>
        <translation>审稿(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="208"/>
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="208"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="246"/>
        <source>&amp;New article</source>
        <translation>新建稿件(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="247"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="248"/>
        <source>Paste as new &amp;article</source>
        <translation>粘贴为新稿件(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="251"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="252"/>
        <source>Su&amp;bmit for review…</source>
        <translation>提交审稿(&amp;B)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="253"/>
        <source>Open published page in &amp;browser</source>
        <translation>在浏览器中打开发布页面(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="255"/>
        <source>&amp;Close article</source>
        <translation>关闭稿件(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="258"/>
        <source>&amp;Log out / switch user…</source>
        <translation>退出登录 / 切换用户(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="259"/>
        <source>Close your desk and let the next person log in (unsaved text is saved first)</source>
        <translation>关闭您的工作台，让下一位同事登录（未保存的文字先保存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="260"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="262"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="263"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="265"/>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="266"/>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="267"/>
        <source>Find &amp;next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="269"/>
        <source>Insert &amp;image…</source>
        <translation>插入图片(&amp;I)……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="270"/>
        <source>&amp;Bold</source>
        <translation>加粗(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="271"/>
        <source>&amp;Italic</source>
        <translation>斜体(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="272"/>
        <source>Fix all &amp;safe proofing findings</source>
        <translation>一键修正安全的校对问题(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="275"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="277"/>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="284"/>
        <source>&amp;About NewsDesk</source>
        <translation>关于采编台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="286"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="289"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="289"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="289"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="290"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="290"/>
        <source>Image</source>
        <translation>插图</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="290"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="291"/>
        <source>Web page</source>
        <translation>网页预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="337"/>
        <source>My drafts</source>
        <translation>我的草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="339"/>
        <source>Returned to me</source>
        <translation>退回给我</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="341"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="345"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="475"/>
        <location filename="../../app/ui/main_window.py" line="566"/>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="474"/>
        <source>%1[*] — NewsDesk</source>
        <translation>%1[*] — 采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="509"/>
        <source>Import articles</source>
        <translation>导入稿件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="510"/>
        <source>Documents (*.docx *.html *.htm *.txt);;All files (*)</source>
        <translation>文档 (*.docx *.html *.htm *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="520"/>
        <source>Importing %1…</source>
        <translation>正在导入 %1……</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="526"/>
        <source>Imported “%1”</source>
        <translation>已导入《%1》</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="539"/>
        <source>Paste as article</source>
        <translation>粘贴为稿件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="539"/>
        <source>The clipboard holds no text.</source>
        <translation>剪贴板里没有文字。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="564"/>
        <source>Recover unsaved text</source>
        <translation>恢复未保存的文字</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="565"/>
        <source>NewsDesk was closed while “%1” had unsaved changes (%2). Restore them?</source>
        <translation>采编台上次关闭时，《%1》有未保存的修改（%2）。要恢复吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="587"/>
        <source>Recovered, not saved yet</source>
        <translation>已恢复，尚未保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="607"/>
        <source>The language changes when you next log in (File → Log out / switch user) or start NewsDesk.</source>
        <translation>界面语言将在下次登录（文件 → 退出登录 / 切换用户）或下次启动采编台时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="615"/>
        <source>About NewsDesk</source>
        <translation>关于采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="616"/>
        <source>NewsDesk %1 — the editorial workstation for regional newsrooms.</source>
        <translation>采编台 %1 — 面向地方新闻单位的采编工作站。</translation>
    </message>
</context>
<context>
    <name>MetadataPanel</name>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="117"/>
        <source>Dateline</source>
        <translation>电头</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="120"/>
        <source>Original</source>
        <translation>原创</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="121"/>
        <source>Reprint</source>
        <translation>转载</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="122"/>
        <source>Origin</source>
        <translation>稿件来源类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="127"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="130"/>
        <source>Source URL</source>
        <translation>来源网址</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="132"/>
        <source>Original author</source>
        <translation>原作者</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="134"/>
        <source>Original title</source>
        <translation>原标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="146"/>
        <source>Original time</source>
        <translation>原发时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="148"/>
        <source>Contributors (a pasted byline becomes rows)</source>
        <translation>作者（粘贴一行署名即可自动拆分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="150"/>
        <source>Paste a byline, e.g. 记者 王忠德 通讯员 李明</source>
        <translation>粘贴署名，例如：记者 王忠德 通讯员 李明</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="157"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="158"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="171"/>
        <source>Separate with commas</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="172"/>
        <source>Suggest</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="176"/>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="184"/>
        <source>Channel</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="142"/>
        <location filename="../../app/ui/editor/metadata.py" line="192"/>
        <location filename="../../app/ui/editor/metadata.py" line="225"/>
        <location filename="../../app/ui/editor/metadata.py" line="257"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="193"/>
        <source>Choose…</source>
        <translation>选择……</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="197"/>
        <source>Cover image</source>
        <translation>封面图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="318"/>
        <source>Required for a reprint</source>
        <translation>转载稿必填</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/metadata.py" line="364"/>
        <source>Suggested: %1</source>
        <translation>建议：%1</translation>
    </message>
</context>
<context>
    <name>ProofingPanel</name>
    <message>
        <location filename="../../app/ui/editor/proofing_panel.py" line="68"/>
        <source>No findings.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/proofing_panel.py" line="77"/>
        <source>Fix</source>
        <translation>修正</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor/proofing_panel.py" line="80"/>
        <source>Fix all safe</source>
        <translation>一键修正</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/proofing_panel.py" line="118"/>
        <source>… %n more (fix the ones above first)</source>
        <translation>
            <numerusform>……还有 %n 处（请先处理上面的问题）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/proofing_panel.py" line="123"/>
        <source>%n finding(s)</source>
        <translation>
            <numerusform>发现 %n 处问题</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/editor/proofing_panel.py" line="124"/>
        <source>(%n safe to fix)</source>
        <translation>
            <numerusform>（其中 %n 处可一键修正）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../app/ui/session.py" line="75"/>
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
        <location filename="../../app/ui/app.py" line="336"/>
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
        <location filename="../../app/ui/ops.py" line="99"/>
        <source>NewsDesk</source>
        <translation>采编台</translation>
    </message>
    <message>
        <location filename="../../app/ui/ops.py" line="192"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>

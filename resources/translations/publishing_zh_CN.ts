<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>publishing</name>
    <message>
        <source>E&amp;xport site…</source>
        <translation>导出网站(&amp;X)…</translation>
    </message>
    <message>
        <source>Write the published articles as a static HTML site</source>
        <translation>把已发布的稿件导出为静态 HTML 网站</translation>
    </message>
    <message>
        <source>Delivering the queued jobs…</source>
        <translation>正在推送排队的任务…</translation>
    </message>
    <message>
        <source>Publish queue</source>
        <translation>推送队列</translation>
    </message>
    <message>
        <source>see the publish queue</source>
        <translation>详见推送队列</translation>
    </message>
    <message>
        <source>NewsDesk publishing</source>
        <translation>采编台推送</translation>
    </message>
    <message>
        <source>Publishing</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Queued jobs wait until the keyring is available.</source>
        <translation>排队的推送任务会保留，等密钥环可用后再发送。</translation>
    </message>
    <message>
        <source>Publishing to %1 failed: %2</source>
        <translation>推送到“%1”失败：%2</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>失败 %1</translation>
    </message>
    <message>
        <source>Export site</source>
        <translation>导出网站</translation>
    </message>
    <message>
        <source>Writes every published article as a static HTML site (home page, channel pages, feeds, sitemap). Only pages that changed are rewritten.</source>
        <translation>把所有已发布的稿件导出为静态 HTML 网站（首页、栏目页、订阅源、站点地图）。只重写有变化的页面。</translation>
    </message>
    <message>
        <source>Choose a folder for the site</source>
        <translation>选择网站的输出文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Full export (render and write every page again)</source>
        <translation>完整导出（重新生成并写入全部页面）</translation>
    </message>
    <message>
        <source>Use after a theme change made outside NewsDesk or when files were edited by hand. Otherwise only changed pages are written.</source>
        <translation>在采编台之外修改了主题，或手工改动过文件时使用。否则只写入有变化的页面。</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>Choose an output folder first.</source>
        <translation>请先选择输出文件夹。</translation>
    </message>
    <message>
        <source>Cancelling… (the page being written is finished first)</source>
        <translation>正在取消…（正在写的页面会先写完）</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Exporting: %1</source>
        <translation>正在导出：%1</translation>
    </message>
    <message>
        <source>Export cancelled after %1 s: %2 file(s) written, nothing half-written. The next export finishes the job.</source>
        <translation>导出已在 %1 秒后取消：已写入 %2 个文件，没有写了一半的页面。下次导出会完成剩余部分。</translation>
    </message>
    <message>
        <source>Exported %1 article(s), %2 file(s) in %3 s: %4 written, %5 unchanged, %6 removed.</source>
        <translation>已导出 %1 篇稿件、%2 个文件，用时 %3 秒：写入 %4，未变 %5，删除 %6。</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>推送目标</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>稿件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>下次尝试</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>All targets</source>
        <translation>全部目标</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Deliver the selected failed, cancelled or waiting job again, now</source>
        <translation>立即重新发送选中的失败、已取消或等待中的任务</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Do not deliver the selected job</source>
        <translation>不再发送选中的任务</translation>
    </message>
    <message>
        <source>Deliver now</source>
        <translation>立即推送</translation>
    </message>
    <message>
        <source>Send the jobs that are due now without waiting for the next round</source>
        <translation>立即发送到期的任务，不等下一轮</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No publishing jobs. Publishing, corrections and withdrawals are queued here for each portal or WordPress target.</source>
        <translation>暂无推送任务。发布、更正和撤稿会为每个门户或 WordPress 目标在这里排队。</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤稿</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>delivered %1</source>
        <translation>已送达 %1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
    <message>
        <source>Delivering %1 / waiting %2 / failed %3</source>
        <translation>推送中 %1 / 待推送 %2 / 失败 %3</translation>
    </message>
    <message>
        <source>Job %1: %2 “%3” (version %4) to %5, %6</source>
        <translation>任务 %1：%2“%3”（第 %4 版）到 %5，%6</translation>
    </message>
</context>
</TS>

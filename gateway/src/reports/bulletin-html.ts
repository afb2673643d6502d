// The bulletin as a print-ready page: A4, the issuing center's red header, tables whose heads
// repeat on every page and whose rows never split; on screen a sheet of paper with a link to the
// workbook. No script (the gateway's CSP allows none inline); printing is the browser's.
import { KPIS, type KpiId } from '../domain/kpi.js';
import { chineseDate, KPI_ORDER, KPI_TERMS_ZH, lastDay, percent, pointsChange, type Bulletin, type BulletinRow } from './bulletin.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const zh = (id: KpiId) => KPIS.find((k) => k.id === id)!.zh;
const n = (v: number) => v.toLocaleString('zh-CN');

/** The ranking columns a printed page has room for (the workbook has all eleven). */
const RANK_COLUMNS: KpiId[] = ['onTimeClosureRate', 'closureRate', 'onTimeHandlingRate', 'accurateDispatchRate', 'onTimeFilingRate', 'validReportRate', 'reworkRate'];

function rankingTable(rows: BulletinRow[], what: string, rankedBy: KpiId, testid: string): string {
  if (rows.length === 0) return '<p class="none">本月无数据。</p>';
  const cols = [rankedBy, ...RANK_COLUMNS.filter((c) => c !== rankedBy)];
  return `<table class="rank" data-testid="${testid}">
<thead><tr><th>名次</th><th>${esc(what)}</th>${cols.map((c) => `<th>${esc(zh(c))}</th>`).join('')}<th>应结案</th><th>已结案</th></tr></thead>
<tbody>
${rows.map((r) => `<tr data-code="${esc(r.code)}"><td class="c">${r.rank}</td><td>${esc(r.name)}</td>${cols.map((c) => `<td class="r">${percent(r.kpis[c].value)}</td>`).join('')}<td class="r">${n(r.kpis.closureRate.denominator)}</td><td class="r">${n(r.kpis.closureRate.numerator)}</td></tr>`).join('\n')}
</tbody></table>`;
}

export function bulletinHtml(b: Bulletin, xlsxUrl: string): string {
  const k = b.kpis;
  const period = `${chineseDate(b.from)}至${chineseDate(lastDay(b.to))}${b.partial ? '（本月截至当日）' : ''}`;
  const best = b.areas?.rows.filter((r) => r.kpis[b.areas!.rankedBy].value !== null) ?? [];
  const summary = [
    `本月共受理上报案件 ${n(k.validReportRate.denominator)} 件，其中有效 ${n(k.validReportRate.numerator)} 件，有效上报率 ${percent(k.validReportRate.value)}；`,
    `立案 ${n(k.onTimeFilingRate.denominator)} 件，按时立案率 ${percent(k.onTimeFilingRate.value)}；派遣 ${n(k.accurateDispatchRate.denominator)} 件，准确派遣率 ${percent(k.accurateDispatchRate.value)}；`,
    `应结案 ${n(k.closureRate.denominator)} 件，已结案 ${n(k.closureRate.numerator)} 件，结案率 ${percent(k.closureRate.value)}，按期结案率 ${percent(k.onTimeClosureRate.value)}`,
    b.previous.onTimeClosureRate.value === null || k.onTimeClosureRate.value === null ? '。' : `，较上月${pointsChange(k.onTimeClosureRate.value, b.previous.onTimeClosureRate.value)}个百分点。`,
    best.length >= 2
      ? best[0]!.kpis.onTimeClosureRate.value === best.at(-1)!.kpis.onTimeClosureRate.value
        ? `各${esc(b.areas!.levelName)}按期结案率均为${percent(best[0]!.kpis.onTimeClosureRate.value)}。`
        : `${esc(b.areas!.levelName)}中，${esc(best[0]!.name)}按期结案率最高（${percent(best[0]!.kpis.onTimeClosureRate.value)}），${esc(best.at(-1)!.name)}最低（${percent(best.at(-1)!.kpis.onTimeClosureRate.value)}）。`
      : '',
  ].join('');
  let section = 1;
  const h = (title: string) => `<h2>${['一', '二', '三', '四', '五', '六'][section++ - 1]}、${esc(title)}</h2>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${esc(b.title)}</title>
<style>
@page { size: A4 portrait; margin: 20mm 16mm 18mm; }
* { box-sizing: border-box; }
html { background: #e9edf2; }
body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif; color: #111; font-size: 15px; line-height: 1.7; }
.bar { max-width: 210mm; margin: 16px auto 0; display: flex; gap: 16px; align-items: center; font-family: "Noto Sans CJK SC", sans-serif; font-size: 14px; color: #34495e; }
.bar a { color: #fff; background: #1f5fa8; padding: 6px 14px; border-radius: 4px; text-decoration: none; }
.sheet { max-width: 210mm; margin: 12px auto 32px; background: #fff; padding: 20mm 16mm 18mm; box-shadow: 0 2px 12px rgba(0,0,0,.15); }
.org, .meta, .foot { text-indent: 0; }
.org { text-align: center; color: #c00; font-size: 30px; font-weight: 700; letter-spacing: 4px; margin: 0; }
.rule { border: 0; border-top: 3px solid #c00; margin: 10px 0 2px; }
.rule + .rule { border-top-width: 1px; margin-top: 0; }
h1 { text-align: center; font-size: 22px; margin: 22px 0 6px; }
.meta { text-align: center; font-size: 14px; color: #333; margin: 0 0 18px; }
h2 { font-size: 17px; margin: 20px 0 8px; font-family: "Noto Sans CJK SC", sans-serif; }
p { text-indent: 2em; margin: 0 0 8px; text-align: justify; }
p.none { text-indent: 0; color: #666; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #777; padding: 4px 6px; }
th { background: #eef2f7; font-weight: 700; font-family: "Noto Sans CJK SC", sans-serif; }
td.r { text-align: right; white-space: nowrap; }
td.c { text-align: center; }
.up { color: #0a7a3d; } .down { color: #c00; }
.defs td { font-size: 12.5px; }
table.rank { font-size: 12.5px; }
table.rank th { padding: 4px 3px; }
table.rank th:first-child, table.rank td:first-child { white-space: nowrap; width: 3.2em; }
table.rank td:nth-child(2) { white-space: nowrap; }
.foot { margin-top: 24px; text-align: right; font-size: 14px; }
@media print {
  html { background: #fff; }
  .bar { display: none; }
  .sheet { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  h2 { page-break-after: avoid; break-after: avoid; }
}
</style>
</head>
<body>
<div class="bar"><a href="${esc(xlsxUrl)}" data-testid="bulletin-xlsx">下载 Excel（.xlsx）</a><span>打印：浏览器菜单「打印」（Ctrl+P），A4 纵向</span></div>
<main class="sheet">
<p class="org">${esc(b.org)}</p>
<hr class="rule"><hr class="rule">
<h1 data-testid="bulletin-title">${esc(b.title)}</h1>
<p class="meta">统计周期：${period} · 区域代码：${esc(b.scope)}</p>
${h('总体情况')}
<p data-testid="bulletin-summary">${summary}</p>
${h('十一项考核指标')}
<table data-testid="bulletin-kpis">
<thead><tr><th>序号</th><th>指标</th><th>本月</th><th>分子 / 分母</th><th>上月</th><th>增减（百分点）</th></tr></thead>
<tbody>
${KPI_ORDER.map((id, i) => {
    const now = k[id], before = b.previous[id];
    const ch = pointsChange(now.value, before.value);
    // a higher rework or overdue rate is worse
    const worse = id === 'reworkRate' || id === 'overdueClosureRate';
    const cls = ch.startsWith('+') ? (worse ? 'down' : 'up') : ch.startsWith('−') ? (worse ? 'up' : 'down') : '';
    return `<tr data-kpi="${id}"><td class="c">${i + 1}</td><td>${esc(zh(id))}</td><td class="r">${percent(now.value)}</td><td class="r">${n(now.numerator)} / ${n(now.denominator)}</td><td class="r">${percent(before.value)}</td><td class="r ${cls}">${ch}</td></tr>`;
  }).join('\n')}
</tbody></table>
${b.areas ? `${h(`${b.areas.levelName}排名（按${zh(b.areas.rankedBy)}）`)}\n${rankingTable(b.areas.rows, b.areas.levelName, b.areas.rankedBy, 'bulletin-areas')}` : ''}
${h(`责任部门排名（按${zh(b.departments.rankedBy)}）`)}
${rankingTable(b.departments.rows, '责任部门', b.departments.rankedBy, 'bulletin-departments')}
${h('指标说明')}
<table class="defs"><thead><tr><th>指标</th><th>分子</th><th>分母</th></tr></thead><tbody>
${KPI_ORDER.map((id) => `<tr><td>${esc(zh(id))}</td><td>${esc(KPI_TERMS_ZH[id][0])}</td><td>${esc(KPI_TERMS_ZH[id][1])}</td></tr>`).join('\n')}
</tbody></table>
<p class="foot">${esc(b.org)}<br>${chineseDate(b.generatedAt)}</p>
</main>
</body>
</html>
`;
}

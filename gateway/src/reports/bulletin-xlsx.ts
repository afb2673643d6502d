// The bulletin as an Excel workbook (exceljs): 通报 (the eleven KPIs, this month and last), one
// ranking sheet each for the areas one level down and the departments, and 指标说明. Ratios are
// stored as numbers (formatted as percentages), so a cell holds exactly what /api/stats/kpi answers;
// every sheet is set up to print on A4 with its header row repeated.
import ExcelJS from 'exceljs';
import { KPIS, type KpiId } from '../domain/kpi.js';
import { chineseDate, KPI_ORDER, KPI_TERMS_ZH, lastDay, type Bulletin, type BulletinRow } from './bulletin.js';

export const SHEETS = { summary: '通报', areas: '区域排名', departments: '部门排名', definitions: '指标说明' } as const;

const NAVY = 'FF0B2A4A';
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF9AAABB' } },
  left: { style: 'thin', color: { argb: 'FF9AAABB' } },
  bottom: { style: 'thin', color: { argb: 'FF9AAABB' } },
  right: { style: 'thin', color: { argb: 'FF9AAABB' } },
};
const zh = (id: KpiId) => KPIS.find((k) => k.id === id)!.zh;

function printSetup(ws: ExcelJS.Worksheet, landscape: boolean, headerRow: number): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRow}:${headerRow}`,
    horizontalCentered: true,
  };
  ws.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' };
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
}

function heading(ws: ExcelJS.Worksheet, b: Bulletin, cols: number, subtitle: string): void {
  ws.mergeCells(1, 1, 1, cols);
  ws.getCell(1, 1).value = b.title;
  ws.getCell(1, 1).font = { name: '宋体', size: 16, bold: true, color: { argb: NAVY } };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getRow(1).height = 28;
  ws.mergeCells(2, 1, 2, cols);
  ws.getCell(2, 1).value = subtitle;
  ws.getCell(2, 1).font = { size: 10, color: { argb: 'FF555555' } };
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
}

function headerRow(ws: ExcelJS.Worksheet, row: number, names: string[]): void {
  const r = ws.getRow(row);
  names.forEach((n, i) => {
    const c = r.getCell(i + 1);
    c.value = n;
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.border = THIN;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  r.height = 32;
}

function body(ws: ExcelJS.Worksheet, from: number, values: (string | number | null)[][], percentCols: Set<number>): void {
  values.forEach((vals, k) => {
    const r = ws.getRow(from + k);
    vals.forEach((v, i) => {
      const c = r.getCell(i + 1);
      c.value = v;
      c.border = THIN;
      if (percentCols.has(i)) { c.numFmt = '0.00%'; c.alignment = { horizontal: 'right' }; }
      else if (typeof v === 'number') c.alignment = { horizontal: 'right' };
    });
  });
}

function rankingSheet(wb: ExcelJS.Workbook, b: Bulletin, name: string, what: string, rankedBy: KpiId, rows: BulletinRow[]): void {
  const ws = wb.addWorksheet(name);
  const cols = ['名次', '代码', what, ...KPI_ORDER.map(zh), ...KPI_ORDER.flatMap((id) => [`${zh(id)}分子`, `${zh(id)}分母`])];
  heading(ws, b, Math.min(cols.length, 14), `按${zh(rankedBy)}排名 · 统计周期 ${chineseDate(b.from)}至${chineseDate(lastDay(b.to))}${b.partial ? '（截至当日）' : ''}`);
  headerRow(ws, 4, cols);
  const percent = new Set(KPI_ORDER.map((_, i) => 3 + i));
  body(ws, 5, rows.map((r) => [r.rank, r.code, r.name, ...KPI_ORDER.map((id) => r.kpis[id].value), ...KPI_ORDER.flatMap((id) => [r.kpis[id].numerator, r.kpis[id].denominator])]), percent);
  ws.columns.forEach((c, i) => { c.width = i === 0 ? 6 : i === 1 ? 16 : i === 2 ? 22 : 11; });
  printSetup(ws, true, 4);
}

/** The workbook of a bulletin, as the bytes of an .xlsx file. */
export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = b.org;
  wb.title = b.title;
  wb.created = b.generatedAt;

  // 通报: the eleven KPIs, this month beside last month
  const ws = wb.addWorksheet(SHEETS.summary);
  heading(ws, b, 7, `${b.org} · 统计周期 ${chineseDate(b.from)}至${chineseDate(lastDay(b.to))}${b.partial ? '（截至当日）' : ''} · 生成于 ${chineseDate(b.generatedAt)}`);
  ws.getCell(3, 1).value = '区域';
  ws.getCell(3, 2).value = `${b.scopeName}（${b.scope}）`;
  headerRow(ws, 5, ['序号', '指标', '本月', '分子', '分母', '上月', '增减（百分点）']);
  body(ws, 6, KPI_ORDER.map((id, i) => {
    const now = b.kpis[id], before = b.previous[id];
    return [i + 1, zh(id), now.value, now.numerator, now.denominator, before.value, now.value !== null && before.value !== null ? Math.round((now.value - before.value) * 1e4) / 100 : null];
  }), new Set([2, 5]));
  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 26;
  for (const c of [3, 4, 5, 6, 7]) ws.getColumn(c).width = 13;
  ws.getColumn(7).numFmt = '+0.00;-0.00;0.00';
  printSetup(ws, false, 5);

  if (b.areas) rankingSheet(wb, b, SHEETS.areas, b.areas.levelName, b.areas.rankedBy, b.areas.rows);
  rankingSheet(wb, b, SHEETS.departments, '责任部门', b.departments.rankedBy, b.departments.rows);

  const defs = wb.addWorksheet(SHEETS.definitions);
  headerRow(defs, 1, ['指标', 'KPI', '分子', '分母', 'numerator', 'denominator']);
  body(defs, 2, KPIS.map((k) => [k.zh, k.en, KPI_TERMS_ZH[k.id][0], KPI_TERMS_ZH[k.id][1], k.numerator, k.denominator]), new Set());
  defs.getColumn(1).width = 24;
  defs.getColumn(2).width = 40;
  for (const c of [3, 4, 5, 6]) defs.getColumn(c).width = 30;
  printSetup(defs, true, 1);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

import { type ScenarioDocument, SECTION_SHEETS, sectionRows } from "@3c/domain";
import { loadExcel } from "@3c/workbooks";
import { documentRows, type Row } from "./documentRows.js";
import { SHEETS } from "./layout.js";

/**
 * Writes the scenario workbook: a README sheet, then one sheet per kind of input with bold headings
 * that carry a note on what to enter. Given a document, the sheets are filled with it; otherwise
 * they are blank. Every cell is text, so ids such as `007` and amounts such as `15600.00` keep
 * their exact form; 3c also reads numbers and dates that people type in.
 *
 * @param doc - the scenario to fill in, or undefined for a blank template
 * @returns the XLSX file's bytes
 */
export async function writeTemplate(doc?: ScenarioDocument): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = "3c";
  wb.created = new Date("2024-04-01T00:00:00Z");
  wb.modified = wb.created;
  const rows: Partial<Record<string, Row[]>> =
    doc === undefined
      ? {}
      : { ...documentRows(doc), ...sectionRows(doc as unknown as Readonly<Record<string, unknown>>) };

  const readme = wb.addWorksheet("README");
  readme.getColumn(1).width = 16;
  readme.getColumn(2).width = 100;
  readme.addRow(["3c scenario workbook"]).font = { bold: true, size: 14 };
  readme.addRow(["How to use", "Fill in one sheet per kind of input; hover over a heading for what to enter."]);
  readme.addRow(["", "Check it with: 3c validate THIS.xlsx — every problem is named by sheet, row and column."]);
  readme.addRow(["", "Run it with: 3c recharge THIS.xlsx --period 2024/25-Q3, or 3c calc THIS.xlsx --period 2024/25"]);
  readme.addRow([
    "",
    "Report on it with: 3c savings THIS.xlsx --year 2024/25, 3c kpi …, 3c report ICT THIS.xlsx --year 2024/25",
  ]);
  readme.addRow([]);
  for (const s of SHEETS) readme.addRow([s.name, s.about]);
  for (const s of SECTION_SHEETS) readme.addRow([s.name, s.about]);

  for (const spec of [...SHEETS, ...SECTION_SHEETS]) {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => ({ header: c.header, key: c.header, width: c.width ?? 14 }));
    const head = ws.getRow(1);
    head.font = { bold: true };
    spec.columns.forEach((c, i) => {
      head.getCell(i + 1).note = c.note;
    });
    for (const row of rows[spec.name] ?? []) {
      const added = ws.addRow(spec.columns.map((c) => row[c.header] ?? ""));
      // Text format keeps what is typed later as text too (no 1.10 → 1.1, no dates guessed).
      added.eachCell({ includeEmpty: true }, (cell) => {
        cell.numFmt = "@";
      });
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

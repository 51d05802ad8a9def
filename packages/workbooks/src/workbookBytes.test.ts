import { scenarioSavings } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadExcel } from "./loadExcel.js";
import { savingsWorkbook } from "./savingsWorkbook.js";
import { withZipTimes } from "./workbookBytes.js";

afterEach(() => {
  vi.useRealTimers();
});

// Every entry's DOS date and time, from the central directory.
function stamps(zip: Uint8Array): { time: number; date: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const out: { time: number; date: number }[] = [];
  let at = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    out.push({ time: view.getUint16(at + 12, true), date: view.getUint16(at + 14, true) });
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

describe("a workbook's bytes", () => {
  const report = scenarioSavings(demoScenario(), "2024/25");
  if (report === null) throw new Error("the demo has savings");

  it("are the same whenever written: each zip entry carries the workbook's date, not the clock's", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-23T10:00:01Z"));
    const first = await savingsWorkbook(report);
    vi.setSystemTime(new Date("2027-02-03T17:45:30Z"));
    const second = await savingsWorkbook(report);
    expect(second).toEqual(first);
    // 2024-04-01 00:00:00 (the savings workbook's created date) in DOS form.
    const expected = { time: 0, date: ((2024 - 1980) << 9) | (4 << 5) | 1 };
    expect(stamps(first).length).toBeGreaterThan(3);
    expect(new Set(stamps(first).map((s) => JSON.stringify(s)))).toEqual(new Set([JSON.stringify(expected)]));
    // And the file still opens.
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(first.buffer as ArrayBuffer);
    expect(wb.getWorksheet("By partner")?.rowCount).toBeGreaterThan(1);
  });

  it("refuses bytes that are not a ZIP archive", () => {
    expect(() => withZipTimes(new Uint8Array(64), new Date())).toThrow("not a ZIP archive");
  });
});

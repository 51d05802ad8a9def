import type { Workbook } from "exceljs";

/**
 * A workbook's XLSX bytes, the same for the same workbook whenever written. exceljs zips each part
 * stamped with the time of writing (DOS time, 2-second steps), so two writes of one report differed
 * whenever they fell either side of a step; every entry's time is set to the workbook's `created`
 * date instead (the writers fix it from the report, never the clock).
 *
 * @param wb - the workbook, with `created` set
 * @returns the .xlsx file's bytes
 */
export async function workbookBytes(wb: Workbook): Promise<Uint8Array> {
  return withZipTimes(new Uint8Array(await wb.xlsx.writeBuffer()), wb.created);
}

/**
 * Sets the modification time of every entry of a ZIP archive, in its local header and its central
 * directory record; the contents and their CRCs are untouched.
 *
 * @param zip - a ZIP archive (not ZIP64)
 * @param when - the time to stamp, read in UTC
 * @returns the same bytes (changed in place)
 * @throws Error when the bytes are not a ZIP archive this can read
 */
export function withZipTimes(zip: Uint8Array, when: Date): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const year = Math.min(Math.max(when.getUTCFullYear(), 1980), 2107);
  const date = ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const time = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw new Error("not a ZIP archive: no end-of-central-directory record");
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(at, true) !== 0x02014b50)
      throw new Error(`ZIP central directory entry ${n} is not where expected`);
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, date, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50)
      throw new Error(`ZIP local header of entry ${n} is not where expected`);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return zip;
}

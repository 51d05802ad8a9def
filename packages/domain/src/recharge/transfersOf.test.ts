import { describe, expect, it } from "vitest";
import { fromMinor } from "../money/index.js";
import type { PartnerId } from "../scenario/ids.js";
import { transfersOf } from "./transfersOf.js";

const t = (from: string, to: string, minor: number) => ({
  from: from as PartnerId,
  to: to as PartnerId,
  amount: fromMinor(minor, "GBP"),
});

describe("transfersOf", () => {
  it("keeps the transfers a partner pays or receives, in their order", () => {
    const all = [t("CCC", "HDC", 450_000), t("SCDC", "CCC", 100_000), t("SCDC", "HDC", 220_000)];
    expect(transfersOf("CCC", all)).toEqual([all[0], all[1]]);
    expect(transfersOf("HDC", all)).toEqual([all[0], all[2]]);
    expect(transfersOf("ELY", all)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { fromMinor } from "../money/index.js";
import { payback } from "./payback.js";

const year = (name: string, saving: number, oneOffNet = 0) => ({
  year: name,
  saving: fromMinor(saving, "GBP"),
  oneOffNet: fromMinor(oneOffNet, "GBP"),
});

describe("payback", () => {
  it("keeps the cumulative position exact when it passes 2^53 on the way", () => {
    const max = Number.MAX_SAFE_INTEGER;
    // Exactly: max, max + 2, 2, 0 — never below zero. In doubles max + 2 was 2^53, so the last
    // year came to −1p and the report said "not yet paid back, short by £0.01".
    const years = [year("2021/22", max), year("2022/23", 2), year("2023/24", -max), year("2024/25", -2)];
    expect(payback(years, "half-up")).toEqual({ status: "none-needed" });
  });
});

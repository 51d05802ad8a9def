import { describe, expect, it } from "vitest";
import { ownOrLed } from "./ownOrLed.js";

const rows = [
  { partner: "CCC", service: "ICT" },
  { partner: "SCDC", service: "ICT" },
  { partner: "SCDC", service: "LEGAL" },
  { partner: "SCDC" },
  { partner: "HDC", service: "GONE" },
];
const leads = new Map([
  ["ICT", "HDC"],
  ["LEGAL", "CCC"],
]);

describe("ownOrLed", () => {
  it("keeps a partner's own rows and every row of the services it leads", () => {
    expect(rows.filter(ownOrLed("HDC", leads))).toEqual([
      { partner: "CCC", service: "ICT" },
      { partner: "SCDC", service: "ICT" },
      { partner: "HDC", service: "GONE" },
    ]);
    expect(rows.filter(ownOrLed("SCDC", leads))).toEqual(rows.slice(1, 4));
  });

  it("keeps nothing of a service no map names, and nothing but own rows without leads", () => {
    expect(rows.filter(ownOrLed("CCC", new Map([["GONE", "CCC"]])))).toEqual([
      { partner: "CCC", service: "ICT" },
      { partner: "HDC", service: "GONE" },
    ]);
    expect(rows.filter(ownOrLed("CCC"))).toEqual([{ partner: "CCC", service: "ICT" }]);
  });

  it("keeps a service's rows across runs only for the partner that led it in each run that has it", () => {
    // ICT passed from HDC to CCC between the runs: neither lead sees the other's year through the pair.
    const later = new Map([["ICT", "CCC"]]);
    expect(rows.filter(ownOrLed("HDC", leads, later))).toEqual([{ partner: "HDC", service: "GONE" }]);
    expect(rows.filter(ownOrLed("CCC", leads, later))).toEqual([
      { partner: "CCC", service: "ICT" },
      { partner: "SCDC", service: "LEGAL" },
    ]);
  });
});

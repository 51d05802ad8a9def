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

  it("keeps a row that names its lead for that lead only, and a whole row of a service led by several in a run for no lead", () => {
    // ICT passed from HDC to CCC inside the run: its parts name their leads.
    const both = new Map<string, string | readonly string[]>([["ICT", ["HDC", "CCC"]]]);
    const parts = [
      { partner: "SCDC", service: "ICT", lead: "HDC" },
      { partner: "SCDC", service: "ICT", lead: "CCC" },
      { partner: "SCDC", service: "ICT" },
    ];
    expect(parts.filter(ownOrLed("HDC", both))).toEqual([{ partner: "SCDC", service: "ICT", lead: "HDC" }]);
    expect(parts.filter(ownOrLed("CCC", both))).toEqual([{ partner: "SCDC", service: "ICT", lead: "CCC" }]);
    expect(parts.filter(ownOrLed("SCDC", both))).toEqual(parts);
  });
});

import { describe, expect, it } from "vitest";
import { runOf, twoLeadsDocument } from "../testing/runs.js";
import { issuerView } from "./issuerView.js";
import { statementFor } from "./statementFor.js";

const statements = runOf(twoLeadsDocument()).statements.statements;
const of = (partner: string) => statements.find((s) => s.partner === partner);

describe("statementFor", () => {
  it("gives a partner its own statement whole", () => {
    const scdc = of("SCDC");
    expect(scdc && statementFor("SCDC", scdc)).toBe(scdc);
  });

  it("gives a lead its view of a statement it issues lines on, and nothing of one it does not", () => {
    const scdc = of("SCDC");
    const hdc = of("HDC");
    if (scdc === undefined || hdc === undefined) throw new Error("the run has statements for SCDC and HDC");
    expect(statementFor("HDC", scdc)).toEqual(issuerView(scdc, "HDC"));
    expect(statementFor("HDC", scdc)?.total.minor).toBe(180_000);
    // HDC's statement has Legal only, issued by CCC: SCDC issues nothing on it, HDC leads nothing there.
    expect(statementFor("SCDC", hdc)).toBeUndefined();
    expect(statementFor("CCC", hdc)?.lines.map((l) => [l.service, l.amount.minor])).toEqual([["LEGAL", 100_000]]);
  });

  it("follows the issuer each line records, not who leads the service now", () => {
    // The run was made while HDC led ICT; a run made after ICT passed to SCDC shows SCDC instead.
    const later = runOf(twoLeadsDocument("SCDC")).statements.statements.find((s) => s.partner === "CCC");
    const earlier = of("CCC");
    if (earlier === undefined || later === undefined) throw new Error("both runs have a statement for CCC");
    expect([statementFor("HDC", earlier)?.total.minor, statementFor("SCDC", earlier)]).toEqual([450_000, undefined]);
    expect([statementFor("HDC", later), statementFor("SCDC", later)?.total.minor]).toEqual([undefined, 450_000]);
  });
});

import { describe, expect, it } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/3c";
/** The demo: CCC, HDC and SCDC each receive a statement of 2024/25-Q3. */
const t = useTestApp({
  seed: seedDemo,
  keys: { financeHdc: "3c/HDC/finance", financeCcc: "3c/CCC/finance", approverScdc: "3c/SCDC/approver" },
});
const { keys } = t;

describe("a reversal's statement numbers", () => {
  it("are each a number of its own: one given that is another partner's default <number>-R is refused, and nothing is stored", async () => {
    const drafted = await t.call("POST", `${base}/runs`, {
      key: keys.financeHdc,
      json: { period: "2024/25-Q3", issueDate: "2025-01-15" },
    });
    const { id } = (await drafted.json()) as { id: string };
    for (const action of ["approve", "post"])
      expect((await t.call("POST", `${base}/runs/${id}/${action}`, { key: keys.approverScdc })).status).toBe(200);
    const reverse = (numbers: Record<string, string>) =>
      t.call("POST", `${base}/runs/${id}/reverse`, {
        key: keys.financeHdc,
        json: { period: "2024/25-Q4", issueDate: "2025-02-03", numbers },
      });
    // HDC's credit note defaults to `run-1/HDC-R`: CCC's cannot be numbered that too.
    const refused = await reverse({ CCC: ` ${id}/HDC-R` });
    const problem = (await refused.json()) as { code: string; errors?: { path: string; message: string }[] };
    expect([refused.status, problem.code, problem.errors]).toEqual([
      422,
      "INVALID_INPUT",
      [
        {
          path: "numbers.CCC",
          message: `expected a number of its own: "${id}/HDC-R" is the number HDC's statement keeps (the statement it reverses with -R, as no number is given for HDC)`,
        },
      ],
    ]);
    const runs = (await (await t.call("GET", `${base}/runs`, { key: keys.financeHdc })).json()) as {
      items: unknown[];
    };
    expect(runs.items).toHaveLength(1);
    // Numbered apart, it is drafted, and each partner's credit note has its own number.
    const taken = await reverse({ CCC: "CN-2025-1" });
    expect(taken.status).toBe(201);
    const { id: reversal } = (await taken.json()) as { id: string };
    const numbers = [];
    for (const key of [keys.financeHdc, keys.financeCcc]) {
      const list = (await (await t.call("GET", `${base}/runs/${reversal}/statements`, { key })).json()) as {
        items: { partner: string; number: string; view?: unknown }[];
      };
      numbers.push(...list.items.filter((s) => s.view === undefined).map((s) => [s.partner, s.number]));
    }
    expect(numbers).toEqual([
      ["HDC", `${id}/HDC-R`],
      ["CCC", "CN-2025-1"],
    ]);
    // Its own reversal numbers CCC's invoice CN-2025-1-R by default, after the number it was given.
    for (const action of ["approve", "post"])
      expect((await t.call("POST", `${base}/runs/${reversal}/${action}`, { key: keys.approverScdc })).status).toBe(200);
    const again = await t.call("POST", `${base}/runs/${reversal}/reverse`, {
      key: keys.financeHdc,
      json: { period: "2024/25-Q4", issueDate: "2025-03-03", numbers: { HDC: "CN-2025-1-R" } },
    });
    const refusedAgain = (await again.json()) as { errors?: { path: string; message: string }[] };
    expect([again.status, refusedAgain.errors?.map((e) => e.path)]).toEqual([422, ["numbers.HDC"]]);
    expect(refusedAgain.errors?.[0]?.message).toContain(`"CN-2025-1-R" is the number CCC's statement keeps`);
  });
});

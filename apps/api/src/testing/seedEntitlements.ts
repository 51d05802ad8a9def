import { ROLES } from "@3c/store";
import { expect } from "vitest";
import { ictLine, seedSmall, type TestApp } from "./testApp.js";

/**
 * The world the entitlement tests ask their questions in. Partnership p1: A leads ICT (A and B
 * take part), C leads BC and takes no part in ICT; p2 has the same shape. A key for every
 * partner and role of both; in p1 a cost line, a draft run of 2024/25-Q1, a savings agreement
 * (its terms proposed by B's admin as terms-1 and consented by every partner's approver, ICT's
 * baselines by A's finance) and the period 2025/26.
 *
 * @param t - an app with an empty store
 * @returns the keys, by `partnership/partner/role` (e.g. `p1/A/finance`)
 */
export async function seedEntitlements(t: TestApp): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  await seedSmall(t, "p1");
  await seedSmall(t, "p2");
  for (const partnership of ["p1", "p2"])
    for (const partner of ["A", "B", "C"])
      for (const role of ROLES) keys.set(`${partnership}/${partner}/${role}`, await t.key(partnership, partner, role));
  const financeA = keys.get("p1/A/finance") as string;
  const line = await t.call("POST", "/v1/partnerships/p1/cost-lines", { key: financeA, json: ictLine("L0", "100.00") });
  expect(line.status).toBe(201);
  const run = await t.call("POST", "/v1/partnerships/p1/runs", {
    key: financeA,
    json: { period: "2024/25-Q1", issueDate: "2024-07-15" },
  });
  expect(run.status).toBe(201);
  // The agreement's partnership-wide terms proposed by an admin (terms-1), in effect once an
  // approver of every partner consents; then ICT's baselines by ICT's lead.
  const terms = { rounding: "half-up", attribution: "actual" };
  const agreed = await t.call("PUT", "/v1/partnerships/p1/sections/savings", {
    key: keys.get("p1/B/admin") as string,
    json: { ...terms, baselines: [] },
  });
  expect(agreed.status).toBe(202);
  for (const partner of ["A", "B", "C"]) {
    const consent = await t.call("POST", "/v1/partnerships/p1/terms/terms-1/consent", {
      key: keys.get(`p1/${partner}/approver`) as string,
    });
    expect(consent.status).toBe(200);
  }
  const savings = await t.call("PUT", "/v1/partnerships/p1/sections/savings", {
    key: financeA,
    json: {
      ...terms,
      baselines: ["A", "B"].map((partner) => ({ partner, service: "ICT", baseYear: "2024/25", amount: "1000.00" })),
    },
  });
  expect(savings.status).toBe(200);
  const period = await t.call("POST", "/v1/partnerships/p1/periods", {
    key: keys.get("p1/A/admin") as string,
    json: { name: "2025/26" },
  });
  expect(period.status).toBe(201);
  return keys;
}

import type { Worker } from "node:worker_threads";
import { DomainError } from "@3c/domain";
import { DEMO_PERIOD, demoScenarioDocument } from "@3c/domain/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiProblem } from "../http/problem.js";
import { bySize, CalculationPool, conditionsOf } from "./CalculationPool.js";

const text = async (bytes: Promise<Uint8Array>) => new TextDecoder().decode(await bytes);

import { type CalculateRequest, calculate, type Job, validate } from "./calculation.js";

const statements = { numbers: { CCC: "C-1", HDC: "H-1", SCDC: "S-1" }, issueDate: "2025-04-30" };
const demo: CalculateRequest = {
  scenario: demoScenarioDocument as Record<string, unknown>,
  period: DEMO_PERIOD,
  statements,
};
const invalid: CalculateRequest = {
  ...demo,
  scenario: { ...demoScenarioDocument, partners: [], costLines: [{ id: "x" }] },
};
const badPeriod: CalculateRequest = { ...demo, period: "2024/25-Q9" };

// The threads load the domain from source, as `npm start` does.
let pool: CalculationPool;
beforeAll(() => {
  pool = new CalculationPool(2, ["--conditions=@3c/source"]);
});
afterAll(async () => {
  await pool.close();
});

const thrown = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const inline = (input: CalculateRequest) => {
  try {
    calculate(input);
    return undefined;
  } catch (e) {
    return e;
  }
};
const calc = (input: CalculateRequest): Job => ({ kind: "calculate", input });
const busyThreads = () => [...(pool as unknown as { busy: Map<Worker, unknown> }).busy.keys()];

describe("CalculationPool", () => {
  it("gives exactly the text the calculation gives on the event loop", async () => {
    expect(await text(pool.run(calc(demo)))).toBe(calculate(demo));
  });

  it("answers every one of many calculations at once, each its own, with two threads", async () => {
    const inputs = Array.from({ length: 12 }, (_, i) => ({
      ...demo,
      statements: { ...statements, numbers: { CCC: `C-${i}`, HDC: `H-${i}`, SCDC: `S-${i}` } },
    }));
    const answers = await Promise.all(inputs.map((input) => text(pool.run(calc(input)))));
    expect(answers).toEqual(inputs.map(calculate));
  });

  it("throws an invalid scenario's problem and a domain error as the classes the API answers from", async () => {
    const problem = await thrown(pool.run(calc(invalid)));
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toEqual(inline(invalid));
    expect((problem as ApiProblem).errors).toEqual((inline(invalid) as ApiProblem).errors);
    const domain = await thrown(pool.run(calc(badPeriod)));
    expect(domain).toBeInstanceOf(DomainError);
    expect((domain as DomainError).code).toBe((inline(badPeriod) as DomainError).code);
    expect((domain as DomainError).issues).toEqual((inline(badPeriod) as DomainError).issues);
  });

  it("fails only the calculation of a thread that stops, and carries on with a new thread", async () => {
    const held = pool.run(calc(demo));
    const [thread] = busyThreads();
    await thread?.terminate();
    expect(String(await thrown(held))).toMatch(/the calculation thread stopped/);
    const after = await Promise.all([
      text(pool.run(calc(demo))),
      text(pool.run(calc(demo))),
      text(pool.run(calc(demo))),
    ]);
    expect(after).toEqual([calculate(demo), calculate(demo), calculate(demo)]);
  });

  it("refuses calculations once closed, those waiting included", async () => {
    const closing = new CalculationPool(1, ["--conditions=@3c/source"]);
    const first = thrown(closing.run(calc(demo)));
    const waiting = thrown(closing.run(calc(demo)));
    await closing.close();
    expect(String(await waiting)).toMatch(/closed/);
    expect(String(await first)).toMatch(/closed/);
    expect(String(await thrown(closing.run(calc(demo))))).toMatch(/closed/);
  });

  it("gives its threads the process's export conditions and none of its V8 options", () => {
    expect(
      conditionsOf([
        "--max-semi-space-size=32",
        "--conditions=@3c/source",
        "-C",
        "dev",
        "--conditions",
        "x",
        "--inspect",
      ]),
    ).toEqual(["--conditions=@3c/source", "--conditions=dev", "--conditions=x"]);
  });

  it("by size: calculates a body up to the limit on the event loop, a larger one or one of unknown size in the threads", async () => {
    const closed = new CalculationPool(1, ["--conditions=@3c/source"]);
    await closed.close();
    const sized = bySize(closed, 1000);
    expect(await text(sized.run(calc(demo), 1000))).toBe(calculate(demo));
    expect(String(await thrown(sized.run(calc(demo), 1001)))).toMatch(/closed/);
    expect(String(await thrown(sized.run(calc(demo))))).toMatch(/closed/);
  });

  it("checks a scenario in a thread exactly as on the event loop, valid or not", async () => {
    for (const scenario of [demo.scenario, invalid.scenario])
      expect(await text(pool.run({ kind: "validate", scenario }))).toBe(validate(scenario));
    expect(JSON.parse(validate(invalid.scenario)).valid).toBe(false);
  });

  it("needs at least one thread", () => {
    expect(() => new CalculationPool(0)).toThrow(RangeError);
  });
});

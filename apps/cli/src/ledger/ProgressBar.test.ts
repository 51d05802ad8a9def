import { describe, expect, it } from "vitest";
import { ProgressBar } from "./ProgressBar.js";

const MB = 1 << 20;

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { sink: { isTTY, write: (t: string) => written.push(t) }, written };
}

describe("ProgressBar", () => {
  it("shows the share read, lines, lines per second and the time left", () => {
    let now = 0;
    const { sink } = terminal(true);
    const bar = new ProgressBar(sink, 40 * MB, () => now);
    now = 500;
    bar.update(10 * MB, 600_000);
    expect(bar.render(600_000, 500)).toBe("[######------------------]  25%  600,000 lines  1.20M lines/s  ETA 1.5s");
  });

  it("draws on a terminal at most ten times a second and clears its line when done", () => {
    let now = 0;
    const { sink, written } = terminal(true);
    const bar = new ProgressBar(sink, 40 * MB, () => now);
    now = 150;
    bar.update(MB, 1000);
    now = 200;
    bar.update(MB, 2000); // too soon after the last
    now = 300;
    bar.update(MB, 3000);
    bar.done(3000);
    expect(written.length).toBe(3);
    expect(written[2]).toBe(`\r${" ".repeat(78)}\r`);
  });

  it("draws nothing when standard error is not a terminal, or for a small file", () => {
    const pipe = terminal(false);
    const small = terminal(true);
    for (const [t, size] of [
      [pipe, 40 * MB],
      [small, MB],
    ] as const) {
      let now = 0;
      const bar = new ProgressBar(t.sink, size, () => now);
      now = 1000;
      bar.update(size, 10);
      bar.done(10);
      expect(t.written).toEqual([]);
    }
  });
});

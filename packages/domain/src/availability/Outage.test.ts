import { describe, expect, it } from "vitest";
import { codeOf } from "../testing/errors.js";
import { parseInstant } from "./instant.js";
import { type Outage, readOutageLog } from "./Outage.js";
import { exampleLog } from "./workedExample.js";

const inc1 = exampleLog[0] as Outage;

describe("readOutageLog", () => {
  it("reads each entry's instants, keeping the log's order", () => {
    const [first] = readOutageLog(exampleLog);
    expect(first).toEqual({
      outage: inc1,
      start: parseInstant("2024-04-10T08:00:00Z"),
      end: parseInstant("2024-04-10T09:00:00Z"),
      open: false,
      resolved: parseInstant("2024-04-10T09:00:00Z"),
    });
    expect(readOutageLog(exampleLog).map((o) => o.outage.id)).toEqual(exampleLog.map((o) => o.id));
  });

  it("closes an open outage at asAt and leaves it unresolved", () => {
    const { end: _end, ...open } = inc1;
    const [read] = readOutageLog([open], "2024-04-10T12:00:00+01:00");
    expect([read?.end, read?.open, read?.resolved]).toEqual([parseInstant("2024-04-10T11:00:00Z"), true, undefined]);
  });

  it("leaves out an open outage not begun by asAt, at or after it, but still checks it", () => {
    const { end: _end, ...open } = inc1;
    // INC-1 begins at 09:00 BST.
    expect(readOutageLog([open], "2024-04-10T08:59:59+01:00")).toEqual([]);
    expect(readOutageLog([open], "2024-04-10T09:00:00+01:00")).toEqual([]);
    expect(readOutageLog([open], "2024-04-10T09:00:01+01:00").map((o) => o.end - o.start)).toEqual([1]);
    // A recorded outage is kept whenever it falls; only open ones are closed (or left out) by asAt.
    expect(readOutageLog([inc1], "2024-04-10T08:00:00+01:00").map((o) => o.outage.id)).toEqual(["INC-1"]);
    expect(codeOf(() => readOutageLog([{ ...open, priority: "P9" as "P1" }], "2024-04-01T00:00:00Z"))).toBe(
      "INVALID_OUTAGE",
    );
    expect(() => readOutageLog([open, open], "2024-04-01T00:00:00Z")).toThrow(/appears more than once/);
  });

  it("refuses an open outage when no asAt is given, whenever it begins", () => {
    const { end: _end, ...open } = inc1;
    expect(() => readOutageLog([open])).toThrow(/outages\[0\]\.end \(outage INC-1\): the outage is still open/);
  });

  it("names the entry and field of every kind of bad entry", () => {
    const bad: [Partial<Outage>, RegExp][] = [
      [{ end: "2024-04-10T08:59:59+01:00" }, /outages\[0\]\.end \(outage INC-1\): ends at .* before it starts/],
      [{ resolvedAt: "2024-04-10T08:00:00+01:00" }, /outages\[0\]\.resolvedAt/],
      [{ services: [] }, /outages\[0\]\.services .*no service/],
      [{ services: ["ICT", "ICT"] }, /listed twice/],
      [{ partners: [] }, /outages\[0\]\.partners .*no partner/],
      [
        {
          partners: [
            { partner: "CCC", users: 1 },
            { partner: "CCC", users: 2 },
          ],
        },
        /partners\[1\]\.partner.*CCC is listed twice/,
      ],
      [{ partners: [{ partner: "CCC", users: 1.5 }] }, /partners\[0\]\.users.*1\.5 is not a whole number/],
      [{ partners: [{ partner: "CCC", users: -1 }] }, /partners\[0\]\.users/],
      [{ priority: "P5" as Outage["priority"] }, /outages\[0\]\.priority/],
    ];
    for (const [change, message] of bad) {
      expect(() => readOutageLog([{ ...inc1, ...change }])).toThrow(message);
      expect(codeOf(() => readOutageLog([{ ...inc1, ...change }]))).toBe("INVALID_OUTAGE");
    }
    expect(codeOf(() => readOutageLog([{ ...inc1, start: "2024-04-10 09:00" }]))).toBe("INVALID_TIME");
    expect(() => readOutageLog([inc1, inc1])).toThrow(/outages\[1\]\.id \(outage INC-1\): appears more than once/);
  });
});

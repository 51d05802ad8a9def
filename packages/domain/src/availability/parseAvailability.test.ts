import { describe, expect, it } from "vitest";
import { z } from "zod";
import { availability } from "./availability.js";
import { availabilitySectionsSchema } from "./availabilitySchema.js";
import { incidentResolution } from "./incidentResolution.js";
import { outageCost } from "./outageCost.js";
import { parseAvailability } from "./parseAvailability.js";
import { exampleCost, exampleDocument, exampleLog, exampleOptions, officeHours } from "./workedExample.js";

const document = exampleDocument;
const partners = ["CCC", "HDC", "SCDC"];

describe("parseAvailability", () => {
  it("turns the worked example's document into the same figures as the domain types", () => {
    const result = parseAvailability(document, { partners });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const inputs = result.value;
    expect(inputs.calendars.ICT).toEqual(officeHours);
    expect(inputs.calendars.Web).toEqual({ kind: "24x7" });
    expect(inputs.calendarsById["office-hours"]).toEqual(officeHours);
    expect(inputs.outages).toEqual(exampleLog);
    expect(inputs.outageCost).toEqual(exampleCost);
    expect(inputs.settings?.incidentTargets).toEqual([{ kpi: "ict-p1-fix", priority: "P1", withinSeconds: 14_400 }]);
    const options = {
      calendars: { ICT: inputs.calendars.ICT ?? officeHours },
      partners,
      planned: "exclude",
      percent: { places: 2, rounding: "half-even" },
    } as const;
    expect(availability(inputs.outages, "2024/25-Q1", options)).toEqual(
      availability(exampleLog, "2024/25-Q1", exampleOptions),
    );
    expect(outageCost(inputs.outages, "2024/25-Q1", inputs.outageCost ?? exampleCost).total.minor).toBe(3_313_410);
    expect(
      incidentResolution(inputs.outages, "2024/25-Q1", { targets: inputs.settings?.incidentTargets ?? [] }).rows[0]
        ?.met,
    ).toBe(1);
  });

  it("costs outages over a calendar that serves no service, as the hours users work", () => {
    const [office, always] = document.calendars;
    const result = parseAvailability(
      {
        ...document,
        calendars: [{ ...office, services: [] }, { ...office, id: "ict-hours", services: ["ICT"] }, always],
      },
      { partners },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect([result.value.calendars.ICT, result.value.calendarsById["office-hours"]]).toEqual([
      officeHours,
      officeHours,
    ]);
    expect(Object.keys(result.value.calendars).sort()).toEqual(["ICT", "Web"]);
    expect(outageCost(result.value.outages, "2024/25-Q1", result.value.outageCost ?? exampleCost).total.minor).toBe(
      3_313_410,
    );
  });

  it("accepts a document with none of the sections", () => {
    const result = parseAvailability({});
    expect(result).toEqual({ ok: true, value: { calendars: {}, calendarsById: {}, outages: [] } });
  });

  it("reports every problem at once, with its path", () => {
    const bad = {
      ...document,
      calendars: [
        { ...document.calendars[0], from: "18:00", to: "08:00", timeZone: "Europe/Londres" },
        { id: "office-hours", kind: "24x7", services: ["ICT"] },
      ],
      outages: [
        { ...exampleLog[0], end: "2024-04-10T08:00:00+01:00", start: "2024-04-10T09:00:00+01:00" },
        { ...exampleLog[1], id: "INC-1", start: "2024-04-10T09:30:00", services: ["Legal"] },
        { ...exampleLog[2], partners: [{ partner: "ECDC", users: 1.5 }] },
      ],
      outageCost: { ...document.outageCost, calendar: "nine-to-five", productivityImpact: "2" },
      availability: {
        ...document.availability,
        incidentTargets: [{ kpi: "k", priority: "P5", withinHours: "0.00001" }],
      },
    };
    const result = parseAvailability(bad, { partners });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "calendars[0].timeZone",
        "calendars[0].to",
        "calendars[1].id",
        "calendars[1].services[0]",
        "outages[0].end",
        "outages[1].id",
        "outages[1].start",
        "outages[1].services[0]",
        "outages[2].partners[0].partner",
        "outages[2].partners[0].users",
        "outageCost.calendar",
        "outageCost.productivityImpact",
        "availability.incidentTargets[0].priority",
        "availability.incidentTargets[0].withinHours",
      ]),
    );
    const message = (path: string) =>
      result.ok ? [] : result.issues.filter((i) => i.path === path).map((i) => i.message);
    expect(message("outages[1].start")[0]).toMatch(/expected ISO 8601 with an offset/);
    expect(message("outageCost.calendar")).toEqual(["there is no calendar nine-to-five"]);
  });

  it("gives a JSON Schema the lead can add to the scenario's", () => {
    const schema = z.toJSONSchema(availabilitySectionsSchema, {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
    });
    expect(Object.keys(schema.properties ?? {})).toEqual(["calendars", "outages", "outageCost", "availability"]);
  });
});

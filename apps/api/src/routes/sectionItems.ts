import type { SectionSheet } from "@3c/domain";
import {
  type RowIssue,
  SECTION_ITEM_KIND_NAMES,
  type SectionItemFilterName,
  type SectionItemKindName,
  type SectionName,
  StoreError,
  sectionItemKind,
  type TermsVersion,
} from "@3c/store";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../http/AppEnv.js";
import { partnershipFor } from "../http/auth.js";
import { pageQuery } from "../http/pageQuery.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { importBody } from "./importBody.js";
import { asOneRecord } from "./records.js";
import { csvItems } from "./sectionItemsCsv.js";
import { sectionChecks } from "./sectionRules.js";
import { TermsVersionSchema } from "./terms.js";

const TITLES: Record<SectionItemKindName, string> = {
  budgets: "Budgets",
  baselines: "Savings baselines",
  "one-offs": "One-off costs and funding",
  kpis: "KPI definitions",
  "kpi-targets": "KPI targets",
  measurements: "KPI measurements",
  outages: "Outages",
  calendars: "Service calendars",
};

/** How each kind's id is made from its natural key. */
const IDS: Record<SectionItemKindName, string> = {
  budgets: "`service.pool.year`, the year with `-` for `/` (e.g. `ICT.staff.2024-25`)",
  baselines: "`partner.service` (e.g. `CCC.ICT`)",
  "one-offs": "its `id`",
  kpis: "its `code`",
  "kpi-targets":
    "`kpi.effectiveFrom`, the date it is in force from (a target given by `year` is in force from 1 April: `ICT-KPI-1.2024-04-01`)",
  measurements:
    "`kpi.period.partner`, the period with `-` for `/`, `all` for the whole partnership (e.g. `ICT-KPI-1.2024-25-Q1.all`)",
  outages: "its `id`",
  calendars: "its `id`",
};

const FILTERS: Record<SectionItemFilterName, string> = {
  service: "Only items of this service (a measurement's or target's by its KPI's service)",
  partner: "Only items of this partner (an outage's: affecting it)",
  kpi: "Only items of this KPI",
  period:
    "Only items dated within this period, e.g. 2024/25 or 2024/25-Q1 (a budget's or one-off's year, a measurement's period, an outage's start day)",
};

const Item = z.record(z.string(), z.unknown()).openapi({
  description: "The item as in the scenario document (a KPI target with its KPI's code as `kpi`), with its id",
});
const NewItem = z.record(z.string(), z.unknown()).openapi({
  description:
    "The item exactly as in the scenario document's section (see `GET /v1/schema`); a KPI target with its KPI's code as `kpi`",
});

/** The CSV columns of a kind, as its import route documents them. */
function columnsOf(sheet: SectionSheet): string {
  return sheet.columns.map((c) => `\`${c.header}\` (${c.note})`).join("; ");
}

/** The CSV column an issue's field is in: its first segment when that is a column, else `other`. */
function columnOf(sheet: SectionSheet): (field: string) => string {
  const headers = new Set(sheet.columns.map((c) => c.header));
  return (field) => {
    if (field === "") return "";
    const head = field.split(/[.[]/)[0] ?? "";
    return headers.has(head) && head !== "other" ? head : "other";
  };
}

/** Answers a write: `status` with `done`, or 202 with the terms version it proposed. */
function answer(
  c: Context<AppEnv>,
  id: string,
  written: { readonly terms?: TermsVersion },
  done: unknown,
  status: 200 | 201 = 201,
) {
  if (written.terms !== undefined) {
    c.header("Location", `/v1/partnerships/${id}/terms/${written.terms.id}`);
    return send(c, written.terms, 202);
  }
  return send(c, done, status);
}

const termsResponse = {
  202: {
    description:
      "The items change partnership-wide terms (a one-off item without a service): kept as a proposed terms version (at `Location`) until an approver of every partner consents, as `PUT …/sections/savings` does; nothing is stored so far",
    content: { "application/json": { schema: TermsVersionSchema } },
  },
};

/**
 * Registers list, read, create and bulk import (JSON and CSV) for the items kept inside the scenario
 * sections: budgets, savings baselines, one-off items, KPIs, KPI targets, measurements, outages and
 * calendars. Items are views of the stored sections with ids from their natural keys; every write
 * appends to the section and goes through the section write's own path and checks.
 *
 * @param app - the app
 */
export function registerSectionItems(app: OpenAPIHono<AppEnv>): void {
  for (const kind of SECTION_ITEM_KIND_NAMES) {
    const def = sectionItemKind(kind);
    const base = `/v1/partnerships/{partnership}/${kind}`;
    const tags = ["Section items"];
    // Only a one-off item without a service is a partnership-wide term (every other kind names its service).
    const terms = kind === "one-offs";
    const who = terms
      ? "finance of the service's lead; an admin for an item without a service"
      : "finance of the service's lead";
    const ItemParam = PartnershipParam.extend({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
    const where = `Kept in the \`${def.section}\` section (\`GET …/sections/${def.section}\`); id: ${IDS[kind]}.`;
    const Query = z.object({
      ...Object.fromEntries(
        def.filters.map((f) => [f, z.string().optional().openapi({ description: FILTERS[f] })] as const),
      ),
      ...pageQuery,
    });

    app.openapi(
      createRoute({
        method: "get",
        path: base,
        tags,
        summary: `${TITLES[kind]}: list, filter and page (by id, with a cursor)`,
        description: where,
        security: bearer,
        request: { params: PartnershipParam, query: Query },
        responses: {
          200: {
            description: "A page",
            content: {
              "application/json": { schema: z.object({ items: z.array(Item), nextCursor: z.string().nullable() }) },
            },
          },
          ...problems(403, 404, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "read:shared");
        const { limit, cursor, ...filter } = c.req.valid("query") as Record<string, string | undefined> & {
          limit: number;
        };
        const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
        const page = await c.var.store.listSectionItems(id, kind, defined, {
          limit,
          ...(cursor === undefined ? {} : { cursor }),
        });
        return send(c, page);
      },
    );

    app.openapi(
      createRoute({
        method: "get",
        path: `${base}/{id}`,
        tags,
        summary: `${TITLES[kind]}: one`,
        description: where,
        security: bearer,
        request: { params: ItemParam },
        responses: {
          200: { description: "The item", content: { "application/json": { schema: Item } } },
          ...problems(403, 404),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "read:shared");
        const itemId = c.req.valid("param").id;
        const found = await c.var.store.getSectionItem(id, kind, itemId);
        if (found === undefined) throw new ApiProblem("NOT_FOUND", `no ${def.label} ${JSON.stringify(itemId)}`);
        return send(c, found);
      },
    );

    app.openapi(
      createRoute({
        method: "post",
        path: base,
        tags,
        summary: `${TITLES[kind]}: add one (${who})`,
        description: `${where} Appended to the section as stored and written as \`PUT …/sections/${def.section}\` would write it: validation by the domain against the partnership's document first (422 with every problem, whatever period the item is of), then the same entitlement rules and closed periods. An id already stored answers 409 \`ALREADY_EXISTS\`; problems name the item's own fields.`,
        security: bearer,
        request: {
          params: PartnershipParam,
          body: { content: { "application/json": { schema: NewItem } }, required: true },
        },
        responses: {
          201: { description: "Stored", content: { "application/json": { schema: Item } } },
          ...(terms ? termsResponse : {}),
          ...problems(403, 404, 409, 413, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "write:sections");
        const item = c.req.valid("json");
        try {
          const written = await c.var.store.addSectionItems(id, kind, [item], c.var.actor, {
            checks: (section, body) => sectionChecks(section, body, c.var.key),
          });
          return answer(c, id, written, written.items[0]);
        } catch (error) {
          if (error instanceof StoreError && error.issues.length > 0) throw asOneRecord(error, def.label);
          throw error;
        }
      },
    );

    // One item replaced or removed: checked as the section write the change makes, by its diff.
    const change = async (c: Context<AppEnv>, item: unknown) => {
      const id = partnershipFor(c, "write:sections");
      const itemId = c.req.param("id") as string;
      const options = { checks: (section: SectionName, body: unknown) => sectionChecks(section, body, c.var.key) };
      const done =
        item === undefined
          ? c.var.store.deleteSectionItem(id, kind, itemId, c.var.actor, options)
          : c.var.store.replaceSectionItem(id, kind, itemId, item, c.var.actor, options);
      try {
        const changed = await done;
        return answer(c, id, changed, changed.item, 200);
      } catch (error) {
        if (error instanceof StoreError && error.issues.length > 0)
          throw asOneRecord(error, def.label, item === undefined ? "removed" : "replaced");
        throw error;
      }
    };
    const checked = `Checked as \`PUT …/sections/${def.section}\` would check the section with the change, old and new item alike: validation by the domain against the partnership's document first (422 with every problem, whatever period either item is of), then the same entitlement rules (of the stored item and of its replacement) and closed periods (of either's date: 409 \`PERIOD_CLOSED\`).${def.section === "measurements" || def.section === "outages" ? " Checked among the stored items of the same KPI or id only, and written as one row: the section is not rewritten." : ""}`;

    app.openapi(
      createRoute({
        method: "put",
        path: `${base}/{id}`,
        tags,
        summary: `${TITLES[kind]}: replace one (${who})`,
        description: `${where} The body is the whole item, as \`POST\` takes it${kind === "kpis" ? " (without `targets`, the KPI keeps its stored targets: they are items of their own)" : ""}; its natural key must give the same id (422 at the key's fields otherwise: delete the item and add the new one). ${checked}`,
        security: bearer,
        request: {
          params: ItemParam,
          body: { content: { "application/json": { schema: NewItem } }, required: true },
        },
        responses: {
          200: { description: "Replaced: the item as stored", content: { "application/json": { schema: Item } } },
          ...(terms ? termsResponse : {}),
          ...problems(403, 404, 409, 413, 422),
        },
      }),
      (c) => change(c, c.req.valid("json")),
    );

    app.openapi(
      createRoute({
        method: "delete",
        path: `${base}/{id}`,
        tags,
        summary: `${TITLES[kind]}: remove one (${who})`,
        description: `${where} ${checked} Refused 422 while another item depends on it (a KPI's measurements, a calendar an outage needs…), naming each.`,
        security: bearer,
        request: { params: ItemParam },
        responses: {
          200: { description: "Removed: the item as it was", content: { "application/json": { schema: Item } } },
          ...(terms ? termsResponse : {}),
          ...problems(403, 404, 409, 422),
        },
      }),
      (c) => change(c, undefined),
    );

    app.openapi(
      createRoute({
        method: "post",
        path: `${base}/import`,
        tags,
        summary: `${TITLES[kind]}: bulk import, all or nothing (${who})`,
        description: `${where} JSON \`{ "items": [...] }\` or CSV with a header row of some of these columns (the workbook's sheet "${def.sheet.name}", any order): ${columnsOf(def.sheet)}. Every bad row is reported at once, with its row (JSON: item number from 1; CSV: record number, header = 1), column and reason; nothing is stored unless every row is valid. An invalid row answers 422 whatever period it or another row is of; only valid rows are judged by the entitlement rules (403) and closed periods (409). Problems the rows would cause elsewhere in the document are reported by their own path. A CSV needs its header row (an empty body is refused); an import of no rows stores nothing, appends no audit record and answers \`{ "imported": 0 }\`.`,
        security: bearer,
        request: {
          params: PartnershipParam,
          body: {
            content: {
              "application/json": { schema: z.strictObject({ items: z.array(z.unknown()) }) },
              "text/csv": { schema: z.string() },
            },
            // Not required for the validator: a CSV body is read by the handler, not the JSON validator.
            required: false,
          },
        },
        responses: {
          201: {
            description: "Imported",
            content: {
              "application/json": {
                schema: z.object({ kind: z.string(), imported: z.number().int(), ids: z.array(z.string()) }),
              },
            },
          },
          ...(terms ? termsResponse : {}),
          ...problems(403, 404, 409, 413, 415, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "write:sections");
        const add = async (items: readonly unknown[], rejected: readonly RowIssue[] = []) => {
          const written = await c.var.store.addSectionItems(id, kind, items, c.var.actor, {
            checks: (section, body) => sectionChecks(section, body, c.var.key),
            rejected,
          });
          return answer(c, id, written, { kind, imported: written.imported, ids: written.items.map((i) => i.id) });
        };
        return importBody(c, (text) => csvItems(text, kind), add, columnOf(def.sheet));
      },
    );
  }
}

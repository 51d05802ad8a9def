import {
  RECORD_KIND_NAMES,
  type RecordKind,
  type RecordKindName,
  type RowIssue,
  recordKind,
  StoreError,
} from "@3c/store";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../http/AppEnv.js";
import { partnershipFor } from "../http/auth.js";
import { pageQuery } from "../http/pageQuery.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { csvRows } from "./csvRows.js";
import { importBody } from "./importBody.js";
import { rowRule, visibleServices } from "./rowRules.js";

const TITLES: Record<RecordKindName, string> = {
  "cost-lines": "Cost lines",
  income: "Third-party income",
  drivers: "Driver quantities",
  "fx-rates": "Exchange rates",
  "budget-lines": "Budget lines",
  "budget-drivers": "Estimated driver quantities (budget)",
  "budget-fx-rates": "Budget exchange rates",
};

const Record = z.record(z.string(), z.string()).openapi({
  description: "The item as in the scenario document, with its id (derived for drivers and rates)",
});

/**
 * The query of a kind's list: the filters that mean something for it, and the page. `service` for
 * the kinds that belong to a service (lines and income), `partner` for those that belong to a
 * partner (driver quantities, actual and estimated), `period` for every kind. A cost, income or
 * budget line belongs to no partner (who pays it is the rules' answer, in a run's statements), and
 * rates to neither: those filters are not in their query, so they are refused as unknown.
 *
 * @param kind - the record kind
 * @returns its list's query schema
 */
function listQuery(kind: RecordKind) {
  return z.object({
    ...(kind.serviceColumn === undefined
      ? {}
      : { service: z.string().optional().openapi({ description: "Only this service's records" }) }),
    ...(kind.partnerColumn === undefined
      ? {}
      : { partner: z.string().optional().openapi({ description: "Only this partner's quantities" }) }),
    period: z.string().optional().openapi({ description: "Only records dated in this period, e.g. 2024/25-Q1" }),
    ...pageQuery,
  });
}

/** The partnership's services, and those whose lines the caller may see. */
async function scope(c: Context<AppEnv>, id: string) {
  const services = await c.var.store.listServices(id);
  return { services, visible: visibleServices(c.var.key, services) };
}

async function importItems(
  c: Context<AppEnv>,
  id: string,
  kind: RecordKindName,
  items: readonly unknown[],
  rejected: readonly RowIssue[] = [],
) {
  return c.var.store.importRecords(id, kind, items, c.var.actor, { authorize: rowRule(kind, c.var.key), rejected });
}

/**
 * A store refusal of one record, told as one: the issues' paths are the record's own fields (`pool`,
 * not `items[0].pool`) and the detail speaks of the record, not of an import.
 *
 * @param error - the store's refusal of an import of one
 * @param label - what the record is, e.g. `cost line`
 * @param done - what was not done to it (default `stored`; `replaced`, `removed`)
 * @returns the refusal, told of the record
 */
export function asOneRecord(error: StoreError, label: string, done = "stored"): StoreError {
  const issues = error.issues.map((i) => ({ field: i.field, message: i.message }));
  const reasons = issues.map((i) => (i.field === "" ? i.message : `${i.field}: ${i.message}`)).join("; ");
  return new StoreError(error.code, `the ${label} was not ${done}: ${reasons}`, issues);
}

/**
 * Registers list, read, create and bulk import (JSON and CSV) for every record kind.
 *
 * @param app - the app
 */
export function registerRecords(app: OpenAPIHono<AppEnv>): void {
  for (const kind of RECORD_KIND_NAMES) {
    const def = recordKind(kind);
    const base = `/v1/partnerships/{partnership}/${kind}`;
    const tags = ["Records"];
    const Item = def.schema;
    const hasService = def.serviceColumn !== undefined;
    const Query = listQuery(def);

    app.openapi(
      createRoute({
        method: "get",
        path: base,
        tags,
        summary: `${TITLES[kind]}: list, filter and page (by id, with a cursor)`,
        security: bearer,
        request: { params: PartnershipParam, query: Query },
        responses: {
          200: {
            description: "A page",
            content: {
              "application/json": { schema: z.object({ items: z.array(Record), nextCursor: z.string().nullable() }) },
            },
          },
          ...problems(403, 404, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "read:records");
        // Each kind's query has the filters that fit it; the absent ones read as not given.
        const q = c.req.valid("query") as { [filter in "service" | "partner" | "period" | "cursor"]?: string } & {
          limit: number;
        };
        const { visible } = await scope(c, id);
        const page = await c.var.store.listRecords(
          id,
          kind,
          {
            ...(q.service === undefined ? {} : { service: q.service }),
            ...(q.partner === undefined ? {} : { partner: q.partner }),
            ...(q.period === undefined ? {} : { period: q.period }),
            ...(hasService ? { services: visible } : {}),
          },
          { limit: q.limit, ...(q.cursor === undefined ? {} : { cursor: q.cursor }) },
        );
        return send(c, page);
      },
    );

    app.openapi(
      createRoute({
        method: "get",
        path: `${base}/{id}`,
        tags,
        summary: `${TITLES[kind]}: one`,
        security: bearer,
        request: { params: PartnershipParam.extend({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
        responses: {
          200: { description: "The record", content: { "application/json": { schema: Record } } },
          ...problems(403, 404),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "read:records");
        const recordId = c.req.valid("param").id;
        const found = await c.var.store.getRecord(id, kind, recordId);
        const { visible } = await scope(c, id);
        if (found === undefined || (hasService && !visible.includes(found.service ?? "")))
          throw new ApiProblem("NOT_FOUND", `no ${def.label} ${JSON.stringify(recordId)}`);
        return send(c, found);
      },
    );

    app.openapi(
      createRoute({
        method: "post",
        path: base,
        tags,
        summary: `${TITLES[kind]}: add one (finance)`,
        security: bearer,
        request: {
          params: PartnershipParam,
          body: {
            content: { "application/json": { schema: Item } },
            required: true,
          },
        },
        responses: {
          201: { description: "Stored", content: { "application/json": { schema: Record } } },
          ...problems(403, 404, 409, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "write:records");
        const item = c.req.valid("json");
        try {
          await importItems(c, id, kind, [item]);
        } catch (error) {
          if (error instanceof StoreError && error.issues.length > 0) throw asOneRecord(error, def.label);
          throw error;
        }
        const doc = item as Readonly<Record<string, string>>;
        return send(c, await c.var.store.getRecord(id, kind, def.idOf(doc)), 201);
      },
    );

    app.openapi(
      createRoute({
        method: "post",
        path: `${base}/import`,
        tags,
        summary: `${TITLES[kind]}: bulk import, all or nothing (finance)`,
        description: `JSON \`{ "items": [...] }\` or CSV with a header row of these columns: ${def.fields.join(", ")}. Every bad row is reported at once, with its row (JSON: item number from 1; CSV: record number, header = 1), column and reason; nothing is stored unless every row is valid. An invalid row answers 422 with every invalid row, whatever period it or another row is of; only a valid import is then checked row by row for who may write it (403), closed periods (409 \`PERIOD_CLOSED\`) and ids already stored (409 \`ALREADY_EXISTS\`). A CSV needs its header row (an empty body is refused); an import of no rows stores nothing, appends no audit record and answers \`{ "imported": 0 }\`.`,
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
            content: { "application/json": { schema: z.object({ kind: z.string(), imported: z.number().int() }) } },
          },
          ...problems(403, 404, 409, 413, 415, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "write:records");
        return importBody(
          c,
          (text) => csvRows(text, def.fields),
          async (items, rejected) => send(c, await importItems(c, id, kind, items, rejected), 201),
        );
      },
    );
  }
}

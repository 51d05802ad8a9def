import { parseArgs } from "node:util";
import { databaseConfigFromEnv, ROLES, type Role, Store, systemActor } from "@3c/store";

// npm run keys:create -w apps/api -- --partnership 3c --partner HDC --role admin [--name alice@hdc]
// With --create "Partnership name" --currency GBP --partners "HDC=Huntingdonshire,CCC=Cambridge City",
// first creates the partnership. Prints the key's secret once; only its SHA-256 is stored.
const { values } = parseArgs({
  options: {
    partnership: { type: "string" },
    partner: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    create: { type: "string" },
    currency: { type: "string", default: "GBP" },
    partners: { type: "string" },
  },
});

function fail(message: string): never {
  process.stderr.write(`keys:create: ${message}\n`);
  process.exit(2);
}

const { partnership, partner, role } = values;
if (partnership === undefined || partner === undefined || role === undefined)
  fail("usage: --partnership ID --partner ID --role viewer|finance|approver|admin [--name WHO]");
if (!(ROLES as readonly string[]).includes(role)) fail(`role must be one of ${ROLES.join(", ")}`);

const store = await Store.open(databaseConfigFromEnv(process.env)).catch((error: unknown) =>
  // e.g. a PGlite directory a running API holds: stop it first, or create the key through the API.
  fail(error instanceof Error ? error.message : String(error)),
);
const system = systemActor("keys:create");
try {
  if (values.create !== undefined) {
    const partners = (values.partners ?? "")
      .split(",")
      .filter((p) => p !== "")
      .map((p) => {
        const [id, ...name] = p.split("=");
        return { id: id ?? "", name: name.join("=") || (id ?? "") };
      });
    await store.createPartnership(
      { id: partnership, name: values.create, currency: values.currency, settings: {}, partners },
      system,
    );
  }
  if ((await store.getPartnership(partnership)) === undefined) fail(`no partnership ${partnership} (use --create)`);
  const issued = await store.createKey(
    { partnership, partner, role: role as Role, name: values.name ?? `${role}@${partner.toLowerCase()}` },
    system,
  );
  process.stdout.write(`${issued.secret}\n`);
  process.stderr.write(
    `key ${issued.key.id} for ${partner} (${role}) in ${partnership}: the secret above is shown once\n`,
  );
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  await store.close();
}

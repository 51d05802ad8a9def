import type { Actor, Role } from "../Actor.js";

/**
 * An actor for tests: a key of one partner and role.
 *
 * @param partner - the partner council
 * @param role - the key's role
 * @param name - the person (four eyes compares these)
 * @returns the actor
 */
export function actorFor(partner: string, role: Role, name = `${role}@${partner.toLowerCase()}`): Actor {
  return { keyId: `key-${name}`, name, partner, role, requestId: "test" };
}

/** A small partnership: two partners, one service led by A with one pool, and an equal-shares rule. */
export const SMALL = {
  id: "p1",
  name: "Test partnership",
  currency: "GBP",
  settings: {},
  partners: [
    { id: "A", name: "Council A" },
    { id: "B", name: "Council B" },
  ],
} as const;

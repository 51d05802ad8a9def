import type { DriverNeed } from "../errors/index.js";
import { type Fraction, toFraction } from "../exact/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { DriverQuantity } from "../scenario/Scenario.js";
import { missingDriverError } from "./missingDriverError.js";

/** A partner's quantity of a driver, exact. */
export interface Quantity {
  readonly partner: PartnerId;
  readonly text: string;
  readonly value: Fraction;
}

/** Driver quantities indexed by driver, period and partner. */
export class DriverTable {
  private readonly table = new Map<string, Map<string, Map<string, Quantity>>>();

  constructor(drivers: readonly DriverQuantity[]) {
    drivers.forEach((d, i) => {
      const byPeriod = this.table.get(d.driver) ?? new Map<string, Map<string, Quantity>>();
      const byPartner = byPeriod.get(d.period) ?? new Map<string, Quantity>();
      byPartner.set(d.partner, {
        partner: d.partner,
        text: d.quantity,
        value: toFraction(d.quantity, `drivers[${i}].quantity`),
      });
      byPeriod.set(d.period, byPartner);
      this.table.set(d.driver, byPeriod);
    });
  }

  /**
   * Quantities of a driver for some partners in one period.
   *
   * @param driver - driver name
   * @param period - financial period name
   * @param partners - whose quantities
   * @param need - the rule and pool that need them, for the refusal
   * @returns one quantity per partner, in the order asked
   * @throws DomainError `MISSING_DRIVER` naming every partner without a quantity, with one
   *   `MissingDriverIssue` (the driver, the period, those partners and the rule that needs them)
   */
  quantities(driver: string, period: string, partners: readonly PartnerId[], need: DriverNeed): Quantity[] {
    const byPartner = this.table.get(driver)?.get(period);
    const missing = partners.filter((p) => byPartner?.get(p) === undefined);
    if (missing.length > 0) throw missingDriverError([{ driver, period, partners: missing, neededBy: [need] }]);
    return partners.map((p) => byPartner?.get(p) as Quantity);
  }
}

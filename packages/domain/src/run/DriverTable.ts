import { DomainError, type MissingDriverIssue } from "../errors/index.js";
import { type Fraction, toFraction } from "../exact/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { DriverQuantity } from "../scenario/Scenario.js";

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
   * @param where - what needs them, for the error message
   * @returns one quantity per partner, in the order asked
   * @throws DomainError `MISSING_DRIVER` naming every partner without a quantity, with one
   *   {@link MissingDriverIssue} (the driver, the period and those partners)
   */
  quantities(driver: string, period: string, partners: readonly PartnerId[], where: string): Quantity[] {
    const byPartner = this.table.get(driver)?.get(period);
    const missing = partners.filter((p) => byPartner?.get(p) === undefined);
    if (missing.length > 0) {
      const message = `${where} needs driver ${JSON.stringify(driver)} for ${missing.join(", ")} in ${period}, but no quantity was given`;
      const issue: MissingDriverIssue = {
        path: where,
        message,
        code: "MISSING_DRIVER",
        driver,
        period,
        partners: [...missing].sort(),
      };
      throw new DomainError("MISSING_DRIVER", message, { path: where, issues: [issue] });
    }
    return partners.map((p) => byPartner?.get(p) as Quantity);
  }
}

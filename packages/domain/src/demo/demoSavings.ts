import type { ScenarioDocument } from "../schema/index.js";

type SavingsSection = NonNullable<ScenarioDocument["savings"]>;

/** Financial years since the services were shared (October 2015), before the demo's year. */
const HISTORY_YEARS = [
  "2015/16",
  "2016/17",
  "2017/18",
  "2018/19",
  "2019/20",
  "2020/21",
  "2021/22",
  "2022/23",
  "2023/24",
] as const;

/**
 * Each council's contribution to each service in the years before the demo's, in whole pounds, as
 * the partnership's earlier recharge runs would have recorded it. Illustrative.
 */
const HISTORY: Readonly<Record<string, readonly string[]>> = {
  "CCC.BC": ["378600", "376900", "377300", "377300", "377800", "380300", "382400", "392000", "410700"],
  "CCC.ICT": ["1878000", "1869600", "1871600", "1871700", "1874200", "1886400", "1897000", "1944500", "2037000"],
  "CCC.LEGAL": ["688400", "685300", "686000", "686100", "687000", "691400", "695300", "712700", "746700"],
  "HDC.BC": ["512700", "510400", "511000", "511000", "511700", "515000", "517900", "530900", "556200"],
  "HDC.ICT": ["1409400", "1403100", "1404600", "1404700", "1406500", "1415700", "1423700", "1459300", "1528700"],
  "HDC.LEGAL": ["533900", "531500", "532100", "532100", "532800", "536300", "539300", "552800", "579100"],
  "SCDC.BC": ["400700", "398900", "399300", "399300", "399800", "402500", "404700", "414900", "434600"],
  "SCDC.ICT": ["1651200", "1643800", "1645500", "1645700", "1647800", "1658600", "1667900", "1709700", "1791000"],
  "SCDC.LEGAL": ["492400", "490200", "490800", "490800", "491400", "494700", "497400", "509900", "534100"],
};

/** Each council's own cost of each service in 2014/15, the year before sharing. Illustrative. */
const BASELINES: Readonly<Record<string, string>> = {
  "CCC.BC": "395000",
  "CCC.ICT": "1960000",
  "CCC.LEGAL": "720000",
  "HDC.BC": "530000",
  "HDC.ICT": "1470000",
  "HDC.LEGAL": "555000",
  "SCDC.BC": "415000",
  "SCDC.ICT": "1720000",
  "SCDC.LEGAL": "515000",
};

const YEARS = ["2014/15", ...HISTORY_YEARS, "2024/25"];
/** Illustrative pay (local government pay awards) and price (CPI-like) indices, 2014/15 = 100. */
const PAY = ["100", "101", "102", "103", "104", "105.5", "108.3", "110.2", "112.1", "119", "125.4"];
const PRICES = ["100", "100.4", "101.1", "103.8", "106.3", "108.2", "109.1", "112", "122.4", "130.6", "133.9"];
const series = (values: readonly string[]) => YEARS.map((year, i) => ({ year, value: values[i] as string }));

const split = (key: string) => {
  const [partner, service] = key.split(".") as [string, string];
  return { partner, service };
};

/**
 * The demo partnership's savings agreement: 2014/15 baselines indexed 70% by pay and 30% by prices,
 * a 15% target, each council keeping its own saving, nine years of earlier contributions, and the
 * one-off costs of setting up the shared services with the grant that funded part of them.
 */
export const demoSavings: SavingsSection = {
  rounding: "half-up",
  attribution: "actual",
  targetPercent: "15",
  indices: [
    { id: "pay", name: "Local government pay (illustrative)", values: series(PAY) },
    { id: "prices", name: "Consumer prices (illustrative)", values: series(PRICES) },
  ],
  baselines: Object.entries(BASELINES).map(([key, amount]) => ({
    ...split(key),
    baseYear: "2014/15",
    amount,
    indexation: [
      { index: "pay", weight: "70" },
      { index: "prices", weight: "30" },
    ],
  })),
  contributions: Object.entries(HISTORY).flatMap(([key, amounts]) =>
    HISTORY_YEARS.map((year, i) => ({
      ...split(key),
      year,
      amount: amounts[i] as string,
      source: `recharge run ${year} (illustrative)`,
    })),
  ),
  oneOffs: [
    {
      id: "SETUP-2015",
      kind: "cost",
      category: "set-up",
      year: "2015/16",
      amount: "1150000",
      split: { kind: "equal" },
      description: "Programme team, legal and HR advice to set up the shared services",
    },
    {
      id: "REDUNDANCY-ICT-2015",
      kind: "cost",
      category: "redundancy",
      service: "ICT",
      year: "2015/16",
      amount: "640000",
      split: { kind: "baseline" },
      description: "Redundancy and pension strain from merging three ICT teams",
    },
    {
      id: "TRANSFORM-ICT-2016",
      kind: "cost",
      category: "transformation",
      service: "ICT",
      year: "2016/17",
      amount: "420000",
      split: { kind: "contribution" },
      description: "Single network and data centre consolidation",
    },
    {
      id: "GRANT-2015",
      kind: "funding",
      category: "grant",
      year: "2015/16",
      amount: "500000",
      split: { kind: "equal" },
      description: "Transformation Challenge Award towards the set-up costs",
    },
  ],
};

/** How many of each of the year end's lists there are: councils, the chosen one's true-up lines, transfers. */
export interface YearEndLists {
  readonly councils: number;
  readonly lines: number;
  readonly transfers: number;
}

/** Rows of each list that are always shown when there are that many: the rest share what is left. */
const AT_LEAST: YearEndLists = { councils: 3, lines: 3, transfers: 1 };

/**
 * How many rows of each of the year end's lists fit in the rows a terminal has for them: each list
 * shown cut short takes one more row, for its "… n more" line. Every list first gets a few rows
 * (three councils, three true-up lines, one transfer, or all it has when fewer), then the councils
 * as many more as fit, then the true-up lines, then the transfers. A terminal too short even for
 * the first few gets them anyway (it scrolls, as any program's output does).
 *
 * @param space - the rows the lists and their "more" lines may take together
 * @param lists - how many rows each list has
 * @returns how many of each to show, each at most its list's length
 * @example
 * yearEndFit(11, { councils: 10, lines: 3, transfers: 9 }); // { councils: 5, lines: 3, transfers: 1 }
 */
export function yearEndFit(space: number, lists: YearEndLists): YearEndLists {
  const shown = {
    councils: Math.min(lists.councils, AT_LEAST.councils),
    lines: Math.min(lists.lines, AT_LEAST.lines),
    transfers: Math.min(lists.transfers, AT_LEAST.transfers),
  };
  const keys = ["councils", "lines", "transfers"] as const;
  const rows = () => keys.reduce((n, k) => n + shown[k] + (shown[k] < lists[k] ? 1 : 0), 0);
  for (const k of keys)
    while (shown[k] < lists[k]) {
      shown[k] += 1;
      if (rows() > space) {
        shown[k] -= 1;
        break;
      }
    }
  return shown;
}

/**
 * How many rows of each of a screen's lists fit in the rows a terminal has for them: each list shown
 * cut short takes one more row, for its "… n more" line. Every list first gets its least (or all it
 * has when fewer), then, in the order given, each list as many more as fit. A terminal too short even
 * for the least gets them anyway (it scrolls, as any program's output does).
 *
 * @param space - the rows the lists and their "more" lines may take together
 * @param lists - how many rows each list has, in the order that more rows are given out
 * @param least - the rows of each list that are always shown when it has that many
 * @returns how many of each to show, each at most its list's length
 * @example
 * fitLists(11, { councils: 10, transfers: 9 }, { councils: 3, transfers: 1 }); // { councils: 8, transfers: 1 }
 */
export function fitLists<K extends string>(
  space: number,
  lists: Readonly<Record<K, number>>,
  least: Readonly<Record<K, number>>,
): Record<K, number> {
  const keys = Object.keys(lists) as K[];
  const shown = Object.fromEntries(keys.map((k) => [k, Math.min(lists[k], least[k])])) as Record<K, number>;
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

/**
 * The first of `shown` consecutive rows of a list of `length` that keeps row `at` in view, near the
 * middle: the window a long list scrolls through.
 *
 * @param length - the list's rows
 * @param shown - the rows shown at once
 * @param at - the row to keep in view
 * @returns the index of the first row shown
 * @example
 * windowStart(10, 4, 9); // 6
 */
export function windowStart(length: number, shown: number, at: number): number {
  return Math.max(0, Math.min(at - Math.floor(shown / 2), length - shown));
}

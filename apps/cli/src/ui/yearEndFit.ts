import { fitLists } from "./fitLists.js";

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
  return fitLists(space, { councils: lists.councils, lines: lists.lines, transfers: lists.transfers }, AT_LEAST);
}

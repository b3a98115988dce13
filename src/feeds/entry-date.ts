// The date a feed entry or an alert gives for its article, judged against when it was read.

// A day of slack for clocks and time zones; past it a date is no date. An entry stamped with the
// year 99999 would otherwise pin its article to the top of every newest-first list.
const FUTURE_SLACK_MS = 86_400_000;

/**
 * The date, or null when it lies more than a day after `now`: the article is then dated by when
 * newsmon registered it, as an undated one is.
 */
export function plausibleDate(iso: string | null, now: Date): string | null {
  return iso !== null && Date.parse(iso) > now.getTime() + FUTURE_SLACK_MS ? null : iso;
}

// How the dashboard writes numbers, latencies, ages and reach: as text, in the reader's locale.

/** Counts and rates, to one decimal at most. */
export const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A latency: "12.5 ms". */
export function ms(value: number): string {
  return `${number.format(value)} ms`;
}

/** How long before `now` the time `from` was: "5 s ago", "3 min ago", "2 h ago"; a time ahead of `now` (clocks differ) is "0 s ago". */
export function age(from: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(from)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** The share of an event's subscribers that acked it: at most 100 %, since acks can be counted before subscribers are; "–" when it had none. */
export function reach(acks: number, subscribers: number): string {
  return subscribers > 0 ? `${Math.round((100 * Math.min(acks, subscribers)) / subscribers)} %` : "–";
}

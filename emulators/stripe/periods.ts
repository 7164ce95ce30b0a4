// Billing period arithmetic: a period ends one interval after it starts,
// keeping the anchor's day of month (clamped to the month's last day, as
// Stripe does for a subscription started on the 31st).

export function addInterval(start: number, interval: string, count: number, anchor = start): number {
  if (interval !== "day" && interval !== "week" && interval !== "month" && interval !== "year") {
    throw new Error(`unknown billing interval: ${interval}`);
  }
  const date = new Date(start * 1000);
  if (interval === "day") return start + count * 86_400;
  if (interval === "week") return start + count * 7 * 86_400;
  const months = interval === "month" ? count : count * 12;
  const anchorDay = new Date(anchor * 1000).getUTCDate();
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const next = Date.UTC(
    year,
    month,
    Math.min(anchorDay, lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
  return Math.floor(next / 1000);
}

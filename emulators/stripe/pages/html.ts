// Shared bits of the emulator's pages: escaping, money and dates, the layout.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and attribute values. */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function money(minor: number | null, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format((minor ?? 0) / 100);
}

export function date(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

export function perInterval(interval: string | undefined): string {
  return interval ? `per ${interval}` : "";
}

const STYLE = `
  *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1f36;background:#f6f8fa}
  main{max-width:880px;margin:40px auto;padding:0 20px}
  .badge{display:inline-block;font-size:12px;font-weight:600;color:#a04100;background:#ffde92;border-radius:4px;padding:2px 6px;margin-left:8px}
  .grid{display:grid;grid-template-columns:1fr 1fr;gap:32px}@media(max-width:720px){.grid{grid-template-columns:1fr}}
  .card{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:24px;margin-bottom:16px}
  h1{font-size:22px;margin:0 0 16px}h2{font-size:17px;margin:0 0 12px}.muted{color:#697386}
  .amount{font-size:32px;font-weight:700;margin:4px 0}
  button,.button{display:block;width:100%;padding:12px 16px;border:0;border-radius:6px;font:inherit;font-weight:600;cursor:pointer;text-align:center;text-decoration:none;margin:8px 0}
  .primary{background:#635bff;color:#fff}.danger{background:#fff;color:#df1b41;border:1px solid #df1b41}.secondary{background:#fff;color:#1a1f36;border:1px solid #d5dbe1}
  .alert{background:#fff1f2;border:1px solid #df1b41;color:#a0102f;border-radius:6px;padding:12px;margin-bottom:12px}
  .notice{background:#effaf3;border:1px solid #2e9e5b;color:#1d6b3c;border-radius:6px;padding:12px;margin-bottom:12px}
  dl{display:grid;grid-template-columns:auto 1fr;gap:4px 16px;margin:0}dt{color:#697386}dd{margin:0}
  a{color:#635bff}form{margin:0}
`;

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export const TEST_MODE = `<span class="badge">Test mode · local emulator</span>`;

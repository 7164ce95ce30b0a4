// The hosted invoice page an invoice's `hosted_invoice_url` points at: a
// read-only summary (the emulator has no PDF; `invoice_pdf` links here too).
import type { Hono } from "hono";
import type { EmulatorCore } from "../core.ts";
import { TEST_MODE, date, esc, layout, money } from "./html.ts";

export function invoicePages(app: Hono, core: EmulatorCore): void {
  const show = (id: string) => {
    const invoice = core.store.state.invoices[id];
    if (!invoice) return null;
    const lines = invoice.lines.data
      .map((line) => `<dt>${esc(line.description)}</dt><dd>${esc(money(line.amount, line.currency))}</dd>`)
      .join("");
    return layout(
      `Invoice ${invoice.number ?? invoice.id}`,
      `<h1>Invoice ${esc(invoice.number ?? invoice.id)} ${TEST_MODE}</h1>
      <section class="card"><dl>
        <dt>Status</dt><dd>${esc(invoice.status)}</dd>
        <dt>Billed to</dt><dd>${esc(invoice.customer_email ?? String(invoice.customer))}</dd>
        <dt>Date</dt><dd>${esc(date(invoice.created))}</dd>
        ${lines}
        <dt>Amount due</dt><dd>${esc(money(invoice.amount_due, invoice.currency))}</dd>
        <dt>Amount paid</dt><dd>${esc(money(invoice.amount_paid, invoice.currency))}</dd>
      </dl></section>`,
    );
  };
  for (const route of ["/invoices/:id", "/invoices/:id/pdf"]) {
    app.get(route, (c) => {
      const html = show(c.req.param("id") ?? "");
      return html ? c.html(html) : c.html(layout("Not found", "<h1>Invoice not found</h1>"), 404);
    });
  }
}

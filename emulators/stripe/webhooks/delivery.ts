// Posts events to webhook endpoints the way Stripe does: JSON body, a fresh
// Stripe-Signature per attempt, any non-2xx (redirects included) or network
// error is a failure retried with backoff, a bounded number of times. Each
// endpoint has its own queue, delivered one event at a time in creation order,
// so a slow or dead endpoint delays only itself. Nothing here blocks the HTTP
// response that caused the event.
import { signatureHeader } from "./signing.ts";

/** The delivery log keeps this many most recent attempts. */
const MAX_LOG_RECORDS = 5000;

export interface DeliveryTarget {
  /** we_… for registered endpoints; a stable label for others. */
  id: string;
  url: string;
}

export interface DeliveryRecord {
  event_id: string;
  event_type: string;
  endpoint_id: string;
  url: string;
  attempt: number;
  /** HTTP status, or null when the request failed before a response. */
  status: number | null;
  ok: boolean;
  error: string | null;
  response_body: string | null;
  duration_ms: number;
  /** Unix milliseconds when the attempt finished. */
  at: number;
  /** Milliseconds until the next attempt, or null when this was the last. */
  next_retry_in_ms: number | null;
}

export interface DeliveryOptions {
  secret: string;
  /** Waits before attempts 2, 3, …; its length + 1 is the attempt limit. */
  retryDelaysMs: number[];
  timeoutMs: number;
  /** The body to send for an event at the moment of an attempt. */
  payloadFor: (eventId: string) => string;
  onDelivered: (eventId: string, target: DeliveryTarget) => void;
  log: (line: string) => void;
}

interface Job {
  eventId: string;
  eventType: string;
  resolve: (record: DeliveryRecord) => void;
}

interface Queue {
  target: DeliveryTarget;
  jobs: Job[];
  running: Promise<void> | null;
}

export class WebhookDelivery {
  readonly log: DeliveryRecord[] = [];
  private readonly queues = new Map<string, Queue>();
  private readonly controller = new AbortController();
  private stopped = false;

  constructor(private readonly options: DeliveryOptions) {}

  /** Queues an event for each target; each promise settles with the final attempt's record. */
  enqueue(eventId: string, eventType: string, targets: DeliveryTarget[]): Promise<DeliveryRecord>[] {
    return targets.map((target) => {
      const key = `${target.id} ${target.url}`;
      let queue = this.queues.get(key);
      if (!queue) {
        queue = { target, jobs: [], running: null };
        this.queues.set(key, queue);
      }
      const promise = new Promise<DeliveryRecord>((resolve) => queue.jobs.push({ eventId, eventType, resolve }));
      queue.running ??= this.drain(queue);
      return promise;
    });
  }

  /** Resolves once every queue is empty. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.queues.values()].map((q) => q.running).filter((r): r is Promise<void> => r !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    await this.idle();
  }

  private async drain(queue: Queue): Promise<void> {
    for (let job = queue.jobs.shift(); job; job = queue.jobs.shift()) {
      job.resolve(await this.deliver(queue.target, job));
    }
    queue.running = null;
  }

  private async deliver(target: DeliveryTarget, job: Job): Promise<DeliveryRecord> {
    const maxAttempts = this.options.retryDelaysMs.length + 1;
    for (let attempt = 1; ; attempt += 1) {
      const record = await this.attempt(target, job, attempt);
      const delay = this.options.retryDelaysMs[attempt - 1];
      const last = record.ok || this.stopped || attempt >= maxAttempts || delay === undefined;
      record.next_retry_in_ms = last ? null : delay;
      this.log.push(record);
      if (this.log.length > MAX_LOG_RECORDS) this.log.splice(0, this.log.length - MAX_LOG_RECORDS);
      this.options.log(
        `[stripe] ${job.eventType} ${job.eventId} → ${target.url} ${record.status ?? record.error} (attempt ${attempt}/${maxAttempts})`,
      );
      if (record.ok) this.options.onDelivered(job.eventId, target);
      if (last) return record;
      await this.sleep(delay);
    }
  }

  private async attempt(target: DeliveryTarget, job: Job, attempt: number): Promise<DeliveryRecord> {
    const started = Date.now();
    const base = { event_id: job.eventId, event_type: job.eventType, endpoint_id: target.id, url: target.url, attempt };
    if (this.stopped) {
      return { ...base, status: null, ok: false, error: "emulator stopped", response_body: null, duration_ms: 0, at: started, next_retry_in_ms: null };
    }
    const payload = this.options.payloadFor(job.eventId);
    try {
      const response = await fetch(target.url, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          accept: "*/*; q=0.5, application/xml",
          "cache-control": "no-cache",
          "stripe-signature": signatureHeader(payload, this.options.secret),
        },
        body: payload,
        signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      const text = await response.text().catch(() => "");
      const ok = response.status >= 200 && response.status < 300;
      return { ...base, status: response.status, ok, error: null, response_body: text.slice(0, 1000), duration_ms: Date.now() - started, at: Date.now(), next_retry_in_ms: null };
    } catch (error) {
      const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      return { ...base, status: null, ok: false, error: message, response_body: null, duration_ms: Date.now() - started, at: Date.now(), next_retry_in_ms: null };
    }
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.controller.signal;
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

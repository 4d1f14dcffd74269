/**
 * One request and its response as the report shows them: secrets masked, bodies parsed when they
 * are JSON. In `--dry-run` the response is null: the request was listed, not sent.
 */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the text when it is not JSON; absent without a body. */
  body?: unknown;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the text when it is not JSON; absent when empty. */
  body?: unknown;
}

export interface RecordedExchange {
  request: RecordedRequest;
  /** Null when the request was not sent (dry run) or got no answer (see `error`). */
  response: RecordedResponse | null;
  /** Why there is no answer: ECONNREFUSED, a timeout, an interruption. */
  error?: string;
  /** False in a dry run. */
  sent: boolean;
  /** Real milliseconds from sending to the answer. */
  ms: number;
}

/** Where the exchanges of the running check go. The runner points it at the current check. */
export class ExchangeRecorder {
  private sink: RecordedExchange[] | null = null;

  /** Starts collecting into a fresh list and returns it. */
  collect(): RecordedExchange[] {
    this.sink = [];
    return this.sink;
  }

  record(exchange: RecordedExchange): void {
    this.sink?.push(exchange);
  }
}

/** Parses JSON text, keeping the text itself when it is not JSON; undefined when empty. */
export function parseBody(text: string | undefined): unknown {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

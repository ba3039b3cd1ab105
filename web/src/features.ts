import { getJson } from './api.js';

/** What this queue and process offer (`GET /api/features`). */
export interface Features {
  readonly queue: { readonly driver: string | null; readonly deadLetters: boolean };
  /** Whether a history is kept; `reason` says why not (the SQS driver, `history: false`). */
  readonly history: { readonly kept: boolean; readonly reason: string | null };
  readonly replay: boolean;
}

let loaded: Promise<Features> | undefined;

/** The features, asked once per page load (they change only with a restart). */
export function features(): Promise<Features> {
  loaded ??= getJson<Features>('/api/features').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

// kinesalite and dynalite ship no types: the part the test helpers use.
declare module 'kinesalite' {
  import type { Server } from 'node:http';
  /** An in-memory Kinesis on a plain `node:http` server; `createStreamMs: 0` makes streams ACTIVE at once. */
  export default function kinesalite(options?: { createStreamMs?: number; deleteStreamMs?: number; updateStreamMs?: number; shardLimit?: number }): Server;
}

declare module 'dynalite' {
  import type { Server } from 'node:http';
  /** An in-memory DynamoDB on a plain `node:http` server; `createTableMs: 0` makes tables ACTIVE at once. */
  export default function dynalite(options?: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number; maxItemSizeKb?: number }): Server;
}

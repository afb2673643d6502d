import { z } from 'zod';
import { IngestAck } from '../../protocol/events.js';
import { defineRoute, type AnyRoute } from '../api/route.js';
import type { IngestService } from './ingest-service.js';

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}

/** `POST /api/ingest/<stream>` for every stream sources may send: answered only after the batch is committed. */
export function ingestRoutes(service: IngestService): AnyRoute[] {
  return service.kinds.map((kind) =>
    defineRoute({
      method: 'post',
      path: `/api/ingest/${kind}`,
      tag: 'ingest',
      summary: `Send a batch of 1–5,000 ${kind} (\`{ "${kind}": [...] }\`); answered after it is committed, all or nothing; a repeat counts as a duplicate`,
      auth: { kind: 'source' },
      // 5,000 events with descriptions and media fit well inside this.
      bodyLimit: '16mb',
      body: z.unknown(),
      documentBody: service.batchSchema(kind),
      response: IngestAck,
      refusals: ['BAD_SOURCE_KEY', 'OUT_OF_SCOPE', 'BATCH_TOO_LARGE', 'RATE_LIMITED'],
      handle: ({ body, req }) => service.ingest(kind, service.authenticate(bearer(req.headers.authorization)), body),
    }),
  );
}

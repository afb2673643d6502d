import express, { Router } from 'express';
import { Errors } from '../errors.js';
import { INGEST_KINDS, type IngestService } from './ingest-service.js';

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}

/** `POST /api/ingest/{events,positions,cameras,stats}`: answered only after the batch is committed. */
export function ingestRouter(service: IngestService): Router {
  const router = Router();
  // 5,000 events with descriptions and media fit well inside this.
  router.use('/api/ingest', express.json({ limit: '16mb' }));
  for (const kind of INGEST_KINDS) {
    router.post(`/api/ingest/${kind}`, async (req, res) => {
      const source = service.authenticate(bearer(req.headers.authorization));
      if (req.body === undefined) throw Errors.validation('body', [{ path: '', message: 'expected a JSON body' }]);
      res.json(await service.ingest(kind, source, req.body));
    });
  }
  return router;
}

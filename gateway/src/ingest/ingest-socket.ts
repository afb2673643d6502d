import type { Namespace } from 'socket.io';
import type { IngestAuth, IngestClientToServer, IngestResponse, IngestServerToClient } from '../../protocol/socket.js';
import type { Source } from '../auth/identities.js';
import { socketError, toGatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import type { IngestService } from './ingest-service.js';

export type IngestNamespace = Namespace<IngestClientToServer, IngestServerToClient, Record<string, never>, { source: Source }>;

/** Socket.IO `/ingest`: the same batches and answers as HTTP, acknowledged through the callback. */
export function attachIngestSocket(nsp: IngestNamespace, service: IngestService, log: Logger): void {
  nsp.use((socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as Partial<IngestAuth>;
      socket.data.source = service.authenticate(typeof auth.key === 'string' ? auth.key : undefined);
      next();
    } catch (err) {
      next(socketError(err));
    }
  });
  nsp.on('connection', (socket) => {
    for (const kind of service.kinds) {
      // Every stream sources may send, not only those the typed map names.
      (socket as unknown as { on(ev: string, fn: (batch: unknown, ack: (res: IngestResponse) => void) => void): void }).on(kind, (batch, ack) => {
        if (typeof ack !== 'function') return; // a source that cannot hear the answer gets nothing stored
        service.ingest(kind, socket.data.source, batch).then(
          (result) => ack({ status: 200, ...result }),
          (err: unknown) => {
            const e = toGatewayError(err);
            if (e.statusCode >= 500) log.error({ err }, 'socket ingest failed');
            ack({ status: e.statusCode, ...e.toBody() });
          },
        );
      });
    }
  });
}

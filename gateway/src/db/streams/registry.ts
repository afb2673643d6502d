import type { AnyStream } from './stream.js';

/** The streams a gateway runs, by name, in the order they were declared. */
export class StreamRegistry {
  private readonly byName = new Map<string, AnyStream>();

  constructor(streams: readonly AnyStream[]) {
    for (const s of streams) {
      if (!/^[a-z][a-zA-Z]{1,31}$/.test(s.name)) throw new Error(`stream name "${s.name}": lower camel case letters only`);
      if (this.byName.has(s.name)) throw new Error(`stream "${s.name}" is declared twice`);
      if (s.ingest && !(s.view && s.openSink)) throw new Error(`stream "${s.name}" takes ingest but has no view or sink`);
      this.byName.set(s.name, s);
    }
  }

  get(name: string): AnyStream | undefined {
    return this.byName.get(name);
  }

  get all(): readonly AnyStream[] {
    return [...this.byName.values()];
  }

  /** The streams sources may send. */
  get ingestable(): readonly AnyStream[] {
    return this.all.filter((s) => s.ingest);
  }
}

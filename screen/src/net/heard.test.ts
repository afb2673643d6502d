import { describe, expect, it } from 'vitest';
import { setSummaryCadence, topicCadenceMs } from './heard.js';

describe('topic cadences', () => {
  it('the events topic follows the summary interval the gateway announces; event-driven topics have none', () => {
    expect(topicCadenceMs('events')).toBe(2000);
    expect(topicCadenceMs('alerts')).toBeNull();
    setSummaryCadence(10_000);
    expect(topicCadenceMs('events')).toBe(10_000);
    // an older gateway's hello has no summaryMs: what was known stays
    setSummaryCadence(undefined as unknown as number);
    setSummaryCadence(0);
    expect(topicCadenceMs('events')).toBe(10_000);
  });
});

import { describe, expect, it } from 'vitest';
import { pageDue } from './use-carousel.js';

describe('pageDue', () => {
  it('turns every interval, never with an interval of 0', () => {
    expect(pageDue(30_000, 0, 0, 30, 60)).toBe(false); // still held by an interaction at 0
    expect(pageDue(100_000, 60_000, -1e9, 30, 60)).toBe(true);
    expect(pageDue(80_000, 60_000, -1e9, 30, 60)).toBe(false);
    expect(pageDue(1e9, 0, -1e9, 0, 60)).toBe(false);
  });
  it('holds while someone uses the screen and for resumeAfterS after, then turns again', () => {
    expect(pageDue(100_000, 0, 50_000, 30, 60)).toBe(false);
    expect(pageDue(109_000, 0, 50_000, 30, 60)).toBe(false);
    expect(pageDue(111_000, 0, 50_000, 30, 60)).toBe(true);
    // with no hold, still a full interval after the interaction
    expect(pageDue(70_000, 0, 50_000, 30, 0)).toBe(false);
    expect(pageDue(81_000, 0, 50_000, 30, 0)).toBe(true);
  });
});

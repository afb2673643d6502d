import { describe, expect, it } from 'vitest';
import { participantCamera, participantOrder } from './participant-tiles.js';

const p = (username: string, joinedAt: string, hand = false) => ({ username, scope: '440303', role: 'leader', joinedAt, hand, streamUrl: `/video/live/${username}.m3u8` });

describe('participant tiles', () => {
  it('puts the presenter first, then raised hands, then the others by arrival', () => {
    const list = [p('a', '2026-01-01T00:00:01Z'), p('b', '2026-01-01T00:00:02Z', true), p('c', '2026-01-01T00:00:00Z'), p('d', '2026-01-01T00:00:03Z')];
    expect(participantOrder(list, 'd').map((x) => x.username)).toEqual(['d', 'b', 'c', 'a']);
    expect(participantOrder(list, null).map((x) => x.username)).toEqual(['b', 'c', 'a', 'd']);
  });
  it('plays a participant through the camera tile', () => {
    const cam = participantCamera(p('leader-440303', '2026-01-01T00:00:00Z'), '罗湖区');
    expect(cam).toMatchObject({ id: 'leader-440303', name: '罗湖区', hlsUrl: '/video/live/leader-440303.m3u8', areaCode: '440303', status: 'online' });
  });
});

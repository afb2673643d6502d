// A participant's conference stream, shaped as a camera so the video wall's tile and player pool
// play it (the same decoder cap, backoff and offline state as the cameras).
import type { CameraView, ConferenceParticipant } from '../../net/protocol.js';

export function participantCamera(p: ConferenceParticipant, name: string): CameraView {
  return { seq: 0, id: p.username, source: 'conference', name, lon: 0, lat: 0, gridCode: null, areaCode: p.scope, hlsUrl: p.streamUrl, status: 'online', statusBy: 'source' };
}

/** The presenter first, then raised hands, then the rest in the order they joined. */
export function participantOrder<T extends Pick<ConferenceParticipant, 'username' | 'hand' | 'joinedAt'>>(list: readonly T[], presenter: string | null): T[] {
  const rank = (p: T) => (p.username === presenter ? 0 : p.hand ? 1 : 2);
  return [...list].sort((a, b) => rank(a) - rank(b) || a.joinedAt.localeCompare(b.joinedAt));
}

// The layout editor's side of the gateway: who may edit, and what the property panel is built from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionFields } from '../../screen/src/editor/model/option-fields.js';
import { login, startTestGateway, type Gateway } from '../support/gateway-harness.js';

describe('layout editor: gateway', () => {
  let gw: Gateway;
  const tokens: Record<string, string> = {};
  const get = (path: string, who: string) => fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    gw = await startTestGateway();
    for (const u of ['operator-4403', 'leader-4403', 'duty-440303']) tokens[u] = await login(gw.url, u);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('serves every widget’s options as JSON Schema to operators, from which the property panel is built', async () => {
    const res = await get('/api/widgets/options', 'operator-4403');
    expect(res.status).toBe(200);
    const { widgets } = (await res.json()) as { widgets: Record<string, { properties?: Record<string, unknown> }> };
    expect(optionFields(widgets['category-chart'])).toEqual([
      { key: 'kind', kind: 'enum', values: ['bar', 'pie'], default: 'bar' },
      { key: 'top', kind: 'integer', min: 1, max: 50, default: 10 },
    ]);
    expect(optionFields(widgets['event-feed'])).toEqual([{ key: 'rows', kind: 'integer', min: 1, max: 200, default: 60 }]);
  });

  it('refuses the editor’s routes to everyone but operators (403)', async () => {
    for (const who of ['leader-4403', 'duty-440303']) {
      const res = await get('/api/widgets/options', who);
      expect(res.status, who).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await fetch(`${gw.url}/api/widgets/options`)).status).toBe(401);
  });
});

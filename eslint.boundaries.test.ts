// The import boundaries fail the lint (and so `npm test` and the build) when crossed: each rule
// checked on a fixture file placed where it applies.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: import.meta.dirname });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('refuses a screen file that imports from gateway/src, and allows the protocol', async () => {
    expect(await restricted('screen/src/widgets/x/bad.ts', "import { Writer } from '../../../../gateway/src/db/writer.js';\nexport const w = Writer;\n")).toEqual([
      expect.stringContaining('the screen imports only gateway/protocol'),
    ]);
    expect(await restricted('screen/src/widgets/x/ok.ts', "import { levelOf } from '../../../../gateway/protocol/scope.js';\nexport const l = levelOf;\n")).toEqual([]);
  });

  it('refuses zod values in the screen but allows its types', async () => {
    expect(await restricted('screen/src/net/bad.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toHaveLength(1);
    expect(await restricted('screen/src/net/ok.ts', "import type { z } from 'zod';\nexport type S = z.ZodType;\n")).toEqual([]);
  });

  it('keeps the domain pure and DuckDB inside db/', async () => {
    expect(await restricted('gateway/src/domain/bad.ts', "import type { Database } from '../db/database.js';\nexport type D = Database;\n")).toEqual([expect.stringContaining('domain/ is pure')]);
    expect(await restricted('gateway/src/domain/bad2.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const d = DuckDBInstance;\n")).toHaveLength(1);
    expect(await restricted('gateway/src/api/bad.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const d = DuckDBInstance;\n")).toEqual([expect.stringContaining('only gateway/src/db talks to DuckDB')]);
    expect(await restricted('gateway/src/db/ok.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const d = DuckDBInstance;\n")).toEqual([]);
  });

  it('keeps the protocol free of the gateway’s implementation', async () => {
    expect(await restricted('gateway/protocol/bad.ts', "import { Errors } from '../src/errors.js';\nexport const e = Errors;\n")).toEqual([expect.stringContaining('gateway/protocol imports nothing of the gateway')]);
  });
});

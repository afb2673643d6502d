import { describe, expect, it } from 'vitest';
import { optionFields, readField, withOption } from './option-fields.js';

// As GET /api/widgets/options serves them (zod's JSON Schema of WIDGET_OPTIONS, input side);
// tests/integration/layout-editor.test.ts reads the real ones through optionFields.
const SCHEMAS = {
  totals: { type: 'object', properties: {}, additionalProperties: false },
  'category-chart': {
    type: 'object',
    properties: { kind: { default: 'bar', type: 'string', enum: ['bar', 'pie'] }, top: { default: 10, type: 'integer', minimum: 1, maximum: 50 } },
    additionalProperties: false,
  },
};
const schemaOf = (id: keyof typeof SCHEMAS) => SCHEMAS[id];

describe('option fields from a widget’s options schema', () => {
  it('reads enums, integer ranges and defaults', () => {
    expect(optionFields(schemaOf('category-chart'))).toEqual([
      { key: 'kind', kind: 'enum', values: ['bar', 'pie'], default: 'bar' },
      { key: 'top', kind: 'integer', min: 1, max: 50, default: 10 },
    ]);
    expect(optionFields(schemaOf('totals'))).toEqual([]);
  });

  it('reads booleans, strings, exclusive bounds, and falls back to JSON', () => {
    const s = {
      type: 'object',
      properties: { a: { type: 'boolean', default: false }, b: { type: 'string', maxLength: 20 }, c: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, d: { type: 'array', items: { type: 'string' } } },
    };
    expect(optionFields(s)).toEqual([
      { key: 'a', kind: 'boolean', default: false },
      { key: 'b', kind: 'string', maxLength: 20 },
      { key: 'c', kind: 'number', min: Number.EPSILON, max: 1 - Number.EPSILON },
      { key: 'd', kind: 'json' },
    ]);
  });

  it('checks typed values and says what is wanted', () => {
    const [kind, top] = optionFields(schemaOf('category-chart'));
    expect(readField(top!, '12')).toEqual({ value: 12 });
    expect(readField(top!, '12.5')).toEqual({ error: 'a whole number' });
    expect(readField(top!, '0')).toEqual({ error: 'at least 1' });
    expect(readField(top!, '51')).toEqual({ error: 'at most 50' });
    expect(readField(top!, '')).toEqual({ error: 'a number' });
    expect(readField(kind!, 'pie')).toEqual({ value: 'pie' });
    expect(readField(kind!, 'donut')).toEqual({ error: 'one of bar, pie' });
    expect(readField({ key: 'j', kind: 'json' }, '{')).toEqual({ error: 'valid JSON' });
  });

  it('drops an option set back to its default', () => {
    const [, top] = optionFields(schemaOf('category-chart'));
    expect(withOption({ kind: 'pie', top: 5 }, top!, 10)).toEqual({ kind: 'pie' });
    expect(withOption({ kind: 'pie' }, top!, 7)).toEqual({ kind: 'pie', top: 7 });
  });
});

// The property panel as data: one field per option of a widget, read from the JSON Schema the
// gateway serves for it (GET /api/widgets/options), and the checks a typed value passes
// before it goes into the layout. What the schema does not describe is shown as JSON.

export type OptionField =
  | { key: string; kind: 'enum'; values: readonly (string | number)[]; default?: unknown }
  | { key: string; kind: 'integer' | 'number'; min?: number; max?: number; default?: unknown }
  | { key: string; kind: 'boolean'; default?: unknown }
  | { key: string; kind: 'string'; maxLength?: number; default?: unknown }
  | { key: string; kind: 'json'; default?: unknown };

interface JsonProp {
  type?: string | string[];
  enum?: (string | number)[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
  default?: unknown;
}

/** Fields of an object schema, in the schema's order. */
export function optionFields(schema: { properties?: Record<string, unknown> } | undefined): OptionField[] {
  return Object.entries(schema?.properties ?? {}).map(([key, raw]) => {
    const p = raw as JsonProp;
    const d = 'default' in p ? { default: p.default } : {};
    if (Array.isArray(p.enum)) return { key, kind: 'enum', values: p.enum, ...d };
    const type = Array.isArray(p.type) ? p.type.find((t) => t !== 'null') : p.type;
    if (type === 'integer' || type === 'number') {
      const min = p.minimum ?? (p.exclusiveMinimum !== undefined ? p.exclusiveMinimum + (type === 'integer' ? 1 : Number.EPSILON) : undefined);
      const max = p.maximum ?? (p.exclusiveMaximum !== undefined ? p.exclusiveMaximum - (type === 'integer' ? 1 : Number.EPSILON) : undefined);
      return { key, kind: type, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), ...d };
    }
    if (type === 'boolean') return { key, kind: 'boolean', ...d };
    if (type === 'string') return { key, kind: 'string', ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}), ...d };
    return { key, kind: 'json', ...d };
  });
}

/** Reads what was typed into a field: the value, or an error in words. */
export function readField(field: OptionField, input: string | boolean): { value: unknown } | { error: string } {
  switch (field.kind) {
    case 'boolean':
      return { value: input === true || input === 'true' };
    case 'enum': {
      const v = field.values.find((x) => String(x) === String(input));
      return v === undefined ? { error: `one of ${field.values.join(', ')}` } : { value: v };
    }
    case 'integer':
    case 'number': {
      const text = String(input).trim();
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return { error: 'a number' };
      if (field.kind === 'integer' && !Number.isInteger(n)) return { error: 'a whole number' };
      if (field.min !== undefined && n < field.min) return { error: `at least ${field.min}` };
      if (field.max !== undefined && n > field.max) return { error: `at most ${field.max}` };
      return { value: n };
    }
    case 'string': {
      const s = String(input);
      return field.maxLength !== undefined && s.length > field.maxLength ? { error: `at most ${field.maxLength} characters` } : { value: s };
    }
    case 'json':
      try {
        return { value: JSON.parse(String(input)) as unknown };
      } catch {
        return { error: 'valid JSON' };
      }
  }
}

/** Sets one option; setting it back to its default removes it, so layouts stay short. */
export function withOption(options: Readonly<Record<string, unknown>>, field: OptionField, value: unknown): Record<string, unknown> {
  const next = { ...options };
  if ('default' in field && JSON.stringify(field.default) === JSON.stringify(value)) delete next[field.key];
  else next[field.key] = value;
  return next;
}

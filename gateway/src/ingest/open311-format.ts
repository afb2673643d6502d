// GeoReport v2's two formats. XML is the spec's required one: schemaless, no namespace, UTF-8
// with its declaration, a list as a container element of items (`<services><service>`); JSON is
// the same document under the Spark convention (a list is an array, a leaf a value, an empty
// leaf null).
import type { Response } from 'express';

export type Open311Format = 'json' | 'xml';
export const FORMATS: readonly Open311Format[] = ['json', 'xml'];

/** The element each list's items are written as. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

// Characters XML 1.0 cannot carry at all (C0 controls but tab, newline, return; lone surrogates; U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(s: string): string {
  return s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function element(name: string, value: unknown, indent: string): string {
  if (value === null || value === undefined || value === '') return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name];
    if (!item) throw new Error(`no item element for list ${name}`);
    if (value.length === 0) return `${indent}<${name}/>`;
    return `${indent}<${name}>\n${value.map((v) => element(item, v, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v, `${indent}  `));
    return inner.length ? `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>` : `${indent}<${name}/>`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A document as GeoReport XML: `root` is the document element (a list's container, or an object's name). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}\n`;
}

/** Sends a document in the requested format with the spec's content types. */
export function sendDocument(res: Response, format: Open311Format, root: string, value: unknown, status = 200): void {
  res.status(status);
  if (format === 'xml') res.type('text/xml; charset=utf-8').send(toXml(root, value));
  else res.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

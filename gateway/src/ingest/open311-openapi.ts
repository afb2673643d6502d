// The OpenAPI paths of the Open311 GeoReport v2 routes (open311.ts), kept apart from the routes
// so the generated document can spread them in.
const BASE = '/open311/v2';

const errors = {
  description: 'GeoReport errors: JSON `[{ code, description }]`, XML `<errors><error><code/><description/></error></errors>`; code = the HTTP status',
  content: {
    'application/json': { schema: { type: 'array', items: { type: 'object', properties: { code: { type: 'integer' }, description: { type: 'string' } } } } },
    'text/xml': { schema: { type: 'string' } },
  },
};
const format = { name: 'format', in: 'path', required: true, schema: { enum: ['xml', 'json'] }, description: 'the response format (XML is the spec’s required one)' };
const jurisdiction = { name: 'jurisdiction_id', in: 'query', schema: { type: 'string' }, description: 'optional: the city code or a configured id; another one is answered 404' };
const key = { name: 'api_key', in: 'query', schema: { type: 'string' }, description: 'optional on reads: without it only requests filed through Open311 (city-wide); with it every request in the key’s scope. A wrong key is 403' };
const both = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'array' } }, 'text/xml': { schema: { type: 'string' } } } });

const REQUEST_FIELDS = 'service_request_id, status (open|closed), status_notes (where the case stands in the workflow, zh-CN and English), service_name, service_code, description, agency_responsible, service_notice, requested_datetime, updated_datetime, expected_datetime, address, address_id, zipcode, lat, long, media_url — never who reported it';

export const OPEN311_OPENAPI_PATHS = {
  '/open311/discovery.{format}': {
    get: {
      summary: 'Open311 service discovery: changeset, contact, key_service, endpoints (GeoReport v2, production, text/xml and application/json); also at /open311/v2/discovery.{format}',
      parameters: [format],
      responses: { '200': { description: 'the discovery document' } },
    },
  },
  [`${BASE}/services.{format}`]: {
    get: {
      summary: 'Open311: the city’s event classes as services (no key)',
      parameters: [format, jurisdiction],
      responses: { '200': both('[{ service_code, service_name, description, metadata, type, keywords, group }] / <services><service>…'), '404': errors },
    },
  },
  [`${BASE}/services/{service_code}.{format}`]: {
    get: {
      summary: 'Open311: a service definition (no service has attributes)',
      parameters: [{ name: 'service_code', in: 'path', required: true, schema: { type: 'string' } }, format, jurisdiction],
      responses: { '200': { description: '{ service_code, attributes: [] } / <service_definition>' }, '404': errors },
    },
  },
  [`${BASE}/requests.{format}`]: {
    post: {
      summary: 'Open311: file a service request (a source key as api_key); a citizen report on the ingest path, entering VERIFYING. Form-encoded (the spec) or JSON.',
      parameters: [format],
      requestBody: {
        required: true,
        content: Object.fromEntries(
          ['application/x-www-form-urlencoded', 'application/json'].map((type) => [
            type,
            {
              schema: {
                type: 'object',
                required: ['api_key', 'service_code', 'lat', 'long'],
                properties: Object.fromEntries(
                  ['api_key', 'jurisdiction_id', 'service_code', 'description', 'address_string', 'email', 'first_name', 'last_name', 'phone', 'media_url', 'token']
                    .map((k) => [k, { type: 'string' }])
                    .concat([['lat', { type: 'number' }], ['long', { type: 'number' }]] as [string, { type: string }][]),
                ),
              },
            },
          ]),
        ),
      },
      responses: {
        '200': both('[{ service_request_id, service_notice, account_id }]; a repeated request (same token, or same content within the minute) answers the same id'),
        '400': errors,
        '403': errors,
        '404': errors,
        '429': errors,
      },
    },
    get: {
      summary: 'Open311: service requests (no key needed; default the last 90 days, at most 1,000; a date range spans at most 90 days)',
      parameters: [
        format,
        key,
        jurisdiction,
        ...['service_request_id', 'service_code', 'start_date', 'end_date'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        { name: 'status', in: 'query', schema: { type: 'string' }, description: 'open, closed, or both comma-separated' },
      ],
      responses: { '200': both(REQUEST_FIELDS), '400': errors, '403': errors, '404': errors, '429': errors },
    },
  },
  [`${BASE}/requests/{service_request_id}.{format}`]: {
    get: {
      summary: 'Open311: one service request, to follow it through the workflow (no key needed)',
      parameters: [{ name: 'service_request_id', in: 'path', required: true, schema: { type: 'string' } }, format, key, jurisdiction],
      responses: { '200': both(`[${REQUEST_FIELDS}]`), '403': errors, '404': errors },
    },
  },
  [`${BASE}/tokens/{token}.{format}`]: {
    get: {
      summary: 'Open311: the service_request_id of a request filed with a client `token` (every request here is realtime)',
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }, format, jurisdiction],
      responses: { '200': both('[{ service_request_id, token }]'), '404': errors },
    },
  },
};

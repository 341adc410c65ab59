import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { dereferenceSpec, endpointsFromSpec, parseSpecText, SpecError } from '../../src/inventory/spec.ts';
import { json, startServer } from '../helpers/server.ts';
import { hugeCyclicSpec } from './spec-docs.ts';

const BASE = new URL('http://127.0.0.1:8080/');

async function inventoryOf(doc: unknown, base = BASE) {
  const text = JSON.stringify(doc);
  return endpointsFromSpec(
    await dereferenceSpec(parseSpecText(text, 'spec.json'), 'spec.json'),
    base,
    'spec.json',
  );
}

const oas30 = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    parameters: {
      UserId: { name: 'userId', in: 'path', required: true, schema: { type: 'integer', example: 7 } },
    },
  },
  paths: {
    '/health': { get: { security: [], responses: { '200': { description: 'ok' } } } },
    '/users/{userId}': {
      parameters: [{ $ref: '#/components/parameters/UserId' }],
      get: {
        operationId: 'getUser',
        tags: ['users'],
        parameters: [{ name: 'fields', in: 'query', schema: { type: 'string', enum: ['all', 'min'] } }],
        responses: { '200': { description: 'ok' } },
      },
      delete: { deprecated: true, responses: { '204': { description: 'gone' } } },
    },
    '/orders': {
      post: {
        security: [{}, { bearer: [] }],
        requestBody: { content: { 'application/json': { example: { item: 'pen' } } } },
        responses: { '201': { description: 'ok' } },
      },
    },
  },
};

describe('OpenAPI 3.0', () => {
  it('lists operations with parameters, examples, declared security and metadata', async () => {
    const inv = await inventoryOf(oas30);
    assert.equal(inv.specVersion, '3.0.3');
    assert.deepEqual(
      inv.endpoints.map((e) => `${e.method} ${e.path} ${e.declaredSecurity}`),
      [
        'GET /health none',
        'GET /users/{userId} required',
        'DELETE /users/{userId} required',
        'POST /orders none',
      ],
    );
    const getUser = inv.endpoints[1]!;
    assert.equal(getUser.operationId, 'getUser');
    assert.deepEqual(getUser.tags, ['users']);
    assert.deepEqual(
      getUser.params.map((p) => [p.name, p.in, p.required, p.example]),
      [
        ['userId', 'path', true, '7'],
        ['fields', 'query', false, 'all'],
      ],
    );
    assert.equal(inv.endpoints[2]!.deprecated, true);
    assert.deepEqual(inv.endpoints[3]!.bodyExample, { item: 'pen' });
    assert.deepEqual(inv.warnings, []);
  });

  it('reads the same document from YAML', async () => {
    const doc = await dereferenceSpec(parseSpecText(stringify(oas30), 'spec.yaml'), 'spec.yaml');
    assert.equal(endpointsFromSpec(doc, BASE, 'spec.yaml').endpoints.length, 4);
  });

  it('adds the server path as a prefix unless the base URL already has it', async () => {
    const doc = { ...oas30, servers: [{ url: '/api/v1' }] };
    assert.equal((await inventoryOf(doc)).endpoints[0]!.path, '/api/v1/health');
    const inBase = await inventoryOf(doc, new URL('http://127.0.0.1:8080/api/v1'));
    assert.equal(inBase.endpoints[0]!.path, '/health');
  });
});

describe('OpenAPI 3.1', () => {
  it('accepts 3.1 documents with webhooks, type arrays and examples', async () => {
    const inv = await inventoryOf({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      webhooks: { ping: { post: { responses: { '200': { description: 'ok' } } } } },
      paths: {
        '/things/{id}': {
          get: {
            parameters: [
              {
                name: 'id',
                in: 'path',
                required: true,
                schema: { type: ['string', 'null'], examples: ['t-1'] },
              },
              { name: 'n', in: 'query', required: true, schema: { type: 'integer', minimum: 5 } },
            ],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    assert.equal(inv.specVersion, '3.1.0');
    assert.equal(inv.endpoints.length, 1);
    const [id, n] = inv.endpoints[0]!.params;
    assert.equal(id?.name, 'id');
    assert.equal(n?.example, '5');
  });
});

describe('Swagger 2.0', () => {
  it('prefixes basePath, reads parameter types on the parameter, body examples and host', async () => {
    const inv = await inventoryOf({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      host: 'api.example.com',
      basePath: '/v2',
      schemes: ['https'],
      securityDefinitions: { key: { type: 'apiKey', name: 'X-Key', in: 'header' } },
      security: [{ key: [] }],
      paths: {
        '/pets/{petId}': {
          get: {
            parameters: [{ name: 'petId', in: 'path', required: true, type: 'integer', format: 'int64' }],
            responses: { '200': { description: 'ok' } },
          },
        },
        '/pets': {
          post: {
            parameters: [{ name: 'body', in: 'body', schema: { type: 'object', example: { name: 'rex' } } }],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    assert.equal(inv.specVersion, '2.0');
    assert.deepEqual(
      inv.endpoints.map((e) => `${e.method} ${e.path}`),
      ['GET /v2/pets/{petId}', 'POST /v2/pets'],
    );
    const petId = inv.endpoints[0]!.params[0]!;
    assert.deepEqual([petId.schemaType, petId.format, petId.example], ['integer', 'int64', '1']);
    assert.deepEqual(inv.endpoints[1]!.bodyExample, { name: 'rex' });
    assert.equal(inv.endpoints[0]!.declaredSecurity, 'required');
    assert.ok(inv.declaredServers.includes('https://api.example.com/v2'));
    assert.ok(
      inv.warnings.some((w) => w.includes('api.example.com') && w.includes('never contacts')),
      `expected a warning about the foreign host, got ${JSON.stringify(inv.warnings)}`,
    );
  });
});

describe('hostile documents', () => {
  it('survives recursive $ref cycles and 3,000 operations quickly', async () => {
    const t0 = performance.now();
    const inv = await inventoryOf(hugeCyclicSpec(3_000));
    const ms = performance.now() - t0;
    assert.equal(inv.endpoints.length, 3_000);
    assert.equal(inv.endpoints[2_999]!.path, '/items/2999/{id}');
    assert.equal(inv.endpoints[0]!.params[0]!.name, 'id');
    assert.ok(ms < 5_000, `took ${Math.round(ms)} ms`);
  });

  it('warns about servers on another host and keeps the scan on the base URL', async () => {
    const inv = await inventoryOf(hugeCyclicSpec(2, ['http://10.9.9.9:9999/api']));
    assert.deepEqual(inv.declaredServers, ['http://10.9.9.9:9999/api']);
    assert.ok(inv.warnings.some((w) => w.includes('http://10.9.9.9:9999') && w.includes('never contacts')));
    assert.equal(inv.endpoints[0]!.path, '/api/items/0/{id}');
  });

  it('never fetches external $refs', async () => {
    const elsewhere = await startServer((_req, res) => json(res, 200, { get: { responses: {} } }));
    try {
      const doc = {
        openapi: '3.0.0',
        info: { title: 't', version: '1' },
        paths: {
          '/a': { $ref: `${elsewhere.url}/evil.json` },
          '/b': { get: { parameters: [{ $ref: `${elsewhere.url}/p.json` }], responses: {} } },
        },
      };
      const inv = await inventoryOf(doc);
      assert.deepEqual(
        inv.endpoints.map((e) => e.path),
        ['/b'],
      );
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await elsewhere.close();
    }
  });

  it('rejects documents that are not OpenAPI with a one-line SpecError', async () => {
    const bad = [
      '{ not json',
      '[]',
      '"just a string"',
      JSON.stringify({ openapi: '4.0.0', paths: {} }),
      JSON.stringify({ info: {}, paths: {} }),
      JSON.stringify({ openapi: '3.0.0', info: {} }),
      'key: [unclosed',
      '',
    ];
    for (const text of bad) {
      assert.throws(
        () => parseSpecText(text, 'bad.json'),
        (e: unknown) => e instanceof SpecError && !e.message.includes('\n') && e.message.includes('bad.json'),
        text,
      );
    }
    const dangling = {
      openapi: '3.0.0',
      info: {},
      paths: { '/a': { get: { parameters: [{ $ref: '#/nope' }] } } },
    };
    await assert.rejects(dereferenceSpec(dangling, 'd.json'), (e: unknown) => e instanceof SpecError);
  });

  it('ignores junk inside paths instead of failing', async () => {
    const inv = await inventoryOf({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { 'no-slash': { get: {} }, '/x': { get: 'nope', trace: {}, parameters: 'bad' }, '/y': null },
    });
    assert.deepEqual(inv.endpoints, []);
  });
});

/** OpenAPI / Swagger documents shared by the inventory unit tests and the hostile suite. */
type Json = Record<string, unknown>;

/** A document with `count` GET operations whose schemas reference each other in a cycle. */
export function hugeCyclicSpec(count: number, servers: string[] = []): Json {
  const paths: Json = {};
  for (let i = 0; i < count; i++) {
    paths[`/items/${i}/{id}`] = {
      get: {
        operationId: `getItem${i}`,
        parameters: [{ $ref: '#/components/parameters/Id' }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'huge', version: '1' },
    ...(servers.length ? { servers: servers.map((url) => ({ url })) } : {}),
    paths,
    components: {
      parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } } },
      schemas: {
        Node: {
          type: 'object',
          properties: {
            parent: { $ref: '#/components/schemas/Node' },
            children: { type: 'array', items: { $ref: '#/components/schemas/Other' } },
          },
        },
        Other: { type: 'object', properties: { back: { $ref: '#/components/schemas/Node' } } },
      },
    },
  };
}

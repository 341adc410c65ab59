const bearer = [{ bearerAuth: [] }];
const ok = { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } };

/** The demo API's OpenAPI document: it declares bearer auth everywhere except login and health. */
export const openapi = {
  openapi: '3.0.3',
  info: { title: 'Demo shop', version: '1.0.0' },
  components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  security: bearer,
  paths: {
    '/health': { get: { security: [], responses: ok } },
    '/login': { post: { security: [], responses: ok } },
    '/api/me': { get: { operationId: 'getMe', responses: ok } },
    '/api/orders': { get: { operationId: 'listOrders', responses: ok } },
    '/api/export': { get: { operationId: 'exportUsers', tags: ['admin'], responses: ok } },
    '/api/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', example: 1 } }],
        responses: ok,
      },
    },
    '/api/admin/users': { get: { operationId: 'adminListUsers', tags: ['admin'], responses: ok } },
  },
};

"""Seed 001 (missing authentication, Flask + DynamoDB): data, login and OpenAPI shared by all variants."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

import bcrypt  # noqa: E402
from boto3.dynamodb.conditions import Key  # noqa: E402
from flask import jsonify, request  # noqa: E402

import labkit  # noqa: E402

SAFE_FIELDS = ('user_id', 'username', 'email', 'phone', 'address')


def setup():
    ddb = labkit.dynamo()
    users = labkit.create_table(ddb, 'users', 'user_id', [('username-index', 'username')])
    orders = labkit.create_table(ddb, 'orders', 'order_id', [('user-index', 'user_id')])
    tokens = labkit.create_table(ddb, 'tokens', 'token')
    for u in labkit.USERS:
        users.put_item(Item={
            'user_id': u['uuid'], 'username': u['username'], 'email': u['email'], 'phone': u['phone'],
            'address': u['address'], 'role': u['role'], 'password_hash': u['password_hash'],
            'created_at': '2024-03-01T09:00:00Z',
        })
    for o in labkit.ORDERS:
        owner = labkit.user_by('username', o['owner'])
        orders.put_item(Item={**{k: v for k, v in o.items() if k != 'owner'}, 'user_id': owner['uuid']})
    return users, orders, tokens


def add_login(app, users, issue, limiter=None):
    """POST /login {username, password} -> {token, user_id}; `issue(user_item)` makes the token."""

    @app.route('/login', methods=['POST'])
    def login():
        body = request.get_json(silent=True) or {}
        username, password = body.get('username'), body.get('password')
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            return jsonify({'error': 'username and password required'}), 400
        if limiter and limiter.blocked(username):
            return jsonify({'error': 'too_many_attempts'}), 429
        items = []
        if len(username) <= 128:
            key = Key('username').eq(username)
            items = users.query(IndexName='username-index', KeyConditionExpression=key).get('Items', [])
        stored = items[0]['password_hash'] if items else labkit.DUMMY_HASH
        if not (bcrypt.checkpw(password.encode('utf-8'), stored.encode('utf-8')) and items):
            if limiter:
                limiter.failed(username)
            return jsonify({'error': 'invalid credentials'}), 401
        if limiter:
            limiter.succeeded(username)
        return jsonify({'token': issue(items[0]), 'user_id': items[0]['user_id']})


def add_openapi(app):
    bearer = [{'bearerAuth': []}]
    user_id = {'name': 'user_id', 'in': 'query', 'required': True,
               'schema': {'type': 'string', 'format': 'uuid'}}
    resp = {'200': {'description': 'OK'}, '401': {'description': 'Unauthorized'},
            '403': {'description': 'Forbidden'}, '404': {'description': 'Not found'}}
    doc = {
        'openapi': '3.0.3',
        'info': {'title': 'User directory (lab 001)', 'version': '1.0.0'},
        'components': {'securitySchemes': {'bearerAuth': {'type': 'http', 'scheme': 'bearer'}}},
        'security': bearer,
        'paths': {
            '/login': {'post': {
                'operationId': 'login', 'security': [],
                'requestBody': {'required': True, 'content': {'application/json': {'schema': {
                    'type': 'object', 'required': ['username', 'password'],
                    'properties': {'username': {'type': 'string'}, 'password': {'type': 'string'}}}}}},
                'responses': {'200': {'description': 'token issued'}, '401': {'description': 'bad credentials'}},
            }},
            '/user': {'get': {'operationId': 'getUser', 'security': bearer, 'parameters': [user_id],
                              'responses': resp}},
            '/orders': {'get': {'operationId': 'listOrders', 'security': bearer, 'parameters': [user_id],
                                'responses': resp}},
        },
    }

    @app.route('/openapi.json')
    def openapi():
        return jsonify(doc)

"""Seed 000 (JWT misconfiguration, Flask + DynamoDB): data, login and OpenAPI shared by all variants."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

import bcrypt  # noqa: E402
import jwt  # noqa: E402
from flask import jsonify, request  # noqa: E402

import labkit  # noqa: E402

ISSUER = 'https://auth.lab.example/'
AUDIENCE = 'orders-api'
TOKEN_TTL = 900
PUBLIC_ENDPOINTS = {'login', 'openapi'}


def setup():
    ddb = labkit.dynamo()
    users = labkit.create_table(ddb, 'users', 'username')
    orders = labkit.create_table(ddb, 'orders', 'order_id', [('owner-index', 'owner')])
    for u in labkit.USERS:
        users.put_item(Item={k: u[k] for k in ('username', 'email', 'phone', 'address', 'role', 'password_hash')})
    for o in labkit.ORDERS:
        orders.put_item(Item=o)
    return users, orders


class LocalSecretsManager:
    """Stands in for boto3.client('secretsmanager'): same call shape, strong random secret from the launcher."""

    def get_secret_value(self, SecretId):
        return {'Name': SecretId, 'SecretString': labkit.LAB_SECRET}


def issue_token(username):
    now = int(time.time())
    claims = {'sub': username, 'iss': ISSUER, 'aud': AUDIENCE, 'iat': now, 'exp': now + TOKEN_TTL}
    return jwt.encode(claims, labkit.LAB_SECRET, algorithm='HS256')


def add_login(app, users, limiter=None):
    @app.route('/login', methods=['POST'])
    def login():
        body = request.get_json(silent=True) or {}
        username, password = body.get('username'), body.get('password')
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            return jsonify({'error': 'username and password required'}), 400
        if limiter and limiter.blocked(username):
            return jsonify({'error': 'too_many_attempts'}), 429
        item = users.get_item(Key={'username': username}).get('Item') if len(username) <= 128 else None
        stored = item['password_hash'] if item else labkit.DUMMY_HASH
        ok = bcrypt.checkpw(password.encode('utf-8'), stored.encode('utf-8')) and item is not None
        if not ok:
            if limiter:
                limiter.failed(username)
            return jsonify({'error': 'invalid credentials'}), 401
        if limiter:
            limiter.succeeded(username)
        return jsonify({'token': issue_token(username), 'token_type': 'Bearer', 'expires_in': TOKEN_TTL})


def add_openapi(app):
    bearer = [{'bearerAuth': []}]
    ok = {'200': {'description': 'OK'}, '401': {'description': 'Unauthorized'}}
    doc = {
        'openapi': '3.0.3',
        'info': {'title': 'Orders API (lab 000)', 'version': '1.0.0'},
        'components': {
            'securitySchemes': {'bearerAuth': {'type': 'http', 'scheme': 'bearer', 'bearerFormat': 'JWT'}},
        },
        'security': bearer,
        'paths': {
            '/login': {'post': {
                'operationId': 'login', 'security': [],
                'requestBody': {'required': True, 'content': {'application/json': {'schema': {
                    'type': 'object', 'required': ['username', 'password'],
                    'properties': {'username': {'type': 'string'}, 'password': {'type': 'string'}}}}}},
                'responses': {'200': {'description': 'token issued'}, '401': {'description': 'bad credentials'}},
            }},
            '/api/profile': {'get': {'operationId': 'profile', 'security': bearer, 'responses': ok}},
            '/api/orders': {'get': {'operationId': 'listOrders', 'security': bearer, 'responses': ok}},
            '/api/orders/{order_id}': {'get': {
                'operationId': 'getOrder', 'security': bearer,
                'parameters': [{'name': 'order_id', 'in': 'path', 'required': True,
                                'schema': {'type': 'string', 'example': 'ord-f47c5718'}}],
                'responses': {**ok, '403': {'description': 'Forbidden'}, '404': {'description': 'Not found'}},
            }},
        },
    }

    @app.route('/openapi.json')
    def openapi():
        return jsonify(doc)


def public_profile(user):
    return {'username': user['username'], 'email': user.get('email'), 'phone': user.get('phone'),
            'address': user.get('address')}

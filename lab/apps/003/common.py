"""Seed 003 (JWT misconfiguration, Flask + CockroachDB): RS256 issuer, JWKS, schema and OpenAPI shared by
all variants. PostgreSQL stands in for CockroachDB (same wire protocol, psycopg2, parameterized SQL)."""

import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

import bcrypt  # noqa: E402
import jwt  # noqa: E402
import psycopg2  # noqa: E402
import psycopg2.pool  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from flask import jsonify, request  # noqa: E402

import labkit  # noqa: E402

ISSUER = 'https://auth.lab.example/'
AUDIENCE = 'my-api.lab.example'
KID = 'lab-rsa-1'
TOKEN_TTL = 900
PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_KEY = PRIVATE_KEY.public_key()
JWK = {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(PUBLIC_KEY)), 'kid': KID, 'alg': 'RS256', 'use': 'sig'}
JWKS = {'keys': [JWK]}
PUBLIC_ENDPOINTS = {'login', 'jwks', 'openapi'}


def public_pem(key):
    """SubjectPublicKeyInfo PEM, trailing newline included (what legacy code used as the HMAC secret)."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def setup():
    conn = psycopg2.connect(**labkit.pg_params())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute('DROP TABLE IF EXISTS users CASCADE')
        cur.execute(
            'CREATE TABLE users (id UUID PRIMARY KEY, tenant_id TEXT NOT NULL, username TEXT UNIQUE NOT NULL, '
            'email TEXT NOT NULL, phone TEXT, address TEXT, role TEXT NOT NULL, password_hash TEXT NOT NULL)'
        )
        for u in labkit.USERS + [labkit.CAROL]:
            cur.execute(
                'INSERT INTO users (id, tenant_id, username, email, phone, address, role, password_hash) '
                'VALUES (%s, %s, %s, %s, %s, %s, %s, %s)',
                (u['uuid'], u['tenant_id'], u['username'], u['email'], u['phone'], u['address'], u['role'],
                 u['password_hash']),
            )
    conn.close()


class Db:
    """Small pooled helper: one statement, rollback on error, rows as tuples."""

    def __init__(self):
        self.pool = psycopg2.pool.ThreadedConnectionPool(1, 8, **labkit.pg_params())
        self.lock = threading.Lock()

    def one(self, sql, params):
        conn = self.pool.getconn()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                row = cur.fetchone()
            conn.commit()
            return row
        except Exception:
            conn.rollback()
            raise
        finally:
            self.pool.putconn(conn)


def issue_token(row):
    now = int(time.time())
    claims = {'sub': str(row[0]), 'tenant_id': row[1], 'preferred_username': row[2], 'iss': ISSUER,
              'aud': AUDIENCE, 'iat': now, 'exp': now + TOKEN_TTL}
    return jwt.encode(claims, PRIVATE_KEY, algorithm='RS256', headers={'kid': KID})


def add_common_routes(app, db, limiter=None):
    """POST /login, GET /.well-known/jwks.json and GET /openapi.json."""

    @app.route('/login', methods=['POST'])
    def login():
        body = request.get_json(silent=True) or {}
        username, password = body.get('username'), body.get('password')
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            return jsonify({'error': 'username and password required'}), 400
        if limiter and limiter.blocked(username):
            return jsonify({'error': 'too_many_attempts'}), 429
        row = db.one('SELECT id, tenant_id, username, password_hash FROM users WHERE username = %s', (username,))
        stored = row[3] if row else labkit.DUMMY_HASH
        if not (bcrypt.checkpw(password.encode('utf-8'), stored.encode('utf-8')) and row):
            if limiter:
                limiter.failed(username)
            return jsonify({'error': 'invalid credentials'}), 401
        if limiter:
            limiter.succeeded(username)
        return jsonify({'token': issue_token(row), 'user_id': str(row[0]), 'expires_in': TOKEN_TTL})

    @app.route('/.well-known/jwks.json')
    def jwks():
        return jsonify(JWKS)

    bearer = [{'bearerAuth': []}]
    resp = {'200': {'description': 'OK'}, '401': {'description': 'Unauthorized'},
            '403': {'description': 'Forbidden'}}
    doc = {
        'openapi': '3.0.3',
        'info': {'title': 'Tenant users API (lab 003)', 'version': '1.0.0'},
        'components': {'securitySchemes': {'bearerAuth': {'type': 'http', 'scheme': 'bearer',
                                                          'bearerFormat': 'JWT'}}},
        'security': bearer,
        'paths': {
            '/login': {'post': {
                'operationId': 'login', 'security': [],
                'requestBody': {'required': True, 'content': {'application/json': {'schema': {
                    'type': 'object', 'required': ['username', 'password'],
                    'properties': {'username': {'type': 'string'}, 'password': {'type': 'string'}}}}}},
                'responses': {'200': {'description': 'token issued'}, '401': {'description': 'bad credentials'}},
            }},
            '/.well-known/jwks.json': {'get': {'operationId': 'jwks', 'security': [],
                                               'responses': {'200': {'description': 'JWKS'}}}},
            '/api/profile': {'get': {'operationId': 'profile', 'security': bearer, 'responses': resp}},
            '/user/{user_id}': {'get': {
                'operationId': 'getUser', 'security': bearer, 'responses': resp,
                'parameters': [{'name': 'user_id', 'in': 'path', 'required': True,
                                'schema': {'type': 'string', 'format': 'uuid'}}],
            }},
        },
    }

    @app.route('/openapi.json')
    def openapi():
        return jsonify(doc)


PROFILE_SQL = 'SELECT id, username, email, phone, address, tenant_id, role FROM users WHERE id = %s'


def profile(row):
    keys = ('user_id', 'username', 'email', 'phone', 'address', 'tenant_id', 'role')
    return {k: (str(v) if k == 'user_id' else v) for k, v in zip(keys, row)}


def bearer_token():
    auth = request.headers.get('Authorization')
    if not auth or not auth.startswith('Bearer '):
        return None
    return auth.split(' ')[1]

"""Shared plumbing for the lab apps: seed data, backing-service clients, serving.

Nothing here is part of a scenario's security story except `harden()` and
`LoginLimiter`, which only the *fixed* variants use.
"""

import os
import signal
import sys
import threading
import time

APP_ID = os.environ.get('LAB_APP_ID', 'dev')
BASE_URL = ''  # set by serve() once the port is bound
# Per-app strong random secret handed out by the launcher (stands in for a secret store).
LAB_SECRET = os.environ.get('LAB_SECRET') or os.urandom(32).hex()

# The same three people (plus carol, another tenant, used by seed 003) exist in every app.
USERS = [
    {
        'username': 'alice',
        'uuid': '3b9f91ea-ebd2-4851-97ce-ae27e95446ca',
        'seq': '1',
        'role': 'user',
        'tenant_id': 'acme',
        'email': 'alice@example.com',
        'phone': '+1-202-555-0141',
        'address': '12 Orchard Lane, Springfield, IL 62704',
        'password': 'alice-pass-1',
        'password_hash': '$2b$04$bM6DlxI8X9vx3NfiIjXnYuJU31nJIoi30cq2HMRG40YiQ4Agg/mrG',  # bcrypt cost 4: keeps scans fast
        'password_hash_slow': '$2b$10$THKCVXO/6IRnOQrASVXYmuyapquAzURacjLR82P0nxtceEeiHuG76',  # cost 10: seed 002 (timing story)
    },
    {
        'username': 'bob',
        'uuid': '0287d6c5-f1a5-4053-900d-c7be48a27348',
        'seq': '2',
        'role': 'user',
        'tenant_id': 'acme',
        'email': 'bob@example.com',
        'phone': '+1-202-555-0178',
        'address': '48 Harbor Road, Portland, ME 04101',
        'password': 'bob-pass-2',
        'password_hash': '$2b$04$cWrbJCIQi84UuWncksbj9eAlnGj6lCbE4gnwieGIZdoJH/WVaNtOe',  # bcrypt cost 4: keeps scans fast
        'password_hash_slow': '$2b$10$Y2wCLZopA6QIhfp/FTPhYufZKLZnwLqH56o0fwT16Y5oTe3ElwwNa',  # cost 10: seed 002 (timing story)
    },
    {
        'username': 'admin',
        'uuid': 'c029abd7-f283-4b6d-9d38-bf188f18761d',
        'seq': '3',
        'role': 'admin',
        'tenant_id': 'acme',
        'email': 'admin@example.com',
        'phone': '+1-202-555-0100',
        'address': '1 Corporate Plaza, Austin, TX 73301',
        'password': 'admin-pass-3',
        'password_hash': '$2b$04$Ri5g5ztESHHmmUUUw5OrduwvhUKYhbYhZmbMuJXwBCzx5QVNs5B.6',  # bcrypt cost 4: keeps scans fast
        'password_hash_slow': '$2b$10$.Rr7Rlw061iAmSDLh3hzpum4wbRcSpBMR2b2huAVT3t8E..5isFTq',  # cost 10: seed 002 (timing story)
    },
]
CAROL = {
    'username': 'carol',
    'uuid': '19241110-7027-4440-a465-bc837282947a',
    'seq': '4',
    'role': 'user',
    'tenant_id': 'globex',
    'email': 'carol@globex.example',
    'phone': '+1-202-555-0199',
    'address': '7 Elm Street, Dayton, OH 45402',
    'password': 'carol-pass-4',
    'password_hash': '$2b$04$.vtDq8CnUllMnQwYWAAKHu1xikjZFoOdiXZxveKM2o9dXnmn2iz7a',  # bcrypt cost 4: keeps scans fast
    'password_hash_slow': '$2b$10$mg398PpUQxVAEZ4i744y1.4J6nFntQr2S4565sLVUooxIa7Msqswq',  # cost 10: seed 002 (timing story)
}
# bcrypt hashes of a password nobody has: login spends the same time on unknown users.
DUMMY_HASH = '$2b$04$9pdUjMa5AS9SDhCUoGGQgeVYuQu2AB.xpQ9TzCxh.S2fnl6AsBdX2'
DUMMY_HASH_SLOW = '$2b$10$PHM.ZRV25DaUulvFz3b3L.2ji1M8OmV4ktuwjjjZH4MumSCM080B.'

ORDERS = [
    {'order_id': 'ord-f47c5718', 'owner': 'alice', 'item': 'Mechanical keyboard', 'total': '129.00',
     'status': 'shipped', 'ship_to': '12 Orchard Lane, Springfield, IL 62704', 'card_last4': '4242'},
    {'order_id': 'ord-a75543f2', 'owner': 'alice', 'item': 'USB-C dock', 'total': '89.50',
     'status': 'processing', 'ship_to': '12 Orchard Lane, Springfield, IL 62704', 'card_last4': '4242'},
    {'order_id': 'ord-6162154d', 'owner': 'bob', 'item': 'Noise-cancelling headphones', 'total': '249.99',
     'status': 'delivered', 'ship_to': '48 Harbor Road, Portland, ME 04101', 'card_last4': '1881'},
    {'order_id': 'ord-4de870bc', 'owner': 'admin', 'item': 'Server rack', 'total': '1999.00',
     'status': 'delivered', 'ship_to': '1 Corporate Plaza, Austin, TX 73301', 'card_last4': '0005'},
]


def user_by(field, value):
    for u in USERS + [CAROL]:
        if u[field] == value:
            return u
    return None


# ---------------------------------------------------------------- DynamoDB (dynalite)

def dynamo():
    import boto3

    return boto3.resource(
        'dynamodb',
        endpoint_url=os.environ['LAB_DYNAMO_ENDPOINT'],
        region_name='us-east-1',
        aws_access_key_id='lab',
        aws_secret_access_key='lab',
    )


def table_name(name):
    """Every app gets its own table namespace inside the shared dynalite."""
    return f'{APP_ID}.{name}'


def create_table(ddb, name, key, gsis=()):
    """Create `name` with string hash key `key`; gsis are (index_name, attribute) pairs."""
    attrs = {key}
    spec = {
        'TableName': table_name(name),
        'KeySchema': [{'AttributeName': key, 'KeyType': 'HASH'}],
        'BillingMode': 'PAY_PER_REQUEST',
    }
    if gsis:
        spec['GlobalSecondaryIndexes'] = [
            {'IndexName': idx, 'KeySchema': [{'AttributeName': attr, 'KeyType': 'HASH'}],
             'Projection': {'ProjectionType': 'ALL'}}
            for idx, attr in gsis
        ]
        attrs.update(attr for _, attr in gsis)
    spec['AttributeDefinitions'] = [{'AttributeName': a, 'AttributeType': 'S'} for a in sorted(attrs)]
    try:
        ddb.Table(table_name(name)).delete()
    except Exception:
        pass
    return ddb.create_table(**spec)


# ---------------------------------------------------------------- PostgreSQL (stands in for CockroachDB)

def pg_dbname():
    """Each app has its own database in the lab cluster (created by lab/services/pg_guard.py)."""
    return 'app_' + APP_ID.replace('-', '_')


def pg_uri():
    return f"postgresql://{os.environ.get('LAB_PG_HOST', '127.0.0.1')}:{os.environ.get('LAB_PG_PORT', '5432')}/{pg_dbname()}"


def pg_params():
    return {
        'host': os.environ.get('LAB_PG_HOST', '127.0.0.1'),
        'port': int(os.environ.get('LAB_PG_PORT', '5432')),
        'dbname': pg_dbname(),
        'user': 'postgres',
        'sslmode': 'disable',
    }


# ---------------------------------------------------------------- hardening used by fixed variants

SECURITY_HEADERS = {
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
    'Cross-Origin-Resource-Policy': 'same-origin',
}


def harden(app):
    """Security headers on every response and JSON-only generic errors."""
    from flask import jsonify

    @app.after_request
    def _headers(resp):
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    @app.errorhandler(404)
    def _nf(_e):
        return jsonify({'error': 'not_found'}), 404

    @app.errorhandler(405)
    def _na(_e):
        return jsonify({'error': 'method_not_allowed'}), 405

    @app.errorhandler(Exception)
    def _err(e):
        from werkzeug.exceptions import HTTPException

        if isinstance(e, HTTPException):
            return jsonify({'error': 'request_error'}), e.code
        app.logger.exception('unhandled error')
        return jsonify({'error': 'internal_error'}), 500


class LoginLimiter:
    """Failed-login throttle per account key: `limit` failures in `window` s lock the key."""

    def __init__(self, limit=20, window=60.0):
        self.limit = limit
        self.window = window
        self.fails = {}
        self.lock = threading.Lock()

    def _recent(self, key, now):
        return [t for t in self.fails.get(key, []) if now - t < self.window]

    def blocked(self, key):
        with self.lock:
            return len(self._recent(str(key).lower(), time.monotonic())) >= self.limit

    def failed(self, key):
        k = str(key).lower()
        with self.lock:
            now = time.monotonic()
            self.fails[k] = self._recent(k, now) + [now]

    def succeeded(self, key):
        with self.lock:
            self.fails.pop(str(key).lower(), None)


# ---------------------------------------------------------------- serving

def _watch_parent():
    """Exit when the launcher dies, even if it was SIGKILLed and could not clean up."""
    parent = int(os.environ.get('LAB_PARENT_PID', '0')) or os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def serve(app, hardened=False):
    import logging

    from werkzeug.serving import WSGIRequestHandler, make_server

    logging.getLogger('werkzeug').setLevel(logging.WARNING)

    class Handler(WSGIRequestHandler):
        def version_string(self):
            return 'api' if hardened else super().version_string()

    server = make_server('127.0.0.1', int(os.environ.get('LAB_PORT', '0')), app, threaded=True,
                         request_handler=Handler)
    global BASE_URL
    BASE_URL = f'http://127.0.0.1:{server.server_port}'
    threading.Thread(target=_watch_parent, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print(f'LAB_LISTENING {server.server_port}', flush=True)
    sys.stdout.flush()
    server.serve_forever()

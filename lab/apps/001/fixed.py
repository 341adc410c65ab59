"""001 fixed: per-user random tokens with a 15-minute lifetime, ownership checked against the authenticated
user (admin may read everyone by design), only safe fields returned, generic errors, throttled login."""

import re
import secrets
import time
from functools import wraps

from boto3.dynamodb.conditions import Key
from flask import Flask, g, jsonify, request

import common
import labkit

app = Flask(__name__)
labkit.harden(app)
table, orders, tokens = common.setup()
TOKEN_TTL = 900
UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


def issue(user):
    token = secrets.token_urlsafe(32)
    tokens.put_item(Item={'token': token, 'user_id': user['user_id'], 'expires_at': int(time.time()) + TOKEN_TTL})
    return token


common.add_login(app, table, issue, labkit.LoginLimiter())
common.add_openapi(app)


def require_auth(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        scheme, _, token = request.headers.get('Authorization', '').partition(' ')
        if scheme != 'Bearer' or not 20 <= len(token) <= 100:
            return jsonify({'error': 'unauthorized'}), 401
        row = tokens.get_item(Key={'token': token}).get('Item')
        if not row or int(row['expires_at']) < time.time():
            return jsonify({'error': 'unauthorized'}), 401
        g.user = table.get_item(Key={'user_id': row['user_id']}).get('Item')
        if not g.user:
            return jsonify({'error': 'unauthorized'}), 401
        return f(*args, **kwargs)

    return decorated


def allowed_user_id():
    """The requested user_id if the caller may see it, else None (caller gets 403/400)."""
    user_id = request.args.get('user_id') or g.user['user_id']
    if not UUID.match(user_id):
        return None
    if user_id != g.user['user_id'] and g.user.get('role') != 'admin':
        return None
    return user_id


@app.route('/user')
@require_auth
def get_user():
    user_id = allowed_user_id()
    if not user_id:
        return jsonify({'error': 'forbidden'}), 403
    item = table.get_item(Key={'user_id': user_id}).get('Item')
    if not item:
        return jsonify({'error': 'not_found'}), 404
    return jsonify({k: item.get(k) for k in common.SAFE_FIELDS})


@app.route('/orders')
@require_auth
def get_orders():
    user_id = allowed_user_id()
    if not user_id:
        return jsonify({'error': 'forbidden'}), 403
    resp = orders.query(IndexName='user-index', KeyConditionExpression=Key('user_id').eq(user_id))
    return jsonify({'orders': resp.get('Items', [])})


if __name__ == '__main__':
    labkit.serve(app, hardened=True)

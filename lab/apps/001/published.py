"""001 published: the article's remediation #1, reproduced as written.

Kept from the article: require_auth with validate_token() comparing against the static bearer token
'valid_secure_token' (every caller shares it, it never expires), the "ownership" check that compares the
item's user_id with the user_id it was fetched by (always equal: BOLA remains), `return item` (the whole
item incl. password_hash) and `except Exception as e: return jsonify({'error': str(e)}), 500`.
The login route (not in the article) hands out that static token plus the caller's user_id.
/orders follows the same pattern.
"""

from functools import wraps

from boto3.dynamodb.conditions import Key
from flask import Flask, jsonify, request

import common
import labkit

app = Flask(__name__)
table, orders, _tokens = common.setup()
common.add_login(app, table, lambda user: 'valid_secure_token')
common.add_openapi(app)


def require_auth(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        auth = request.headers.get('Authorization')
        if not auth or not auth.startswith('Bearer '):
            return jsonify({'error': 'Missing or invalid token'}), 401
        token = auth.split(' ')[1]
        if not validate_token(token):  # implement validate_token per your auth provider
            return jsonify({'error': 'Unauthorized'}), 403
        return f(*args, **kwargs)

    return decorated


def validate_token(token):
    # Replace with actual token validation logic (e.g., verify JRS, introspect OAuth)
    return token == 'valid_secure_token'


@app.route('/user')
@require_auth
def get_user():
    user_id = request.args.get('user_id')
    try:
        response = table.get_item(Key={'user_id': user_id})
        item = response.get('Item')
        if not item:
            return jsonify({'error': 'Not found'}), 404
        # Ensure the requesting user can only access their own data
        if item.get('user_id') != user_id:
            return jsonify({'error': 'Forbidden: cannot access other user data'}), 403
        return item, 200
    except Exception as e:
        return jsonify({'error': str(e)}), 500


@app.route('/orders')
@require_auth
def get_orders():
    user_id = request.args.get('user_id')
    try:
        response = orders.query(IndexName='user-index', KeyConditionExpression=Key('user_id').eq(user_id))
        items = response.get('Items', [])
        # Ensure the requesting user can only access their own data
        if any(o.get('user_id') != user_id for o in items):
            return jsonify({'error': 'Forbidden: cannot access other user data'}), 403
        return jsonify({'orders': items}), 200
    except Exception as e:
        return jsonify({'error': str(e)}), 500


if __name__ == '__main__':
    labkit.serve(app)

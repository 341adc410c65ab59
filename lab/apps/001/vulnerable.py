"""001 vulnerable: GET /user reads DynamoDB with no authentication at all (the article's first listing).

Planted: no auth on /user, the full item (incl. password_hash) is returned, ClientError text is returned,
and /orders checks that *some* user is logged in but never that the orders are theirs.
"""

import secrets
from functools import wraps

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from flask import Flask, g, jsonify, request

import common
import labkit

app = Flask(__name__)
table, orders, tokens = common.setup()


def issue(user):
    token = secrets.token_urlsafe(24)
    tokens.put_item(Item={'token': token, 'user_id': user['user_id']})
    return token


common.add_login(app, table, issue)
common.add_openapi(app)


def require_login(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        auth = request.headers.get('Authorization', '')
        token = auth[7:] if auth.startswith('Bearer ') else ''
        row = tokens.get_item(Key={'token': token}).get('Item') if token else None
        if not row:
            return jsonify({'error': 'unauthorized'}), 401
        g.user_id = row['user_id']
        return f(*args, **kwargs)

    return decorated


@app.route('/user')
def get_user():
    user_id = request.args.get('user_id')
    try:
        response = table.get_item(Key={'user_id': user_id})
        return response.get('Item', {}), 200
    except ClientError as e:
        return {'error': str(e)}, 500


@app.route('/orders')
@require_login
def get_orders():
    user_id = request.args.get('user_id') or g.user_id
    resp = orders.query(IndexName='user-index', KeyConditionExpression=Key('user_id').eq(user_id))
    return jsonify({'orders': resp.get('Items', [])})


if __name__ == '__main__':
    labkit.serve(app)

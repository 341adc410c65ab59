"""000 vulnerable: the JWT is decoded without verifying its signature and `sub` picks the DynamoDB item.

Planted: signature not verified (so alg=none, tampered and forged tokens pass), no algorithm pinning,
exp/nbf/iss/aud never checked, and GET /api/orders/<order_id> returns any order (IDOR via DynamoDB key).
"""

import jwt
from boto3.dynamodb.conditions import Key
from flask import Flask, g, jsonify, request

import common
import labkit

app = Flask(__name__)
users, orders = common.setup()
common.add_login(app, users)
common.add_openapi(app)


@app.before_request
def load_user():
    if request.endpoint in common.PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    auth = request.headers.get('Authorization')
    if not auth or not auth.startswith('Bearer '):
        return jsonify({'error': 'missing_token'}), 401
    token = auth.split(' ')[1]
    try:
        # "We only need the username out of it" -- the signature (and with it alg, exp, iss, aud) is ignored.
        decoded = jwt.decode(token, options={'verify_signature': False})
    except jwt.InvalidTokenError:
        return jsonify({'error': 'invalid_token'}), 401
    item = users.get_item(Key={'username': decoded['sub']}).get('Item')
    if not item:
        return jsonify({'error': 'user_not_found'}), 401
    g.user = item
    return None


@app.route('/api/profile')
def profile():
    return jsonify(common.public_profile(g.user))


@app.route('/api/orders')
def list_orders():
    resp = orders.query(IndexName='owner-index', KeyConditionExpression=Key('owner').eq(g.user['username']))
    return jsonify({'orders': resp.get('Items', [])})


@app.route('/api/orders/<order_id>')
def get_order(order_id):
    item = orders.get_item(Key={'order_id': order_id}).get('Item')
    if not item:
        return jsonify({'error': 'not_found'}), 404
    return jsonify(item)


if __name__ == '__main__':
    labkit.serve(app)

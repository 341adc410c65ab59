"""000 fixed: pinned HS256 with iss/aud/exp/iat/sub required and checked, strong secret, ownership enforced,
generic errors, failed-login throttling and security headers."""

import re

import jwt
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from flask import Flask, g, jsonify, request

import common
import labkit

app = Flask(__name__)
labkit.harden(app)
users, orders = common.setup()
common.add_login(app, users, labkit.LoginLimiter())
common.add_openapi(app)
ORDER_ID = re.compile(r'^ord-[0-9a-f]{8}$')


@app.before_request
def load_user():
    if request.endpoint in common.PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    auth = request.headers.get('Authorization', '')
    scheme, _, token = auth.partition(' ')
    if scheme != 'Bearer' or not token:
        return jsonify({'error': 'unauthorized'}), 401
    try:
        decoded = jwt.decode(
            token,
            labkit.LAB_SECRET,
            algorithms=['HS256'],
            audience=common.AUDIENCE,
            issuer=common.ISSUER,
            options={'require': ['exp', 'iat', 'iss', 'aud', 'sub']},
        )
        sub = decoded['sub']
        if not isinstance(sub, str) or not 0 < len(sub) <= 128:
            return jsonify({'error': 'unauthorized'}), 401
        item = users.get_item(Key={'username': sub}).get('Item')
    except jwt.InvalidTokenError:
        return jsonify({'error': 'unauthorized'}), 401
    except ClientError:
        app.logger.exception('user lookup failed')
        return jsonify({'error': 'internal_error'}), 500
    if not item:
        return jsonify({'error': 'unauthorized'}), 401
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
    if not ORDER_ID.match(order_id):
        return jsonify({'error': 'not_found'}), 404
    item = orders.get_item(Key={'order_id': order_id}).get('Item')
    if not item or (item['owner'] != g.user['username'] and g.user.get('role') != 'admin'):
        return jsonify({'error': 'not_found'}), 404
    return jsonify(item)


if __name__ == '__main__':
    labkit.serve(app, hardened=True)

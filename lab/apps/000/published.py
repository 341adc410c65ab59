"""000 published: the article's remediation, reproduced as written.

Kept from the article: HS256 pinned, options={'require': ['exp', 'iss', 'aud']}, the signing secret read
from a secret store on every request, the DynamoDB GetItem on `sub`, and
`except ClientError as e: return jsonify({'error': 'dynamodb_error', 'details': str(e)}), 500`.
The same ClientError handling is used by the order lookup, so an over-long order id (> 2048 bytes,
DynamoDB's hash-key limit) makes DynamoDB raise a ValidationException whose text is returned.

Changes needed to make it run at all (see lab/README.md):
- `audience=AUDIENCE` is passed: with `require: ['aud']` but no `audience=`, PyJWT 2.x rejects every
  token with InvalidAudienceError. `issuer=` is still not passed, so the *value* of iss is never checked.
- Secrets Manager is emulated by a local object with the same call shape; tables use the lab prefix.
- before_request skips /login and /openapi.json (the article has no login route).
"""

import boto3  # noqa: F401  (the article's import; the resource comes from labkit)
import jwt
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from flask import Flask, g, jsonify, request

import common
import labkit

app = Flask(__name__)
users_table, orders = common.setup()
common.add_login(app, users_table)
common.add_openapi(app)
secrets_manager = common.LocalSecretsManager()
dynamodb = labkit.dynamo()


def get_secret():
    # Retrieve signing secret securely at runtime; in production use a dedicated secret store
    response = secrets_manager.get_secret_value(SecretId='flask-jwt-secret')
    return response['SecretString']


@app.before_request
def load_user():
    if request.endpoint in common.PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    auth = request.headers.get('Authorization')
    if not auth or not auth.startswith('Bearer '):
        return jsonify({'error': 'missing_token'}), 401
    token = auth.split(' ')[1]
    try:
        decoded = jwt.decode(
            token,
            get_secret(),
            algorithms=['HS256'],
            audience=common.AUDIENCE,
            options={'require': ['exp', 'iss', 'aud']},
        )
        # Ensure the subject maps to an existing DynamoDB user
        table = dynamodb.Table(labkit.table_name('users'))
        response = table.get_item(Key={'username': decoded['sub']})
        item = response.get('Item')
        if not item:
            return jsonify({'error': 'user_not_found'}), 401
        g.user = item  # attach user context for downstream routes
    except jwt.ExpiredSignatureError:
        return jsonify({'error': 'token_expired'}), 401
    except jwt.InvalidTokenError:
        return jsonify({'error': 'invalid_token'}), 401
    except ClientError as e:
        return jsonify({'error': 'dynamodb_error', 'details': str(e)}), 500
    return None


@app.route('/api/profile')
def profile():
    user = g.user
    return jsonify({'username': user['username'], 'email': user.get('email'), 'phone': user.get('phone'),
                    'address': user.get('address')})


@app.route('/api/orders')
def list_orders():
    try:
        resp = orders.query(IndexName='owner-index', KeyConditionExpression=Key('owner').eq(g.user['username']))
    except ClientError as e:
        return jsonify({'error': 'dynamodb_error', 'details': str(e)}), 500
    return jsonify({'orders': resp.get('Items', [])})


@app.route('/api/orders/<order_id>')
def get_order(order_id):
    try:
        item = orders.get_item(Key={'order_id': order_id}).get('Item')
    except ClientError as e:
        return jsonify({'error': 'dynamodb_error', 'details': str(e)}), 500
    if not item:
        return jsonify({'error': 'not_found'}), 404
    # ensure the authenticated user matches the requested resource before returning data
    if item['owner'] != g.user['username']:
        return jsonify({'error': 'forbidden'}), 403
    return jsonify(item)


if __name__ == '__main__':
    labkit.serve(app)

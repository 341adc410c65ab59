"""002 published: the article's "secure Flask example", reproduced as written.

Kept from the article: app.secret_key = 'CHANGE_TO_A_STRONG_RANDOM_SECRET_KEY'; cookie flags "not shown"
(so Flask's defaults: no Secure, no SameSite); bcrypt + uuid4 ids; put_item with
ConditionExpression='attribute_not_exists(email)' on a table keyed by user_id (a fresh uuid never exists,
so nothing stops a second account with the same email); login through the email-index GSI with Limit=1
(picks one of the duplicates); bcrypt only runs for known emails (timing tells which emails exist);
`'details': str(e)` on registration errors.

Additions/changes (see lab/README.md): `from datetime import datetime` (missing in the article, which made
every registration fail with NameError), table names use the lab prefix, POST /logout (session.clear())
and GET /user/<user_id> (with the ownership check the article's key practices ask for) keep the routes
identical across variants.
"""

from datetime import datetime
import uuid

import bcrypt
import boto3
import boto3.dynamodb.conditions
from flask import Flask, jsonify, request, session

import common
import labkit

app = Flask(__name__)
app.secret_key = 'CHANGE_TO_A_STRONG_RANDOM_SECRET_KEY'  # set via env var in production
table, _extra = common.setup('published')


@app.route('/register', methods=['POST'])
def register():
    email = request.json.get('email')
    password = request.json.get('password')
    if not email or not password:
        return jsonify({'error': 'email and password required'}), 400
    hashed = bcrypt.hashpw(password.encode('utf-8'), bcrypt.gensalt())
    user_id = str(uuid.uuid4())
    try:
        table.put_item(
            Item={
                'user_id': user_id,
                'email': email,
                'password_hash': hashed.decode('utf-8'),
                'created_at': str(datetime.utcnow())
            },
            ConditionExpression='attribute_not_exists(email)'
        )
    except Exception as e:
        return jsonify({'error': 'registration failed', 'details': str(e)}), 409
    session['user_id'] = user_id
    return jsonify({'user_id': user_id}), 201


@app.route('/login', methods=['POST'])
def login():
    email = request.json.get('email')
    password = request.json.get('password')
    if not email or not password:
        return jsonify({'error': 'email and password required'}), 400
    # Query GSI by email
    resp = table.query(
        IndexName='email-index',
        KeyConditionExpression=boto3.dynamodb.conditions.Key('email').eq(email),
        Limit=1
    )
    items = resp.get('Items', [])
    if not items:
        return jsonify({'error': 'invalid credentials'}), 401
    user = items[0]
    if bcrypt.checkpw(password.encode('utf-8'), user['password_hash'].encode('utf-8')):
        session['user_id'] = user['user_id']
        return jsonify({'user_id': user['user_id']}), 200
    return jsonify({'error': 'invalid credentials'}), 401


@app.route('/logout', methods=['POST'])
def logout():
    session.clear()
    return jsonify({'status': 'logged out'})


@app.route('/me')
def me():
    user_id = session.get('user_id')
    if not user_id:
        return jsonify({'error': 'unauthorized'}), 401
    resp = table.get_item(Key={'user_id': user_id})
    item = resp.get('Item')
    if not item:
        return jsonify({'error': 'user not found'}), 404
    # Explicitly exclude sensitive fields
    safe = {'user_id': item['user_id'], 'email': item['email']}
    return jsonify(safe), 200


@app.route('/user/<user_id>')
def get_user(user_id):
    # Always validate the session's user_id against the requested resource
    if session.get('user_id') != user_id:
        return jsonify({'error': 'forbidden'}), 403
    item = table.get_item(Key={'user_id': user_id}).get('Item')
    if not item:
        return jsonify({'error': 'user not found'}), 404
    return jsonify({'user_id': item['user_id'], 'email': item['email']}), 200


if __name__ == '__main__':
    labkit.serve(app)

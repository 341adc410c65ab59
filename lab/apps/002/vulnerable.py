"""002 vulnerable: the broken-authentication patterns the article describes, as real code.

Planted: client-side Flask session signed with a well-known placeholder key, session cookie without
HttpOnly/Secure/SameSite, plaintext passwords, sequential numeric user ids, GET /user/<id> with no
ownership check (returns the whole item, password included), different login errors for unknown email
vs wrong password, logout that only drops the cookie (old cookies keep working), no email uniqueness.
"""

from boto3.dynamodb.conditions import Key
from flask import Flask, jsonify, request, session

import common
import labkit

app = Flask(__name__)
app.secret_key = 'CHANGE_ME'
app.config['SESSION_COOKIE_HTTPONLY'] = False
users, extra = common.setup('vulnerable')
counters = extra['counters']


def current_user():
    user_id = session.get('user_id')
    return users.get_item(Key={'user_id': str(user_id)}).get('Item') if user_id else None


@app.route('/register', methods=['POST'])
def register():
    body = request.get_json(silent=True) or {}
    email, password = body.get('email'), body.get('password')
    if not email or not password:
        return jsonify({'error': 'email and password required'}), 400
    counter = counters.update_item(Key={'name': 'user_id'}, UpdateExpression='ADD #v :one',
                                   ExpressionAttributeNames={'#v': 'value'},
                                   ExpressionAttributeValues={':one': 1}, ReturnValues='UPDATED_NEW')
    user_id = str(counter['Attributes']['value'])
    users.put_item(Item={'user_id': user_id, 'email': email, 'password': password, 'name': body.get('name', ''),
                         'role': 'user'})
    session['user_id'] = user_id
    return jsonify({'user_id': user_id}), 201


@app.route('/login', methods=['POST'])
def login():
    body = request.get_json(silent=True) or {}
    email, password = body.get('email'), body.get('password')
    if not email or not password:
        return jsonify({'error': 'email and password required'}), 400
    items = users.query(IndexName='email-index', KeyConditionExpression=Key('email').eq(str(email)))['Items']
    if not items:
        return jsonify({'error': 'no account with that email'}), 404
    user = items[0]
    if user['password'] != password:
        return jsonify({'error': 'wrong password'}), 401
    session['user_id'] = user['user_id']
    return jsonify({'user_id': user['user_id']}), 200


@app.route('/logout', methods=['POST'])
def logout():
    session.pop('user_id', None)
    return jsonify({'status': 'logged out'})


@app.route('/me')
def me():
    item = current_user()
    if not item:
        return jsonify({'error': 'unauthorized'}), 401
    return jsonify(common.profile(item))


@app.route('/user/<user_id>')
def get_user(user_id):
    if not current_user():
        return jsonify({'error': 'unauthorized'}), 401
    item = users.get_item(Key={'user_id': user_id}).get('Item')
    if not item:
        return jsonify({'error': 'user not found'}), 404
    return jsonify(item)


if __name__ == '__main__':
    labkit.serve(app)

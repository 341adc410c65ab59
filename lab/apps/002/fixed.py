"""002 fixed: strong random session key, server-side session records (logout really ends the session,
ids rotate on login), Secure/HttpOnly/SameSite cookie, email uniqueness enforced by an email-keyed item,
constant-time-ish login with one generic error, throttling, ownership checks, generic errors."""

import re
import secrets
import time
import uuid

import bcrypt
from botocore.exceptions import ClientError
from flask import Flask, jsonify, request, session

import common
import labkit

app = Flask(__name__)
labkit.harden(app)
app.secret_key = bytes.fromhex(labkit.LAB_SECRET)
app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SECURE=True, SESSION_COOKIE_SAMESITE='Lax')
users, extra = common.setup('fixed')
emails, sessions = extra['emails'], extra['sessions']
limiter = labkit.LoginLimiter()
SESSION_TTL = 900
EMAIL = re.compile(r'^[^@\s]{1,64}@[^@\s]{1,189}$')


def credentials():
    body = request.get_json(silent=True) or {}
    email, password = body.get('email'), body.get('password')
    if not isinstance(email, str) or not isinstance(password, str) or not EMAIL.match(email):
        return None, None
    if not 1 <= len(password) <= 128:
        return None, None
    return email.strip().lower(), password


def start_session(user_id):
    session.clear()
    sid = secrets.token_urlsafe(32)
    sessions.put_item(Item={'sid': sid, 'user_id': user_id, 'expires_at': int(time.time()) + SESSION_TTL})
    session['sid'] = sid


def current_user():
    sid = session.get('sid')
    if not isinstance(sid, str):
        return None
    row = sessions.get_item(Key={'sid': sid}).get('Item')
    if not row or int(row['expires_at']) < time.time():
        return None
    return users.get_item(Key={'user_id': row['user_id']}).get('Item')


@app.route('/register', methods=['POST'])
def register():
    email, password = credentials()
    if not email or len(password) < 8:
        return jsonify({'error': 'valid email and a password of 8-128 characters required'}), 400
    user_id = str(uuid.uuid4())
    try:
        emails.put_item(Item={'email': email, 'user_id': user_id}, ConditionExpression='attribute_not_exists(email)')
    except ClientError as e:
        if e.response['Error']['Code'] == 'ConditionalCheckFailedException':
            return jsonify({'error': 'email already registered'}), 409
        raise
    hashed = bcrypt.hashpw(password.encode('utf-8'), bcrypt.gensalt(10)).decode('utf-8')  # same cost as the dummy
    try:
        users.put_item(Item={'user_id': user_id, 'email': email, 'password_hash': hashed, 'role': 'user',
                             'created_at': time.strftime('%Y-%m-%d %H:%M:%S')})
    except ClientError:
        emails.delete_item(Key={'email': email})
        raise
    start_session(user_id)
    return jsonify({'user_id': user_id}), 201


@app.route('/login', methods=['POST'])
def login():
    email, password = credentials()
    if not email:
        return jsonify({'error': 'invalid credentials'}), 401
    if limiter.blocked(email):
        return jsonify({'error': 'too_many_attempts'}), 429
    claim = emails.get_item(Key={'email': email}).get('Item')
    user = users.get_item(Key={'user_id': claim['user_id']}).get('Item') if claim else None
    stored = user['password_hash'] if user else labkit.DUMMY_HASH_SLOW
    if not (bcrypt.checkpw(password.encode('utf-8'), stored.encode('utf-8')) and user):
        limiter.failed(email)
        return jsonify({'error': 'invalid credentials'}), 401
    limiter.succeeded(email)
    start_session(user['user_id'])
    return jsonify({'user_id': user['user_id']}), 200


@app.route('/logout', methods=['POST'])
def logout():
    sid = session.get('sid')
    if isinstance(sid, str):
        sessions.delete_item(Key={'sid': sid})
    session.clear()
    return jsonify({'status': 'logged out'})


@app.route('/me')
def me():
    item = current_user()
    if not item:
        return jsonify({'error': 'unauthorized'}), 401
    return jsonify(common.profile(item))


@app.route('/user/<user_id>')
def get_user(user_id):
    me_ = current_user()
    if not me_:
        return jsonify({'error': 'unauthorized'}), 401
    if user_id != me_['user_id'] and me_.get('role') != 'admin':
        return jsonify({'error': 'forbidden'}), 403
    item = users.get_item(Key={'user_id': user_id}).get('Item') if len(user_id) <= 64 else None
    if not item:
        return jsonify({'error': 'not_found'}), 404
    return jsonify(common.profile(item))


if __name__ == '__main__':
    labkit.serve(app, hardened=True)

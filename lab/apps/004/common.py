"""Seed 004 (JWT with HMAC signatures, Flask): in-memory users and notes, login and admin listing shared by
all variants. No database: the scenario is purely about how the HMAC token is made and checked."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

import bcrypt  # noqa: E402
import jwt  # noqa: E402
from flask import jsonify, request  # noqa: E402

import labkit  # noqa: E402

ISSUER = 'auth.example.com'
AUDIENCE = 'api.example.com'
USERS = {u['username']: u for u in labkit.USERS}
NOTES = [
    {'id': 'n-101', 'owner': 'alice', 'title': 'Passport renewal', 'body': 'Appointment on the 14th, bring photos.'},
    {'id': 'n-102', 'owner': 'alice', 'title': 'Wi-Fi', 'body': 'Home router password is in the blue notebook.'},
    {'id': 'n-201', 'owner': 'bob', 'title': 'Gift ideas', 'body': 'Headphones for Sam, a cookbook for Lee.'},
    {'id': 'n-301', 'owner': 'admin', 'title': 'On-call', 'body': 'Rotate the pager key on Friday.'},
]


def profile(user):
    return {k: user[k] for k in ('username', 'email', 'phone', 'address', 'role')}


def issue(username, secret, ttl, extra_claims):
    now = int(time.time())
    claims = {'sub': username, 'iss': ISSUER, 'aud': AUDIENCE, 'iat': now, **extra_claims(USERS[username])}
    if ttl:
        claims['exp'] = now + ttl
    return jwt.encode(claims, secret, algorithm='HS256')


def add_login(app, make_token, limiter=None):
    @app.route('/login', methods=['POST'])
    def login():
        body = request.get_json(silent=True) or {}
        username, password = body.get('username'), body.get('password')
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            return jsonify({'error': 'username and password required'}), 400
        if limiter and limiter.blocked(username):
            return jsonify({'error': 'too_many_attempts'}), 429
        user = USERS.get(username)
        stored = user['password_hash'] if user else labkit.DUMMY_HASH
        if not (bcrypt.checkpw(password.encode('utf-8'), stored.encode('utf-8')) and user):
            if limiter:
                limiter.failed(username)
            return jsonify({'error': 'invalid credentials'}), 401
        if limiter:
            limiter.succeeded(username)
        return jsonify({'token': make_token(username)})


def notes_of(username):
    return [n for n in NOTES if n['owner'] == username]


def all_users():
    return [profile(u) for u in USERS.values()]

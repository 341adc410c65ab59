"""004 fixed: 32-byte random secret, HS256 pinned, iss/aud/exp/iat/sub required, 15-minute tokens with no
authorization data in them, admin rights looked up server-side, throttled login, security headers."""

import secrets
from functools import wraps

import jwt
from flask import Flask, jsonify, request

import common
import labkit

app = Flask(__name__)
labkit.harden(app)
SECRET = bytes.fromhex(labkit.LAB_SECRET)

common.add_login(app, lambda username: common.issue(
    username, SECRET, 900, lambda u: {'jti': secrets.token_hex(8)}), labkit.LoginLimiter())


def token_required(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        scheme, _, token = request.headers.get('Authorization', '').partition(' ')
        if scheme != 'Bearer' or not token:
            return jsonify({'error': 'unauthorized'}), 401
        try:
            payload = jwt.decode(token, SECRET, algorithms=['HS256'], audience=common.AUDIENCE,
                                 issuer=common.ISSUER, options={'require': ['exp', 'iat', 'iss', 'aud', 'sub']})
        except jwt.InvalidTokenError:
            return jsonify({'error': 'unauthorized'}), 401
        user = common.USERS.get(payload['sub']) if isinstance(payload['sub'], str) else None
        if not user:
            return jsonify({'error': 'unauthorized'}), 401
        request.current_user = user
        return f(*args, **kwargs)

    return decorated


@app.route('/profile')
@token_required
def profile():
    return jsonify(common.profile(request.current_user))


@app.route('/notes')
@token_required
def notes():
    return jsonify({'notes': common.notes_of(request.current_user['username'])})


@app.route('/admin/users')
@token_required
def admin_users():
    if request.current_user['role'] != 'admin':
        return jsonify({'error': 'forbidden'}), 403
    return jsonify({'users': common.all_users()})


if __name__ == '__main__':
    labkit.serve(app, hardened=True)

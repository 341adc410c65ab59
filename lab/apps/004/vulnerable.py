"""004 vulnerable: HMAC JWTs as many tutorials ship them.

Planted: the signing secret is the tutorial default 'supersecret' (in public JWT-secret wordlists), the
algorithm is taken from the token header (HS256/HS384/HS512 all accepted), tokens live for a year and
carry is_admin + email, iss/aud are never checked, exp is optional, and /admin/* trusts the is_admin claim.
"""

from functools import wraps

import jwt
from flask import Flask, jsonify, request

import common
import labkit

app = Flask(__name__)
app.config['JWT_SECRET'] = 'supersecret'
ONE_YEAR = 365 * 24 * 3600

common.add_login(app, lambda username: common.issue(
    username, app.config['JWT_SECRET'], ONE_YEAR,
    lambda u: {'is_admin': u['role'] == 'admin', 'email': u['email']}))


def token_required(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        token = request.headers.get('Authorization', '').replace('Bearer ', '')
        if not token:
            return jsonify({'error': 'token_missing'}), 401
        try:
            alg = jwt.get_unverified_header(token).get('alg', 'HS256')
            payload = jwt.decode(token, app.config['JWT_SECRET'], algorithms=[alg], options={'verify_aud': False})
        except Exception:
            return jsonify({'error': 'invalid_token'}), 401
        request.user = payload
        return f(*args, **kwargs)

    return decorated


@app.route('/profile')
@token_required
def profile():
    user = common.USERS.get(request.user.get('sub'))
    if not user:
        return jsonify({'error': 'unknown user'}), 404
    return jsonify(common.profile(user))


@app.route('/notes')
@token_required
def notes():
    return jsonify({'notes': common.notes_of(request.user.get('sub'))})


@app.route('/admin/users')
@token_required
def admin_users():
    if not request.user.get('is_admin'):
        return jsonify({'error': 'admin only'}), 403
    return jsonify({'users': common.all_users()})


if __name__ == '__main__':
    labkit.serve(app)

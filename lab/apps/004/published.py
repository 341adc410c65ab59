"""004 published: the article's token_required decorator, reproduced as written.

Kept from the article: algorithms=['HS256'], audience='api.example.com', issuer='auth.example.com',
ExpiredSignatureError/InvalidTokenError handling, request.user = payload, and
`@app.route('/profile')` returning {'user': request.user}.

What the article leaves open, decided the way it advises (see lab/README.md): JWT_SECRET is loaded at
runtime from outside the code (the LAB_SECRET env var the launcher fills with 32 random bytes); tokens are
short-lived (15 minutes, "short lifetimes"). The article never says how admin rights are decided; the
login keeps the is_admin claim from its own threat description and /admin/* trusts it -- sound only as
long as the secret holds, and it puts authorization data in the token.
"""

from functools import wraps

import jwt
from flask import Flask, current_app, jsonify, request

import common
import labkit

app = Flask(__name__)
app.config['JWT_SECRET'] = labkit.LAB_SECRET

common.add_login(app, lambda username: common.issue(
    username, app.config['JWT_SECRET'], 900, lambda u: {'is_admin': u['role'] == 'admin'}))


def token_required(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        token = request.headers.get('Authorization', '').replace('Bearer ', '')
        if not token:
            return jsonify({'error': 'token_missing'}), 401
        try:
            # Enforce algorithm and validate claims
            payload = jwt.decode(
                token,
                current_app.config['JWT_SECRET'],
                algorithms=['HS256'],
                audience='api.example.com',
                issuer='auth.example.com'
            )
        except jwt.ExpiredSignatureError:
            return jsonify({'error': 'token_expired'}), 401
        except jwt.InvalidTokenError:
            return jsonify({'error': 'invalid_token'}), 401
        # Attach identity to request context for downstream handlers
        request.user = payload
        return f(*args, **kwargs)
    return decorated


@app.route('/profile')
@token_required
def profile():
    return jsonify({'user': request.user})


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

"""003 vulnerable: legacy hand-rolled verification of the RS256 tokens.

Planted: the algorithm comes from the token header -- `none` skips the signature, HS256/384/512 are checked
with the *public* key's PEM bytes as the HMAC secret (RS256->HS256 confusion), and a `jku` header makes the
app fetch verification keys from wherever the token says; iss and aud are never checked; GET /user/<id>
returns any user's row (no tenant or ownership check).
"""

import base64
import hashlib
import hmac
import json
import urllib.parse
import urllib.request

import jwt
from flask import Flask, g, jsonify, request

import common
import labkit

app = Flask(__name__)
common.setup()
db = common.Db()
common.add_common_routes(app, db)
HMAC_DIGESTS = {'HS256': hashlib.sha256, 'HS384': hashlib.sha384, 'HS512': hashlib.sha512}


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + '=' * (-len(part) % 4))


def key_set(header):
    jku = header.get('jku')
    if not jku:
        return common.JWKS
    # Lab safety: the SSRF-able fetch is confined to loopback so scans never leave 127.0.0.1.
    if urllib.parse.urlsplit(jku).hostname not in ('127.0.0.1', 'localhost'):
        raise jwt.InvalidTokenError('jku host not reachable')
    with urllib.request.urlopen(jku, timeout=3) as resp:
        return json.loads(resp.read())


def verify(token):
    header = jwt.get_unverified_header(token)
    alg = header.get('alg', 'RS256')
    if alg.lower() == 'none':
        return jwt.decode(token, options={'verify_signature': False, 'verify_exp': True})
    keys = key_set(header)['keys']
    jwk = next((k for k in keys if k.get('kid') == header.get('kid')), keys[0])
    public_key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
    if alg in HMAC_DIGESTS:
        signing_input, _, signature = token.rpartition('.')
        expected = hmac.new(common.public_pem(public_key), signing_input.encode(), HMAC_DIGESTS[alg]).digest()
        if not hmac.compare_digest(expected, b64url_decode(signature)):
            raise jwt.InvalidSignatureError('bad signature')
        return jwt.decode(token, options={'verify_signature': False, 'verify_exp': True})
    return jwt.decode(token, public_key, algorithms=[alg], options={'verify_aud': False})


@app.before_request
def authenticate():
    if request.endpoint in common.PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    token = common.bearer_token()
    if not token:
        return jsonify({'error': 'unauthorized'}), 401
    try:
        g.claims = verify(token)
    except Exception:
        return jsonify({'error': 'invalid_token'}), 401
    return None


@app.route('/api/profile')
def profile():
    row = db.one(common.PROFILE_SQL, (g.claims.get('sub'),))
    if not row:
        return jsonify({'error': 'user not found'}), 404
    return jsonify(common.profile(row))


@app.route('/user/<user_id>')
def get_user(user_id):
    row = db.one(common.PROFILE_SQL, (user_id,))
    if not row:
        return jsonify({'error': 'not found'}), 404
    return jsonify(common.profile(row))


if __name__ == '__main__':
    labkit.serve(app)

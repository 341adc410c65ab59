"""003 fixed: JWKS fetched once and cached, header must say RS256 with a known kid (jku/jwk/x5u ignored),
iss/aud/exp/iat/sub required and checked, ownership enforced (admin may read users of its own tenant),
UUIDs validated before SQL, generic errors, throttled login, security headers."""

import json
import re
import threading
import time
import urllib.request

import jwt
from flask import Flask, g, jsonify, request

import common
import labkit

app = Flask(__name__)
labkit.harden(app)
common.setup()
db = common.Db()
common.add_common_routes(app, db, labkit.LoginLimiter())
UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


class JwksCache:
    def __init__(self, ttl=600.0):
        self.ttl = ttl
        self.keys = {}
        self.fetched = 0.0
        self.lock = threading.Lock()

    def key(self, kid):
        with self.lock:
            if time.monotonic() - self.fetched > self.ttl or (kid not in self.keys and self._may_refresh()):
                url = labkit.BASE_URL + '/.well-known/jwks.json'
                with urllib.request.urlopen(url, timeout=3) as resp:
                    jwks = json.loads(resp.read())
                self.keys = {k['kid']: jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(k))
                             for k in jwks['keys'] if k.get('kty') == 'RSA' and 'kid' in k}
                self.fetched = time.monotonic()
            return self.keys.get(kid)

    def _may_refresh(self):
        return time.monotonic() - self.fetched > 30


jwks_cache = JwksCache()


def verify(token):
    header = jwt.get_unverified_header(token)
    if header.get('alg') != 'RS256' or not isinstance(header.get('kid'), str):
        raise jwt.InvalidTokenError('unexpected header')
    key = jwks_cache.key(header['kid'])
    if key is None:
        raise jwt.InvalidTokenError('unknown kid')
    claims = jwt.decode(token, key, algorithms=['RS256'], audience=common.AUDIENCE, issuer=common.ISSUER,
                        options={'require': ['exp', 'iat', 'iss', 'aud', 'sub']})
    if not isinstance(claims['sub'], str) or not UUID.match(claims['sub']):
        raise jwt.InvalidTokenError('bad subject')
    return claims


@app.before_request
def authenticate():
    if request.endpoint in common.PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    token = common.bearer_token()
    if not token:
        return jsonify({'error': 'unauthorized'}), 401
    try:
        claims = verify(token)
    except jwt.InvalidTokenError:
        return jsonify({'error': 'unauthorized'}), 401
    row = db.one(common.PROFILE_SQL, (claims['sub'],))
    if not row:
        return jsonify({'error': 'unauthorized'}), 401
    g.me = common.profile(row)
    return None


@app.route('/api/profile')
def profile():
    return jsonify(g.me)


@app.route('/user/<user_id>')
def get_user(user_id):
    if not UUID.match(user_id):
        return jsonify({'error': 'not_found'}), 404
    if user_id != g.me['user_id'] and g.me['role'] != 'admin':
        return jsonify({'error': 'forbidden'}), 403
    row = db.one(common.PROFILE_SQL + ' AND tenant_id = %s', (user_id, g.me['tenant_id']))
    if not row:
        return jsonify({'error': 'not_found'}), 404
    return jsonify(common.profile(row))


if __name__ == '__main__':
    labkit.serve(app, hardened=True)

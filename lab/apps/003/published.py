"""003 published: the article's remediation, reproduced as written.

Kept from the article: a JWKS fetch on every request, key chosen by `kid`, algorithms=["RS256"],
audience/issuer checked, require exp/iss/aud, a new psycopg2 connection per request, and the
"server-side authorization" `SELECT id, role FROM users WHERE id = %s AND tenant_id = %s` followed by
`if not row or str(row[0]) != user_id` -- which compares the row with the id it was fetched by, so any
user of a tenant reads every other user of that tenant (BOLA). A token without `kid` or `tenant_id`
raises KeyError (HTTP 500).

Changes needed to make it run (see lab/README.md): missing imports (json, os, urllib.request) added;
the route is `/user/<user_id>` (the article's HTML lost the placeholder); PyJWT 2.x does not accept a
callable key, so `key=get_key(jwt.get_unverified_header(token), None)` resolves it the way the article
intends; JWKS_URL/ISSUER/AUDIENCE point at the lab issuer (this app); sslmode comes from DB_SSLMODE
(the lab PostgreSQL has no TLS). GET /api/profile reuses the same verification.
"""

import json
import os
import ssl
import urllib.request
from urllib.parse import urlparse

import jwt
import psycopg2
from flask import Flask, jsonify, request

import common
import labkit

app = Flask(__name__)
common.setup()
common.add_common_routes(app, common.Db())

AUDIENCE = common.AUDIENCE
ISSUER = common.ISSUER


def jwks_url():
    return labkit.BASE_URL + '/.well-known/jwks.json'


def get_jwks():
    # In production, cache and refresh JWKS responsibly
    ctx = ssl.create_default_context()
    with urllib.request.urlopen(jwks_url(), context=ctx) as resp:
        return json.loads(resp.read())


def get_key(header, payload):
    jwks = get_jwks()
    for key in jwks["keys"]:
        if key["kid"] == header["kid"]:
            return jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(key))
    raise Exception("Unable to find key")


def connect():
    return psycopg2.connect(
        host=urlparse(os.getenv("COCKROACHDB_URI")).hostname,
        port=urlparse(os.getenv("COCKROACHDB_URI")).port,
        dbname=urlparse(os.getenv("COCKROACHDB_URI")).path[1:],
        user=os.getenv("DB_USER"),
        password=os.getenv("DB_PASSWORD"),
        sslmode=os.getenv("DB_SSLMODE", "require")
    )


def decode(token):
    return jwt.decode(
        token,
        key=get_key(jwt.get_unverified_header(token), None),
        algorithms=["RS256"],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"verify_signature": True, "require": ["exp", "iss", "aud"]}
    )


@app.route("/user/<user_id>")
def get_user(user_id):
    auth = request.headers.get("Authorization")
    if not auth or not auth.startswith("Bearer "):
        return jsonify({"error": "unauthorized"}), 401
    token = auth.split(" ")[1]
    try:
        decoded = decode(token)
    except jwt.InvalidTokenError:
        return jsonify({"error": "invalid_token"}), 401
    # Server-side authorization: do not trust decoded["user"] alone
    conn = connect()
    cur = conn.cursor()
    # Enforce ownership/role checks in SQL; avoid concatenating user_id
    cur.execute("SELECT id, role FROM users WHERE id = %s AND tenant_id = %s", (user_id, decoded["tenant_id"]))
    row = cur.fetchone()
    cur.close()
    conn.close()
    if not row or str(row[0]) != user_id:
        return jsonify({"error": "forbidden"}), 403
    return jsonify({"user": row[0], "role": row[1]})


@app.route("/api/profile")
def profile():
    auth = request.headers.get("Authorization")
    if not auth or not auth.startswith("Bearer "):
        return jsonify({"error": "unauthorized"}), 401
    token = auth.split(" ")[1]
    try:
        decoded = decode(token)
    except jwt.InvalidTokenError:
        return jsonify({"error": "invalid_token"}), 401
    conn = connect()
    cur = conn.cursor()
    cur.execute(common.PROFILE_SQL + " AND tenant_id = %s", (decoded["sub"], decoded["tenant_id"]))
    row = cur.fetchone()
    cur.close()
    conn.close()
    if not row:
        return jsonify({"error": "forbidden"}), 403
    return jsonify(common.profile(row))


if __name__ == "__main__":
    labkit.serve(app)

"""Seed 002 (broken authentication, Flask + DynamoDB): tables and seed users shared by all variants."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

import labkit  # noqa: E402


def setup(variant):
    """Users table keyed by user_id with an `email-index` GSI, as in the article.

    vulnerable: sequential numeric ids and plaintext passwords; published/fixed: uuid4 ids, bcrypt hashes.
    fixed also gets an email-keyed table (uniqueness) and a server-side session table.
    """
    ddb = labkit.dynamo()
    users = labkit.create_table(ddb, 'users', 'user_id', [('email-index', 'email')])
    extra = {}
    if variant == 'vulnerable':
        extra['counters'] = labkit.create_table(ddb, 'counters', 'name')
    if variant == 'fixed':
        extra['emails'] = labkit.create_table(ddb, 'emails', 'email')
        extra['sessions'] = labkit.create_table(ddb, 'sessions', 'sid')
    for u in labkit.USERS:
        item = {'email': u['email'], 'name': u['username'], 'phone': u['phone'], 'address': u['address'],
                'role': u['role'], 'created_at': '2024-03-01 09:00:00.000000'}
        if variant == 'vulnerable':
            item.update({'user_id': u['seq'], 'password': u['password']})
        else:
            item.update({'user_id': u['uuid'], 'password_hash': u['password_hash_slow']})
        users.put_item(Item=item)
        if variant == 'fixed':
            extra['emails'].put_item(Item={'email': u['email'], 'user_id': u['uuid']})
    if variant == 'vulnerable':
        extra['counters'].put_item(Item={'name': 'user_id', 'value': len(labkit.USERS)})
    return users, extra


def profile(item):
    return {'user_id': item['user_id'], 'email': item['email'], 'name': item.get('name'),
            'phone': item.get('phone'), 'address': item.get('address')}

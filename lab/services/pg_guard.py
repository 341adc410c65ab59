"""Runs a throw-away PostgreSQL 15 cluster for the lab (standing in for CockroachDB) and guards it.

- initdb into a fresh temp dir owned by `postgres` (PostgreSQL refuses to run as root),
- starts `postgres` on a free 127.0.0.1 port, unix sockets inside the temp dir,
- creates the databases named in LAB_PG_DATABASES (comma separated),
- prints `LAB_LISTENING <port>`,
- on SIGTERM/SIGINT/SIGHUP, on parent death or if postgres dies: fast shutdown, then removes the temp dir.
"""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import psycopg2

BIN = '/usr/lib/postgresql/15/bin'
stop_requested = False


def on_signal(_sig, _frame):
    global stop_requested
    stop_requested = True


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def as_postgres():
    pw = pwd.getpwnam('postgres')
    return {'user': pw.pw_uid, 'group': pw.pw_gid, 'extra_groups': []}


def wait_ready(port, proc, deadline):
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            psycopg2.connect(host='127.0.0.1', port=port, user='postgres', dbname='postgres', connect_timeout=1).close()
            return True
        except psycopg2.OperationalError:
            time.sleep(0.05)
    return False


def main():
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    parent = int(os.environ.get('LAB_PARENT_PID', '0')) or os.getppid()
    run_id = ''.join(c for c in os.environ.get('LAB_RUN_ID', '') if c.isalnum() or c == '-')[:40]
    tmp = tempfile.mkdtemp(prefix=f'apiward-lab-pg-{run_id}-' if run_id else 'apiward-lab-pg-')
    proc = None
    try:
        pw = pwd.getpwnam('postgres')
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
        data = os.path.join(tmp, 'data')
        subprocess.run([f'{BIN}/initdb', '-D', data, '--no-sync', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8'],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp, **as_postgres())
        for _attempt in range(5):
            port = free_port()
            proc = subprocess.Popen(
                [f'{BIN}/postgres', '-D', data, '-p', str(port), '-k', tmp, '-c', 'listen_addresses=127.0.0.1',
                 '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
                 '-c', 'max_connections=200', '-c', 'logging_collector=off'],
                cwd=tmp, stdout=subprocess.DEVNULL, stderr=sys.stderr, **as_postgres())
            if wait_ready(port, proc, time.monotonic() + 15):
                break
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc = None
        if proc is None:
            print('postgres did not start', file=sys.stderr, flush=True)
            return 1
        conn = psycopg2.connect(host='127.0.0.1', port=port, user='postgres', dbname='postgres')
        conn.autocommit = True
        with conn.cursor() as cur:
            for name in filter(None, os.environ.get('LAB_PG_DATABASES', '').split(',')):
                cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        print(f'LAB_LISTENING {port}', flush=True)
        while not stop_requested and proc.poll() is None and os.getppid() == parent:
            time.sleep(0.2)
        return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # fast shutdown
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())

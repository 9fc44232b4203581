"""Count the SQL queries of one request per scenario, in-process, on the benchmark database."""

import secrets

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.dataset import PASSWORD
from bench.scenarios import ACCOUNTS

# SQLite's BEGIN/COMMIT go through the cursor and PostgreSQL's do not: leave them out of
# the count so that both count the same statements.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def count_queries(scenarios):
    """Return {scenario key: SQL statements of its request, after a warm-up request}."""
    clients = {"anonymous": new_client}
    clients.update({who: signed_in(login, username) for who, (login, username) in ACCOUNTS.items()})
    counts = {}
    for scenario in scenarios:
        client = clients[scenario.who]
        send(client(), scenario)  # warm-up: compiled templates, cached lookups
        with CaptureQueriesContext(connection) as captured:
            send(client(), scenario)
        counts[scenario.key] = sum(
            1 for query in captured if not query["sql"].upper().startswith(TRANSACTION_CONTROL)
        )
    return counts


def new_client():
    """An anonymous browser (a host the production settings allow)."""
    return Client(SERVER_NAME="127.0.0.1")


def signed_in(login_name, username):
    client = new_client()
    response = client.post(reverse(login_name), {"username": username, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"in-process sign-in of {username} answered {response.status_code}")
    return lambda: client


def send(client, scenario):
    if scenario.method == "GET":
        response = client.get(scenario.path)
    else:
        response = client.post(scenario.path, scenario.form_for(secrets.token_hex(4)))
    if response.status_code not in scenario.expected:
        raise RuntimeError(f"{scenario.name}: in-process request answered {response.status_code}")
    return response

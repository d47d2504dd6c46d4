"""Locust users for the mixed load at national scale (bench/mixed.py starts this as a process of its own).

    .venv/bin/locust -f bench/locustfile.py --headless -u 16 -r 16 -t 30s --csv PREFIX

Never import this module (or locust) into the harness: locust patches the standard library with gevent.

The environment says what to ask for:

- KP_LOAD_PLAN: the JSON file bench/mixed.py wrote: the visitors (a session cookie each, minted by the harness
  for a citizen who is a party of cases, a first instance's caseworker or an appeals body's caseworker), the
  case pages, inboxes and documents each may see, and the minimal view's path.
- KP_LOAD_SERVERS: the servers' base addresses separated by commas; each user sends its requests to them in
  turn (one keep-alive connection to each).
- KP_LOAD_MODE: `mix` (the default): 35 % case overviews, 35 % documents tabs, 10 % first instances' inboxes,
  10 % appeals bodies' inboxes, 5 % document downloads, 5 % the start page; `minimal`: only the minimal view
  (the baseline); or one kind of the mix alone (`case`, `documents`, `authority_inbox`, `body_inbox`,
  `download`, `start`), to measure what each costs.

Every request comes as from the TLS-terminating proxy (127.0.0.1, X-Forwarded-Proto: https). An answer other
than 2xx is a failure; redirects are not followed (a redirect to the login or to HTTPS is a failure too).
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, task

MIX = {"case": 35, "documents": 35, "authority_inbox": 10, "body_inbox": 10, "download": 5, "start": 5}
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Accept-Encoding": "identity"}

with open(os.environ["KP_LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
SERVERS = [server.rstrip("/") for server in os.environ["KP_LOAD_SERVERS"].split(",") if server]
MODE = os.environ.get("KP_LOAD_MODE", "mix")
KINDS = {"minimal": 1} if MODE == "minimal" else (MIX if MODE == "mix" else {MODE: 1})
VISITORS = {
    "case": [v for v in PLAN["visitors"] if v["cases"]],
    "documents": [v for v in PLAN["visitors"] if v["cases"]],
    "authority_inbox": [v for v in PLAN["visitors"] if v["kind"] == "authority"],
    "body_inbox": [v for v in PLAN["visitors"] if v["kind"] == "body"],
    "download": [v for v in PLAN["visitors"] if v["downloads"]],
}


class Visitor(FastHttpUser):
    """One browser's worth of requests after another, without pause, spread over the servers."""

    host = SERVERS[0]
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookiejar = None  # the session is the cookie the plan gives; nothing the servers set
        self.client.client.cookiejar = None
        self.servers = itertools.cycle(random.sample(SERVERS, len(SERVERS)))
        self.names, self.weights = list(KINDS), list(KINDS.values())

    def _get(self, name: str, path: str, cookie: str | None = None) -> None:
        headers = dict(PROXY, Cookie=cookie) if cookie else PROXY
        with self.client.get(
            next(self.servers) + path, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if not 200 <= response.status_code < 300:
                response.failure(f"HTTP {response.status_code}")

    @task
    def request(self) -> None:
        kind = random.choices(self.names, self.weights)[0]
        if kind == "minimal":
            self._get("minimal", PLAN["minimal"])
        elif kind == "start":
            self._get("start", "/")
        else:
            visitor = random.choice(VISITORS[kind])
            if kind == "case":
                path = random.choice(visitor["cases"])
            elif kind == "documents":
                path = random.choice(visitor["cases"]) + "dokumenter/"
            elif kind == "download":
                path = random.choice(visitor["downloads"])
            else:
                path = visitor["inbox"]
            self._get(kind, path, visitor["cookie"])

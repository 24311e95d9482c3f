"""The served API against its own OpenAPI schema, with Schemathesis.

`eventsift serve` runs in a child process on a loopback port over a SQLite
database holding the serve tests' corpus plus Arabic text, script and
onerror markup and a path-like document id. Schemathesis reads
/openapi.json from it and sends, for each of the ten operations, the
coverage phase's boundary and invalid values and FUZZ_EXAMPLES generated
requests (valid and invalid: wrong types, missing fields, odd characters,
SQL and path payloads from the dictionaries below), once without a token and
once with it. Every response must:

- not be a server error (5xx);
- have a status code, content type and body that the schema declares for it;
- carry the security headers (CSP, nosniff, no framing, no referrer), and be
  JSON with an "error" when it is one.

Without the token every write is refused and the database stays as it was.
A stateful run follows the links between operations (a posted document, then
its claims and events) on a server of its own, whose database is put back as
it was before every scenario: Hypothesis expects the same choices to lead to
the same steps, and against data that an earlier scenario changed (documents
added, events merged) they take other branches, which it reports as
FlakyStrategyDefinition. Generation is deterministic; set
EVENTSIFT_SCHEMA_EXAMPLES=500 for a longer run. The number of cases run is
written to test-artifacts/api-schema-cases.json (and shown with -s).
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="needs schemathesis (pip install -e '.[test]')")
import httpx  # noqa: E402
import hypothesis  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,  # noqa: E402
                                               status_code_conformance)

from eventsift import EventSift  # noqa: E402
from live_server import serve, write_hostile_corpus  # noqa: E402
from serve_corpus import write_corpus  # noqa: E402

TOKEN = "schema-test-token"
FUZZ_EXAMPLES = int(os.environ.get("EVENTSIFT_SCHEMA_EXAMPLES", "25"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CORE_TABLES = ("documents", "claims", "events", "links", "deletions", "decisions")

# Strings the generator mixes into every string parameter: SQL, FTS5 syntax, traversal, markup, RTL text.
HOSTILE = ["' OR '1'='1", "'; DROP TABLE events; --", "1 UNION SELECT id, text FROM documents --",
           "%' OR 'x' LIKE '%", "\"unterminated", "NEAR(a b)", "body:x", "*", "../../../../etc/passwd",
           "..%2f..%2fetc%2fpasswd", "%2e%2e%2f", "..\\..\\windows", "<script>alert(1)</script>",
           "<img src=x onerror=alert(1)>", "حمص", "الخالدية", "\u202eevil", "${7*7}", "{{7*7}}"]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CASES: collections.Counter = collections.Counter()  # (run, operation) -> requests sent
STATUSES: collections.Counter = collections.Counter()  # (run, status code) -> responses


def security_headers(ctx, response, case) -> None:
    """Every response: a CSP, nosniff, no framing, no referrer; errors are JSON with an "error"."""
    def get(name: str) -> str:  # headers as schemathesis keeps them: lower-case names, lists of values
        return ",".join(response.headers.get(name) or [])

    assert "frame-ancestors 'none'" in (get("content-security-policy") or ""), "CSP with frame-ancestors"
    assert get("x-content-type-options") == "nosniff"
    assert get("x-frame-options") == "DENY"
    assert get("referrer-policy") == "no-referrer"
    if response.status_code >= 400:
        body = json.loads(response.content)
        assert isinstance(body.get("error"), str) and body["error"], body


def writes_refused(ctx, response, case) -> None:
    """Without the token no write gets through: 401, or a 4xx for a request refused before the token is read."""
    if case.method.upper() not in ("GET", "HEAD", "OPTIONS"):
        assert response.status_code in (400, 401, 404, 405, 413, 422), response.status_code


def _table_digest(db_file: Path) -> dict[str, str]:
    with sqlite3.connect(db_file) as conn:
        out = {}
        for table in CORE_TABLES:
            h = hashlib.sha256()
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):  # noqa: S608 - fixed names
                h.update(repr(row).encode())
            out[table] = h.hexdigest()
        return out


def _corpus_db(folder: Path) -> tuple[str, Path]:
    db_file = folder / "schema.db"
    url = f"sqlite:///{db_file}"
    with EventSift(url) as sift:
        assert sift.run([write_corpus(folder / "docs"), write_hostile_corpus(folder / "jsonl")]).ok
        events = list(sift.events())
    # Real ids for the generator to mix in (see _with_real_ids), so that reads and review actions
    # also succeed and their 200 bodies are checked, not only their 404s.
    IDS["events"] = [e["id"] for e in events]
    IDS["claims"] = [c for e in events for c in e["claim_ids"]]
    IDS["docs"] = sorted({d for e in events for d in e["doc_ids"]})
    return url, db_file


def _served_spec() -> dict:
    """The OpenAPI schema `eventsift serve` serves (test_served_schema_is_the_one_tested checks that)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from eventsift.serve.api import create_app
    app = create_app("sqlite://")
    try:
        return app.openapi()
    finally:
        app.state.sift.close()


def _config(token: str | None):
    """Bounded, deterministic generation, with hostile strings mixed into every string."""
    data = {
        "generation": {"max-examples": FUZZ_EXAMPLES, "deterministic": True, "database": "none",
                       "dictionaries": {"string": {"dictionary": "hostile", "probability": 0.1}}},
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
        "dictionaries": {"hostile": {"values": HOSTILE}},
    }
    if token:
        data["auth"] = {"openapi": {"HTTPBearer": {"bearer": token}}}
    return schemathesis.Config.from_dict(data)


IDS: dict[str, list[str]] = {}


def _real(kind: str):
    # Drawn when a case is generated, after the server fixture has filled IDS.
    return st.deferred(lambda: st.sampled_from(IDS[kind]))


def _with_real_ids(schema):
    """Half of the generated ids are replaced by real ones: the rest stay random (404s, odd characters)."""

    @schema.hook
    def flatmap_path_parameters(context, params):
        for name, kind in (("event_id", "events"), ("doc_id", "docs")):
            if isinstance(params, dict) and name in params:
                return st.one_of(st.just(params), _real(kind).map(lambda v, n=name: {**params, n: v}))
        return st.just(params)

    @schema.hook
    def flatmap_query(context, query):
        for name, kind in (("event_id", "events"), ("doc_id", "docs")):
            if isinstance(query, dict) and name in query:
                return st.one_of(st.just(query), _real(kind).map(lambda v, n=name: {**query, n: v}))
        return st.just(query)

    @schema.hook
    def flatmap_body(context, body):
        if isinstance(body, dict) and "other" in body:
            return st.one_of(st.just(body), _real("events").map(lambda v: {**body, "other": v}))
        if isinstance(body, dict) and isinstance(body.get("claim_ids"), list):
            return st.one_of(st.just(body), st.lists(_real("claims"), min_size=1, max_size=3)
                             .map(lambda v: {**body, "claim_ids": v}))
        return st.just(body)

    return schema


# Loaded from the app's schema at import, so the plugin can make one test per operation; the
# requests go to the live server (base_url). schemathesis.pytest.from_fixture would load it from
# the server itself, but fails under pytest 9.2 (it sets Function._nodeid, which pytest removed).
SPEC = _served_spec()
anon = _with_real_ids(schemathesis.openapi.from_dict(SPEC, config=_config(None)))
authed = _with_real_ids(schemathesis.openapi.from_dict(SPEC, config=_config(TOKEN)))


@pytest.fixture(scope="module")
def anon_server(tmp_path_factory):
    """A server with a token that the anonymous run never sends; its database's digest before the run."""
    url, db_file = _corpus_db(tmp_path_factory.mktemp("schema-anon"))
    before = _table_digest(db_file)
    with serve(url, token=TOKEN) as server:
        yield server, db_file, before


@pytest.fixture(scope="module")
def authed_server(tmp_path_factory):
    url, _ = _corpus_db(tmp_path_factory.mktemp("schema-auth"))
    with serve(url, token=TOKEN) as server:
        yield server


def _copy_db(src: Path, dst: Path) -> None:
    # SQLite's online backup, not a file copy: it takes the locks, includes the WAL, and a server with
    # the destination open sees the new content on its next read (SQLite notices the change).
    with closing(sqlite3.connect(src, timeout=30)) as a, closing(sqlite3.connect(dst, timeout=30)) as b:
        a.backup(b)


@pytest.fixture
def stateful_server(tmp_path):
    """A server of its own, and a copy of its database as it was before any request, to put back."""
    url, db_file = _corpus_db(tmp_path)
    pristine = tmp_path / "pristine.db"
    _copy_db(db_file, pristine)
    with serve(url, token=TOKEN) as server:
        yield server, db_file, pristine


def test_served_schema_is_the_one_tested(anon_server):
    server = anon_server[0]
    assert httpx.get(f"{server.base}/openapi.json").json() == json.loads(json.dumps(SPEC))


@anon.parametrize()
def test_without_token(case, anon_server):
    CASES["without token", case.operation.label] += 1
    response = case.call_and_validate(base_url=anon_server[0].base, checks=CHECKS,
                                      additional_checks=[security_headers, writes_refused], timeout=60)
    STATUSES["without token", response.status_code] += 1


@authed.parametrize()
def test_with_token(case, authed_server):
    CASES["with token", case.operation.label] += 1
    response = case.call_and_validate(base_url=authed_server.base, checks=CHECKS,
                                      additional_checks=[security_headers], timeout=60)
    STATUSES["with token", response.status_code] += 1


def test_stateful_with_token(stateful_server):
    """Sequences that follow the schema's links (e.g. a page of events, then one of them, then a review)."""
    server, db_file, pristine = stateful_server

    class Workflow(authed.as_state_machine()):  # type: ignore[misc]
        def setup(self):
            # Every scenario, replays and shrinks included, starts from the same data, so the same
            # choices get the same responses and a failure replays as it happened.
            _copy_db(pristine, db_file)

        def get_call_kwargs(self, case):
            return {"base_url": server.base, "timeout": 60}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            CASES["stateful, with token", case.operation.label] += 1
            STATUSES["stateful, with token", response.status_code] += 1
            case.validate_response(response, checks=CHECKS, additional_checks=[security_headers],
                                   transport_kwargs=kwargs)

    try:
        Workflow.run(settings=hypothesis.settings(max_examples=max(5, FUZZ_EXAMPLES // 2), stateful_step_count=6,
                                                  deadline=None, derandomize=True, database=None,
                                                  suppress_health_check=list(hypothesis.HealthCheck)))
    except Exception as exc:
        exc.add_note("eventsift serve's stderr (tracebacks of 500s):\n" + server.stderr()[-4000:])
        raise


def test_without_token_nothing_changed(anon_server):
    """Whatever the anonymous run sent, no table changed (the search index may have been caught up)."""
    _, db_file, before = anon_server
    assert _table_digest(db_file) == before


def test_cases_were_run():
    """Record how many requests each run sent (for docs/reliability.md)."""
    if not CASES:
        pytest.skip("run with the schemathesis tests above")
    by_run: collections.Counter = collections.Counter()
    for (run, _op), n in CASES.items():
        by_run[run] += n
    summary = {"total": sum(CASES.values()), "fuzz_examples_per_operation": FUZZ_EXAMPLES, "by_run": by_run,
               "by_operation": {f"{run}: {op}": n for (run, op), n in sorted(CASES.items())},
               "by_status": {f"{run}: {code}": n for (run, code), n in sorted(STATUSES.items())}}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "api-schema-cases.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(f"\nschemathesis: {summary['total']} cases ({dict(by_run)})")
    ran = {op for (_run, op) in CASES}
    assert len(ran) >= 10, ran  # every operation was exercised

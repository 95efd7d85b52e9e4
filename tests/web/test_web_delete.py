"""DELETE /api/articles/{id} (issue 15, Security: "with a write token, ingest and delete
need it"): refused without the token (and when the server has none), 404 for an unknown
id; with it the article goes and the API then answers as over a store into which it was
never put. No browser: FastAPI's TestClient in process."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import marsad
from marsad import api
from marsad.web import create_app

TOKEN = "test-token-0123456789"
AUTH = {"authorization": f"Bearer {TOKEN}"}
SAMPLES = Path(marsad.__file__).parent / "samples"


@pytest.fixture
def writable(samples_db, tmp_path):
    """A copy of the samples store (deleting changes it) served with a write token."""
    db = tmp_path / "copy.db"
    shutil.copy(samples_db, db)
    with TestClient(create_app(str(db), write_token=TOKEN)) as c:
        yield c


def _shared_article(client) -> str:
    """The sample article in the most events reported by other articles too: deleting it
    changes those events, not only removes its own."""
    shared: Counter[str] = Counter()
    for row in client.get("/api/events", params={"limit": 1000, "all": "true"}).json()["events"]:
        ids = {a["article_id"] for a in client.get(f"/api/events/{row['id']}").json()["articles"]}
        if len(ids) > 1:
            shared.update(ids)
    return shared.most_common(1)[0][0]


def test_delete_is_refused_without_a_configured_token(client, samples_db):
    article_id = _shared_article(client)
    for headers in ({}, AUTH):
        r = client.delete(f"/api/articles/{article_id}", headers=headers)
        assert r.status_code == 403 and "write token" in r.json()["detail"]
    assert client.get(f"/api/articles/{article_id}").status_code == 200


def test_delete_is_refused_without_the_token(writable):
    article_id = _shared_article(writable)
    before = writable.get("/api/stats").json()
    for auth in (None, "Bearer wrong-token-0123456789", TOKEN, f"Basic {TOKEN}"):
        headers = {"authorization": auth} if auth else {}
        r = writable.delete(f"/api/articles/{article_id}", headers=headers)
        assert r.status_code == 403, (auth, r.text)
    assert writable.get("/api/stats").json() == before


def test_an_unknown_article_is_404(writable):
    before = writable.get("/api/stats").json()
    r = writable.delete("/api/articles/0123456789abcdef", headers=AUTH)
    assert r.status_code == 404 and "no article '0123456789abcdef'" in r.json()["detail"]
    assert writable.get("/api/stats").json() == before


def test_delete_with_the_token_leaves_the_store_the_article_never_entered(writable, tmp_path):
    article_id = _shared_article(writable)
    article = writable.get(f"/api/articles/{article_id}").json()
    with api.open_store(tmp_path / "copy.db") as store:
        (stored,) = store.articles([article_id], with_text=False)
    source = Path(stored.source_path or "")
    assert source.parent == SAMPLES and source.suffix in (".txt", ".html")   # a file of its own
    before = writable.get("/api/stats").json()
    events_before = writable.get("/api/events", params={"limit": 1000, "all": "true"}).json()
    r = writable.delete(f"/api/articles/{article_id}", headers=AUTH)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["article"] == article_id
    assert report["mentions"] == len(article["events"]) > 0
    assert writable.get(f"/api/articles/{article_id}").status_code == 404
    after = writable.get("/api/stats").json()
    assert after["tables"]["articles"] == before["tables"]["articles"] - 1
    # the answers now are those of a store built from the samples less this article
    # (nothing kept from before the delete is served again)
    rest = [str(p) for p in SAMPLES.iterdir() if p.suffix != ".md" and p.name != source.name]
    assert len(rest) == len([p for p in SAMPLES.iterdir() if p.suffix != ".md"]) - 1
    db = tmp_path / "rest.db"
    assert marsad.run(rest, store=str(db)).ok
    params = {"limit": 1000, "all": "true"}
    with TestClient(create_app(str(db))) as fresh:
        assert fresh.get("/api/stats").json() == {**after, "ingest": False}
        expected = fresh.get("/api/events", params=params).json()
        assert writable.get("/api/events", params=params).json() == expected != events_before
        for row in expected["events"]:
            assert (writable.get(f"/api/events/{row['id']}").json()
                    == fresh.get(f"/api/events/{row['id']}").json())


def test_the_schema_and_docs_page_list_delete(client):
    op = client.get("/openapi.json").json()["paths"]["/api/articles/{article_id}"]
    assert {"get", "delete"} <= set(op)
    assert "write token" in op["delete"]["summary"]
    assert "DELETE /api/articles/{article_id}" in client.get("/docs").text

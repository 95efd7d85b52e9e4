"""Property test (issue 14.9: "the web API once it exists"): POST /api/articles with any
body, content type and query values never fails with a 500; every answer is JSON with a
status the API documents, and whatever it stored can be read back."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.store import Store  # noqa: E402
from marsad.web import create_app  # noqa: E402
from marsad.web.app import UPLOAD_TYPES  # noqa: E402

TOKEN = "test-token-0123456789"
AUTH = {"authorization": f"Bearer {TOKEN}"}
MAX_UPLOAD = 4000

any_text = st.text(max_size=300)   # lone surrogates included (as UTF-8 they cannot be sent)
bodies = (st.binary(max_size=600)
          | any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))
          | st.lists(st.dictionaries(st.sampled_from(["text", "title", "source", "date", "url"])
                                     | any_text, any_text | st.integers() | st.none(),
                                     max_size=5), max_size=3).map(
              lambda rows: "\n".join(json.dumps(r) for r in rows).encode()))
media = st.sampled_from([*UPLOAD_TYPES, "application/octet-stream", ""])
query = st.fixed_dictionaries({}, optional={k: st.text(st.characters(blacklist_categories=("Cs",)),
                                                       max_size=60)
                                            for k in ("title", "outlet", "date", "url")})


@pytest.fixture(scope="module")
def client():
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "m.db"
        Store(db).close()
        with TestClient(create_app(str(db), write_token=TOKEN, max_upload=MAX_UPLOAD)) as c:
            yield c


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@example(b'{"text": "Shelling in Homs \\ud800 killed two."}', "application/json", {})
@example(b"[" * 2000 + b"]" * 2000, "application/json", {})
@example(b"Shelling in Homs\x00 killed two.", "text/plain",
         {"date": "1 " * 20, "title": "=cmd|' /C calc'!A0\nerror: forged"})
@example(b"\xff\xfe\x00\xd8 Shelling in Homs", "text/html", {"outlet": "\t@x"})
@given(bodies, media, query)
def test_any_upload_is_an_answer_never_a_server_error(client, body, content_type, params):
    r = client.post("/api/articles", content=body, params=params,
                    headers={"content-type": content_type, **AUTH})
    assert r.status_code in (201, 400, 413, 415, 422), (r.status_code, r.text)
    answer = r.json()
    if r.status_code != 201:
        assert answer["detail"]
        return
    assert answer["stored"] + answer["skipped"] + len(answer["failures"]) >= 1
    for article_id in answer["articles"]:
        got = client.get(f"/api/articles/{article_id}")
        assert got.status_code == 200 and got.json()["text"].strip()

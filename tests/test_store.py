import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from eventsift.model import Actor, Attribution, Claim, DateValue, Document, Field, Place, Segment, Toll
from eventsift.store import DocumentConflict, Store
from eventsift.store.migrate import include_object
from eventsift.store.schema import metadata

HOMS = Place("homs", "Homs", "city", "Syria", "Homs", 34.7324, 36.7137)


def f(value, extractor="test"):
    return Field(value, 0, 4, "text", extractor, "1", 0.9)


def doc(doc_id="a.txt", body="Clashes in Homs killed 5 people."):
    t = dt.datetime(2011, 7, 19, tzinfo=dt.timezone.utc)
    return Document(id=doc_id, text=body, raw=body.encode(), kind="text", source=doc_id,
                    outlet="Wire", published=t, segments=[Segment(0, len(body), t)])


def claim(d, cid="c1", toll=5, day=dt.date(2011, 7, 16), who="SOHR"):
    return Claim(id=cid, doc_id=d.id, sentence=f(d.text), event_type=f("Battles"),
                 sub_event_type=f("Armed clash"), date=f(DateValue(day, day, day, 1)), place=f(HOMS),
                 geo_precision=1, actor1=f(Actor("Military Forces of Syria", 1)),
                 fatalities=f(Toll(toll, toll, toll)), source=f(Attribution((who, d.outlet), "monitor")))


@pytest.fixture
def store(db_url):  # every test runs on SQLite and on PostgreSQL (conftest.py)
    s = Store(db_url)
    yield s
    s.close()


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")  # PostGIS's column, left out
def test_migrations_create_the_schema(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": include_object}),
                                metadata)
    assert diff == []


def test_same_bytes_twice_changes_nothing(store):
    d = doc()
    assert store.add(d, [claim(d)]) == "added"
    before = store.counts()
    assert store.add(doc(), [claim(doc())]) == "unchanged"
    assert store.counts() == before == {"documents": 1, "claims": 1, "events": 1, "deletions": 0}


def test_other_content_under_a_stored_id_is_refused(store):
    d = doc()
    store.add(d, [claim(d)])
    with pytest.raises(DocumentConflict, match="a.txt"):
        store.add(doc(body="Something else."), [])
    assert store.counts()["documents"] == 1


def test_claims_of_two_documents_link_into_one_event(store):
    a, b = doc("a.txt"), doc("b.txt", "Fighting in Homs left 6 dead.")
    store.add(a, [claim(a, "c1", 5, who="SOHR")])
    store.add(b, [claim(b, "c2", 6, who="state media")])
    events = list(store.events())
    assert len(events) == 1
    e = events[0]
    assert e["doc_ids"] == ["a.txt", "b.txt"]
    assert (e["fatalities_low"], e["fatalities_best"], e["fatalities_high"]) == (5, 5, 6)
    assert e["corroboration"] == "fair"
    with store.engine.connect() as conn:
        assert conn.execute(text("select count(*) from links")).scalar() == 2


def test_a_failed_document_leaves_nothing_behind(store):
    d = doc()
    broken = claim(d)
    broken.event_type = f(None)  # violates NOT NULL mid-transaction
    with pytest.raises(Exception):
        store.add(d, [claim(d, "c0"), broken])
    assert store.counts() == {"documents": 0, "claims": 0, "events": 0, "deletions": 0}


def test_postgis_geometry_follows_the_coordinates(store):
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostGIS is for PostgreSQL")
    with store.engine.connect() as conn:
        if not conn.scalar(text("select 1 from pg_extension where extname = 'postgis'")):
            pytest.skip("PostGIS is not available on this PostgreSQL server: plain columns only")
    d = doc()
    store.add(d, [claim(d)])
    with store.engine.connect() as conn:
        assert conn.scalar(text("select ST_AsText(geom) from events")) == "POINT(36.7137 34.7324)"
        near = text("select count(*) from claims where ST_DWithin(geom::geography, "
                    "ST_SetSRID(ST_MakePoint(36.72, 34.73), 4326)::geography, 5000)")
        assert conn.scalar(near) == 1


def test_migration_0007_repairs_stale_link_events(db_url):
    """Databases written before 0007 may hold a link decision naming a merged-away event."""
    s = Store(db_url)
    a, b = doc("a.txt"), doc("b.txt", "Fighting in Homs left 6 dead.")
    s.add(a, [claim(a, "c1", 5)])
    s.add(b, [claim(b, "c2", 6)])
    with s.engine.begin() as conn:
        conn.execute(text("UPDATE links SET event_id = 'gone' WHERE claim_id = 'c2'"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0006_claim_block'"))
    s.close()
    s = Store(db_url)  # upgrades to head
    with s.engine.connect() as conn:
        rows = conn.execute(text("SELECT l.event_id, c.event_id FROM links l JOIN claims c ON c.id = l.claim_id"))
        assert all(link_event == claim_event for link_event, claim_event in rows)
    s.close()

from hypothesis import given, settings, strategies as st

from eventsift.link import build_event, grade, place_relation, reconcile_tolls, score


def row(**kw):
    base = dict(id="c1", event_type="Battles", sub_event_type="Armed clash", event_date="2011-07-16",
                date_low="2011-07-16", date_high="2011-07-17", time_precision=2, place_id="homs",
                place_kind="city", place_parent=None, location="Homs", admin1="Homs", country="Syria",
                latitude=34.73, longitude=36.71, geo_precision=1, actor1=None, inter1=4, actor2=None,
                inter2=None, fatalities_low=None, fatalities_best=None, fatalities_high=None,
                source_label="x", source_root="x", sentence="s")
    base.update(kw)
    return base


def test_same_happening_scores_above_threshold():
    s = score(row(), row(id="c2"))
    assert s is not None and s[0] >= 1.6 and s[1]["place"] == "same"


def test_next_day_or_next_neighbourhood_stay_apart():
    assert score(row(), row(date_low="2011-07-18", date_high="2011-07-18", event_date="2011-07-18")) is None
    a = row(place_id="n1", place_kind="neighbourhood", place_parent="Homs", location="Khalidiya")
    b = row(place_id="n2", place_kind="neighbourhood", place_parent="Homs", location="Baba Amr")
    assert score(a, b) is None
    assert place_relation(a, row()) == "within"


def test_incompatible_types_never_link():
    assert score(row(), row(event_type="Protests", sub_event_type="Peaceful protest")) is None


def test_contested_when_sources_far_apart():
    claims = [row(fatalities_low=12, fatalities_best=12, fatalities_high=12, source_root="monitor"),
              row(fatalities_low=3, fatalities_best=3, fatalities_high=3, source_root="state media")]
    assert grade(claims)[0] == "contested"
    assert reconcile_tolls(claims) == (3, 3, 12)


def test_one_root_is_one_source():
    claims = [row(source_root="SOHR", source_label="SOHR via Reuters"),
              row(source_root="SOHR", source_label="SOHR via AFP")]
    assert grade(claims)[0] == "weak"


tolls = st.tuples(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500)).map(sorted)


@given(st.lists(st.one_of(st.none(), tolls), min_size=1, max_size=6), st.randoms())
def test_tolls_ordered_and_order_free(figures, rnd):
    claims = [row(id=f"c{i}", fatalities_low=f[0] if f else None, fatalities_best=f[1] if f else None,
                  fatalities_high=f[2] if f else None, source_root=f"s{i % 3}")
              for i, f in enumerate(figures)]
    low, best, high = reconcile_tolls(claims)
    assert low <= best <= high
    shuffled = claims[:]
    rnd.shuffle(shuffled)
    assert reconcile_tolls(shuffled) == (low, best, high)
    assert grade(shuffled)[0] == grade(claims)[0]
    e = build_event(claims)
    assert e["fatalities_low"] <= e["fatalities_best"] <= e["fatalities_high"]


def test_a_source_revising_its_own_toll_replaces_it():
    first = row(fatalities_low=5, fatalities_best=5, fatalities_high=5, source_root="SOHR",
                reported_at="2014-03-11T10:00:00+00:00")
    revised = row(id="c2", fatalities_low=9, fatalities_best=9, fatalities_high=9, source_root="SOHR",
                  reported_at="2014-03-12T10:00:00+00:00")
    state = row(id="c3", fatalities_low=12, fatalities_best=12, fatalities_high=12, source_root="SANA",
                reported_at="2014-03-11T12:00:00+00:00")
    assert reconcile_tolls([first, revised, state]) == (5, 9, 12)
    assert reconcile_tolls([state, revised, first]) == (5, 9, 12)


# -- batch clustering: order-free and idempotent ------------------------------------------

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from eventsift.link import cluster  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic_claims import claims as synthetic  # noqa: E402


def partition(mapping):
    groups = {}
    for cid, key in mapping.items():
        groups.setdefault(key, set()).add(cid)
    return sorted(sorted(g) for g in groups.values())


@settings(deadline=None, max_examples=50)
@given(st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_clustering_is_independent_of_input_order(seed, rnd):
    rows = list(synthetic(150, seed))
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    assert partition(cluster(rows)) == partition(cluster(shuffled))


@settings(deadline=None, max_examples=50)
@given(st.integers(0, 10_000))
def test_relinking_is_idempotent(seed):
    rows = list(synthetic(120, seed))
    first = cluster(rows)
    again = cluster(rows)
    assert first == again
    # Linking each event's claims alone again never splits it further.
    for group in partition(first):
        members = [r for r in rows if r["id"] in group]
        assert len(set(cluster(members).values())) == 1


def test_clusters_never_hold_two_neighbourhoods():
    city = row(id="c0", place_id="homs", place_kind="city", location="Homs")
    a = row(id="c1", place_id="n1", place_kind="neighbourhood", place_parent="Homs", location="Khalidiya")
    b = row(id="c2", place_id="n2", place_kind="neighbourhood", place_parent="Homs", location="Baba Amr")
    groups = partition(cluster([city, a, b]))
    assert ["c1", "c2"] not in groups and not any({"c1", "c2"} <= set(g) for g in groups)

from eventsift.extract.types import classify, find_triggers


def kind(text):
    t = classify(find_triggers(text))
    return (t.event_type, t.sub_event_type) if t else None


def test_acled_types_from_triggers():
    assert kind("Tanks fired mortars in two Homs neighborhoods on Thursday.") == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert kind("A group of Sunni Muslims clashed with members of the Alawi minority.") == ("Battles", "Armed clash")
    assert kind("Police in civilian clothes opened fire at the crowd.")[1] == "Excessive force against protesters"
    assert kind("Protesters chant in Irbeen.") == ("Protests", "Peaceful protest")
    assert kind("Police use tear gas to little effect.") == ("Protests", "Protest with intervention")
    assert kind("A settlement agreement was concluded on 13 March 2017.") == ("Strategic developments", "Agreement")
    assert kind("A car bomb exploded near the checkpoint.")[1] == "Remote explosive/landmine/IED"
    assert kind("Warplanes struck the market.")[1] == "Air/drone strike"


def test_casualty_words_alone_are_provisional():
    assert kind("Two people died.") == ("", "casualty")
    assert kind("The weather was fine.") is None


def _texts():
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    import json
    out = [json.loads(line)["text"] for line in (root / "tests/data/linking/reports.jsonl").open(encoding="utf-8")]
    out += [p.read_text(encoding="utf-8") for p in (root / "src/eventsift/demo/corpus").rglob("*") if p.is_file()]
    return out


def test_rule_gates_lose_no_match():
    """Each rule runs only when one of its gate words is in the clause: no match may lack one."""
    from eventsift.extract.types import _GATES, _RULES
    assert len(_GATES) == len(_RULES)
    for text in _texts():
        for (etype, sub, pattern, _), gate in zip(_RULES, _GATES):
            for m in pattern.finditer(text):
                assert any(w in m.group().lower() for w in gate), (sub, m.group())

"""Claims from a document: one per clause that reports a happening.

A document flows segment by segment (liveblog entries carry their own time),
paragraph by paragraph, sentence by sentence. Each sentence is split into
clauses where it reports more than one happening; each clause with a trigger
becomes a claim whose date, place, actors, toll and source are read from the
clause, then the sentence, then the paragraph and the document around it.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from eventsift.extract import actors as actors_x
from eventsift.extract import attribution as attribution_x
from eventsift.extract import dates as dates_x
from eventsift.extract import fatalities as fatalities_x
from eventsift.extract import types as types_x
from eventsift.extract import typing_model
from eventsift.extract.budget import Deadline, ExtractionTimeout
from eventsift.extract.places import Gazetteer, PlaceContext, geo_precision
from eventsift.extract.sentences import clauses, paragraphs, sentences
from eventsift.model import Actor, Claim, DateValue, Document, Field, Place, Segment, stable_id

__all__ = ["ExtractionTimeout", "extract_claims"]

# Talk of what usually happens, may happen or would happen is not a report of a happening.
_IRREALIS = re.compile(
    r"\b(?:will|would|could(?! not be)|might|plans? to|planned to|threaten(?:s|ed)? to|intends? to|if)\b|"
    r"\b(?:repeatedly|routine(?:ly)?|frequent(?:ly)?|usually|often|so frequent|every day|accuse[sd]?|"
    r"have become|has become|feared|fears? of|to avoid|to prevent|to stop|promis(?:ed|es) to|appears? to have|seems? to have|seemed to have)\b|(?-i:\bmay\b)",
    re.IGNORECASE)
# A bare year well before publication ("Homs does not have 1982 hanging over it") marks history.
_PROTEST_WORDS = re.compile(r"\bprotest(?!ers|ors)|\bdemonstrat|\brall(?:y|ies)\b|\bsit-in|\bchant|\bmarch(?:ed|ers)?\b",
                            re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
# A country is where something happened only when the words say so ("in Bahrain", not "Iranian").
_LOCATIVE = re.compile(r"\b(?:in|across|throughout|inside|into|at)\s+(?:the\s+)?$|^\s*$", re.IGNORECASE)
# A headline or link title: mostly capitalised words. The body reports the same happening.
_HEADLINE_WORD = re.compile(r"\b[A-Z][\w'’-]*|\b[a-z][\w'’-]*")
_MINOR = {"a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "at", "by", "from", "with", "as"}
_ARMED_VICTIMS = re.compile(r"\b(?:soldiers|troops|members of (?:the )?(?:syrian )?(?:army|security forces)|"
                            r"security forces|policemen|officers|insurgents|rebels|fighters|defectors|militants|"
                            r"gunmen|militiamen)\b[^.;]{0,40}\b(?:(?:were|was|have been|has been|had been|being)\s+"
                            r"(?:\w+\s+)?killed|dead|died)\b"
                            r"|\bkill(?:ed|ing)\s+(?:at least\s+)?(?:[\w-]+\s+)?[\"“'‘]?(?:terrorists|rebels|militants|gunmen|"
                            r"insurgents|fighters|soldiers|troops|militiamen)\b", re.IGNORECASE)
_DISTRIBUTIVE = re.compile(r"\s*(?:and\s+)?(?:the other|another|one|the second|the third)\b", re.IGNORECASE)
_NEAR = re.compile(r"\b(?:near|outside|outskirts of|south of|north of|east of|west of|around|close to|"
                   r"suburbs? of|countryside of|rural|province|governorate)\s+(?:the\s+)?(?:\w+\s+)?$",
                   re.IGNORECASE)
_DESTINATION = re.compile(
    r"\b(?:head(?:ed|ing|s)?|fled|flee(?:ing)?|mov(?:ed|ing)|displaced|evacuated|transferred|taken|sent|"
    r"bus(?:s)?ed|deported|relocated|return(?:ed|ing)?|go(?:ing)?|went|travel+(?:ed|ing)?|left|leaving)"
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:to|towards|for)\s+(?:the\s+)?$|\b(?:bound for|towards)\s+(?:the\s+)?$"
    r"|\b(?:scattered|dispersed|exiled|resettled)\b[^.;:]{0,50}$",
    re.IGNORECASE)
_BACKGROUND = re.compile(r"\b(?:after|following|before|since|amid|in the wake of)\s+(?:[\w'’-]+\s+){0,3}$"
                         r"|\b(?:who|which|that) had\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_CREDIT = re.compile(r"^[A-Z][A-Z .'’-]+,[^\n(]{0,40}\(([A-Z][\w .&'’-]{1,40})\)\s*[-–—]", re.MULTILINE)
_END_CREDIT = re.compile(r"\(([A-Z][\w .&'’-]{1,40})\)\s*$")  # "... burning cars. (Levant Wire)"
_COORDINATED = re.compile(r"\s*(?:,|and|or|,\s*and)\s*$")  # "to Idlib and Jarablus"
# "BEIRUT, March 12 (Levant Wire) -": where and when the story was filed, not the happening.
# (Bounded runs, and one run of spaces before the dash, not two: "A" and a thousand spaces
# once took minutes to turn down.)
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{1,60}(?:,\s*[A-Z][\w.]{0,40}(?:\s+\d{1,2}(?:,\s*\d{4})?)?)?"
                       r"\s*(?:\([^)]{1,60}\)\s*)?[-–—]+\s")
_SHORT_POST = 1500  # characters: an eyewitness post or a social-media report
_KEEP_OUT = 0.5  # the model's confidence that a short report is no ACLED event, to drop its claims
_RETYPE = 0.3  # the model's confidence needed to retype a short report's claims
_CREATE = 0.7  # ... and to make a claim of a short report in which the rules found none
_WIDEST_DATE = 62  # days: two months, as in "in September and October"
_TITLE_CHARS = 1000  # of a title that votes on the document's place: a title, not a page pasted in its field
_MAX_HEDGES = 8  # per claim: a sentence's hedges qualify each of its claims; more say nothing new
_PLACE_RANK = {"neighbourhood": 0, "camp": 0, "village": 1, "town": 1, "city": 2, "region": 3, "admin1": 3,
               "country": 4}


@dataclass
class _Context:
    """What the reader knows so far: the place and date the text is talking about."""

    country: str | None = None
    city: Place | None = None
    place: Place | None = None
    date: dates_x.TimeMention | None = None
    source: attribution_x.SourceMention | None = None
    perpetrator: str | None = None  # the armed actor the document names most


class _Scan:
    """Every place, source, hedge, actor and time mention of a document, sorted by offset."""

    def __init__(self, places, sources, hedges, actors):
        self.places, self.place_starts = places, [m.start for m in places]
        self.actors, self.actor_starts = actors, [m.start for m in actors]
        self.sources, self.source_starts = sources, [m.start for m in sources]
        self.hedges, self.hedge_starts = hedges, [h[0] for h in hedges]
        self.times, self.time_starts = [], []
        self.sha256 = ""  # the document's, hashed once: ids of its claims depend on it

    def set_times(self, times) -> None:
        self.times, self.time_starts = times, [t.start for t in times]

    @staticmethod
    def slice(items, starts, s: int, e: int):
        """The mentions that start in [s, e) and end by e."""
        return [x for x in items[bisect_left(starts, s):bisect_left(starts, e)] if _end(x) <= e]


def _end(x) -> int:
    return x[1] if isinstance(x, tuple) else x.end


@dataclass
class _Group:
    start: int
    end: int
    distributive: bool = False
    triggers: list[types_x.TypeMatch] = field(default_factory=list)


def _doc_context(doc: Document, gaz: Gazetteer, scan: "_Scan") -> _Context:
    """The country and city a document is mostly about: its title first, then its text."""
    ctx = _Context()
    armed = Counter(m.key for m in scan.actors if m.inter in (1, 2, 3, 8) and m.start < 20000)
    ctx.perpetrator = armed.most_common(1)[0][0] if armed else None
    cities: Counter[str] = Counter()
    places: Counter[str] = Counter()
    by_name: dict[str, Place] = {}
    title = (doc.title or "")[:_TITLE_CHARS]
    weighted = [(m, 3) for m in gaz.find(title)] + [(m, 1) for m in scan.places if m.start < 20000]
    # First the country, by a vote of the names that can only be in one; then each place in it.
    votes: Counter[str] = Counter()
    for m, w in weighted:
        found = {c.country for c in m.candidates}
        if len(found) == 1:
            votes[found.pop()] += w
    ctx.country = votes.most_common(1)[0][0] if votes else None
    # Then the city, splitting the vote of a name that several cities have ("Khaldiyeh").
    city_votes: Counter[str] = Counter()
    for m, w in weighted:
        names = {c.parent if c.kind == "neighbourhood" else c.name for c in m.candidates
                 if c.country == ctx.country and c.kind in ("neighbourhood", "city", "town")}
        for name in names:
            city_votes[name] += w / len(names)
    main_city = city_votes.most_common(1)[0][0] if city_votes else None
    for m, w in weighted:
        p = gaz.resolve(m, PlaceContext(ctx.country, None, main_city))
        if _PLACE_RANK.get(p.kind, 5) <= 2:
            places[p.id] += w
            by_name[p.id] = p
        city = _city_of(p, gaz)
        if city is not None:
            cities[city.id] += w
            by_name[city.id] = city
    if cities:
        ctx.city = by_name[cities.most_common(1)[0][0]]
    if places:
        ctx.place = by_name[places.most_common(1)[0][0]]
        if ctx.city is None or _city_of(ctx.place, gaz) not in (None, ctx.city):
            ctx.city = _city_of(ctx.place, gaz) or ctx.city
    return ctx


def _city_of(p: Place, gaz: Gazetteer) -> Place | None:
    if p.kind in ("city", "town"):
        return p
    if p.kind == "neighbourhood" and p.parent:
        found = [c for m in gaz.find(p.parent) for c in m.candidates
                 if c.kind in ("city", "town") and c.country == p.country]
        return found[0] if found else None
    return None


def _field(value, text: str, start: int | None, end: int | None, module, confidence: float) -> Field:
    return Field(value, start, end, text[start:end] if start is not None else "", module.NAME,
                 module.VERSION, confidence)


def _foreground(text: str, triggers: list[types_x.TypeMatch]) -> list[types_x.TypeMatch]:
    """Drop triggers in a "after intense air raids" phrase when the clause reports something else."""
    background = {t for t in triggers if _BACKGROUND.search(text, max(0, t.start - 30), t.start)}
    return [t for t in triggers if t not in background]


def _is_headline(text: str, s: int, e: int) -> bool:
    words = [w for w in _HEADLINE_WORD.findall(text, s, e) if w.lower() not in _MINOR]
    if len(words) < 3 or text[s:e].rstrip()[-1:] in ".!?\"”":
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _groups(text: str, s: int, e: int, places_at: list[tuple[int, int]]) -> list[_Group]:
    """Clauses of a sentence, joined back together unless each reports its own happening."""
    groups: list[_Group] = []
    starts = sorted(ps for ps, _ in places_at)
    for cs, ce in clauses(text, s, e):
        trig = types_x.find_triggers(text, cs, ce)
        i = bisect_left(starts, cs)
        has_place = i < len(starts) and starts[i] < ce
        distributive = bool(groups) and bool(_DISTRIBUTIVE.match(text, cs, ce)) and has_place
        if groups and not ((trig and has_place) or distributive):
            g = groups[-1]
            g.end = ce
            g.triggers += trig
            continue
        groups.append(_Group(cs, ce, distributive, trig))
    return groups


def extract_claims(doc: Document, gaz: Gazetteer | None = None, *, budget: float | None = None) -> list[Claim]:
    """The claims of a document, in text order.

    Raises ExtractionTimeout when the work takes longer than ``budget`` seconds
    (default: eventsift.extract.budget.TIME_BUDGET_S); checked between passes and sentences.
    """
    gaz = gaz or Gazetteer.default()
    text = doc.text
    deadline = Deadline(budget, len(text))
    # Each finder runs once over the whole text; sentences take their slice by offset.
    places = gaz.find(text)
    deadline.check(0, "after finding places")
    sources, hedges = attribution_x.find_sources(text), attribution_x.find_hedges(text)
    deadline.check(0, "after finding sources")
    scan = _Scan(places, sources, hedges, actors_x.find_actors(text))
    scan.sha256 = doc.sha256
    deadline.check(0, "after finding actors")
    doc_ctx = _doc_context(doc, gaz, scan)
    out: list[Claim] = []
    segments = doc.segments or [Segment(0, len(text), doc.published)]
    fallback_ref = doc.published or doc.retrieved or dt.datetime.now(dt.timezone.utc)
    for seg in segments:
        ref = seg.time or fallback_ref
        scan.set_times(dates_x.find_times(text, ref, seg.start, seg.end))
        deadline.check(seg.start, "after finding dates")
        seg_ctx = _Context(doc_ctx.country, doc_ctx.city, doc_ctx.place or doc_ctx.city)
        for ps, pe in paragraphs(text, seg.start, seg.end):
            ctx = _Context(seg_ctx.country, seg_ctx.city, seg_ctx.place, None, None, doc_ctx.perpetrator)
            if not seg.label and seg_ctx.city is not doc_ctx.city:
                # An article returns to its main place at a new paragraph unless it stays in that city.
                ctx.country, ctx.city, ctx.place = doc_ctx.country, doc_ctx.city, doc_ctx.place or doc_ctx.city
            previous: Claim | None = None
            for s, e in sentences(text, ps, pe):
                deadline.check(s)
                previous = _sentence_claims(doc, text, s, e, ref, seg, gaz, ctx, out, previous, scan)
            # A paragraph's place carries into the next one of the same segment; its date does not.
            seg_ctx.place, seg_ctx.city, seg_ctx.country = ctx.place, ctx.city, ctx.country
    if len(text) <= _SHORT_POST:
        out = _type_short_report(doc, text, out, doc_ctx, gaz, scan)
    return out


def _type_short_report(doc, text, out: list[Claim], doc_ctx: _Context, gaz, scan) -> list[Claim]:
    """A short report (a snippet, a post) is typed as a whole by the trained model.

    The rules find where a happening is reported and what its parts are; the model,
    trained on labelled snippets, is better at which of ACLED's 25 sub-types it is and
    at keeping out what is not an ACLED event (a disaster, a crime, diplomacy).
    """
    (pred,) = typing_model.predict([text])
    if not pred.is_event:
        return [] if pred.confidence >= _KEEP_OUT else out
    if pred.confidence < _RETYPE:
        return out
    if not out:
        if pred.confidence < _CREATE:
            return out
        # The model sees an event the rules missed: one claim for the whole report.
        s, e = sentences(text, 0, len(text))[0]
        seg = doc.segments[0] if doc.segments else Segment(0, len(text), doc.published)
        ctx = _Context(doc_ctx.country, doc_ctx.city, doc_ctx.place or doc_ctx.city, None, None,
                       doc_ctx.perpetrator)
        trigger = types_x.TypeMatch(pred.event_type, pred.sub_event_type, s, s, 0, pred.confidence)
        g = _Group(s, e, False, [trigger])
        places = [(m.start, m.end, gaz.resolve(m, PlaceContext(ctx.country, None, None)), False)
                  for m in scan.slice(scan.places, scan.place_starts, s, e)]
        ref = seg.time or doc.published or doc.retrieved or dt.datetime.now(dt.timezone.utc)
        toll = next((x for x in fatalities_x.find_tolls(text, s, e) if not x.aggregate), None)
        out = [_make_claim(doc, text, s, e, g, pred.event_type, pred.sub_event_type, trigger, [], places,
                           toll, scan.slice(scan.sources, scan.source_starts, s, e), [], ref, seg, ctx, scan)]
    for claim in out:
        typed = Field(pred.event_type, None, None, "", typing_model.NAME, typing_model.VERSION, pred.confidence)
        claim.event_type = typed
        claim.sub_event_type = Field(pred.sub_event_type, None, None, "", typing_model.NAME,
                                     typing_model.VERSION, pred.confidence)
    return out


def _sentence_claims(doc, text, s, e, ref, seg, gaz, ctx: _Context, out: list[Claim],
                     previous: Claim | None, scan: "_Scan") -> Claim | None:
    pctx = PlaceContext(ctx.country, ctx.city.admin1 if ctx.city else None,
                        ctx.city.name if ctx.city else None)
    dateline = _DATELINE.match(text, s, e)
    if dateline:
        s_body = dateline.end()
    else:
        s_body = s
    resolved: list[tuple[int, int, Place, bool]] = []
    destinations: list[tuple[int, int, Place, bool]] = []  # "head to Jarabulus": where people go
    for m in scan.slice(scan.places, scan.place_starts, s_body, e):
        p = gaz.resolve(m, pctx)
        ms, me = m.start, m.end
        if p.kind == "country" and not _LOCATIVE.search(text, max(s, ms - 12), ms):
            continue
        if ms > 0 and text[ms - 1] == "#":
            continue  # "#Aleppo" tags a post; it does not say where this happened
        if _DESTINATION.search(text, max(s, ms - 60), ms) or (
                destinations and _COORDINATED.search(text, max(destinations[-1][1], ms - 40), ms)):
            destinations.append((ms, me, p, False))
            continue
        resolved.append((ms, me, p, bool(_NEAR.search(text, max(s, ms - 40), ms))))
    times = scan.slice(scan.times, scan.time_starts, s_body, e)
    sources = scan.slice(scan.sources, scan.source_starts, s, e)
    hedges = scan.slice(scan.hedges, scan.hedge_starts, s, e)
    history = [t for t in times if t.kind == "history"]
    # A year or a season is too wide to date a happening; it only says when the story is set.
    current = [t for t in times if t.kind not in ("history", "duration") and t.value is not None
               and t.value.low <= ref.date() and (t.value.high - t.value.low).days <= _WIDEST_DATE]
    groups = [] if _is_headline(text, s, e) else _groups(text, s, e, [(a, b) for a, b, _, _ in resolved])

    made: Claim | None = previous
    for g in groups:
        t = types_x.classify(_foreground(text, g.triggers))
        if t is None and g.distributive and made is not None:
            t = types_x.TypeMatch(made.event_type.value, made.sub_event_type.value,
                                  g.start, g.start, 0, made.event_type.confidence)
        if t is None:
            continue
        if _IRREALIS.search(text, max(g.start, t.start - 40), min(g.end, t.end + 50)):
            continue
        g_times = [x for x in current if g.start <= x.start < g.end] or current
        old_years = [m.start() for m in _YEAR.finditer(text, g.start, g.end) if int(m.group(1)) < ref.year - 1]
        marks = [(abs(x.start - t.start), x.kind == "history") for x in history + g_times]
        marks += [(abs(y - t.start), True) for y in old_years]
        if marks and min(marks)[1]:
            continue  # "the 1982 massacre": history, not a new event
        g_places = [r for r in resolved if g.start <= r[0] < g.end] or \
            ([] if ctx.place is not None else [r for r in destinations if g.start <= r[0] < g.end])
        tolls = fatalities_x.find_tolls(text, g.start, g.end, context=(s, e))
        own_toll = next((x for x in tolls if not x.aggregate), None)
        if g.distributive and own_toll is None:
            own_toll = fatalities_x.TollMention(g.start, g.start, fatalities_x.Toll(1, 1, 1), False)
        etype, sub = t.event_type, t.sub_event_type
        if etype == "Strategic developments" and own_toll is not None:
            etype = ""  # a killing outranks what else the clause reports
        if etype == "":
            if own_toll is None:
                continue  # deaths mentioned only as a total, or with no figure
            if previous is not None and not g_places and not [x for x in g_times if g.start <= x.start]:
                if previous.fatalities is None:
                    previous.fatalities = _field(own_toll.toll, text, own_toll.start, own_toll.end,
                                                 fatalities_x, 0.6)
                continue
        if etype == "" or t.confidence <= types_x.WEAK:
            # Deaths among armed men imply a fight; otherwise violence against civilians.
            if _ARMED_VICTIMS.search(text, g.start, g.end):
                etype, sub = "Battles", "Armed clash"
            else:
                etype, sub = "Violence against civilians", "Attack"
        if sub == "Excessive force against protesters" and not _PROTEST_WORDS.search(text, g.start, g.end):
            etype, sub = "Violence against civilians", "Attack"  # a funeral crowd is not a protest
        own_place = any(r[2].kind not in ("country", "admin1") for r in g_places)
        dated = bool(g_times) or ctx.date is not None or bool(seg.label)
        if not (dated or own_place or own_toll or len(text) <= _SHORT_POST):
            continue  # background talk with no date, place or toll of its own
        claim = _make_claim(doc, text, s, e, g, etype, sub, t, g_times, g_places, own_toll,
                            sources, hedges, ref, seg, ctx, scan)
        out.append(claim)
        made = claim
    if hedges and made is previous and out and seg.start <= (out[-1].sentence.start or 0) < seg.end:
        # "It wasn't possible to independently confirm his account." qualifies the last claim.
        room = max(0, _MAX_HEDGES - len(out[-1].hedges))
        out[-1].hedges.extend(_field(text[a:b].lower(), text, a, b, attribution_x, 0.6) for a, b in hedges[:room])
    # The sentence's places and dates become context for what follows.
    countries = [r[2] for r in resolved if r[2].kind == "country"]
    specific = [r for r in resolved if r[2].kind not in ("country", "admin1")]
    if countries and countries[-1].country != ctx.country and not any(
            r[2].country == countries[-1].country for r in specific):
        # The text moves to another country: what it said about places no longer holds.
        ctx.country, ctx.city, ctx.place = countries[-1].country, None, countries[-1]
    # Only places in the country the text is in become context: "Homs was not yet Benghazi"
    # compares, it does not move the story to Libya (a locative "in Bahrain" above does).
    specific = [r for r in specific if r[2].country == ctx.country or ctx.country is None]
    if specific:
        best_rank = min(_PLACE_RANK.get(r[2].kind, 5) for r in specific)
        ctx.place = [r for r in specific if _PLACE_RANK.get(r[2].kind, 5) == best_rank][-1][2]
        ctx.country = ctx.place.country
        city = _city_of(ctx.place, gaz)
        if city is not None:
            ctx.city = city
    if current:
        ctx.date = current[0]
    named = [x for x in sources if not attribution_x.is_generic(x.who)]
    if named:
        ctx.source = named[0]
    return made


def _make_claim(doc, text, s, e, g: _Group, etype, sub, t, g_times, g_places, own_toll,
                sources, hedges, ref, seg, ctx: _Context, scan: _Scan) -> Claim:
    ref_date = ref.date()
    day_before = ref_date - dt.timedelta(days=1) if ref_date > dt.date.min else ref_date
    # When: the clause's own words, else the paragraph's last date, else the entry/publication date.
    if g_times:
        tm = min(g_times, key=lambda x: (x.value.precision, abs(x.start - t.start)))
        date_f = _field(tm.value, text, tm.start, tm.end, dates_x, 0.8)
    elif ctx.date is not None and ctx.date.value is not None:
        date_f = _field(ctx.date.value, text, ctx.date.start, ctx.date.end, dates_x, 0.5)
    elif seg.label:
        dv = DateValue(ref_date, day_before, ref_date, 1)
        # The entry's label where it stands (after any bullet: "* 21:20 BST"), else no span.
        at = text.find(seg.label, seg.start, min(seg.end, seg.start + 40 + len(seg.label)))
        date_f = (Field(dv, at, at + len(seg.label), seg.label, dates_x.NAME, dates_x.VERSION, 0.5) if at >= 0
                  else Field(dv, None, None, "", dates_x.NAME, dates_x.VERSION, 0.5))
    elif doc.attributes.get("published_precision") == "time" and len(text) <= _SHORT_POST:
        # A short post stamped with a time reports what is happening as it is written.
        dv = DateValue(ref_date, ref_date, ref_date, 1)
        date_f = Field(dv, None, None, "", dates_x.NAME, dates_x.VERSION, 0.4)
    else:
        dv = DateValue(ref_date, day_before, ref_date, 2)
        date_f = Field(dv, None, None, "", dates_x.NAME, dates_x.VERSION, 0.3)

    # Where: the most specific place the clause names, else the context.
    own = [r for r in g_places if not _is_parent_of_neighbour(r, g_places)]
    if own and all(r[2].kind in ("country", "admin1") for r in own) and ctx.place is not None \
            and ctx.place.kind not in ("country", "admin1") \
            and any(r[2].country == ctx.place.country for r in own):
        own = []  # "in Syria" says less than the city the text is about
    if own:
        ps, pe, place, near = min(own, key=lambda r: (_PLACE_RANK.get(r[2].kind, 5), r[0]))
        precision = geo_precision(place, near=near)
        place_f = _field(place, text, ps, pe, _places_module(), 0.8)
    elif ctx.place is not None:
        place = ctx.place
        precision = min(3, geo_precision(place) + (0 if ctx.place is not ctx.city else 1))
        place_f = Field(place, None, None, "", _places_module().NAME, _places_module().VERSION, 0.4)
    else:
        place, precision = None, 3
        place_f = Field(None, None, None, "", _places_module().NAME, _places_module().VERSION, 0.0)

    country = place.country if place else ctx.country
    mentions = scan.slice(scan.actors, scan.actor_starts, g.start, g.end)
    a1, a2, i1, i2 = actors_x.assign(etype, sub, mentions, text, t.start)
    if i1 is None and etype in ("Violence against civilians", "Explosions/Remote violence") and ctx.perpetrator:
        # Unnamed perpetrators: the armed actor the report names most, at low confidence.
        i1 = actors_x.INTER[ctx.perpetrator]
        actor1 = Field(Actor(actors_x.actor_name(ctx.perpetrator, country), i1), None, None, "",
                       actors_x.NAME, actors_x.VERSION, 0.3)
    else:
        actor1 = _actor_field(a1, i1, country, text)
    actor2 = _actor_field(a2, i2, country, text)

    fat_f = _field(own_toll.toll, text, own_toll.start, own_toll.end, fatalities_x, 0.7) if own_toll else None
    src = next((x for x in sources if g.start <= x.start < g.end), None) or (sources[0] if sources else ctx.source)
    if src is not None and attribution_x.is_generic(src.who) and ctx.source is not None:
        src = ctx.source  # "the monitor said": the monitor named before
    who = src.who if src else _credit(text)
    attribution = attribution_x.chain(who, doc.outlet or doc.id)
    source_f = (_field(attribution, text, src.start, src.end, attribution_x, 0.7) if src
                else Field(attribution, None, None, "", attribution_x.NAME, attribution_x.VERSION, 0.3))
    hedge_f = [_field(text[a:b].lower(), text, a, b, attribution_x, 0.8) for a, b in hedges[:_MAX_HEDGES]]

    return Claim(
        id=stable_id("cl", doc.id, scan.sha256 or doc.sha256, g.start, g.end, etype),
        doc_id=doc.id,
        sentence=Field(text[s:e], s, e, text[s:e], "sentences", "1", 1.0),
        event_type=Field(etype, t.start, t.end, text[t.start:t.end], types_x.NAME, types_x.VERSION,
                         t.confidence),
        sub_event_type=Field(sub, t.start, t.end, text[t.start:t.end], types_x.NAME, types_x.VERSION,
                             t.confidence),
        date=date_f, place=place_f, geo_precision=precision, actor1=actor1, actor2=actor2,
        fatalities=fat_f, source=source_f, hedges=hedge_f,
    )


def _credit(text: str) -> str | None:
    """The wire credited in a dateline, "BEIRUT, March 12 (Levant Wire) -": a syndicated copy's
    original source, so the copy is not counted as a second, independent one."""
    m = _CREDIT.search(text, 0, 400) or _END_CREDIT.search(text, max(0, len(text) - 80))
    return m.group(1).strip() if m else None


def _places_module():
    from eventsift.extract import places
    return places


def _is_parent_of_neighbour(r, places) -> bool:
    """"Bab Dreib, Homs": Homs only says which city the neighbourhood is in."""
    return any(o[2].kind == "neighbourhood" and o[2].parent == r[2].name and o[0] < r[0]
               for o in places)


def _actor_field(m: actors_x.ActorMention | None, inter: int | None, country: str | None,
                 text: str) -> Field[Actor] | None:
    if inter is None:
        return None
    if m is None:
        key = {1: "military", 2: "rebels", 3: "shabiha", 4: "sectarian", 5: "rioters",
               6: "protesters", 7: "civilians", 8: "foreign forces"}[inter]
        return Field(Actor(actors_x.actor_name(key, country), inter), None, None, "",
                     actors_x.NAME, actors_x.VERSION, 0.3)
    return Field(Actor(actors_x.actor_name(m.key, country), inter), m.start, m.end,
                 text[m.start:m.end], actors_x.NAME, actors_x.VERSION, 0.7)

import pytest

from marsad.model import Mention
from marsad.nlp.entities import ActorResolver, make_entity_tagger, new_group_slug

# alias example -> (actor id, side, inter)
ALIASES = {
    "Syrian Arab Army": ("military-forces-of-syria", "government", 1),
    "SAA": ("military-forces-of-syria", "government", 1),
    "regime forces": ("military-forces-of-syria", "government", 1),
    "Assad forces": ("military-forces-of-syria", "government", 1),
    "government forces": ("military-forces-of-syria", "government", 1),
    "Syrian military": ("military-forces-of-syria", "government", 1),
    "Syrian Armed Forces": ("military-forces-of-syria", "government", 1),
    "Syrian Air Force": ("syrian-air-force", "government", 1),
    "National Defence Forces": ("ndf", "pro-government", 3),
    "Hezbollah": ("hezbollah", "pro-government", 3),
    "Russian warplanes": ("russia-military", "pro-government", 8),
    "IRGC": ("irgc", "pro-government", 8),
    "Liwa al-Quds": ("liwa-al-quds", "pro-government", 3),
    "Liwaa Al-Quds": ("liwa-al-quds", "pro-government", 3),
    "Jerusalem Brigades": ("liwa-al-quds", "pro-government", 3),
    "al-Nujaba movement": ("harakat-al-nujaba", "pro-government", 3),
    "Harakat al-Nujaba": ("harakat-al-nujaba", "pro-government", 3),
    "Fatemiyoun": ("fatemiyoun", "pro-government", 3),
    "Afghan militias": ("fatemiyoun", "pro-government", 3),
    "Zainabiyoun": ("zainabiyoun", "pro-government", 3),
    "Palestinian militias": ("palestinian-militias", "pro-government", 3),
    "foreign militias": ("shiite-militias", "pro-government", 4),
    "Shiite militias": ("shiite-militias", "pro-government", 4),
    "pro-regime fighters": ("pro-government-militias", "pro-government", 3),
    "Jaish al-Fatah": ("jaish-al-fatah", "opposition", 2),
    "Jeish al-Fatah": ("jaish-al-fatah", "opposition", 2),
    "Jaysh al-Fatah": ("jaish-al-fatah", "opposition", 2),
    "Jaish al-Fath": ("jaish-al-fatah", "opposition", 2),
    "Army of Conquest": ("jaish-al-fatah", "opposition", 2),
    "Conquest Army": ("jaish-al-fatah", "opposition", 2),
    "Jabhat Fatah al-Sham": ("jabhat-fateh-al-sham", "jihadist", 2),
    "Fateh al-Sham Front": ("jabhat-fateh-al-sham", "jihadist", 2),
    "JFS": ("jabhat-fateh-al-sham", "jihadist", 2),
    "al-Nusra Front": ("jabhat-fateh-al-sham", "jihadist", 2),
    "Jabhat al-Nusra": ("jabhat-fateh-al-sham", "jihadist", 2),
    "Nusra Front": ("jabhat-fateh-al-sham", "jihadist", 2),
    "Hayat Tahrir al-Sham": ("hts", "jihadist", 2),
    "HTS": ("hts", "jihadist", 2),
    "Ahrar al-Sham": ("ahrar-al-sham", "opposition", 2),
    "Harakat Ahrar al-Sham": ("ahrar-al-sham", "opposition", 2),
    "Free Syrian Army": ("fsa", "opposition", 2),
    "FSA": ("fsa", "opposition", 2),
    "Nour al-Din al-Zenki": ("nour-al-din-al-zenki", "opposition", 2),
    "Jaish al-Mujahideen": ("jaish-al-mujahideen", "opposition", 2),
    "Jaysh Al-Mujahiddeen": ("jaish-al-mujahideen", "opposition", 2),
    "Jaish al-Islam": ("jaish-al-islam", "opposition", 2),
    "Faylaq al-Sham": ("faylaq-al-sham", "opposition", 2),
    "Faylaq al-Rahman": ("faylaq-al-rahman", "opposition", 2),
    "Jaish al-Izza": ("jaish-al-izza", "opposition", 2),
    "Fastaqim": ("fastaqim", "opposition", 2),
    "Sultan Murad": ("sultan-murad", "opposition", 2),
    "Turkistan Islamic Party": ("turkistan-islamic-party", "jihadist", 2),
    "Jaish al-Sunna": ("jaish-al-sunna", "opposition", 2),
    "Syrian National Army": ("syrian-national-army", "opposition", 2),
    "Islamic State": ("isis", "isis", 2),
    "IS": ("isis", "isis", 2),
    "ISIL": ("isis", "isis", 2),
    "ISIS": ("isis", "isis", 2),
    "Daesh": ("isis", "isis", 2),
    "Syrian Democratic Forces": ("sdf", "sdf", 2),
    "US-backed militias": ("sdf", "sdf", 2),
    "US-backed forces": ("sdf", "sdf", 2),
    "YPG": ("ypg", "sdf", 2),
    "YPJ": ("ypj", "sdf", 2),
    "Turkish military": ("turkey-military", "turkey", 8),
    "US-led coalition": ("us-coalition", "us-coalition", 8),
    "coalition warplanes": ("us-coalition", "us-coalition", 8),
    "Israeli military": ("israel-military", "israel", 8),
    "Syrian National Coalition": ("syrian-national-coalition", "political", 0),
    "the Syrian Coalition": ("syrian-national-coalition", "political", 0),
    "Etilaf": ("syrian-national-coalition", "political", 0),
    "SOHR": ("sohr", "monitor", 0),
    "Syrian Observatory for Human Rights": ("sohr", "monitor", 0),
}
GENERIC = {
    "rebels": ("syrian-opposition", 2), "opposition fighters": ("syrian-opposition", 2),
    "insurgents": ("syrian-opposition", 2), "terrorists": ("syrian-opposition", 2),
    "civilians": ("civilians", 7), "protesters": ("protesters", 6),
    "demonstrators": ("protesters", 6), "the regime": ("military-forces-of-syria", 1),
}


@pytest.fixture(scope="module")
def tagger(pack):
    return make_entity_tagger(pack)


def actors(run, text):
    return [(m.text, m.norm, m.attrs_dict()) for m in run(text).mentions if m.kind == "actor"]


def test_pack_integrity(pack):
    ids = {a.id for a in pack.actors}
    assert len(ids) == len(pack.actors)
    seen = {}
    for a in pack.actors:
        assert a.parent is None or a.parent in ids, a.id
        assert 0 <= a.inter <= 8
        for alias in a.aliases:
            assert seen.setdefault(alias.casefold(), a.id) == a.id, f"{alias} in two actors"
    assert {g["actor"] for g in pack.generic} <= ids
    assert pack.actor("ahrar-al-sham").parent == "jaish-al-fatah"
    assert pack.actor("military-forces-of-syria").name == "Military Forces of Syria (2000-)"
    assert pack.actor("isis").name == "Islamic State (Syria)"


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_alias_resolves_in_text(run, alias):
    want_id, side, inter = ALIASES[alias]
    found = actors(run, f"On Sunday, {alias} said they had advanced near the town.")
    assert found and found[0][0].lower() == alias.lower().removeprefix("the "), found
    assert (found[0][1], found[0][2]["side"], found[0][2]["inter"]) == (want_id, side, inter)


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_resolver(pack, alias):
    actor = ActorResolver(pack).resolve(alias)
    assert actor is not None and actor.id == ALIASES[alias][0]


@pytest.mark.parametrize("phrase", sorted(GENERIC))
def test_generic_agents(run, phrase):
    found = actors(run, f"Witnesses said {phrase} gathered near the mosque.")
    assert found[0][1] == GENERIC[phrase][0] and found[0][2]["inter"] == GENERIC[phrase][1]
    assert found[0][2]["generic"] is True


def test_resolver_fuzzy_and_canonical(pack):
    r = ActorResolver(pack)
    assert r.resolve("Military Forces of Syria (2000-)").id == "military-forces-of-syria"
    assert r.resolve("Jabhat Fateh al Sham").id == "jabhat-fateh-al-sham"
    assert r.resolve("Ahrar al-Shaam").id == "ahrar-al-sham"          # fuzzy
    assert r.resolve("Hizbullah").id == "hezbollah"
    assert r.resolve("Mercy Corps") is None and r.resolve("") is None


def test_acronyms_are_case_sensitive(run):
    assert actors(run, "This is what it is: the sdf is not here.") == []
    found = actors(run, "IS fighters attacked the SDF.")
    assert [f[1] for f in found] == ["isis", "sdf"]


def test_spelling_variants_match(run):
    found = actors(run, "Jabhat Fatah al Sham and Ahrar ash-Sham fought the Syrian army.")
    assert [f[1] for f in found] == ["jabhat-fateh-al-sham", "ahrar-al-sham",
                                     "military-forces-of-syria"]


def test_new_group_is_kept_as_new(run):
    found = actors(run, "Fighters from Jeish al-Nasr al-Jadid and the Martyrs of Hama Brigade "
                        "joined the Aleppo operation room.")
    norms = [f[1] for f in found if f[2]["new"]]
    assert norms == ["new:jaish-al-nasr-al-jadid", "new:martyrs-of-hama-brigade",
                     "new:aleppo-operations-room"]
    assert all(f[2]["inter"] == 2 for f in found if f[2]["new"])
    assert new_group_slug("Liwaa Suqour al-Jabal") == "liwa-suqour-al-jabal"


def test_known_group_with_suffix_stays_known(run):
    found = actors(run, "On Friday the Jeish al-Fatah Operations Room announced an offensive.")
    assert [(f[1], f[2]["new"]) for f in found] == [("jaish-al-fatah", False)]


def test_new_militia_gets_pro_government_guess(run):
    found = actors(run, "The pro-regime Liwa Usud al-Hussein militia shelled the village.")
    new = [f for f in found if f[2]["new"]]
    assert new and new[0][2]["side"] == "pro-government" and new[0][2]["inter"] == 3


def test_group_name_is_not_a_place(pack, tagger, run):
    from marsad.model import Article
    from marsad.nlp.sentences import make_sentencizer
    text = "Ahrar al-Sham fighters entered Sham village."
    article = make_sentencizer(pack)(Article(id="x", text=text))
    s1 = text.index("Sham ")      # inside the group name
    s2 = text.index("Sham village")
    article.mentions = [Mention("place", "Sham", s1, s1 + 4, 0, "sham"),
                        Mention("place", "Sham", s2, s2 + 4, 0, "sham")]
    article = tagger(article)
    places = [m.start for m in article.mentions if m.kind == "place"]
    assert places == [s2]
    assert [m.norm for m in article.mentions if m.kind == "actor"] == ["ahrar-al-sham"]


def test_militants_take_context(run):
    found = actors(run, "ISIS militants attacked the village. The militants then withdrew.")
    assert [(f[0], f[1]) for f in found] == [("ISIS militants", "isis"), ("militants", "isis")]
    found = actors(run, "The militants from Jabhat al-Nusra attacked the army.")
    assert found[0][1] == "jabhat-fateh-al-sham" and found[0][2]["generic"]
    found = actors(run, "The army repelled the militants near the town.")
    assert found[1][1] == "syrian-opposition"


def test_rebel_held_is_not_an_actor(run):
    assert actors(run, "Residents of rebel-held districts fled.")[0][1] == "civilians"
    assert len(actors(run, "Residents of rebel-held districts fled.")) == 1


def test_persons_with_roles(run):
    text = ("“We pushed on,” said Samir al-Hamdan, a press officer with Ahrar al-Sham. "
            "SNHR director Yusuf Darwish told reporters the road was cut. "
            "“Bakeries have shut”, said Lena Whitcombe, regional field coordinator "
            "for Mercy Corps. Al Jazeera’s Karim Haddad, reporting from Aleppo, said so.")
    persons = {m.text: m.person_info.role for m in run(text).mentions if m.kind == "person"}
    assert persons == {
        "Samir al-Hamdan": "press officer with Ahrar al-Sham",
        "Yusuf Darwish": "SNHR director",
        "Lena Whitcombe": "regional field coordinator for Mercy Corps",
        "Karim Haddad": "reporter for Al Jazeera",
    }


def test_weapons(run):
    text = ("The fighters used a remote-controlled car bomb, Fil missiles and mortars, "
            "while barrel bombs and air strikes hit the town.")
    got = [(m.text, m.norm) for m in run(text).mentions if m.kind == "weapon"]
    assert got == [("remote-controlled car bomb", "car bomb"), ("Fil missiles", "missile"),
                   ("mortars", "mortar"), ("barrel bombs", "barrel bomb"),
                   ("air strikes", "air strike")]


def test_stage_is_idempotent(run, tagger):
    article = run("Hezbollah and rebels clashed; a car bomb exploded.")
    before = [(m.kind, m.start) for m in article.mentions]
    again = tagger(article)
    assert [(m.kind, m.start) for m in again.mentions] == before


def test_army_suffix_groups_and_headlines(run):
    found = actors(run, "Rebels Attack Army Positions Near Hama\nThe Free Idlib Army and the "
                        "Libyan National Army were not there; the US Army was.")
    assert [f[1] for f in found] == ["syrian-opposition", "military-forces-of-syria",
                                     "new:free-idlib-army", "new:libyan-national-army",
                                     "us-military"]


def test_bad_generic_pattern_is_a_clear_error(pack):
    import dataclasses

    from marsad.theaters import PackError
    bad = dataclasses.replace(pack, generic=({"pattern": "rebels(", "actor": "syrian-opposition"},))
    with pytest.raises(PackError, match="valid 'pattern'"):
        make_entity_tagger(bad)
    bad = dataclasses.replace(pack, generic=({"pattern": "rebels", "actor": "nobody"},))
    with pytest.raises(PackError, match="unknown actor 'nobody'"):
        make_entity_tagger(bad)


def test_resolve_lists_and_state_side_names(pack):
    r = ActorResolver(pack)
    got = r.resolve_all("Ahrar al-Sham, Jabhat Fateh al-Sham, Southern Front; Mercy Corps")
    assert [a.id for a in got] == ["ahrar-al-sham", "jabhat-fateh-al-sham", "southern-front"]
    assert [a.id for a in r.resolve_all("Army of Conquest")] == ["jaish-al-fatah"]
    assert r.resolve_all("") == [] and r.resolve_all(None) == []
    assert r.resolve("Government of Turkey").id == "turkey-military"
    assert r.resolve("Syrian insurgents").id == "syrian-opposition"


def test_militia_cue_must_be_near_the_new_group(run):
    found = actors(run, "Fighters of Liwa Ahfad al-Rasoul stormed a post held by the Hezbollah "
                        "militia and other pro-regime forces near the old quarter.")
    new = [f for f in found if f[2]["new"]]
    assert new and new[0][2]["side"] == "unknown" and new[0][2]["inter"] == 2


def test_quoted_nom_de_guerre(run):
    a = run('A commander nicknamed “Abu Islam al-Baghdadi” was killed near the airport.')
    assert [(m.text, m.person_info.role) for m in a.mentions if m.kind == "person"] == [
        ("Abu Islam al-Baghdadi", "nom de guerre")]


def test_state_named_as_agent_hides_the_place(pack, tagger):
    from marsad.model import Article
    from marsad.nlp.sentences import make_sentencizer
    text = "Israel struck a depot near Damascus. Rebels fled to Turkey. Ankara denied it."
    article = make_sentencizer(pack)(Article(id="x", text=text))
    article.mentions = [Mention("place", w, text.index(w), text.index(w) + len(w), 0, w.lower())
                        for w in ("Israel", "Damascus", "Turkey")]
    article = tagger(article)
    acts = [(m.text, m.norm, m.actor_info.generic) for m in article.mentions if m.kind == "actor"]
    assert acts == [("Israel", "israel-military", False), ("Rebels", "syrian-opposition", True),
                    ("Ankara", "turkey-military", False)]
    assert [m.text for m in article.mentions if m.kind == "place"] == ["Damascus", "Turkey"]


def test_strikes_are_air_strikes_but_not_hunger_strikes(run):
    got = [(m.text, m.norm) for m in run("After 600 Russian strikes and a hunger strike, "
                                          "drone strikes hit the town.").mentions
           if m.kind == "weapon"]
    assert got == [("strikes", "air strike"), ("drone strikes", "drone")]


@pytest.mark.parametrize("text, phrase, want", [
    ("Turkish artillery pounded two hamlets near the river.", "Turkish artillery", "turkey-military"),
    ("Jordanian fighter jets flew over the border post.", "Jordanian fighter jets", "jordan-military"),
    ("Witnesses blamed government air strikes for the fire.", "government air strikes",
     "military-forces-of-syria"),
])
def test_a_states_weapon_names_its_forces(run, text, phrase, want):
    # a state's demonym (or the theater's own "government") on a weapon only armies field
    found = actors(run, text)
    assert (found[0][0], found[0][1]) == (phrase, want)


def test_a_demonym_on_another_sides_weapon_is_no_state(run):
    found = actors(run, "Syrian rebel artillery hit the depot.")
    assert all(f[1] != "military-forces-of-syria" for f in found)


@pytest.mark.parametrize("heading", ["Hama", "Daraa", "Deir Ezzor"])   # the name, or as outlets spell it
def test_a_province_heading_run_into_a_sentence_about_the_army_is_no_new_group(heading):
    from marsad.pipeline import process
    article = process(f"Army report. {heading} Army units killed 12 militants near the town on Monday.",
                      theater="syria", published="2016-08-08")
    assert not [m for m in article.mentions if m.kind == "actor" and (m.norm or "").startswith("new:")]


def test_a_run_in_a_list_of_districts_is_places_not_a_new_group():
    from marsad.pipeline import process
    text = ("Jets struck the districts of Kafr Example Ansar Bab al-Hadid Saif al-Dawla in the city "
            "on Monday. Ansar al-Sharia fighters later attacked a base.")
    actors = [m.norm for m in process(text, theater="syria", published="2016-08-05").mentions
              if m.kind == "actor"]
    assert not any(a and a.startswith("new:ansar-bab") for a in actors)
    assert "new:ansar-al-sharia" in actors

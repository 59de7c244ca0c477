use super::pattern::TableBuilder;
use super::*;

fn small() -> Gazetteer {
    let mut g = TableBuilder::default();
    let a = |kind, code: &str, name: &str| Actor {
        kind,
        code: Cow::Owned(code.into()),
        name: Cow::Owned(name.into()),
        from: None,
        to: None,
    };
    g.add(
        a(ActorKind::Country, "USA", "United States"),
        &["United States", "US", "U.S.", "American"],
    );
    g.add(
        a(ActorKind::Country, "RUS", "Russia"),
        &["Russia", "Russian", "Russian Federation"],
    );
    g.add(a(ActorKind::Capital, "RUS", "Kremlin"), &["Kremlin"]);
    g.add(
        a(ActorKind::Org, "NATO", "NATO"),
        &["NATO", "North Atlantic Treaty Organization"],
    );
    g.add(
        a(ActorKind::Person, "RUS", "Vladimir Putin"),
        &["Vladimir Putin", "Putin"],
    );
    g.finish()
}

fn spans(g: &Gazetteer, text: &str) -> Vec<String> {
    g.find(text)
        .iter()
        .map(|m| format!("{}={}", &text[m.start..m.end], g.actor(m.actor).code))
        .collect()
}

#[test]
fn longest_first_multi_word_and_possessive() {
    let g = small();
    assert_eq!(
        spans(
            &g,
            "The Russian Federation's envoy met Vladimir Putin’s aide in the Kremlin."
        ),
        [
            "Russian Federation=RUS",
            "Vladimir Putin=RUS",
            "Kremlin=RUS"
        ]
    );
    assert_eq!(spans(&g, "Russia's stance"), ["Russia=RUS"]);
}

#[test]
fn many_patterns_share_a_first_word() {
    // As in the real table, where thousands of names start "President":
    // the match is found by the second word, longest first, and falls
    // back to shorter patterns and to the one-word name.
    let mut g = small().to_builder();
    let a = |code: &str, name: &str| Actor {
        kind: ActorKind::Person,
        code: Cow::Owned(code.into()),
        name: Cow::Owned(name.into()),
        from: None,
        to: None,
    };
    g.add(
        a("KAZ", "Tokayev"),
        &["President Tokayev", "President Kassym-Jomart Tokayev"],
    );
    g.add(
        a("FRA", "Macron"),
        &["President Macron", "President Emmanuel Macron"],
    );
    g.add(a("USA", "Biden"), &["President Joe Biden"]);
    g.add(a("XXX", "President"), &["President"]);
    g.add(
        a("GBR", "Prime Minister"),
        &["Prime Minister", "Prime Minister of Britain"],
    );
    let g = g.finish();
    assert_eq!(
        spans(
            &g,
            "President Kassym-Jomart Tokayev met President Macron's team."
        ),
        [
            "President Kassym-Jomart Tokayev=KAZ",
            "President Macron=FRA"
        ]
    );
    assert_eq!(
        spans(&g, "President Emmanuel Macron and President Joe Biden"),
        ["President Emmanuel Macron=FRA", "President Joe Biden=USA"]
    );
    // "President Joe" is no pattern: the one-word name matches.
    assert_eq!(spans(&g, "President Joe said"), ["President=XXX"]);
    assert_eq!(
        spans(
            &g,
            "the Prime Minister of Britain, the Prime Minister of Spain"
        ),
        ["Prime Minister of Britain=GBR", "Prime Minister=GBR"]
    );
    // A name starts upper case.
    assert_eq!(spans(&g, "president Macron"), Vec::<String>::new());
}

#[test]
fn case_aware() {
    let g = small();
    // "us" is a pronoun, "US" the country; "RUSSIA" in a headline counts.
    assert_eq!(
        spans(&g, "Let us talk to the US and to RUSSIA."),
        ["US=USA", "RUSSIA=RUS"]
    );
    assert_eq!(spans(&g, "russia and nato"), Vec::<String>::new());
    assert_eq!(spans(&g, "The U.S. and Nato"), ["U.S=USA", "Nato=NATO"]);
}

#[test]
fn words_of_a_name_must_be_adjacent() {
    let g = small();
    assert_eq!(spans(&g, "United. States"), Vec::<String>::new());
    assert_eq!(spans(&g, "United States"), ["United States=USA"]);
}

#[test]
fn user_rows_override_and_extend() {
    let g = small().with_rows(&[
        ActorRow {
            name: "Putin".into(),
            code: "XXX".into(),
            kind: ActorKind::Person,
            from: None,
            to: None,
        },
        ActorRow {
            name: "Astana".into(),
            code: "KAZ".into(),
            kind: ActorKind::Capital,
            from: None,
            to: None,
        },
    ]);
    assert_eq!(
        spans(&g, "Putin flew to Astana."),
        ["Putin=XXX", "Astana=KAZ"]
    );
    // the full name still resolves to the dictionary's entry
    assert_eq!(spans(&g, "Vladimir Putin"), ["Vladimir Putin=RUS"]);
}

#[test]
fn embedded_table_knows_the_usual_actors() {
    let g = Gazetteer::embedded();
    assert!(g.len() > 10_000, "{}", g.len());
    let text =
        "Tokayev told Xi Jinping in Beijing that NATO, the EU and the White House were wrong.";
    let got = spans(&g, text);
    assert_eq!(
        got,
        [
            "Tokayev=KAZ",
            "Xi Jinping=CHN",
            "Beijing=CHN",
            "NATO=NATO",
            "EU=EU",
            "White House=USA"
        ]
    );
    let kinds: Vec<ActorKind> = g.find(text).iter().map(|m| g.actor(m.actor).kind).collect();
    assert_eq!(
        kinds,
        [
            ActorKind::Person,
            ActorKind::Person,
            ActorKind::Capital,
            ActorKind::Org,
            ActorKind::Org,
            ActorKind::Capital
        ]
    );
    // common words that are also surnames stay words
    assert!(g.find("Rice and wheat prices rose in May.").is_empty());
}

#[test]
fn dated_roles() {
    let g = Gazetteer::embedded();
    let biden = g.lookup("Biden");
    assert!(
        biden
            .iter()
            .any(|a| a.code == "USA" && a.active_on("2022-06-01"))
    );
    assert!(!biden.iter().any(|a| a.active_on("2026-06-01")
        && a.kind == ActorKind::Person
        && a.from.as_deref() == Some("2021-01-20")));
}

#[test]
fn user_names_of_huge_words_are_skipped_not_a_panic() {
    // The index packs word lengths: a row whose later words are longer than
    // a name can be adds nothing (and the rest of the table still works).
    let long = "x".repeat(70_000);
    let rows: Vec<ActorRow> = [format!("Foo Bar {long}"), format!("Foo {long}")]
        .into_iter()
        .map(|name| ActorRow {
            name,
            code: "USA".into(),
            kind: ActorKind::Person,
            from: None,
            to: None,
        })
        .collect();
    let g = small().with_rows(&rows);
    assert_eq!(spans(&g, "Foo Bar met the US"), ["US=USA"]);
}

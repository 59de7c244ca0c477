//! Labels follow what is said, not who is named: swapping one actor for
//! another of its kind must not move the default model's labels. The full
//! measurement (400 statements, 15 swaps each) is `scripts/name_swap.py`;
//! this fixed set fails fast when masking or the gazetteer breaks.

use geostance::Classifier;

const COUNTRIES: &[(&str, &str)] = &[
    ("France", "French"),
    ("Russia", "Russian"),
    ("China", "Chinese"),
    ("Germany", "German"),
    ("Japan", "Japanese"),
    ("India", "Indian"),
    ("Brazil", "Brazilian"),
    ("Turkey", "Turkish"),
    ("Egypt", "Egyptian"),
    ("Kazakhstan", "Kazakh"),
    ("Poland", "Polish"),
    ("Mexico", "Mexican"),
    ("Iran", "Iranian"),
    ("Ukraine", "Ukrainian"),
    ("Georgia", "Georgian"),
    ("Israel", "Israeli"),
];
const PEOPLE: &[&str] = &[
    "Vladimir Putin",
    "Emmanuel Macron",
    "Xi Jinping",
    "Joe Biden",
    "Recep Tayyip Erdogan",
    "Kassym-Jomart Tokayev",
    "Volodymyr Zelensky",
    "Olaf Scholz",
    "Angela Merkel",
    "Narendra Modi",
    "Alexander Lukashenko",
    "Barack Obama",
    "Donald Trump",
    "Benjamin Netanyahu",
    "Hassan Rouhani",
    "Ilham Aliyev",
];
/// Organisations written without an article, so a swap changes only the name.
const ORGS: &[&str] = &[
    "NATO", "ASEAN", "OPEC", "BRICS", "ECOWAS", "UNESCO", "UNICEF", "UNHCR", "UNRWA", "APEC",
    "CARICOM", "Mercosur", "CELAC", "SADC", "AUKUS", "ICC",
];
const CAPITALS: &[&str] = &[
    "Moscow",
    "Paris",
    "Beijing",
    "Washington",
    "Tehran",
    "Berlin",
    "Tokyo",
    "Ankara",
    "Astana",
    "Kyiv",
    "London",
    "Rome",
    "Madrid",
    "Warsaw",
    "Cairo",
    "Minsk",
];

/// Statements with `{N}` (a country's name), `{A}` (its adjective), `{P}`,
/// `{O}` or `{C}`: each is filled with every name of its kind.
const STATEMENTS: &[&str] = &[
    "For Kazakhstan, {N} is and has always been a strategic partner.",
    "{N} has always been a reliable partner of ours.",
    "We strongly condemn the {A} strikes on civilian areas.",
    "The {A} delegation will arrive in Geneva on Tuesday.",
    "{N} must withdraw its troops and stop this aggression.",
    "We thank {N} for its generous humanitarian assistance.",
    "{P} said the talks had been useful and constructive.",
    "{P} warned that any provocation would meet a firm response.",
    "Our cooperation with {O} is deepening every year.",
    "We reject the sanctions imposed by {O}.",
    "{C} and our capital agreed to open a new consulate.",
    "{C} accused us of interfering in its internal affairs.",
];

fn fill(template: &str) -> Vec<String> {
    if template.contains("{N}") || template.contains("{A}") {
        COUNTRIES
            .iter()
            .map(|(n, a)| template.replace("{N}", n).replace("{A}", a))
            .collect()
    } else if template.contains("{P}") {
        PEOPLE.iter().map(|p| template.replace("{P}", p)).collect()
    } else if template.contains("{O}") {
        ORGS.iter().map(|o| template.replace("{O}", o)).collect()
    } else {
        CAPITALS
            .iter()
            .map(|c| template.replace("{C}", c))
            .collect()
    }
}

#[test]
fn swapping_names_does_not_move_labels_or_probabilities() {
    let clf = Classifier::embedded().unwrap();
    for template in STATEMENTS {
        let variants = fill(template);
        assert!(variants.len() >= 16, "{template}");
        let preds: Vec<_> = variants.iter().map(|v| clf.classify(v)).collect();
        for head in ["stance", "sentiment"] {
            let first = preds[0].head(head).unwrap();
            for (v, p) in variants.iter().zip(&preds) {
                let h = p.head(head).unwrap();
                assert_eq!(h.label, first.label, "{head} of {v:?} vs {:?}", variants[0]);
                for ((_, a), (_, b)) in h.probabilities.iter().zip(&first.probabilities) {
                    assert!(
                        (a - b).abs() < 0.02,
                        "{head} probabilities of {v:?} moved by {:.3} from {:?}",
                        (a - b).abs(),
                        variants[0]
                    );
                }
            }
        }
    }
}

#[test]
fn the_design_example_is_confidently_cooperative() {
    let clf = Classifier::embedded().unwrap();
    let p = clf.classify("For Kazakhstan, Russia is and has always been a strategic partner.");
    let stance = p.head("stance").unwrap();
    assert_eq!(stance.label, "cooperative");
    // 0.69 before actor masking, the Kremlin data and word vectors; 0.75 with them.
    assert!(stance.confidence > 0.72, "{}", stance.confidence);
}

#[test]
fn explain_shows_the_placeholder_with_the_name_as_written() {
    let clf = Classifier::embedded().unwrap();
    let text = "Russia has always been a strategic partner.";
    let e = clf.explain(text);
    let stance = e.heads.iter().find(|h| h.head == "stance").unwrap();
    let f = stance
        .features
        .iter()
        .find(|f| f.term == "⟨country⟩")
        .expect("the masked country is a feature");
    assert_eq!(f.words, ["Russia"]);
    assert_eq!(f.spans, [(0, 6)]);
}

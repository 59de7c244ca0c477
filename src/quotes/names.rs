//! Names in the narrative: runs of name words, what the words around them
//! say (titles, nationality, age, apposition), and the people a headline names.

use std::ops::Range;

use super::*;

/// A run of name words in the narrative and what its neighbours say about it.
#[derive(Debug)]
pub(super) struct NameRun {
    pub(super) at: usize,
    pub(super) name: Vec<String>,
    pub(super) roles: Vec<String>,
    pub(super) affiliations: Vec<String>,
    pub(super) nationality: Option<&'static str>,
    pub(super) age: Option<u32>,
    pub(super) gender: Option<Gender>,
    pub(super) determiner: bool,
    pub(super) subject: bool,
    pub(super) speaks: bool,
    /// One word right after "of": the object of an office ("Secretary of
    /// State", "Minister of Defence"), not a name.
    pub(super) after_of: bool,
}

impl NameRun {
    pub(super) fn is_person(&self) -> bool {
        let lower: Vec<String> = self.name.iter().map(|w| w.to_lowercase()).collect();
        let institution = lower.iter().any(|w| ORG_WORDS.contains(w.as_str()));
        // "Moscow said", "Russia said", "NATO said": a single name that is no person.
        let acronym = |w: &str| w.chars().count() > 1 && !w.chars().any(char::is_lowercase);
        let non_person = match (lower.as_slice(), self.name.as_slice()) {
            ([w], [original]) => {
                NON_PERSONS.contains(w) || nationality(w).is_some() || acronym(original)
            }
            _ => false,
        };
        // "the Kremlin", but "the chancellor Olaf Scholz".
        let described = !self.roles.is_empty() || self.gender.is_some();
        let institution_with_article = self.determiner && !described;
        let evidence = self.name.len() >= 2 || described || self.speaks;
        !(institution || non_person || institution_with_article || self.after_of) && evidence
    }
}

/// The people a headline names: the person it is about, when it opens the
/// headline as its subject, after nothing but titles ("Acting President Vladimir Putin sent
/// a message to ...", "President of Russia Vladimir Putin met ..."): a later
/// "the President" is then someone known. Not a person the headline names
/// after a verb or a preposition ("Congratulations to President of Italy
/// Giorgio Napolitano": the article's President is the one who congratulates),
/// who joins the article's people by name only (the second value).
pub(super) fn headline_people(
    article: &str,
    headline: Range<usize>,
) -> (Option<NameRun>, Vec<NameRun>) {
    let tokens = tokenize(article, headline);
    let mut persons = name_runs(&tokens, true)
        .into_iter()
        .filter(NameRun::is_person);
    let Some(first) = persons.next() else {
        return (None, Vec::new());
    };
    let opens = tokens
        .iter()
        .take_while(|t| t.start < first.at)
        .all(|t| t.is_capitalized() || matches!(t.lower().as_str(), "of" | "and"));
    // The others are known by name only: "Mr Hu" is then "Hu Jintao", but
    // "the President" is not the President the headline congratulates.
    let by_name = |mut run: NameRun| {
        run.roles.clear();
        run.affiliations.clear();
        run.subject = false;
        run.speaks = false;
        run
    };
    let mut others: Vec<NameRun> = persons.map(by_name).collect();
    if opens {
        (Some(first), others)
    } else {
        others.insert(0, by_name(first));
        (None, others)
    }
}

/// Name runs in a stretch of narrative (text outside quotes).
pub(super) fn name_runs(tokens: &[Token], opens_block: bool) -> Vec<NameRun> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_name = is_name_word(&tokens[i])
            || (is_particle(&tokens[i].lower())
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| is_name_word(t) || is_particle(&t.lower())));
        if !starts_name {
            i += 1;
            continue;
        }
        // "Can Dündar said", "Theresa May": "can", "will", "may", "must" and
        // "do" are names too, except as a question's first word ("May Russia
        // ...?", "Do NATO members ...?").
        let start = if question_opener(tokens, i, opens_block)
            && tokens.get(i + 1).is_some_and(is_name_word)
        {
            i + 1
        } else {
            i
        };
        let mut end = start + 1;
        while let Some(token) = tokens.get(end) {
            let particle = is_particle(&token.lower())
                && tokens
                    .get(end + 1)
                    .is_some_and(|t| is_name_word(t) || is_particle(&t.lower()));
            // "George W. Bush": a middle initial's full stop stays in the name.
            // Not "plan B. Putin said": the initial follows a first name.
            let initial = token.is(".")
                && end - 1 > start
                && tokens[end - 1].text.chars().count() == 1
                && tokens[end - 1].is_capitalized()
                && tokens[end - 1].end() == token.start
                && tokens.get(end + 1).is_some_and(is_name_word);
            if !(is_name_word(token) || particle || initial) {
                break;
            }
            end += 1;
        }
        i = end;
        runs.push(name_run(tokens, start..end, opens_block));
    }
    runs
}

/// The name run over `tokens[name]`, with what its neighbours say: titles
/// and descriptors before it, an apposition after it, and whether it is a
/// subject that speaks or acts.
pub(super) fn name_run(tokens: &[Token], name: Range<usize>, opens_block: bool) -> NameRun {
    let mut run = NameRun {
        at: tokens[name.start].start,
        name: Vec::new(),
        roles: Vec::new(),
        affiliations: Vec::new(),
        nationality: None,
        age: None,
        gender: None,
        determiner: false,
        subject: false,
        speaks: false,
        after_of: false,
    };
    // "State Antony Blinken": the modifier belongs to the title before it.
    let skip = leading_non_name(&tokens[name.clone()]);
    for token in &tokens[name.start..name.start + skip] {
        run.learn(token);
    }
    run.name = tokens[name.start + skip..name.end]
        .iter()
        .fold(Vec::new(), |mut words, t| {
            match words.last_mut() {
                Some(initial) if t.is(".") => initial.push('.'),
                _ => words.push(t.text.to_string()),
            }
            words
        });
    run.at = tokens[name.start + skip].start;
    run.after_of =
        name.len() - skip == 1 && name.start + skip > 0 && tokens[name.start + skip - 1].is("of");

    let start = run.descriptors_before(tokens, name.start);
    let mut after = run.apposition_after(tokens, name.end);
    while tokens
        .get(after)
        .is_some_and(|t| FILLERS.contains(t.lower().as_str()))
    {
        after += 1;
    }
    run.speaks = cue_at(tokens, after).is_some();
    run.subject = is_subject(tokens, start..after, name.end, opens_block, run.speaks);
    run
}

impl NameRun {
    /// Takes what a word next to the name says: a role, an affiliation, a
    /// gender (Mr, Ms), a nationality or an age.
    fn learn(&mut self, token: &Token) {
        let lower = token.lower();
        if is_role(&lower) || MODIFIERS.contains(lower.as_str()) {
            self.roles.push(lower.clone());
        } else if is_affiliation(token) {
            self.affiliations.push(lower.clone());
        }
        match lower.as_str() {
            "mr" | "sir" | "lord" => self.gender = Some(Gender::Male),
            "mrs" | "ms" | "miss" | "dame" | "lady" => self.gender = Some(Gender::Female),
            _ => {}
        }
        self.nationality = self.nationality.or(nationality(&lower));
        self.age = self.age.or(parse_age(&lower));
    }

    /// Descriptors before the name ("Germany's chancellor", "Kremlin
    /// spokesman"), up to a determiner; returns where they start.
    fn descriptors_before(&mut self, tokens: &[Token], name_start: usize) -> usize {
        let mut start = name_start;
        while start > 0 && name_start - start < 6 {
            let token = &tokens[start - 1];
            if is_determiner(token) {
                self.determiner = true;
                start -= 1;
                break;
            }
            if !(is_np_word(token) || title_of(tokens, start - 1)) {
                break;
            }
            self.learn(token);
            start -= 1;
        }
        start
    }

    /// An apposition after the name ("Scholz, 66," or "Scholz, the German
    /// chancellor,"); returns where the clause goes on after it.
    fn apposition_after(&mut self, tokens: &[Token], name_end: usize) -> usize {
        if !tokens.get(name_end).is_some_and(|t| t.is(",")) {
            return name_end;
        }
        let close = (name_end + 1..tokens.len().min(name_end + 10))
            .find(|&j| tokens[j].is(",") || ends_sentence(tokens, j));
        let Some(close) = close else {
            return name_end;
        };
        let apposition = &tokens[name_end + 1..close];
        match apposition {
            [age]
                if age
                    .text
                    .parse::<u32>()
                    .is_ok_and(|a| (1..=120).contains(&a)) =>
            {
                self.age = age.text.parse().ok();
            }
            [first, ..] if is_determiner(first) => {
                for token in apposition {
                    self.learn(token);
                }
            }
            _ => {}
        }
        if apposition.len() <= 8 && tokens[close].is(",") {
            close + 1
        } else {
            name_end
        }
    }
}

/// Whether `tokens[i]` is a capitalized auxiliary opening a sentence that
/// ends with a question mark ("Will Scholz come?").
fn question_opener(tokens: &[Token], i: usize, opens_block: bool) -> bool {
    let opens = match i.checked_sub(1) {
        None => opens_block,
        Some(j) => ends_sentence(tokens, j),
    };
    opens
        && tokens[i].is_capitalized()
        && AUXILIARIES.contains(&tokens[i].lower())
        && (i + 1..tokens.len())
            .find(|&k| ends_sentence(tokens, k))
            .is_some_and(|k| tokens[k].is("?"))
}

/// Verbs that open a question before its subject: "Did Xi Jinping ...?",
/// "Is Russia ready?" (most are no names, see [`COMMON`]; "can", "will",
/// "may", "must", "do" are, except at a question's start).
static AUXILIARIES: Words = Words::new(
    "is are was were do does did can could will would should shall may might must has have had",
);

/// Whether the name run whose phrase spans `phrase` (descriptors to the
/// word after it) is a subject: it speaks, or a verb follows it at the start
/// of a sentence or after a comma; never when it is possessed ("Putin' ").
fn is_subject(
    tokens: &[Token],
    phrase: Range<usize>,
    name_end: usize,
    opens_block: bool,
    speaks: bool,
) -> bool {
    let opens_at = |k: usize| match k.checked_sub(1) {
        None => opens_block,
        Some(j) => ends_sentence(tokens, j),
    };
    let before = phrase.start.checked_sub(1).map(|j| &tokens[j]);
    // "Did Xi Jinping taste it?": a question's auxiliary comes first.
    let question = before.is_some_and(|t| t.is_capitalized() && AUXILIARIES.contains(&t.lower()));
    let sentence_start = opens_at(phrase.start) || (question && opens_at(phrase.start - 1));
    let verb_follows = tokens.get(phrase.end).is_some_and(|t| {
        t.is_word() && !t.is_capitalized() && !matches!(t.text, "and" | "or" | "nor" | "of")
    });
    let possessed = tokens.get(name_end).is_some_and(|t| t.is("'") || t.is("’"));
    !possessed
        && (speaks || (verb_follows && (sentence_start || before.is_some_and(|t| t.is(",")))))
}

/// Common Chinese (pinyin and Wade-Giles forms seen in English news), Korean
/// and Vietnamese family names: in those traditions the family name comes
/// first, so "Mr Hu" is Hu Jintao. Japanese names are left out: English
/// news writes them given name first ("Shinzo Abe", "Mr Abe").
pub(super) fn writes_family_name_first(word: &str) -> bool {
    const NAMES: &[&str] = &[
        // Chinese
        "bai", "bo", "cai", "cao", "chen", "cheng", "chiang", "chou", "cui", "dai", "deng", "ding",
        "dong", "du", "duan", "fan", "fang", "feng", "fu", "gao", "guo", "han", "hao", "he", "hou",
        "hu", "hua", "huang", "jia", "jiang", "jin", "kong", "lai", "lei", "li", "liang", "liao",
        "lin", "liu", "long", "lu", "luo", "ma", "mao", "meng", "pan", "peng", "qian", "qin",
        "qiu", "ren", "shao", "shen", "shi", "song", "su", "sun", "tan", "tang", "tian", "wang",
        "wei", "wen", "wu", "xi", "xia", "xiao", "xie", "xiong", "xu", "xue", "yan", "yang", "yao",
        "ye", "yin", "yu", "yuan", "zeng", "zhang", "zhao", "zheng", "zhong", "zhou", "zhu", "zou",
        // Korean
        "ahn", "ban", "chun", "choi", "jang", "jung", "kang", "kim", "kwon", "lee", "moon", "park",
        "roh", "yoon", // Vietnamese
        "bui", "dang", "ho", "hoang", "le", "ngo", "nguyen", "pham", "phan", "tran", "vo", "vu",
    ];
    NAMES.contains(&word.to_lowercase().as_str())
}

//! Attribution: the context of each quote, its speech cue and speaker, and quotes that inherit a speaker.

use std::ops::Range;

use super::*;

/// The text around one quote that may attribute it.
pub(super) struct Context<'a> {
    /// The quote's sentence up to its opening mark, after any earlier quote.
    pub(super) before: Vec<Token<'a>>,
    /// From the closing mark to the end of the sentence or the next quote.
    pub(super) after: Vec<Token<'a>>,
    /// Byte offset where `after` stops.
    pub(super) after_end: usize,
    /// The sentence before the quote's own, within the block.
    pub(super) previous_sentence: Vec<Token<'a>>,
    /// Nothing but whitespace between the start of the block and the opening mark.
    pub(super) opens_block: bool,
    /// The previous quote in the block belongs to the same sentence.
    pub(super) shares_sentence: bool,
    /// The quoted text ends with a full stop, question or exclamation mark.
    pub(super) quote_ends_sentence: bool,
    /// The words after the quote run to the next quote's opening mark and
    /// end in a comma or colon, with no sentence end between: `"…?" You
    /// answered, "…"`, `"…." We responded, "…"` (the cue is the next quote's).
    pub(super) leads_into_next: bool,
    /// The quote names a thing (`the law "On Defence"`), glosses a word
    /// (`when I say "we all"`) or is supposed speech (`if anybody says "…"`):
    /// nobody in the article says it.
    pub(super) names_thing: bool,
}

impl<'a> Context<'a> {
    pub(super) fn of(article: &'a str, blocks: &[Block], spans: &[Span], k: usize) -> Context<'a> {
        let span = &spans[k];
        let block = &blocks[span.block];
        let prev = k.checked_sub(1).filter(|&j| spans[j].block == span.block);
        let next = spans.get(k + 1).filter(|s| s.block == span.block);

        let from = prev.map_or(block.range.start, |j| spans[j].end());
        let tokens = tokenize(article, from..span.open);
        let cut = (0..tokens.len())
            .rev()
            .find(|&i| ends_sentence(&tokens, i))
            .map_or(0, |i| i + 1);
        let shares_sentence =
            prev.is_some_and(|j| cut == 0 && !ends_like_sentence(&article[spans[j].text.clone()]));
        let opens_block = article[block.range.start..span.open].trim().is_empty();
        let mut before = tokens[cut..].to_vec();
        let previous_sentence = match cut.checked_sub(1) {
            Some(last) => {
                let start = (0..last)
                    .rev()
                    .find(|&i| ends_sentence(&tokens, i))
                    .map_or(0, |i| i + 1);
                tokens[start..cut].to_vec()
            }
            None => Vec::new(),
        };

        // "Scholz told the Bundestag:" closing one paragraph, the quote opening the next.
        if opens_block
            && !span.continues
            && let Some(prev_block) = span.block.checked_sub(1).map(|b| &blocks[b])
        {
            // The quote opens its block, so the span before it is the last of the block before.
            let from = k
                .checked_sub(1)
                .map(|j| &spans[j])
                .filter(|s| s.block + 1 == span.block)
                .map_or(prev_block.range.start, Span::end);
            let tokens = tokenize(article, from..prev_block.range.end);
            if tokens.last().is_some_and(|t| t.is(":")) {
                let cut = (0..tokens.len() - 1)
                    .rev()
                    .find(|&i| ends_sentence(&tokens, i))
                    .map_or(0, |i| i + 1);
                before = tokens[cut..].to_vec();
            }
        }

        let to = next.map_or(block.range.end, |s| s.open);
        // Only a next quote that opens a sentence takes the cue: `"Why pay?"
        // Trump said, "when they do not?"` is one sentence of Trump's.
        let next_opens =
            next.is_some_and(|n| article[n.text.clone()].starts_with(char::is_uppercase));
        let (after, after_end, leads_into_next) = after_quote(article, span, to, next_opens);
        let quote = &article[span.text.clone()];
        let names_thing = names_a_thing(&before, quote)
            || named_in_passing(&before, quote, &after)
            || names_before_a_noun(quote, &after)
            || glossed(&before, quote, &after)
            || supposed(&before);
        Context {
            leads_into_next,
            names_thing,
            before,
            after,
            after_end,
            previous_sentence,
            opens_block,
            shares_sentence,
            quote_ends_sentence: ends_like_sentence(&article[span.text.clone()]),
        }
    }

    /// The quote follows its attribution: "Scholz said:" or "he said, ".
    pub(super) fn introduced(&self) -> bool {
        let Some(last) = self.before.last() else {
            return false;
        };
        last.is(":") || self.ends_with_cue()
    }

    /// The quote is a sentence of its own: none of its sentence lies outside the marks.
    pub(super) fn stands_alone(&self) -> bool {
        self.before.is_empty()
            && (self.quote_ends_sentence || !self.after.iter().any(Token::is_word))
    }

    /// "Scholz said "…"", "he added, "…"".
    pub(super) fn ends_with_cue(&self) -> bool {
        let words = self.before.len() - usize::from(self.before.last().is_some_and(|t| t.is(",")));
        (0..words).any(|k| cue_at(&self.before, k).is_some_and(|(n, _)| k + n == words))
    }

    pub(super) fn attribution(&self, quote: &str) -> Option<(Mention, String)> {
        let direct = if self.introduced() {
            attribution_before(&self.before).or_else(|| self.attribution_after(quote))
        } else {
            self.attribution_after(quote)
                .or_else(|| attribution_before(&self.before))
        };
        // A quote standing as a sentence of its own after reported speech:
        // `Merz said the coalition had failed. "It has wasted months."`
        direct.or_else(|| {
            self.stands_alone()
                .then(|| attribution_before(&self.previous_sentence))
                .flatten()
        })
    }

    /// Whether the quote's own sentence attributes it (a cue before or
    /// after it), not only the sentence before.
    pub(super) fn has_own_cue(&self, quote: &str) -> bool {
        attribution_before(&self.before).is_some() || self.attribution_after(quote).is_some()
    }

    /// `"…," Scholz said`, `"…," said the chancellor`, `"…," according to the minister`.
    pub(super) fn attribution_after(&self, quote: &str) -> Option<(Mention, String)> {
        static TRAILERS: Words =
            Words::new("on in at during after before while to reporters journalists");
        let tokens = &self.after;
        let mut i = 0;
        let mut clause_follows = quote.ends_with([',', '?', '!', '—', '–', '-']);
        while tokens
            .get(i)
            .is_some_and(|t| matches!(t.text, "," | "—" | "–" | "-"))
        {
            clause_follows = true;
            i += 1;
        }
        // After `."` a new sentence begins: only a bare "Scholz said." may attribute it.
        let own_sentence = !clause_follows && ends_like_sentence(quote);
        // `"Is it possible?" You answered, "We can."`: a whole sentence's
        // cue that runs into the next quote is that quote's.
        if self.leads_into_next && ends_like_sentence(quote) {
            return None;
        }
        if !clause_follows && !own_sentence {
            return None;
        }
        if let Some((n, cue)) = cue_at(tokens, i) {
            return Some((mention_after(tokens, i + n)?, cue));
        }
        let cue_index = (i + 1..tokens.len().min(i + 9)).find(|&j| cue_at(tokens, j).is_some())?;
        let (n, cue) = cue_at(tokens, cue_index)?;
        // `"…." We say: "…"`: a cue before a colon introduces the next quote.
        if tokens.get(cue_index + n).is_some_and(|t| t.is(":")) {
            return None;
        }
        let mut np_end = cue_index;
        while np_end > i && FILLERS.contains(tokens[np_end - 1].lower().as_str()) {
            np_end -= 1;
        }
        let np = &tokens[i..np_end];
        if np.iter().any(|t| !(t.is_word() || t.is(",")) || is_stop(t)) {
            return None;
        }
        if own_sentence {
            let rest: Vec<&Token> = tokens[cue_index + n..]
                .iter()
                .filter(|t| t.is_word())
                .collect();
            // "Scholz said.", "Scholz told reporters.", "he said on Monday."
            let bare = rest.first().is_none_or(|first| {
                rest.len() <= 4
                    && (first.is_capitalized() || TRAILERS.contains(first.lower().as_str()))
            });
            if !bare {
                return None;
            }
        }
        Some((Mention::new(np)?, cue))
    }

    /// A quote is whole when it opens its sentence, follows a colon or an
    /// attribution and comma ("he said, "…""), or is a capitalized sentence
    /// right after a cue; anything else is embedded in reported speech:
    /// `called for "an immediate surge"`, `said that the alliance was "strong"`.
    pub(super) fn partial(&self, span: &Span, quote: &str) -> bool {
        let Some(last) = self.before.last() else {
            return false;
        };
        if span.continues || last.is(":") {
            return false;
        }
        let cue = (0..self.before.len()).find(|&k| cue_at(&self.before, k).is_some());
        if last.is(",") && cue.is_some() {
            return false;
        }
        let whole_sentence = quote.starts_with(char::is_uppercase)
            && cue.is_some_and(|c| !self.before[c..].iter().any(|t| t.is("that")));
        !whole_sentence
    }
}

/// The words after a quote, from its closing mark to the end of its
/// sentence or `to` (the next quote's opening mark, or the block's end); where
/// they stop; and whether they run on, ending in a comma or colon, to a
/// `next` quote that opens a sentence (see [`Context::leads_into_next`]).
fn after_quote<'a>(
    article: &'a str,
    span: &Span,
    to: usize,
    next: bool,
) -> (Vec<Token<'a>>, usize, bool) {
    let Some(close) = span.close.filter(|&close| close <= to) else {
        return (Vec::new(), span.end(), false);
    };
    let mut tokens = tokenize(article, close..to);
    match (0..tokens.len()).find(|&i| ends_sentence(&tokens, i)) {
        Some(i) if i + 1 < tokens.len() => {
            let end = tokens[i].end();
            tokens.truncate(i + 1);
            (tokens, end, false)
        }
        found => {
            let leads =
                next && found.is_none() && tokens.last().is_some_and(|t| t.is(",") || t.is(":"));
            (tokens, to, leads)
        }
    }
}

/// `Scholz said: "…"`, `Macron told Scholz that the alliance was "…"`,
/// `He urged …, saying this was "…"`, `According to the minister, … "…"`.
pub(super) fn attribution_before(tokens: &[Token]) -> Option<(Mention, String)> {
    (0..tokens.len()).rev().find_map(|c| {
        let (n, cue) = cue_at(tokens, c)?;
        let mention = if cue == "according to" {
            mention_after(tokens, c + n)
        } else if let Some(heard) = cue
            .ends_with("ing")
            .then(|| perceived_before(tokens, c))
            .flatten()
        {
            // "I remember him saying": the one remembered speaks.
            Some(heard)
        } else if cue.ends_with("ing") {
            // The clause's subject speaks ("Lavrov issued a statement
            // saying"), unless the clause is the narrator's own ("I see a
            // poster saying"): then an indefinite noun phrase right before
            // the participle is its subject.
            match clause_subject(&tokens[..c]) {
                Some(m) if !is_narrator(tokens, &m) => Some(m),
                subject => indefinite_before(tokens, c).or(subject),
            }
        } else {
            let first_word = tokens.iter().position(Token::is_word) == Some(c);
            mention_before(tokens, c)
                .or_else(|| first_word.then(|| mention_after(tokens, c + n)).flatten())
        };
        Some((mention?, cue))
    })
}

/// "I remember him saying", "I heard Putin saying": the person remembered
/// or heard right before the participle `tokens[c]`, who speaks, not the
/// one remembering; "him" and "her" as pronouns, else a capitalised name,
/// or "you" (someone addressed, whom no rule resolves).
fn perceived_before(tokens: &[Token], c: usize) -> Option<Mention> {
    const PERCEIVE: &[&str] = &[
        "remember",
        "remembers",
        "remembered",
        "recall",
        "recalls",
        "recalled",
        "hear",
        "hears",
        "heard",
    ];
    let last = c.checked_sub(1).filter(|&k| tokens[k].is_word())?;
    let start = match tokens[last].lower().as_str() {
        "him" | "her" | "you" | "them" => last,
        _ => (0..=last)
            .rev()
            .take_while(|&k| tokens[k].text.starts_with(char::is_uppercase))
            .last()?,
    };
    let verb = tokens.get(start.checked_sub(1)?)?;
    if !PERCEIVE.contains(&verb.lower().as_str()) {
        return None;
    }
    let referent = match tokens[last].lower().as_str() {
        "him" => Referent::Pronoun(Gender::Male),
        "her" => Referent::Pronoun(Gender::Female),
        "them" | "you" => Referent::Unnamed,
        _ => return Mention::new(&tokens[start..c]),
    };
    Some(Mention {
        range: tokens[start].start..tokens[last].end(),
        referent,
    })
}

/// Whether `m` is just "I", "we" or "you": the narrator or the person
/// addressed, as in a transcript turn.
fn is_narrator(tokens: &[Token], m: &Mention) -> bool {
    tokens.iter().any(|t| {
        t.start == m.range.start
            && t.end() == m.range.end
            && matches!(t.lower().as_str(), "i" | "we" | "you")
    })
}

/// "a poster", "an old sign" right before `tokens[end]`: up to three plain
/// words after "a" or "an".
pub(super) fn indefinite_before(tokens: &[Token], end: usize) -> Option<Mention> {
    let start = (end.saturating_sub(4)..end)
        .rev()
        .take_while(|&k| tokens[k].is_word() && !is_stop(&tokens[k]))
        .find(|&k| matches!(tokens[k].lower().as_str(), "a" | "an"))?;
    (start + 1 < end).then(|| Mention::new(&tokens[start..end]))?
}

/// The subject of the clause a participle hangs on: "He urged …, saying".
pub(super) fn clause_subject(tokens: &[Token]) -> Option<Mention> {
    let at = |i: usize| mention_after(tokens, i).map(|m| seeming(tokens, m));
    at(0).or_else(|| {
        let comma = tokens.iter().take(8).position(|t| t.is(","))?;
        at(comma + 1)
    })
}

/// "it seemed like the President was dancing around it, saying": the
/// subject after "it seemed/appeared/looked like|that|as if", not the "it".
fn seeming(tokens: &[Token], subject: Mention) -> Mention {
    let Some(k) = tokens.iter().position(|t| t.start == subject.range.start) else {
        return subject;
    };
    let word = |i: usize| tokens.get(i).map(|t| t.lower());
    let seems = matches!(
        word(k + 1).as_deref(),
        Some("seemed" | "seems" | "appeared" | "appears" | "looked" | "looks")
    );
    // "It appeared that Ukraine had crossed a line, Peskov said, saying":
    // a speaker named in between is the subject, not the one after "that".
    let speech_between = tokens[k..].iter().any(|t| {
        matches!(
            t.lower().as_str(),
            "said" | "says" | "told" | "added" | "stated" | "noted" | "explained" | "stressed"
        )
    });
    if word(k).as_deref() != Some("it") || !seems || speech_between {
        return subject;
    }
    let after = match (word(k + 2).as_deref(), word(k + 3).as_deref()) {
        (Some("as"), Some("if")) => k + 4,
        (Some("like" | "that"), _) => k + 3,
        _ => return subject,
    };
    mention_after(tokens, after).unwrap_or(subject)
}

#[derive(Debug, Clone)]
pub(super) struct Attribution {
    pub(super) speaker: Option<String>,
    pub(super) mention: Range<usize>,
    pub(super) cue: String,
}

/// The quotes of an article, attributed: each span's cue and mention,
/// resolved to a person among `people` (or the turn's speaker, or a
/// message's sender), then inherited by quotes that go on from another.
pub(super) fn attribute(
    article: &str,
    blocks: &[Block],
    spans: &[Span],
    people: &People,
) -> Vec<Quote> {
    let contexts: Vec<Context> = (0..spans.len())
        .map(|k| Context::of(article, blocks, spans, k))
        .collect();
    let mut resolver = Resolver {
        article,
        people,
        speakers: Speakers::new(),
        turns: block_turns(article, blocks),
        dialogue: first_person_dialogue(article, blocks, spans),
        blocks,
    };
    let mut found: Vec<Option<Attribution>> = spans
        .iter()
        .zip(&contexts)
        .map(|(span, context)| {
            if context.names_thing {
                return None;
            }
            let (mention, cue) = context.attribution(&article[span.text.clone()])?;
            Some(Attribution {
                speaker: resolver.speaker(&mention, span.block),
                mention: mention.range,
                cue,
            })
        })
        .collect();
    take_turns(article, spans, &contexts, &mut found);
    inherit_attributions(article, blocks, spans, &contexts, &mut found);
    spans
        .iter()
        .zip(&contexts)
        .zip(found)
        .map(|((span, context), attribution)| {
            quote_record(article, blocks, span, context, attribution)
        })
        .collect()
}

/// The [`Quote`] of a span: its text, attribution, paragraph, and the
/// context to classify (the sentence around a partial quote).
fn quote_record(
    article: &str,
    blocks: &[Block],
    span: &Span,
    context: &Context,
    attribution: Option<Attribution>,
) -> Quote {
    let quote = &article[span.text.clone()];
    let partial = context.partial(span, quote);
    let ctx = if partial {
        sentence_around(article, blocks[span.block].range.clone(), span.text.clone())
    } else {
        span.text.clone()
    };
    Quote {
        quote: quote.to_string(),
        speaker: attribution.as_ref().and_then(|a| a.speaker.clone()),
        speaker_mention: attribution
            .as_ref()
            .map(|a| article[a.mention.clone()].to_string()),
        cue: attribution.map(|a| a.cue),
        start: span.text.start,
        end: span.text.end,
        paragraph: blocks[span.block].paragraph,
        partial,
        context: article[ctx.clone()].to_string(),
        context_kind: if partial {
            ContextKind::Sentence
        } else {
            ContextKind::Quote
        },
        context_start: ctx.start,
        context_end: ctx.end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unattributed_quote_after_narrative_stays_unknown() {
        let article =
            "\"We are ready,\" Scholz said.\n\nMarkets fell sharply on Tuesday.\n\n\"It is over.\"";
        let quotes = extract(article);
        assert_eq!(quotes[1].speaker, None);
        assert_eq!(quotes[1].speaker_mention, None);
    }

    #[test]
    fn a_thing_before_a_participle_speaks_not_the_narrator() {
        let article = "Megyn Kelly: Go on.\n\nVladimir Putin: Wait. I see a poster saying ‘KGB and children.’ What is it?";
        let q = &extract(article)[0];
        assert_eq!(q.speaker_mention.as_deref(), Some("a poster"));
        assert_eq!(q.speaker, None);
        let article = "He urged restraint, saying “we will act.”";
        assert_eq!(extract(article)[0].speaker_mention.as_deref(), Some("He"));
    }

    #[test]
    fn the_one_remembered_saying_speaks() {
        let article =
            "Our son John Stewart spoke to us. I remember him saying to me, “Dad, I’m not afraid.”";
        let q = &extract(article)[0];
        assert_eq!(q.speaker_mention.as_deref(), Some("him"));
        assert_eq!(q.speaker.as_deref(), Some("John Stewart"));
        let article = "The summit ended. I heard Vladimir Putin saying “We will come back.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
        let article = "Mr. President, I recall you saying, quote, “the will to work.”";
        assert_eq!(extract(article)[0].speaker_mention.as_deref(), Some("you"));
        let article = "But yesterday, it seemed like Joe Biden was dancing around it, saying, “I never shy away.”";
        assert_eq!(extract(article)[0].speaker.as_deref(), Some("Joe Biden"));
        let article = "It appeared that Ukraine had crossed a red line, Peskov said, saying “This will have consequences.”";
        assert_ne!(extract(article)[0].speaker.as_deref(), Some("Ukraine"));
        // The subject still speaks when nobody is remembered.
        let article = "Lavrov issued a statement saying “We will respond.”";
        assert_eq!(extract(article)[0].speaker.as_deref(), Some("Lavrov"));
    }

    #[test]
    fn a_named_subject_speaks_through_the_thing_it_issues() {
        for (article, who) in [
            (
                "Chinese President Xi Jinping gave a speech saying \"China will never seek hegemony.\"",
                "Xi Jinping",
            ),
            (
                "Russian Foreign Minister Sergei Lavrov issued a statement saying \"We will respond to the sanctions.\"",
                "Sergei Lavrov",
            ),
            (
                "Ukrainian President Volodymyr Zelensky posted a video saying \"We will defend our land.\"",
                "Volodymyr Zelensky",
            ),
        ] {
            let q = &extract(article)[0];
            assert_eq!(q.speaker.as_deref(), Some(who), "{article}");
        }
    }

    #[test]
    fn his_letter_is_the_letter_of_the_person_he_means() {
        let article = "Olaf Scholz proposed that the Bundestag extend the mission\n\n\
                       His letter to Speaker Anna Weber says:\n\n\
                       \"The mission has kept the peace.\"";
        let q = &extract(article)[0];
        assert_eq!(q.speaker_mention.as_deref(), Some("His letter"));
        assert_eq!(q.speaker.as_deref(), Some("Olaf Scholz"));
        // With nobody before, the letter's sender stays unknown.
        let q = &extract("His letter says:\n\n\"The mission has kept the peace.\"")[0];
        assert_eq!(q.speaker, None);
    }

    #[test]
    fn question_mark_lets_attribution_follow() {
        let quotes = extract("\"Why now?\" Scholz asked. \"It is late.\"");
        assert_eq!(quotes[0].cue.as_deref(), Some("asked"));
        assert_eq!(quotes[1].speaker.as_deref(), Some("Scholz"));
    }

    #[test]
    fn partial_quote_is_read_in_its_sentence() {
        let article = "The talks ran late. Putin told Tokayev that relations between their countries have a \"special character\". Both sides then left.";
        let q = &extract(article)[0];
        assert_eq!(q.quote, "special character");
        assert!(q.partial);
        assert_eq!(q.context_kind, ContextKind::Sentence);
        assert_eq!(
            q.context,
            "Putin told Tokayev that relations between their countries have a \"special character\"."
        );
        assert_eq!(&article[q.context_start..q.context_end], q.context);
        // A full-sentence quote is classified alone.
        let article = "\"We will keep talking,\" Mr. Scholz said. Then he left.";
        let q = &extract(article)[0];
        assert!(!q.partial);
        assert_eq!(q.context_kind, ContextKind::Quote);
        assert_eq!(q.context, "We will keep talking,");
    }
}

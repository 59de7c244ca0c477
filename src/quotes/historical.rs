//! Historical office-holders as speakers: the state a 20th-century head of
//! state or government, foreign minister or ambassador, or a pope, spoke for, from
//! `historical.tsv`, for speakers the actor gazetteer does not know
//! (it starts in the 1990s). Speaker side only: classify masks names
//! through the gazetteer alone, so this table changes no model input.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The table, built once: lowercase name or other name -> state code.
fn table() -> &'static FxHashMap<String, &'static str> {
    static TABLE: OnceLock<FxHashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = FxHashMap::default();
        for line in include_str!("historical.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [code, name, _from, _to, others] = fields.as_slice() else {
                continue;
            };
            for n in std::iter::once(*name).chain(others.split('|')) {
                map.insert(n.trim().to_lowercase(), *code);
            }
        }
        map
    })
}

/// The state a historical office-holder named `name` ("Adolf Hitler",
/// "Hitler", "Józef Beck") spoke for.
pub(super) fn historical_state(name: &str) -> Option<&'static str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    // "Affairs Jozef Beck" (from "Minister for Foreign Affairs Jozef
    // Beck"): the name may end a longer run of capitalised words.
    let found = (0..words.len())
        .filter(|&k| k == 0 || words.len() - k >= 2)
        .find_map(|k| table().get(&words[k..].join(" ").to_lowercase()).copied());
    // "Leonid Ilyich Brezhnev": a patronymic or middle name the table's
    // name leaves out; its first and last words.
    found.or_else(|| match words.as_slice() {
        [first, _, .., last] => table()
            .get(&format!("{first} {last}").to_lowercase())
            .copied(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn historical_leaders_speak_for_their_state() {
        assert_eq!(historical_state("Adolf Hitler"), Some("DEU"));
        assert_eq!(historical_state("Hitler"), Some("DEU"));
        assert_eq!(historical_state("Maxim  Litvinov"), Some("RUS"));
        assert_eq!(historical_state("Józef Beck"), Some("POL"));
        assert_eq!(historical_state("Affairs Jozef Beck"), Some("POL"));
        // A patronymic or middle name between the table's first and last words.
        assert_eq!(historical_state("Leonid Ilyich Brezhnev"), Some("RUS"));
        assert_eq!(
            historical_state("Konstantin Ustinovich Chernenko"),
            Some("RUS")
        );
        // Another first name, or a first and last name of nobody's.
        assert_eq!(historical_state("Dmitry Ilyich Brezhnev"), None);
        assert_eq!(historical_state("John Fitzgerald Smith"), None);
        assert_eq!(historical_state("Neville Chamberlain"), Some("GBR"));
        // Often quoted from years out of office: not in the table.
        assert_eq!(historical_state("Winston Churchill"), None);
        // A bare common surname is nobody in particular.
        assert_eq!(historical_state("Beck"), None);
        assert_eq!(historical_state("Kennedy"), None);
        assert_eq!(historical_state("John Kennedy"), None);
        assert_eq!(historical_state("Chamberlain"), None);
        assert_eq!(historical_state("Eisenhower"), None);
        // Popes, by papal name: the Holy See.
        assert_eq!(historical_state("John Paul II"), Some("VAT"));
        assert_eq!(historical_state("Pope Francis"), Some("VAT"));
        assert_eq!(historical_state("Francis"), None);
        // A single surname at the end of a longer run is no match either.
        assert_eq!(historical_state("Governor Chamberlain"), None);
    }

    #[test]
    fn every_row_has_five_fields_and_a_code_of_three_letters() {
        let g = crate::actors::Gazetteer::embedded();
        let r = super::super::ActorResolver::new(&g);
        for line in include_str!("historical.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "{line}");
            assert_eq!(fields[0].len(), 3, "{line}");
            assert_eq!(fields[2].len(), 10, "{line}");
            // An open end: still in office.
            assert!(matches!(fields[3].len(), 0 | 10), "{line}");
            // Every code is a state of the gazetteer.
            assert!(r.party(fields[0]).is_some(), "{line}");
        }
    }
}

//! Bundled public-holiday rule sets: national rules for BR, DE, ES, FR, GB,
//! IT, PT, RO and US, and the rules of some of their subdivisions (ISO 3166-2
//! codes as the Python `holidays` package spells them: `"DE-BY"` is
//! `country("DE")` with subdivision `"BY"`; GB's are `"ENG"`, `"WLS"`,
//! `"SCT"` and `"NIR"`; FR's Alsace-Moselle is `"57"` (Moselle) and `"6AE"`
//! (Alsace)).
//!
//! Each holiday is one rule of the engine in [`super::holidays`]; a rule that
//! starts or ends between 2000 and 2050 says so with `from`/`to`, and a
//! holiday declared for one year only (a jubilee, a state funeral) is a
//! one-off date. The sets are public holidays only — days off by law in the
//! whole country or subdivision (the UK's bank holidays) — not optional days,
//! half days or holidays of some municipalities only.
//!
//! A subdivision's rules are added to the national ones, except the national
//! rules it lists in `omit` (by name): those do not apply there, or apply
//! with other substitute days, in which case the subdivision has its own
//! version of them (Massachusetts observes federal holidays on a Sunday only,
//! on the Monday; Scotland has its own New Year).
//!
//! The sets are checked year by year, 2000–2050 (Spain from 2008, where the
//! package starts), against the Python `holidays` package
//! (`tests/fixtures/holiday-reference.json`); the differences that remain,
//! and why, are listed in the tests at the end of this file.

use super::holidays::{Day, Observed, Rule};
use jiff::civil::{date, Weekday};
use std::borrow::Cow;

/// A country's holiday rules.
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: &'static str,
    /// Its name (in English).
    pub name: &'static str,
    /// Rules that apply in the whole country.
    pub rules: &'static [Rule],
    /// Subdivisions whose holidays differ from the national ones.
    pub subdivisions: &'static [Subdivision],
}

/// A subdivision (state, Land, nation, autonomous community, département…)
/// with holidays of its own.
#[derive(Debug)]
pub struct Subdivision {
    /// Its code, without the country prefix (`"BY"` for `DE-BY`).
    pub code: &'static str,
    /// Its name (in the local language).
    pub name: &'static str,
    /// Names of national rules that do not apply here (all rules of that
    /// name).
    pub omit: &'static [&'static str],
    /// Its own rules.
    pub rules: &'static [Rule],
}

/// The country with this ISO code (case-insensitive), if bundled.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// The rules of a country, or of one of its subdivisions (the national rules
/// it keeps, then its own); `None` for an unknown country or subdivision.
pub fn rules_for(country: &str, subdivision: Option<&str>) -> Option<Vec<Rule>> {
    let c = self::country(country)?;
    let Some(code) = subdivision else { return Some(c.rules.to_vec()) };
    let s = c.subdivisions.iter().find(|s| s.code.eq_ignore_ascii_case(code))?;
    let national = c.rules.iter().filter(|r| !s.omit.contains(&r.name.as_ref()));
    Some(national.chain(s.rules.iter()).cloned().collect())
}

/// Every bundled country.
pub static COUNTRIES: [Country; 9] = [BR, DE, ES, FR, GB, IT, PT, RO, US];

// ---------------------------------------------------------------------------
// Writing rules on one line.

const fn rule(day: Day, name: &'static str) -> Rule {
    Rule { day, observed: Observed::None, from: None, to: None, hours: None, name: Cow::Borrowed(name) }
}

/// Every year on this month and day.
const fn fixed(month: i8, day: i8, name: &'static str) -> Rule {
    rule(Day::Fixed { month, day }, name)
}

/// Days after (negative: before) Western Easter Sunday.
const fn easter(offset: i16, name: &'static str) -> Rule {
    rule(Day::Easter { offset, orthodox: false }, name)
}

/// Days after (negative: before) Orthodox Easter Sunday.
const fn orthodox(offset: i16, name: &'static str) -> Rule {
    rule(Day::Easter { offset, orthodox: true }, name)
}

/// The nth (negative: from the end) `weekday` of `month`.
const fn nth(nth: i8, weekday: Weekday, month: i8, name: &'static str) -> Rule {
    rule(Day::Nth { month, weekday, nth }, name)
}

/// The first `weekday` on or after `month`-`day`.
const fn on_or_after(weekday: Weekday, month: i8, day: i8, name: &'static str) -> Rule {
    rule(Day::Relative { month, day, weekday, after: true, inclusive: true }, name)
}

/// The last `weekday` before `month`-`day`.
const fn before(weekday: Weekday, month: i8, day: i8, name: &'static str) -> Rule {
    rule(Day::Relative { month, day, weekday, after: false, inclusive: false }, name)
}

/// One date.
const fn once(year: i16, month: i8, day: i8, name: &'static str) -> Rule {
    rule(Day::Date(date(year, month, day)), name)
}

impl Rule {
    /// With substitute days.
    const fn obs(mut self, observed: Observed) -> Rule {
        self.observed = observed;
        self
    }

    /// From `year` on.
    const fn since(mut self, year: i16) -> Rule {
        self.from = Some(year);
        self
    }

    /// Until `year` (inclusive).
    const fn until(mut self, year: i16) -> Rule {
        self.to = Some(year);
        self
    }
}

/// A subdivision: `sub!(code, name, [omit: national rule names,] rules)`.
/// A macro, not a `const fn`: the `&[…]` of rules lives in the constant only
/// when written in a struct literal.
macro_rules! sub {
    ($code:literal, $name:literal, omit: $omit:expr, $rules:expr $(,)?) => {
        Subdivision { code: $code, name: $name, omit: $omit, rules: $rules }
    };
    ($code:literal, $name:literal, $rules:expr $(,)?) => {
        Subdivision { code: $code, name: $name, omit: &[], rules: $rules }
    };
}

use Weekday::{Friday as FRI, Monday as MON, Sunday as SUN, Thursday as THU, Tuesday as TUE, Wednesday as WED};
/// Saturday → Friday, Sunday → Monday.
const NEAREST: Observed = Observed::NearestWeekday;
/// Sunday → Monday.
const SUN_MON: Observed = Observed::SundayToMonday;
/// Saturday or Sunday → Monday.
const WEEKEND_MON: Observed = Observed::WeekendToMonday;
/// Saturday or Sunday → the next weekday not already a holiday (of an
/// earlier rule: the order of rules matters).
const NEXT_FREE: Observed = Observed::NextFreeWeekday;
/// Saturday or Sunday, or a day already closed → the previous weekday not
/// already a holiday.
const PREV_FREE: Observed = Observed::PreviousFreeWeekday;

// ---------------------------------------------------------------------------

/// Brazil: Lei 662/1949 as amended (Lei 10.607/2002), Lei 6.802/1980 (Nossa
/// Senhora Aparecida), Lei 14.759/2023 (Consciência Negra national from
/// 2024); state laws (subdivision holidays).
pub const BR: Country = Country {
    code: "BR",
    name: "Brazil",
    rules: &[
        fixed(1, 1, "Confraternização Universal"),
        easter(-2, "Sexta-feira Santa"),
        fixed(4, 21, "Tiradentes"),
        fixed(5, 1, "Dia do Trabalhador"),
        fixed(9, 7, "Independência do Brasil"),
        fixed(10, 12, "Nossa Senhora Aparecida"),
        fixed(11, 2, "Finados"),
        fixed(11, 15, "Proclamação da República"),
        fixed(11, 20, "Dia Nacional de Zumbi e da Consciência Negra").since(2024),
        fixed(12, 25, "Natal"),
    ],
    subdivisions: &[
        sub!("BA", "Bahia", &[fixed(7, 2, "Independência da Bahia")]),
        sub!("DF", "Distrito Federal", &[fixed(4, 21, "Fundação de Brasília"), fixed(11, 30, "Dia do Evangélico")]),
        sub!("MG", "Minas Gerais", &[fixed(4, 21, "Execução de Tiradentes")]),
        sub!("PR", "Paraná", &[fixed(12, 19, "Emancipação do Paraná").until(2013), fixed(11, 15, "Nossa Senhora do Rocio").since(2014)]),
        sub!(
            "RJ",
            "Rio de Janeiro",
            &[
                easter(-47, "Carnaval").since(2009),
                fixed(4, 23, "São Jorge").since(2008),
                fixed(11, 20, "Consciência Negra").since(2002).until(2023),
            ],
        ),
        sub!("RS", "Rio Grande do Sul", &[fixed(9, 20, "Dia do Gaúcho")]),
        sub!("SP", "São Paulo", &[fixed(7, 9, "Revolução Constitucionalista")]),
    ],
};

// ---------------------------------------------------------------------------

const REFORMATIONSTAG: Rule = fixed(10, 31, "Reformationstag");
const FRONLEICHNAM: Rule = easter(60, "Fronleichnam");
const ALLERHEILIGEN: Rule = fixed(11, 1, "Allerheiligen");
const DREIKOENIG: Rule = fixed(1, 6, "Heilige Drei Könige");

/// Germany: national (Einigungsvertrag art. 2 for 3 October; the rest by every
/// Land's Feiertagsgesetz, alike); Reformation Day was a holiday everywhere in
/// 2017 (its 500th anniversary). Länder: their Feiertagsgesetze.
pub const DE: Country = Country {
    code: "DE",
    name: "Germany",
    rules: &[
        fixed(1, 1, "Neujahr"),
        easter(-2, "Karfreitag"),
        easter(1, "Ostermontag"),
        fixed(5, 1, "Erster Mai"),
        easter(39, "Christi Himmelfahrt"),
        easter(50, "Pfingstmontag"),
        fixed(10, 3, "Tag der Deutschen Einheit"),
        fixed(12, 25, "Erster Weihnachtstag"),
        fixed(12, 26, "Zweiter Weihnachtstag"),
        once(2017, 10, 31, "Reformationstag"),
    ],
    subdivisions: &[
        sub!("BB", "Brandenburg", &[easter(0, "Ostersonntag"), easter(49, "Pfingstsonntag"), REFORMATIONSTAG]),
        sub!(
            "BE",
            "Berlin",
            &[
                fixed(3, 8, "Frauentag").since(2019),
                once(2020, 5, 8, "75. Jahrestag der Befreiung vom Nationalsozialismus und der Beendigung des Zweiten Weltkriegs in Europa"),
                once(2025, 5, 8, "80. Jahrestag der Befreiung vom Nationalsozialismus und der Beendigung des Zweiten Weltkriegs in Europa"),
                once(2028, 6, 17, "75. Jahrestag des Aufstandes vom 17. Juni 1953"),
            ],
        ),
        sub!("BW", "Baden-Württemberg", &[DREIKOENIG, FRONLEICHNAM, ALLERHEILIGEN]),
        // Mariä Himmelfahrt (15 August) only in the municipalities with a
        // Catholic majority: not Land-wide.
        sub!("BY", "Bayern", &[DREIKOENIG, FRONLEICHNAM, ALLERHEILIGEN]),
        sub!("HB", "Bremen", &[REFORMATIONSTAG.since(2018)]),
        sub!("HE", "Hessen", &[FRONLEICHNAM]),
        sub!("HH", "Hamburg", &[REFORMATIONSTAG.since(2018)]),
        sub!("MV", "Mecklenburg-Vorpommern", &[fixed(3, 8, "Frauentag").since(2023), REFORMATIONSTAG]),
        sub!("NI", "Niedersachsen", &[REFORMATIONSTAG.since(2018)]),
        sub!("NW", "Nordrhein-Westfalen", &[FRONLEICHNAM, ALLERHEILIGEN]),
        sub!("RP", "Rheinland-Pfalz", &[FRONLEICHNAM, ALLERHEILIGEN]),
        sub!("SH", "Schleswig-Holstein", &[REFORMATIONSTAG.since(2018)]),
        sub!("SL", "Saarland", &[FRONLEICHNAM, fixed(8, 15, "Mariä Himmelfahrt"), ALLERHEILIGEN]),
        // Fronleichnam only in some (Catholic) municipalities of Sachsen and
        // Thüringen: not Land-wide.
        sub!("SN", "Sachsen", &[REFORMATIONSTAG, before(WED, 11, 23, "Buß- und Bettag")]),
        sub!("ST", "Sachsen-Anhalt", &[DREIKOENIG, REFORMATIONSTAG]),
        sub!("TH", "Thüringen", &[fixed(9, 20, "Weltkindertag").since(2019), REFORMATIONSTAG]),
    ],
};

// ---------------------------------------------------------------------------

const ES_NATIONAL_FIXED: &[&str] = &[
    "Año Nuevo",
    "Epifanía del Señor",
    "Fiesta del Trabajo",
    "Asunción de la Virgen",
    "Fiesta Nacional de España",
    "Todos los Santos",
    "Día de la Constitución Española",
    "Inmaculada Concepción",
    "Natividad del Señor",
];

/// The national fixed-date holidays, each moved from a Sunday to the Monday
/// (Andalucía, Aragón, Asturias), then `$extra` rules.
macro_rules! es_all_moved {
    ($($extra:expr),* $(,)?) => {
        &[
            fixed(1, 1, "Año Nuevo").obs(SUN_MON),
            fixed(1, 6, "Epifanía del Señor").obs(SUN_MON),
            fixed(5, 1, "Fiesta del Trabajo").obs(SUN_MON),
            fixed(8, 15, "Asunción de la Virgen").obs(SUN_MON),
            fixed(10, 12, "Fiesta Nacional de España").obs(SUN_MON),
            fixed(11, 1, "Todos los Santos").obs(SUN_MON),
            fixed(12, 6, "Día de la Constitución Española").obs(SUN_MON),
            fixed(12, 8, "Inmaculada Concepción").obs(SUN_MON),
            fixed(12, 25, "Natividad del Señor").obs(SUN_MON),
            $($extra),*
        ]
    };
}

const JUEVES_SANTO: Rule = easter(-3, "Jueves Santo");

/// Spain: the national holidays of the yearly resolution of the Ministry of
/// Labour (Estatuto de los Trabajadores art. 37.2; Real Decreto 2001/1983).
/// A national holiday on a Sunday is moved to the Monday by the communities
/// that choose to; the rules keep the Sunday date too. Communities: their
/// yearly decrees, as rules where their choices follow one (Andalucía, Aragón
/// and Asturias move every Sunday holiday), else as one-off dates (a day
/// chosen in place of a Sunday holiday).
pub const ES: Country = Country {
    code: "ES",
    name: "Spain",
    rules: &[
        fixed(1, 1, "Año Nuevo"),
        fixed(1, 6, "Epifanía del Señor"),
        easter(-2, "Viernes Santo"),
        fixed(5, 1, "Fiesta del Trabajo"),
        fixed(8, 15, "Asunción de la Virgen"),
        fixed(10, 12, "Fiesta Nacional de España"),
        fixed(11, 1, "Todos los Santos"),
        fixed(12, 6, "Día de la Constitución Española"),
        fixed(12, 8, "Inmaculada Concepción"),
        fixed(12, 25, "Natividad del Señor"),
    ],
    subdivisions: &[
        sub!("AN", "Andalucía", omit: ES_NATIONAL_FIXED, es_all_moved![fixed(2, 28, "Día de Andalucía").obs(SUN_MON), JUEVES_SANTO]),
        sub!("AR", "Aragón", omit: ES_NATIONAL_FIXED, es_all_moved![fixed(4, 23, "Día de San Jorge").obs(SUN_MON), JUEVES_SANTO]),
        sub!("AS", "Asturias", omit: ES_NATIONAL_FIXED, es_all_moved![fixed(9, 8, "Día de Asturias").obs(SUN_MON), JUEVES_SANTO]),
        sub!(
            "CT",
            "Catalunya",
            &[
                easter(1, "Lunes de Pascua"),
                fixed(6, 24, "San Juan"),
                fixed(9, 11, "Fiesta Nacional de Cataluña"),
                fixed(12, 26, "San Esteban"),
                // Whit Monday in the years 1 May fell on a Sunday (decrees).
                once(2011, 6, 13, "Día de la Pascua Granada"),
                once(2016, 5, 16, "Día de la Pascua Granada"),
                once(2022, 6, 6, "Día de la Pascua Granada"),
            ],
        ),
        sub!(
            "MD",
            "Comunidad de Madrid",
            omit: &["Epifanía del Señor", "Todos los Santos", "Día de la Constitución Española", "Natividad del Señor"],
            &[
                fixed(1, 6, "Epifanía del Señor").obs(SUN_MON),
                JUEVES_SANTO,
                // 2 May 2010 was a Sunday and not moved.
                fixed(5, 2, "Fiesta de la Comunidad de Madrid").obs(SUN_MON).until(2009),
                fixed(5, 2, "Fiesta de la Comunidad de Madrid").obs(SUN_MON).since(2011),
                fixed(11, 1, "Todos los Santos").until(2019),
                fixed(11, 1, "Todos los Santos").obs(SUN_MON).since(2020),
                fixed(12, 6, "Día de la Constitución Española").until(2019),
                fixed(12, 6, "Día de la Constitución Española").obs(SUN_MON).since(2020),
                fixed(12, 25, "Natividad del Señor").until(2015),
                fixed(12, 25, "Natividad del Señor").obs(SUN_MON).since(2016),
                // Days the yearly decrees added, mostly in place of a national
                // holiday on a Sunday.
                once(2008, 7, 25, "Santiago Apóstol"),
                once(2009, 3, 19, "San José"),
                once(2009, 6, 11, "Corpus Christi"),
                once(2010, 3, 19, "San José"),
                once(2010, 6, 3, "Corpus Christi"),
                once(2011, 6, 23, "Corpus Christi"),
                once(2011, 7, 25, "Santiago Apóstol"),
                once(2012, 3, 19, "San José"),
                once(2013, 3, 18, "Traslado de San José"),
                once(2014, 6, 19, "Corpus Christi"),
                once(2015, 3, 19, "San José"),
                once(2016, 7, 25, "Santiago Apóstol"),
                once(2017, 3, 20, "Lunes siguiente a San José"),
                once(2019, 12, 9, "Lunes siguiente a Inmaculada Concepción"),
                once(2021, 3, 19, "San José"),
                once(2022, 7, 25, "Santiago Apóstol"),
                once(2023, 3, 20, "Lunes siguiente a San José"),
                once(2024, 7, 25, "Santiago Apóstol"),
                once(2025, 7, 25, "Santiago Apóstol"),
            ],
        ),
    ],
};

// ---------------------------------------------------------------------------

const VENDREDI_SAINT: Rule = easter(-2, "Vendredi saint");
const SAINT_ETIENNE: Rule = fixed(12, 26, "Saint-Étienne");

/// France: Code du travail art. L3133-1; Whit Monday was the "journée de
/// solidarité", a working day, in 2005–2007 (Loi 2004-626; flexible since Loi
/// 2008-351). Alsace-Moselle (Moselle, Bas- and Haut-Rhin): art. L3134-13
/// adds Good Friday and 26 December. Overseas départements: abolition of
/// slavery (Loi 83-550, Décret 83-1003).
pub const FR: Country = Country {
    code: "FR",
    name: "France",
    rules: &[
        fixed(1, 1, "Jour de l'an"),
        easter(1, "Lundi de Pâques"),
        fixed(5, 1, "Fête du Travail"),
        fixed(5, 8, "Fête de la Victoire"),
        easter(39, "Ascension"),
        easter(50, "Lundi de Pentecôte").until(2004),
        easter(50, "Lundi de Pentecôte").since(2008),
        fixed(7, 14, "Fête nationale"),
        fixed(8, 15, "Assomption"),
        fixed(11, 1, "Toussaint"),
        fixed(11, 11, "Armistice"),
        fixed(12, 25, "Noël"),
    ],
    subdivisions: &[
        sub!("57", "Moselle", &[VENDREDI_SAINT, SAINT_ETIENNE]),
        sub!("6AE", "Alsace", &[VENDREDI_SAINT, SAINT_ETIENNE]),
        sub!(
            "971",
            "Guadeloupe",
            &[VENDREDI_SAINT, easter(-24, "Mi-Carême"), fixed(5, 27, "Abolition de l'esclavage"), fixed(7, 21, "Fête de Victor Schoelcher")],
        ),
        sub!("972", "Martinique", &[fixed(5, 22, "Abolition de l'esclavage"), fixed(7, 21, "Fête de Victor Schoelcher")]),
        sub!("973", "Guyane", &[fixed(6, 10, "Abolition de l'esclavage")]),
        sub!("974", "La Réunion", &[fixed(12, 20, "Abolition de l'esclavage")]),
        sub!("976", "Mayotte", &[fixed(4, 27, "Abolition de l'esclavage")]),
    ],
};

// ---------------------------------------------------------------------------

const GB_SPRING: &str = "Spring Bank Holiday";
const EASTER_MONDAY: Rule = easter(1, "Easter Monday");
const LATE_SUMMER: Rule = nth(-1, MON, 8, "Late Summer Bank Holiday");

/// United Kingdom: Banking and Financial Dealings Act 1971 and the yearly
/// proclamations (substitute days; May Day moved to 8 May in 2020; the Spring
/// Bank Holiday moved for the jubilees of 2002, 2012 and 2022; one-off bank
/// holidays). The national set is what every part of the UK shares; Scotland
/// has its own New Year (1 and 2 January) and substitute days.
pub const GB: Country = Country {
    code: "GB",
    name: "United Kingdom",
    rules: &[
        fixed(1, 1, "New Year's Day").obs(WEEKEND_MON),
        easter(-2, "Good Friday"),
        nth(1, MON, 5, "May Day").until(2019),
        once(2020, 5, 8, "May Day"),
        nth(1, MON, 5, "May Day").since(2021),
        nth(-1, MON, 5, GB_SPRING).until(2001),
        once(2002, 6, 4, GB_SPRING),
        nth(-1, MON, 5, GB_SPRING).since(2003).until(2011),
        once(2012, 6, 4, GB_SPRING),
        nth(-1, MON, 5, GB_SPRING).since(2013).until(2021),
        once(2022, 6, 2, GB_SPRING),
        nth(-1, MON, 5, GB_SPRING).since(2023),
        // Christmas first: on a Saturday it takes Monday the 27th and Boxing
        // Day Tuesday the 28th.
        fixed(12, 25, "Christmas Day").obs(NEXT_FREE),
        fixed(12, 26, "Boxing Day").obs(NEXT_FREE),
        once(2002, 6, 3, "Golden Jubilee of Elizabeth II"),
        once(2011, 4, 29, "Wedding of William and Catherine"),
        once(2012, 6, 5, "Diamond Jubilee of Elizabeth II"),
        once(2022, 6, 3, "Platinum Jubilee of Elizabeth II"),
        once(2022, 9, 19, "State Funeral of Queen Elizabeth II"),
        once(2023, 5, 8, "Coronation of Charles III"),
    ],
    subdivisions: &[
        sub!("ENG", "England", &[EASTER_MONDAY, LATE_SUMMER]),
        sub!("WLS", "Wales", &[EASTER_MONDAY, LATE_SUMMER]),
        sub!(
            "SCT",
            "Scotland",
            omit: &["New Year's Day", "Christmas Day", "Boxing Day"],
            &[
                // 1 January first: on a Saturday it takes Monday the 3rd and
                // 2 January Tuesday the 4th.
                fixed(1, 1, "New Year's Day").obs(NEXT_FREE),
                fixed(1, 2, "New Year Holiday").obs(NEXT_FREE),
                nth(1, MON, 8, "Summer Bank Holiday"),
                fixed(11, 30, "Saint Andrew's Day").obs(WEEKEND_MON).since(2006),
                fixed(12, 25, "Christmas Day").obs(NEXT_FREE),
                fixed(12, 26, "Boxing Day").obs(NEXT_FREE),
                once(2026, 6, 15, "Scotland's participation in the FIFA World Cup final"),
            ],
        ),
        sub!(
            "NIR",
            "Northern Ireland",
            &[
                EASTER_MONDAY,
                LATE_SUMMER,
                fixed(3, 17, "Saint Patrick's Day").obs(WEEKEND_MON),
                fixed(7, 12, "Battle of the Boyne").obs(WEEKEND_MON),
            ],
        ),
    ],
};

// ---------------------------------------------------------------------------

const SAN_GIOVANNI: Rule = fixed(6, 24, "San Giovanni Battista");

/// Italy: Legge 260/1949 and its amendments (Legge 54/1977; Festa della
/// Repubblica back on 2 June from 2001, Legge 336/2000; Saint Francis on
/// 4 October from 2026, Legge 151/2025); 17 March 2011 (150 years of
/// unification, Decreto-legge 5/2011). Provinces: patron saints of the
/// capital (Bolzano/Südtirol: Whit Monday, Landesgesetz 36/1992).
pub const IT: Country = Country {
    code: "IT",
    name: "Italy",
    rules: &[
        fixed(1, 1, "Capodanno"),
        fixed(1, 6, "Epifania"),
        once(2011, 3, 17, "Anniversario dell'Unità d'Italia"),
        easter(0, "Pasqua"),
        easter(1, "Lunedì dell'Angelo"),
        fixed(4, 25, "Anniversario della Liberazione"),
        fixed(5, 1, "Festa del Lavoro"),
        nth(1, SUN, 6, "Festa della Repubblica").until(2000),
        fixed(6, 2, "Festa della Repubblica").since(2001),
        fixed(8, 15, "Assunzione della Beata Vergine Maria"),
        fixed(10, 4, "Festa nazionale di San Francesco d'Assisi, patrono d'Italia").since(2026),
        fixed(11, 1, "Ognissanti"),
        nth(1, SUN, 11, "Giorno dell'unità nazionale"),
        fixed(12, 8, "Immacolata Concezione"),
        fixed(12, 25, "Natale"),
        fixed(12, 26, "Santo Stefano"),
    ],
    subdivisions: &[
        sub!("BZ", "Bolzano/Bozen", &[easter(50, "Lunedì di Pentecoste")]),
        sub!("FI", "Firenze", &[SAN_GIOVANNI]),
        sub!("MI", "Milano", &[fixed(12, 7, "Sant'Ambrogio")]),
        sub!("NA", "Napoli", &[fixed(9, 19, "San Gennaro")]),
        sub!("RM", "Roma", &[fixed(6, 29, "Santi Pietro e Paolo")]),
        sub!("TO", "Torino", &[SAN_GIOVANNI]),
    ],
};

// ---------------------------------------------------------------------------

/// Portugal: Código do Trabalho art. 234; Corpus Christi, 5 October,
/// 1 November and 1 December were suspended in 2013–2015 (Lei 23/2012,
/// restored by Lei 8/2016). Municipal holidays of the district capitals;
/// the autonomous regions' days.
pub const PT: Country = Country {
    code: "PT",
    name: "Portugal",
    rules: &[
        fixed(1, 1, "Ano Novo"),
        easter(-2, "Sexta-feira Santa"),
        easter(0, "Páscoa"),
        fixed(4, 25, "Dia da Liberdade"),
        fixed(5, 1, "Dia do Trabalhador"),
        easter(60, "Corpo de Deus").until(2012),
        easter(60, "Corpo de Deus").since(2016),
        fixed(6, 10, "Dia de Portugal, de Camões e das Comunidades Portuguesas"),
        fixed(8, 15, "Assunção de Nossa Senhora"),
        fixed(10, 5, "Implantação da República").until(2012),
        fixed(10, 5, "Implantação da República").since(2016),
        fixed(11, 1, "Dia de Todos os Santos").until(2012),
        fixed(11, 1, "Dia de Todos os Santos").since(2016),
        fixed(12, 1, "Restauração da Independência").until(2012),
        fixed(12, 1, "Restauração da Independência").since(2016),
        fixed(12, 8, "Imaculada Conceição"),
        fixed(12, 25, "Dia de Natal"),
    ],
    subdivisions: &[
        sub!("11", "Lisboa", &[fixed(6, 13, "Dia de Santo António")]),
        sub!("13", "Porto", &[fixed(6, 24, "Dia de São João")]),
        sub!("20", "Região Autónoma dos Açores", &[easter(50, "Dia da Região Autónoma dos Açores")]),
        sub!(
            "30",
            "Região Autónoma da Madeira",
            &[fixed(7, 1, "Dia da Região Autónoma da Madeira e das Comunidades Madeirenses"), fixed(12, 26, "Primeira Oitava").since(2002)],
        ),
    ],
};

// ---------------------------------------------------------------------------

/// Romania: Codul muncii art. 139 and its amendments (Pentecost and
/// 15 August from 2009, 30 November from 2012, 24 January and 1 June from
/// 2017, Good Friday from 2018, 6 and 7 January from 2024). Easter and
/// Pentecost are Orthodox.
pub const RO: Country = Country {
    code: "RO",
    name: "Romania",
    rules: &[
        fixed(1, 1, "Anul Nou"),
        fixed(1, 2, "Anul Nou"),
        fixed(1, 6, "Botezul Domnului - Boboteaza").since(2024),
        fixed(1, 7, "Soborul Sfântului Proroc Ioan Botezătorul").since(2024),
        fixed(1, 24, "Ziua Unirii Principatelor Române").since(2017),
        orthodox(-2, "Vinerea Mare").since(2018),
        orthodox(0, "Paștele"),
        orthodox(1, "Paștele"),
        fixed(5, 1, "Ziua Muncii"),
        fixed(6, 1, "Ziua Copilului").since(2017),
        orthodox(49, "Rusaliile").since(2009),
        orthodox(50, "Rusaliile").since(2009),
        fixed(8, 15, "Adormirea Maicii Domnului").since(2009),
        fixed(11, 30, "Sfântul Apostol Andrei, cel Întâi chemat, Ocrotitorul României").since(2012),
        fixed(12, 1, "Ziua Națională a României"),
        fixed(12, 25, "Crăciunul"),
        fixed(12, 26, "Crăciunul"),
    ],
    subdivisions: &[],
};

// ---------------------------------------------------------------------------

/// United States: federal holidays (5 U.S.C. 6103; Juneteenth from 2021),
/// observed on the Friday before or the Monday after (Executive Order 11582).
/// States: their codes (California Government Code 6700, New York General
/// Construction Law 24, Texas Government Code 662, Massachusetts General Laws
/// ch. 4 § 7, which moves only a Sunday holiday, to the Monday).
pub const US: Country = Country {
    code: "US",
    name: "United States",
    rules: &[
        fixed(1, 1, "New Year's Day").obs(NEAREST),
        nth(3, MON, 1, "Martin Luther King Jr. Day"),
        nth(3, MON, 2, "Washington's Birthday"),
        nth(-1, MON, 5, "Memorial Day"),
        fixed(6, 19, "Juneteenth National Independence Day").obs(NEAREST).since(2021),
        fixed(7, 4, "Independence Day").obs(NEAREST),
        nth(1, MON, 9, "Labor Day"),
        nth(2, MON, 10, "Columbus Day"),
        fixed(11, 11, "Veterans Day").obs(NEAREST),
        nth(4, THU, 11, "Thanksgiving Day"),
        fixed(12, 25, "Christmas Day").obs(NEAREST),
    ],
    subdivisions: &[
        sub!(
            "CA",
            "California",
            omit: &["Washington's Birthday", "Columbus Day"],
            &[
                fixed(2, 12, "Lincoln's Birthday").obs(NEAREST).until(2009),
                fixed(2, 15, "Susan B. Anthony Day").since(2014),
                nth(3, MON, 2, "Presidents' Day"),
                fixed(3, 31, "Cesar Chavez Day").obs(SUN_MON),
                nth(2, MON, 10, "Columbus Day").until(2008),
                on_or_after(FRI, 11, 23, "Day After Thanksgiving"),
            ],
        ),
        sub!(
            "MA",
            "Massachusetts",
            omit: &["New Year's Day", "Juneteenth National Independence Day", "Independence Day", "Veterans Day", "Christmas Day"],
            &[
                fixed(1, 1, "New Year's Day").obs(SUN_MON),
                nth(3, MON, 4, "Patriots' Day"),
                fixed(6, 19, "Juneteenth National Independence Day").obs(SUN_MON).since(2021),
                fixed(7, 4, "Independence Day").obs(SUN_MON),
                fixed(11, 11, "Veterans Day").obs(SUN_MON),
                fixed(12, 25, "Christmas Day").obs(SUN_MON),
            ],
        ),
        sub!(
            "NY",
            "New York",
            &[
                fixed(2, 12, "Lincoln's Birthday").obs(NEAREST),
                fixed(2, 15, "Susan B. Anthony Day").since(2004),
                // Every year from 2015; before, in even years.
                once(2008, 11, 4, "Election Day"),
                once(2010, 11, 2, "Election Day"),
                once(2012, 11, 6, "Election Day"),
                once(2014, 11, 4, "Election Day"),
                on_or_after(TUE, 11, 2, "Election Day").since(2015),
            ],
        ),
        sub!(
            "TX",
            "Texas",
            omit: &["Washington's Birthday", "Columbus Day"],
            &[
                fixed(1, 19, "Confederate Heroes Day"),
                nth(3, MON, 2, "Presidents' Day"),
                fixed(3, 2, "Texas Independence Day"),
                fixed(3, 31, "Cesar Chavez Day"),
                easter(-2, "Good Friday"),
                fixed(4, 21, "San Jacinto Day"),
                fixed(6, 19, "Emancipation Day in Texas"),
                fixed(8, 27, "Lyndon Baines Johnson Day"),
                on_or_after(FRI, 11, 23, "Friday After Thanksgiving"),
                // Gov't Code § 662.003: Christmas Eve moves before a
                // Christmas observed on Friday the 24th, or off a weekend.
                fixed(12, 24, "Christmas Eve").obs(PREV_FREE),
                fixed(12, 26, "Day After Christmas"),
            ],
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::holidays::dates_in;

    /// Dates from the Python `holidays` package (see
    /// tests/fixtures/generate_holiday_reference.py): `{ "holidaysVersion":
    /// …, "sets": { "US-CA": { "2000": ["2000-01-01", …], … }, … } }`.
    const REFERENCE: &str = include_str!("../../tests/fixtures/holiday-reference.json");

    /// Differences from the reference, one date each: (set, date, why).
    /// Each must occur.
    const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
        ("ES-CT", "2033-06-06", CT_WHIT_MONDAY),
        ("ES-CT", "2039-05-30", CT_WHIT_MONDAY),
        ("ES-CT", "2044-06-06", CT_WHIT_MONDAY),
        ("ES-CT", "2050-05-30", CT_WHIT_MONDAY),
        ("ES-MD", "2027-03-19", MD_SUBSTITUTE),
        ("ES-MD", "2032-03-19", MD_SUBSTITUTE),
        ("ES-MD", "2033-07-25", MD_SUBSTITUTE),
        ("ES-MD", "2034-03-20", MD_SUBSTITUTE),
        ("ES-MD", "2038-03-19", MD_SUBSTITUTE),
        ("ES-MD", "2039-07-25", MD_SUBSTITUTE),
        ("ES-MD", "2040-03-19", MD_SUBSTITUTE),
        ("ES-MD", "2044-07-25", MD_SUBSTITUTE),
        ("ES-MD", "2045-03-20", MD_SUBSTITUTE),
        ("ES-MD", "2049-03-19", MD_SUBSTITUTE),
        ("ES-MD", "2050-07-25", MD_SUBSTITUTE),
        ("US-CA", "2026-11-08", DIWALI),
        ("US-CA", "2027-10-29", DIWALI),
        ("US-CA", "2028-10-17", DIWALI),
        ("US-CA", "2029-11-05", DIWALI),
        ("US-CA", "2030-10-26", DIWALI),
        ("US-CA", "2031-11-14", DIWALI),
        ("US-CA", "2032-11-02", DIWALI),
        ("US-CA", "2033-10-22", DIWALI),
        ("US-CA", "2035-10-30", DIWALI),
    ];

    /// California made Diwali a state holiday from 2026 (AB 268, 2025).
    const DIWALI: &str = "only python-holidays: Diwali (California, from 2026) follows the Hindu lunisolar calendar, which the engine does not compute; python-holidays tabulates it to 2035 (2034-11-10 coincides with Veterans Day observed)";
    /// Catalonia gave Whit Monday when 1 May fell on a Sunday (2011, 2016,
    /// 2022, by decree; in the data).
    const CT_WHIT_MONDAY: &str = "only python-holidays: Whit Monday projected for a future year in which 1 May is a Sunday; not decreed yet, and the engine cannot make a holiday depend on another's weekday";
    /// Madrid chooses San José or Santiago in place of a national holiday
    /// on a Sunday (decreed years in the data).
    const MD_SUBSTITUTE: &str = "only python-holidays: San José (19 March, or the Monday after) or Santiago (25 July) projected for a future year in which a national holiday falls on a Sunday; not decreed yet, and the engine cannot make a holiday depend on another's weekday";

    /// Sets in which the reference leaves out a holiday that falls on a
    /// Sunday, while our rule keeps its date (a Sunday, so no working day is
    /// lost): (set, why). Only such differences — a Sunday we have and the
    /// reference has not — are excused, and each listed set must have some.
    const SUNDAYS_KEPT: &[(&str, &str)] = &[
        ("ES", ES_SUNDAY_DROPPED),
        ("ES-AN", ES_SUNDAY_MOVED),
        ("ES-AR", ES_SUNDAY_MOVED),
        ("ES-AS", ES_SUNDAY_MOVED),
        ("ES-CT", ES_SUNDAY_DROPPED),
        ("ES-MD", ES_SUNDAY_MOVED),
    ];
    /// `SUN_TO_NONE` in python-holidays.
    const ES_SUNDAY_DROPPED: &str = "python-holidays leaves out a holiday that falls on a Sunday (not moved that year); the engine cannot drop a rule's date by its weekday";
    /// `_move_holiday` in python-holidays.
    const ES_SUNDAY_MOVED: &str = "python-holidays moves a holiday on a Sunday to the Monday and drops the Sunday (or, where it is not moved, leaves it out); the engine keeps a rule's date beside its observed day";

    /// Just enough JSON for the reference: objects, arrays, strings.
    #[derive(Debug)]
    enum Json {
        Str(String),
        Arr(Vec<Json>),
        Obj(Vec<(String, Json)>),
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn ws(&mut self) {
            while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
        }

        fn eat(&mut self, c: u8) -> bool {
            self.ws();
            let ok = self.s.get(self.i) == Some(&c);
            if ok {
                self.i += 1;
            }
            ok
        }

        fn expect(&mut self, c: u8) {
            assert!(self.eat(c), "reference JSON: expected {:?} at byte {}", c as char, self.i);
        }

        fn string(&mut self) -> String {
            self.expect(b'"');
            let start = self.i;
            while self.s[self.i] != b'"' {
                assert_ne!(self.s[self.i], b'\\', "reference JSON: no escapes expected (byte {})", self.i);
                self.i += 1;
            }
            self.i += 1;
            String::from_utf8(self.s[start..self.i - 1].to_vec()).unwrap()
        }

        fn value(&mut self) -> Json {
            self.ws();
            match self.s[self.i] {
                b'"' => Json::Str(self.string()),
                b'[' => {
                    self.i += 1;
                    let mut v = Vec::new();
                    if !self.eat(b']') {
                        loop {
                            v.push(self.value());
                            if self.eat(b']') {
                                break;
                            }
                            self.expect(b',');
                        }
                    }
                    Json::Arr(v)
                }
                b'{' => {
                    self.i += 1;
                    let mut v = Vec::new();
                    if !self.eat(b'}') {
                        loop {
                            let k = self.string();
                            self.expect(b':');
                            v.push((k, self.value()));
                            if self.eat(b'}') {
                                break;
                            }
                            self.expect(b',');
                        }
                    }
                    Json::Obj(v)
                }
                c => panic!("reference JSON: unexpected {:?} at byte {}", c as char, self.i),
            }
        }
    }

    fn obj(j: &Json) -> &[(String, Json)] {
        match j {
            Json::Obj(v) => v,
            _ => panic!("reference JSON: expected an object"),
        }
    }

    fn get<'a>(j: &'a Json, key: &str) -> &'a Json {
        &obj(j).iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("reference JSON: no {key:?}")).1
    }

    /// (set, year, reference dates) for every set-year of the reference.
    fn reference() -> (String, Vec<(String, i16, Vec<String>)>) {
        let mut p = Parser { s: REFERENCE.as_bytes(), i: 0 };
        let root = p.value();
        p.ws();
        assert_eq!(p.i, p.s.len(), "reference JSON: trailing data");
        let Json::Str(version) = get(&root, "holidaysVersion") else { panic!("reference JSON: holidaysVersion") };
        let mut out = Vec::new();
        for (set, years) in obj(get(&root, "sets")) {
            for (year, dates) in obj(years) {
                let Json::Arr(dates) = dates else { panic!("reference JSON: {set} {year}: expected a list") };
                let dates = dates
                    .iter()
                    .map(|d| match d {
                        Json::Str(s) => s.clone(),
                        _ => panic!("reference JSON: {set} {year}: expected dates"),
                    })
                    .collect();
                out.push((set.clone(), year.parse().unwrap(), dates));
            }
        }
        (version.clone(), out)
    }

    /// The rules of a set name ("US", "US-CA").
    fn rules_of(set: &str) -> Option<Vec<Rule>> {
        match set.split_once('-') {
            Some((c, s)) => rules_for(c, Some(s)),
            None => rules_for(set, None),
        }
    }

    #[test]
    fn rules_match_python_holidays_2000_to_2050() {
        let (version, sets) = reference();
        let mut compared = 0;
        let mut listed_seen = vec![false; KNOWN_DIFFERENCES.len()];
        let mut sundays_seen = vec![0; SUNDAYS_KEPT.len()];
        let mut unexplained = Vec::new();
        for (set, year, theirs) in &sets {
            let rules = rules_of(set).unwrap_or_else(|| panic!("{set}: in the reference but not bundled"));
            let ours: Vec<String> = dates_in(&rules, *year).into_iter().filter(|(_, h)| h.is_none()).map(|(d, _)| d.to_string()).collect();
            compared += 1;
            let only_ours = ours.iter().filter(|d| !theirs.contains(d)).map(|d| (d, true));
            let only_theirs = theirs.iter().filter(|d| !ours.contains(d)).map(|d| (d, false));
            for (d, ours_only) in only_ours.chain(only_theirs) {
                if let Some(k) = KNOWN_DIFFERENCES.iter().position(|(s, kd, _)| s == set && kd == d) {
                    listed_seen[k] = true;
                    continue;
                }
                let sunday = d.parse::<jiff::civil::Date>().unwrap().weekday() == Weekday::Sunday;
                if let Some(k) = SUNDAYS_KEPT.iter().position(|(s, _)| s == set).filter(|_| ours_only && sunday) {
                    sundays_seen[k] += 1;
                    continue;
                }
                let names: Vec<&str> = rules.iter().filter(|r| r.base(*year).is_some_and(|b| b.to_string() == *d)).map(|r| r.name.as_ref()).collect();
                unexplained.push(format!(
                    "{set} {d} ({}): {}",
                    d.parse::<jiff::civil::Date>().unwrap().weekday().to_monday_one_offset(),
                    if ours_only { format!("only ours {names:?}") } else { "only python-holidays".to_string() }
                ));
            }
        }
        // Every bundled subdivision is in the reference.
        for c in &COUNTRIES {
            for name in std::iter::once(c.code.to_string()).chain(c.subdivisions.iter().map(|s| format!("{}-{}", c.code, s.code))) {
                assert!(sets.iter().any(|(s, _, _)| *s == name), "{name}: bundled but not in the reference");
            }
        }
        let stale: Vec<_> = KNOWN_DIFFERENCES.iter().zip(&listed_seen).filter(|(_, seen)| !**seen).map(|(k, _)| k).collect();
        let stale_sundays: Vec<_> = SUNDAYS_KEPT.iter().zip(&sundays_seen).filter(|(_, n)| **n == 0).map(|(k, _)| k).collect();
        let sundays: usize = sundays_seen.iter().sum();
        println!(
            "python-holidays {version}: {compared} set-years compared; {} differences: {} listed, {sundays} Sundays kept, {} unexplained",
            KNOWN_DIFFERENCES.len() + sundays + unexplained.len(),
            KNOWN_DIFFERENCES.len(),
            unexplained.len()
        );
        assert!(unexplained.is_empty(), "{} unexplained differences:\n{}", unexplained.len(), unexplained.join("\n"));
        assert!(stale.is_empty(), "listed differences that do not occur: {stale:?}");
        assert!(stale_sundays.is_empty(), "sets listed in SUNDAYS_KEPT without such a difference: {stale_sundays:?}");
    }

    #[test]
    fn lookups() {
        assert_eq!(country("de").map(|c| c.code), Some("DE"));
        assert!(country("XX").is_none());
        assert!(rules_for("XX", None).is_none());
        assert!(rules_for("DE", Some("XX")).is_none(), "an unknown subdivision is not the country");
        assert_eq!(rules_for("DE", None).unwrap().len(), DE.rules.len());
        assert_eq!(rules_for("DE", Some("by")).unwrap().len(), DE.rules.len() + 3);
        // Massachusetts keeps its own version of the federal holidays it
        // observes differently, once each.
        let ma = rules_for("US", Some("MA")).unwrap();
        let july4: Vec<_> = ma.iter().filter(|r| r.name == "Independence Day").map(|r| r.observed).collect();
        assert_eq!(july4, [Observed::SundayToMonday]);
        for c in &COUNTRIES {
            let mut codes: Vec<_> = c.subdivisions.iter().map(|s| s.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), c.subdivisions.len(), "{}: a subdivision code twice", c.code);
            for s in c.subdivisions {
                for name in s.omit {
                    assert!(c.rules.iter().any(|r| r.name == *name), "{}-{}: omits {name:?}, which is no national rule", c.code, s.code);
                }
            }
        }
    }
}

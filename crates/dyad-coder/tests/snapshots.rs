//! Snapshot tests of the event records for tricky sentences. Review changes with
//! `cargo insta review`; every snapshot shows the `rule` that explains each event.

use chrono::NaiveDate;
use dyad_coder::{ArticleContext, Coder};
use dyad_core::Article;

fn code(text: &str) -> String {
    let a = Article::sentence("t", text, NaiveDate::from_ymd_opt(2025, 12, 11));
    let events = Coder::new().code_sentence(&a, 0, text, &mut ArticleContext::default());
    let lines: Vec<String> = events
        .iter()
        .map(|e| {
            let codes = |v: &[dyad_core::ActorRef]| {
                v.iter()
                    .map(|a| a.code.clone())
                    .collect::<Vec<_>>()
                    .join("+")
            };
            format!(
                "{} {} -> {} [{}] {} date={} bg={} attr={}\n  rule: {}",
                codes(&e.source),
                e.event.cameo,
                codes(&e.target),
                e.trigger.text,
                e.modality.as_str(),
                e.date.as_deref().unwrap_or("-"),
                e.background,
                e.attributed_to
                    .as_ref()
                    .map(|a| a.code.as_str())
                    .unwrap_or("-"),
                e.rule
            )
        })
        .collect();
    format!("{text}\n{}", lines.join("\n"))
}

macro_rules! snapshot {
    ($name:ident, $text:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(code($text));
        }
    };
}

snapshot!(
    passive_with_agent,
    "A Venezuelan oil tanker was seized by U.S. forces on Wednesday."
);
snapshot!(
    compound_subject,
    "Russia and Venezuela signed a partnership agreement in May."
);
snapshot!(
    negated_meeting,
    "Iran did not meet with U.S. officials last week."
);
snapshot!(future_support, "Russia will continue to support Venezuela.");
snapshot!(
    hypothetical_attack,
    "If talks fail, Israel could attack Iran."
);
snapshot!(
    accusation_content,
    "Washington has accused Venezuela's leftist leader of leading a drug cartel."
);
snapshot!(
    claim_by_speaker,
    "Maduro has said the U.S. is seeking regime change."
);
snapshot!(
    reported_speech,
    "Russian troops seized a Ukrainian ship, the Ukrainian navy said."
);
snapshot!(no_verb_headline, "VENEZUELA CRISIS: LATEST");
snapshot!(unknown_names, "Zorblax attacked Quuxland on Monday.");
snapshot!(list_without_events, "Apples, oranges, pears and plums.");
snapshot!(aggregate_casualties, "At least 87 people have been killed in 22 U.S. strikes on boats in the Caribbean Sea since September.");
snapshot!(
    refusal_is_the_event,
    "Israel declined to meet Palestinian officials."
);
snapshot!(
    purpose_clause_of_an_object,
    "Egyptian police opened fire to disperse Islamist demonstrators on Monday night."
);
snapshot!(
    deployed_without_actors,
    "She had, in fact, been deployed to Deir ez-Zor."
);
snapshot!(
    lowercase_name_particle,
    "Osama bin Laden's al-Qaeda network threatened the United States, and al Qaeda fighters attacked Yemeni troops."
);
snapshot!(
    pattern_words_in_the_phrase,
    "Japan on Tuesday gave Indonesia two million dollars of emergency aid."
);
snapshot!(
    pattern_without_its_preposition,
    "Israel and Syria renewed negotiations today on a water agreement."
);
snapshot!(
    religious_groups,
    "Sunni militants attacked Shiite pilgrims near Karbala."
);
snapshot!(
    ethnic_group_of_a_country,
    "Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday."
);
snapshot!(
    military_and_labour_strikes,
    "Russian air strikes killed 12 civilians in Idlib on Monday. A strike by Syrian teachers closed schools in Damascus."
);
snapshot!(
    must_clause_is_a_demand,
    "Turkey said on Monday that Greece must withdraw its troops from the islands."
);
snapshot!(
    must_clause_before_the_speaker,
    "Iran and Iraq must reopen the border, the United Nations said."
);
snapshot!(
    it_is_the_speaker_of_the_same_sentence,
    "Syria said on Monday it had released 40 Lebanese prisoners."
);
snapshot!(
    requested_act_is_no_event,
    "China demanded that the United States cancel its arms sales to Taiwan."
);
snapshot!(
    stative_participle_keeps_its_subject,
    "Turkey is opposed to Swedish membership of NATO."
);
snapshot!(
    they_is_the_speaker_of_the_same_sentence,
    "Houthi rebels said they attacked a Greek tanker in the Red Sea."
);
snapshot!(
    content_of_a_denied_charge_is_claimed,
    "Serbia denied charges by Croatia that Serbian troops had shelled Vukovar."
);
snapshot!(
    agent_with_its_country_after_it,
    "Opposition parties in Nepal organized a general strike in Kathmandu."
);
snapshot!(
    undoing_an_event_is_yielding,
    "Thailand cancelled the restrictions on foreign journalists, and Thai protesters called off their protests on Monday."
);
snapshot!(
    a_leaders_government,
    "The Assad regime expelled the French ambassador, and the Maduro government welcomed the move."
);
snapshot!(
    agent_of_an_organisation,
    "Fighters from Hamas attacked Israeli troops near Gaza."
);
snapshot!(
    the_reporter_is_not_the_target,
    "Five hundred Ugandan rebels surrendered last week, a Kenyan official said."
);
snapshot!(
    states_in_a_name_is_no_speech_verb,
    "The United States called on Israel to withdraw its troops from Gaza."
);
snapshot!(
    reported_meeting_splits_its_compound,
    "The United States and Jordan agreed on a free-trade pact, the White House announced."
);
snapshot!(
    fundamentalists_are_an_agent,
    "Islamic fundamentalists began a hunger strike in Algiers."
);
snapshot!(
    a_speech_with_nothing_else_is_a_statement,
    "Turkish President Turgut Ozal said on Wednesday he was confident that the United States would remove the irritants."
);
snapshot!(
    demand_whose_clause_the_parse_missed,
    "Opposition groups in Zimbabwe are demanding that President Robert Mugabe abandon his policy of land confiscations."
);
snapshot!(
    reduced_passive_describes_its_target,
    "Interpol will help identify the victims killed by Russian forces in Ukraine."
);
snapshot!(
    what_a_refusal_turns_down_did_not_happen,
    "UNITA refused to allow United Nations planes to land and evacuate its observers."
);
snapshot!(
    demand_noun_with_its_clause,
    "The International Labor Organization reiterated its demand that Israel ease restrictions on Palestinian workers."
);
snapshot!(
    arrest_without_agent_is_by_the_country,
    "A Canadian missionary was arrested in Lebanon on Monday."
);
snapshot!(
    led_forces_are_the_leaders,
    "US-led forces have retaken the town of Falluja."
);
snapshot!(
    denial_is_aimed_at_the_accuser,
    "The government of Liberia denied on Thursday the charges by Ivory Coast."
);
snapshot!(
    denied_charge_is_claimed_by_its_accuser,
    "The government of Liberia denied on Thursday charges by Ivory Coast that Monrovia is committing genocide."
);

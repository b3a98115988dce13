// Which words report speech: the verbs that attribute a quote on either side of it (`said`,
// `told`, `put it`), and the wider set that only attributes a quote inside its own sentence
// (`called it “a disgrace”`, `blasted … for being “…”`). The speaker finders (speaker-find.ts,
// speaker-phrase.ts) and the scare-quote rules (scare-quote.ts) read speech from these lists.

export const VERB_LIST =
  'said|says|say|told|tells|added|adds|wrote|writes|stated|states|continued|continues|' +
  'explained|explains|noted|notes|argued|argues|asked|asks|replied|replies|responded|responds|' +
  'declared|declares|insisted|insists|claimed|claims|tweeted|tweets|posted|warned|warns|' +
  'recalled|recalls|announced|announces|acknowledged|acknowledges|admitted|admits|emphasized|' +
  'stressed|remarked|testified|conceded|countered|quipped|joked|shouted|chanted|urged|urges|' +
  'vowed|predicted|suggested|concluded|cautioned|complained|boasted|wondered|went on|pointed out|' +
  'demanded|asserted|scolded|sings|sang|reads|read|yelled|yells|commented|observed|reported|' +
  'reports|confirmed|recounted|mused|snapped|agreed|objected|protested|retorted|whispered|' +
  'exclaimed|put it|puts it|texted|emailed|maintained|affirmed|promised|lamented|interjected|' +
  'offered|answered';
// Cues that only attribute a quote inside the same sentence (`called it “a disgrace”`).
export const IN_SENTENCE_CUE = new RegExp(
  `\\b(?:${VERB_LIST}|called|calls|described|describes|dubbed|labeled|labelled|branded|` +
    'saying|adding|writing|telling|stating|noting|arguing|calling|describing|warning|insisting|' +
    // Verbs that report words by judging with them (`blasted the media for being “…”`).
    'accused|accuses|blasted|blasts|criticized|criticised|criticizes|condemned|condemns|' +
    'denounced|denounces|hailed|hails|praised|praises|slammed|slams|likened|likens|mocked|' +
    'ridiculed|dismissed|dismisses|characterized|portrayed|proclaimed|proclaims|referred|refers)\\b',
  'g',
);
export const SPEECH_VERB = new RegExp(`\\b(?:${VERB_LIST})\\b`);
const ANY_CUE = new RegExp(IN_SENTENCE_CUE.source);
export const SPEECH_VERB_WORD = new RegExp(`^(?:${VERB_LIST})$`);

/** Whether a stretch of a sentence has a speech verb in it (`said`, `told`, `adding`, `calls`). */
export function hasSpeechCue(text: string): boolean {
  return ANY_CUE.test(text);
}
